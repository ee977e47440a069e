/**
 * Privacy at rest: what people write never sits in the database file in plain text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('encryption at rest', () => {
  it('keeps message text out of the database file (and its WAL)', async () => {
    const u = await h.user('private');
    const secret = 'ひみつの相談ナカムラタロウ0901234';
    await u.say(secret);
    await u.say('データを削除'); // leaves a pending confirmation in the sealed state
    const dir = dirname(h.dbFile);
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('test.db'))
      .map((f) => readFileSync(join(dir, f)));
    expect(bytes.length).toBeGreaterThan(0);
    const needle = Buffer.from('ナカムラタロウ', 'utf8');
    for (const b of bytes) expect(b.includes(needle)).toBe(false);
  });
});

describe('retention', () => {
  it('forgets processed event ids, delivered message records and old questions after their periods', async () => {
    const u = await h.user('retention');
    await u.say('明日の天気は？'); // an unanswered question, a processed event, a delivered message
    const { createClient } = await import('@libsql/client');
    const c = createClient({ url: `file:${h.dbFile}` });
    const counts = async () => {
      const n = async (sql: string) => Number((await c.execute(sql)).rows[0]!.n);
      return {
        inbox: await n("select count(*) as n from inbox where status = 'done'"),
        outbox: await n("select count(*) as n from outbox where status = 'sent'"),
        unanswered: await n('select count(*) as n from unanswered'),
      };
    };
    const before = await counts();
    expect(before.inbox).toBeGreaterThan(0);
    expect(before.outbox).toBeGreaterThan(0);
    expect(before.unanswered).toBeGreaterThan(0);
    const day = 86_400_000;
    const r = { processedEventDays: 7, outboxDays: 7, unansweredDays: 90 };
    // Delivery records age in wall time; unanswered questions in business time.
    const wall = Date.now();
    const business = h.node.deps.clock.now().getTime();
    await h.node.deps.store.prune(wall + 6 * day, r, business + 6 * day);
    expect(await counts()).toEqual(before);
    await h.node.deps.store.prune(wall + 8 * day, r, business + 8 * day);
    expect(await counts()).toEqual({ inbox: 0, outbox: 0, unanswered: before.unanswered });
    await h.node.deps.store.prune(wall + 91 * day, r, business + 91 * day);
    expect((await counts()).unanswered).toBe(0);
    c.close();
  });
});
