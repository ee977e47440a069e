import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { createHarness, TEST_KEY, TEST_SECRET, testBundle, type Harness } from '../support/harness.ts';
import { tick } from '../../src/app/tick.ts';
import { createNodeApp } from '../../src/runtime/node-deps.ts';
import { createFakeLine } from '../../fakes/line/fake-line.ts';
import { silentLogger } from '../../src/app/log.ts';
import { events, userIdFor, webhookBody } from '../../src/line/webhook-events.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const deliveries = (hh: Harness, userId: string) =>
  hh.fake.callsFor(userId).filter((c) => (c.path.endsWith('/reply') || c.path.endsWith('/push')) && (c.status === 200 || c.status === 409));

describe('delivery', () => {
  it('pushes with a retry key when the reply token is rejected', async () => {
    h = await createHarness();
    const u = await h.user('a');
    const ev = u.event('text', 'メニュー') as { replyToken: string };
    h.fake.expireReplyToken(ev.replyToken);
    await h.send([ev]);
    const calls = h.fake.callsFor(u.id);
    expect(calls.find((c) => c.path.endsWith('/reply'))?.status).toBe(400);
    const push = calls.find((c) => c.path.endsWith('/push'))!;
    expect(push.status).toBe(200);
    expect(push.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pushes directly when the reply token is already stale', async () => {
    h = await createHarness();
    const u = await h.user('a');
    await h.send([u.event('text', 'メニュー', { timestamp: Date.now() - 120_000 })]);
    const calls = h.fake.callsFor(u.id);
    expect(calls.some((c) => c.path.endsWith('/reply'))).toBe(false);
    expect(calls.filter((c) => c.path.endsWith('/push') && c.status === 200)).toHaveLength(1);
  });

  it('retries 429 and 5xx with the same retry key and delivers exactly once', async () => {
    h = await createHarness({
      behaviour: {
        faults: [
          { path: '/v2/bot/message/push', status: 429, times: 1 },
          { path: '/v2/bot/message/push', status: 503, times: 1 },
        ],
      },
    });
    const u = await h.user('a');
    // A stale reply token: the answer goes by push.
    await h.send([u.event('text', 'メニュー', { timestamp: Date.now() - 120_000 })]);
    const pushes = h.fake.callsFor(u.id).filter((c) => c.path.endsWith('/push'));
    expect(pushes.map((c) => c.status)).toEqual([429, 503, 200]);
    expect(new Set(pushes.map((c) => c.headers['x-line-retry-key'])).size).toBe(1);
    expect(deliveries(h, u.id)).toHaveLength(1);
  });

  it('keeps an undelivered message in the outbox and sends it on a later tick, in order', async () => {
    // Reply + three pushes fail in the first run; the fifth call fails in the tick's run too.
    h = await createHarness({ behaviour: { faults: [{ path: '/v2/bot/message/*', status: 500, times: 5 }] } });
    const u = await h.user('a');
    await u.say('メニュー'); // reply fails, three pushes fail: stays pending
    await u.say('使い方'); // its reply also fails and it must wait behind the first
    expect(deliveries(h, u.id)).toHaveLength(0);
    let now = Date.now() + 60 * 60_000;
    h.node.deps.wallClock = () => now;
    await tick(h.node.deps);
    const delivered = deliveries(h, u.id);
    expect(delivered).toHaveLength(2);
    expect(JSON.stringify(delivered[0]!.body)).toContain('ご用件をお選びください');
    expect(JSON.stringify(delivered[1]!.body)).toContain('使い方');
    now += 60 * 60_000;
    await tick(h.node.deps);
    expect(deliveries(h, u.id)).toHaveLength(2);
  });

  it('does not show a push twice when LINE accepted it but the answer was lost', async () => {
    // The first push is accepted but its answer is lost: the client gives up after 100 ms.
    h = await createHarness({ lineTimeoutMs: 100, behaviour: { faults: [{ path: '/v2/bot/message/push', delayMs: 5_000, times: 1 }] } });
    const u = await h.user('a');
    await h.send([u.event('text', 'メニュー', { timestamp: Date.now() - 120_000 })]);
    const pushes = h.fake.callsFor(u.id).filter((c) => c.path.endsWith('/push'));
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    expect(pushes.at(-1)!.status).toBe(409);
    expect(h.fake.messagesFor(u.id)).toHaveLength(1);
  });
});

describe('restart', () => {
  it('loses nothing when the process dies after acknowledging: pending events are processed at start', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'renkei-restart-'));
    const env = {
      DATABASE_URL: `file:${join(dir, 'db')}`,
      DATA_ENCRYPTION_KEY: TEST_KEY,
      LINE_CHANNEL_SECRET: TEST_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 't',
      LINE_API_BASE_URL: 'http://line.test',
    };
    const userId = await userIdFor('restart');
    try {
      // First process: the webhook is stored and acknowledged, then the process "dies"
      // before processing (its background work is never run).
      const fake1 = createFakeLine();
      const first = await createNodeApp({
        env,
        bundle: await testBundle(),
        fetch: fake1.fetch,
        fakeLine: fake1,
        log: silentLogger,
        background: () => undefined,
      });
      const body = webhookBody([events.text({ userId, replyToken: fake1.issueReplyToken(userId), timestamp: Date.now() - 120_000 }, 'メニュー')]);
      const { signedWebhook } = await import('../../src/line/webhook-events.ts');
      const res = await first.app.request('/webhook', await signedWebhook(TEST_SECRET, body));
      expect(res.status).toBe(200);
      expect(fake1.messagesFor(userId)).toHaveLength(0);
      first.client.close();

      // Second process on the same database: the start-up tick recovers the event.
      const fake2 = createFakeLine();
      const second = await createNodeApp({ env, bundle: await testBundle(), fetch: fake2.fetch, fakeLine: fake2, log: silentLogger });
      // The first process may have claimed the event before it died: that claim runs out
      // (CLAIM_LEASE_SECONDS) before another process takes the event over.
      second.deps.wallClock = () => Date.now() + second.deps.claimLeaseMs + 1_000;
      const result = await tick(second.deps, { recoverAfterMs: 0 });
      expect(result.recovered).toBe(1);
      expect(JSON.stringify(fake2.messagesFor(userId))).toContain('ご用件をお選びください');
      // And a redelivery of the same event afterwards is ignored.
      await second.app.request('/webhook', await signedWebhook(TEST_SECRET, body));
      await second.drain();
      expect(fake2.messagesFor(userId)).toHaveLength(1);
      const c = createClient({ url: env.DATABASE_URL });
      const pending = await c.execute("select count(*) as n from inbox where status = 'pending'");
      expect(Number(pending.rows[0]!.n)).toBe(0);
      c.close();
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
