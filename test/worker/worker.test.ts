/**
 * The Worker entry under workerd (vitest-pool-workers), end to end against a real libSQL
 * server (sqld, started by test/setup/sqld.ts) and a fake LINE API in its own process.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/runtime/worker.ts';
import { signBody } from '../../src/line/signature.ts';
import { events, userIdFor, webhookBody } from '../../src/line/webhook-events.ts';

const e = env as unknown as Record<string, string>;
const lineUrl = () => e.LINE_API_BASE_URL!;

async function call(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, e, ctx);
  // Processing happens after the response (ctx.waitUntil): wait for it here.
  await waitOnExecutionContext(ctx);
  return res;
}

async function signed(body: string, secret = e.LINE_CHANNEL_SECRET!): Promise<Request> {
  return new Request('https://renkei.test/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': await signBody(secret, body) },
    body,
  });
}

async function replyToken(userId: string): Promise<string> {
  const r = await fetch(`${lineUrl()}/__fake/reply-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  const b = (await r.json()) as { replyToken: string };
  return b.replyToken;
}

async function messagesFor(userId: string): Promise<unknown[]> {
  const r = await fetch(`${lineUrl()}/__fake/messages/${userId}`);
  return ((await r.json()) as { messages: unknown[] }).messages;
}

describe('worker under workerd', () => {
  it('is really running in workerd', () => {
    expect(typeof (globalThis as { WebSocketPair?: unknown }).WebSocketPair).toBe('function');
  });

  it('serves /health with the remote database', async () => {
    const res = await call(new Request('https://renkei.test/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', mode: 'live', database: 'ok' });
  });

  it('rejects a badly signed webhook with 401', async () => {
    const userId = await userIdFor('worker-bad-signature');
    const res = await call(await signed(webhookBody([events.text({ userId }, 'こんにちは')]), 'wrong-secret'));
    expect(res.status).toBe(401);
    expect(await messagesFor(userId)).toEqual([]);
  });

  it('answers a signed webhook after the response, once, through the reply token', async () => {
    const userId = await userIdFor('worker-user');
    const ev = events.text({ userId, replyToken: await replyToken(userId) }, 'メニュー');
    const body = webhookBody([ev]);
    const res = await call(await signed(body));
    expect(res.status).toBe(200);
    const first = await messagesFor(userId);
    expect(JSON.stringify(first)).toContain('ご用件をお選びください');
    // A redelivery of the same event changes nothing.
    expect((await call(await signed(body))).status).toBe(200);
    expect(await messagesFor(userId)).toHaveLength(first.length);
  });

  it('puts emergencies first', async () => {
    const userId = await userIdFor('worker-emergency');
    await call(await signed(webhookBody([events.text({ userId, replyToken: await replyToken(userId) }, '母が息をしていません')])));
    const ms = (await messagesFor(userId)) as Array<{ type: string; altText?: string }>;
    expect(ms[0]?.type).toBe('flex');
    expect(ms[0]?.altText).toContain('119');
  });

  it('stops reading a 300 MB streamed body at the limit (webhook and console) and answers 413', async () => {
    for (const [path, headers] of [
      ['/webhook', { 'content-type': 'application/json', 'x-line-signature': await signBody('not-the-secret', 'x') }],
      ['/console/login', { 'content-type': 'application/x-www-form-urlencoded' }],
    ] as const) {
      let produced = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (produced >= 300 * 1024 * 1024) return controller.close();
          produced += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
        },
      });
      const res = await call(new Request(`https://renkei.test${path}`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit));
      expect(res.status, path).toBe(413);
      // Read up to the limit (1 MB for the webhook, 256 KB for forms) plus what the stream queued ahead.
      expect(produced, path).toBeLessThan(2 * 1024 * 1024);
    }
  });

  it('refuses a webhook without a well-formed signature before reading its body', async () => {
    let produced = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await call(new Request('https://renkei.test/webhook', { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(401);
    expect(produced).toBeLessThanOrEqual(64 * 1024);
  });

  it('runs the scheduled tick', async () => {
    const ctx = createExecutionContext();
    await worker.scheduled({ scheduledTime: Date.now(), cron: '* * * * *' }, e, ctx);
    await waitOnExecutionContext(ctx);
  });
});
