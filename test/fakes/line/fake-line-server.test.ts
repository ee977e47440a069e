import { describe, expect, it } from 'vitest';
import { startFakeLineServer } from '../../../fakes/line/fake-line-server.ts';

describe('fake LINE server (Node HTTP)', () => {
  it('serves the fake on a free port, with control routes for other processes', async () => {
    const server = await startFakeLineServer({ port: 0 });
    try {
      const { replyToken } = (await (await fetch(`${server.url}/__fake/reply-token`, { method: 'POST', body: JSON.stringify({ userId: 'U1' }) })).json()) as {
        replyToken: string;
      };
      const res = await fetch(`${server.url}/v2/bot/message/reply`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({ replyToken, messages: [{ type: 'text', text: 'hi' }] }),
      });
      expect(res.status).toBe(200);
      expect(server.fake.messagesFor('U1')).toEqual([{ type: 'text', text: 'hi' }]);
      const { calls } = (await (await fetch(`${server.url}/__fake/calls?userId=U1`)).json()) as { calls: Array<{ status: number }> };
      expect(calls.map((c) => c.status)).toEqual([200]);
    } finally {
      await server.close();
    }
  });
});
