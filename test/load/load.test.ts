/**
 * Load and faults, bounded and on loopback only: thousands of events from hundreds of users,
 * with bursts for one user, each answered exactly once and every conversation consistent;
 * a database failure in the middle of an event leaves nothing half-applied.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHarness, type Harness } from '../support/harness.ts';
import { tick } from '../../src/app/tick.ts';
import { events, userIdFor, webhookBody } from '../../src/line/webhook-events.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TEXTS = ['メニュー', '使い方', '介護保険の申請はどこで', 'ケアマネを変えたい', '入院のとき持っていくもの'];

describe('load', { timeout: 120_000 }, () => {
  it('answers 2,000 events from 300 users (bursts of five for one user) exactly once, states consistent', async () => {
    h = await createHarness();
    const hh = h;
    const users = await Promise.all(Array.from({ length: 300 }, (_, i) => userIdFor(`load-${i}`)));
    // 2,000 events: 100 users send a burst of five at once, the rest of the events are singles.
    const plan: string[][] = [];
    for (let i = 0; i < 100; i++) plan.push(Array(5).fill(users[i]!));
    let n = 500;
    for (let i = 100; n < 2000; i = i + 1 >= 300 ? 100 : i + 1, n++) plan.push([users[i]!]);
    const perUser = new Map<string, number>();
    const tokens = new Map<string, string>(); // token → user
    const requests = plan.map((group) =>
      group.map((userId, k) => {
        const replyToken = hh.fake.issueReplyToken(userId);
        tokens.set(replyToken, userId);
        perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
        return events.text({ userId, replyToken, timestamp: Date.now() + k }, TEXTS[(k + userId.charCodeAt(5)) % TEXTS.length]!);
      }),
    );
    // A burst arrives as separate webhook requests at the same moment; 20 requests in flight.
    const flat = requests.flatMap((group) => (group.length > 1 ? [group.map((e) => [e])] : [[group]]));
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < flat.length) {
          const batch = flat[next++]!;
          const responses = await Promise.all(batch.map((evs) => hh.post(webhookBody(evs))));
          for (const r of responses) expect(r.status).toBe(200);
        }
      }),
    );
    await hh.node.drain();

    // Each event answered exactly once: by its reply token, or, when the machine was so busy
    // that the token went stale (50 s) before the answer was ready, by one push with a retry
    // key. How many took the second way depends on the machine, not on renkei.
    const used = new Map<string, number>();
    const answered = new Map<string, number>(); // user → answers shown
    for (const c of hh.fake.calls) {
      if (c.status !== 200) continue;
      if (c.path === '/v2/bot/message/reply') {
        const t = (c.body as { replyToken: string }).replyToken;
        used.set(t, (used.get(t) ?? 0) + 1);
        answered.set(tokens.get(t)!, (answered.get(tokens.get(t)!) ?? 0) + 1);
      } else if (c.path === '/v2/bot/message/push') {
        const to = (c.body as { to: string }).to;
        answered.set(to, (answered.get(to) ?? 0) + 1);
      }
    }
    expect([...used.values()].every((v) => v === 1)).toBe(true);
    expect(new Map([...answered].sort())).toEqual(new Map([...perUser].sort()));
    expect(hh.fake.invalidCalls()).toEqual([]);

    const client = createClient({ url: `file:${hh.dbFile}` });
    const rows = await client.execute('select chat_id, rev from conversations');
    const revs = new Map(rows.rows.map((r) => [String(r.chat_id), Number(r.rev)]));
    for (const [userId, count] of perUser) expect(revs.get(userId), userId).toBe(count);
    const pending = await client.execute("select count(*) as n from inbox where status != 'done'");
    expect(Number(pending.rows[0]!.n)).toBe(0);
    client.close();
  });
});

/** A client whose first write batch fails, as a database that drops out for a moment. */
function flakyClient(): { client: Client; failures: () => number } {
  const client = createClient({ url: `file:${join(mkdtempSync(join(tmpdir(), 'renkei-flaky-')), 'db')}` });
  const batch = client.batch.bind(client);
  let failures = 0;
  let armed = false;
  client.batch = (async (...args: Parameters<Client['batch']>) => {
    // The commit of an event is the batch that updates the conversation and writes the outbox.
    if (armed && (args[0] as unknown[]).length >= 3) {
      armed = false;
      failures++;
      throw new Error('SQLITE_IOERR: disk I/O error (injected)');
    }
    return batch(...args);
  }) as Client['batch'];
  return { client: Object.assign(client, { arm: () => (armed = true) }), failures: () => failures };
}

describe('faults', () => {
  it('a database error in the middle of an event applies nothing, and the event is retried once safely', async () => {
    const flaky = flakyClient();
    h = await createHarness({ client: flaky.client });
    const u = await h.user('flaky');
    await u.follow();
    const welcome = h.fake.messagesFor(u.id).length;
    const revBefore = (await h.node.deps.store.loadConversation(u.id, Date.now())).rev;
    (flaky.client as unknown as { arm(): void }).arm();
    await h.send([u.event('text', 'メニュー', { timestamp: Date.now() - 120_000 })]);
    expect(flaky.failures()).toBe(1);
    expect(h.fake.messagesFor(u.id).length).toBe(welcome); // nothing sent for the failed event
    expect((await h.node.deps.store.loadConversation(u.id, Date.now())).rev).toBe(revBefore);

    const result = await tick(h.node.deps, { recoverAfterMs: 0 });
    expect(result.recovered).toBe(1);
    const texts = JSON.stringify(h.fake.messagesFor(u.id).slice(welcome));
    expect(texts).toContain('ご用件をお選びください');
    expect(h.fake.messagesFor(u.id).length).toBe(welcome + 1);
    expect((await h.node.deps.store.loadConversation(u.id, Date.now())).rev).toBe(revBefore + 1);
    await tick(h.node.deps, { recoverAfterMs: 0 });
    expect(h.fake.messagesFor(u.id).length).toBe(welcome + 1);
  });
});
