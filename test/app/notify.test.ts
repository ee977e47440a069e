/**
 * New-case notifications (src/app/notify.ts): a push to the coordinators' LINE group and a
 * JSON POST to a webhook URL, each with the console link and nothing personal in it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.ts';
import { latestCase } from '../support/cases.ts';

const GROUP = `C${'0123456789abcdef'.repeat(2)}`;
const WORDS = '父の訪問診療のことで相談したいです。電話は090-1111-2222です';

let server: Server;
let posts: Array<{ headers: IncomingMessage['headers']; body: string }>;
let webhookUrl: string;
let h: Harness | undefined;

beforeEach(async () => {
  posts = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posts.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise<void>((r) => server.close(() => r()));
});

async function handoff(env: Record<string, string>) {
  h = await createHarness({ env: { PUBLIC_BASE_URL: 'https://renkei.example.jp', ...env } });
  const user = await h.user('family');
  await user.say('人と話したい');
  await user.tap('LINEで相談する');
  await user.tap('家族');
  await user.tap('ふだんの療養・介護');
  await user.say(WORDS);
  await h.node.drain();
  const row = (await latestCase(h, user.id))!;
  return { user, row };
}

describe('new-case notifications', () => {
  it('pushes a notice with the console link to the coordinators’ LINE group, without personal data', async () => {
    const { user, row } = await handoff({ RENKEI_NOW: '2026-11-30T10:00:00+09:00', NOTIFY_LINE_GROUP_ID: GROUP });
    const calls = h!.fake.calls.filter((c) => c.path === '/v2/bot/message/push' && c.userId === GROUP);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[0]!.violations).toEqual([]);
    const text = JSON.stringify(calls[0]!.body);
    expect(text).toContain(`https://renkei.example.jp/console/cases/${row.id}`);
    expect(text).toContain('新しい相談が届きました');
    for (const personal of [user.id, '訪問診療', '090', 'ふだんの療養']) expect(text).not.toContain(personal);
    expect(posts).toHaveLength(0);
  });

  it('POSTs JSON to the webhook URL (after hours flagged), without personal data', async () => {
    const { user, row } = await handoff({ RENKEI_NOW: '2026-11-28T22:00:00+09:00', NOTIFY_WEBHOOK_URL: webhookUrl });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(posts[0]!.body) as Record<string, unknown>;
    expect(body).toEqual({ type: 'case.created', caseId: row.id, afterHours: true, url: `https://renkei.example.jp/console/cases/${row.id}` });
    for (const personal of [user.id, '訪問診療', '090']) expect(posts[0]!.body).not.toContain(personal);
    // No group configured: nothing was pushed to anyone but the user.
    expect(h!.fake.calls.filter((c) => c.path === '/v2/bot/message/push' && c.userId !== user.id)).toHaveLength(0);
  });

  it('a failing webhook does not stop the case or the reply to the user', async () => {
    const { user, row } = await handoff({ RENKEI_NOW: '2026-11-30T10:00:00+09:00', NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/unreachable' });
    expect(row.status).toBe('open');
    expect(JSON.stringify(h!.fake.messagesFor(user.id))).toContain('受け付けました');
    expect(h!.logs.some((l) => l.includes('notify.failed'))).toBe(true);
    expect(h!.logs.join('\n')).not.toContain('訪問診療');
  });
});
