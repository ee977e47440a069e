/**
 * The same pipeline against a real libSQL server (sqld over HTTP, as Turso in production):
 * migrations, the revision guard and concurrent events for one user.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type Client } from '@libsql/client';
import { createHarness, type Harness } from '../support/harness.ts';
import { initialState } from '../../src/engine/types.ts';
import { ConflictError } from '../../src/db/store.ts';
import { createConsoleStore } from '../../src/db/console-store.ts';
import { createDb } from '../../src/db/client.ts';

let client: Client;
let h: Harness;
beforeAll(async () => {
  client = createClient({ url: inject('libsqlUrl') });
  h = await createHarness({ client });
});
afterAll(async () => {
  await h.close();
});

describe('on a libSQL server', () => {
  it('answers through the whole pipeline', async () => {
    const u = await h.user(`sqld-${Date.now()}`);
    const ms = await u.say('メニュー');
    expect(ms.at(-1)!.quickReplies.map((q) => q.label)).toContain('困ったとき');
  });

  it('keeps every update when five events for one user arrive at once', async () => {
    const u = await h.user(`sqld-burst-${Date.now()}`);
    await u.follow();
    const evs = Array.from({ length: 5 }, (_, i) => u.event('text', i % 2 ? '使い方' : 'メニュー', { timestamp: Date.now() + i }));
    await Promise.all(evs.map((e) => h.send([e])));
    const delivered = h.fake.callsFor(u.id).filter((c) => (c.path.endsWith('/reply') || c.path.endsWith('/push')) && c.status === 200);
    expect(delivered).toHaveLength(6);
    expect((await h.node.deps.store.loadConversation(u.id, Date.now())).rev).toBe(6);
  });

  it('rolls back the whole commit when the revision moved on', async () => {
    const store = h.node.deps.store;
    const chatId = `Uconflict${Date.now()}`;
    const { rev } = await store.loadConversation(chatId, Date.now());
    await store.commit({ chatId, expectedRev: rev, state: initialState(), flowVersion: 'v', effects: [], now: Date.now() });
    const stale = store.commit({
      chatId,
      expectedRev: rev,
      state: initialState('en'),
      flowVersion: 'v',
      effects: [{ type: 'count', name: 'must-not-exist' }],
      outbox: { messages: [{ type: 'text', text: 'x' }], retryKey: crypto.randomUUID() },
      now: Date.now(),
    });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    const metrics = await client.execute("select count(*) as n from metrics where name = 'must-not-exist'");
    expect(Number(metrics.rows[0]!.n)).toBe(0);
    const outbox = await client.execute({ sql: 'select count(*) as n from outbox where chat_id = ?', args: [chatId] });
    expect(Number(outbox.rows[0]!.n)).toBe(0);
    expect((await store.loadConversation(chatId, Date.now())).state?.locale).toBe('ja');
  });

  it('reserves at most 5 sign-in checks for a parallel burst from two clients of the server', async () => {
    const other = createClient({ url: inject('libsqlUrl') });
    try {
      const stores = [createConsoleStore(h.node.deps.store.db), createConsoleStore(createDb(other))];
      const email = `burst-${Date.now()}@center.example.jp`;
      const now = Date.now();
      const got = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          stores[i % 2]!.reserveLoginCheck({ email, ip: '203.0.113.1', now, windowMs: 900_000, perPair: 5, perClient: 1000 }),
        ),
      );
      expect(got.filter((id) => id !== undefined)).toHaveLength(5);
    } finally {
      other.close();
    }
  });
});
