/**
 * The fault suite, in one process: each case of issue 14 against a fake LINE that keeps
 * LINE's rules (a reply token works once; a push whose X-Line-Retry-Key was accepted is not
 * shown again; a request held past the client's timeout is still carried out). Every user
 * must see each answer exactly once, and every event must be handled exactly once.
 * Across processes (two servers, SIGKILL and restart) see processes.test.ts.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { createHarness, type Harness } from '../support/harness.ts';
import { createAdmission } from '../../src/app/admission.ts';
import { drainChat } from '../../src/app/process-event.ts';
import { tick } from '../../src/app/tick.ts';
import { ClaimLostError } from '../../src/db/store.ts';
import { initialState } from '../../src/engine/types.ts';
import { signedWebhook, webhookBody } from '../../src/line/webhook-events.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const REPLY = '/v2/bot/message/reply';
const PUSH = '/v2/bot/message/push';
const shown = (hh: Harness, userId: string) => hh.fake.callsFor(userId).filter((c) => (c.path === REPLY || c.path === PUSH) && c.status === 200);

async function outboxRows(hh: Harness, userId: string) {
  const c = createClient({ url: `file:${hh.dbFile}` });
  const rows = await c.execute({ sql: 'select status, via, claims, source_event_id from outbox where chat_id = ? order by id', args: [userId] });
  c.close();
  return rows.rows.map((r) => ({ status: r.status, via: r.via, claims: Number(r.claims), source: r.source_event_id }));
}

/** Posts a webhook without waiting for its background work. */
async function postNoWait(hh: Harness, evs: unknown[]): Promise<Response> {
  return hh.node.app.request('/webhook', await signedWebhook('test-channel-secret', webhookBody(evs)));
}

const processedLogs = (hh: Harness) =>
  hh.logs
    .map((l) => JSON.parse(l) as { event: string; eventId?: string })
    .filter((l) => l.event === 'event.processed')
    .map((l) => l.eventId!);

describe('a reply whose outcome is unknown', () => {
  it('is settled with the same token, not pushed, when LINE took it but answered after the timeout', async () => {
    // LINE holds the reply past the client's 100 ms timeout, then carries it out anyway.
    h = await createHarness({ lineTimeoutMs: 100, behaviour: { faults: [{ path: REPLY, delayMs: 3_000, times: 1 }] } });
    const u = await h.user('unknown-reply');
    await u.say('メニュー');
    const replies = h.fake.callsFor(u.id).filter((c) => c.path === REPLY);
    expect(replies[0]).toMatchObject({ status: 200, aborted: true }); // shown, though renkei never heard back
    expect(replies[1]).toMatchObject({ status: 400, body: { replyToken: (replies[0]!.body as { replyToken: string }).replyToken } }); // the same token, refused: settled
    expect(h.fake.callsFor(u.id).filter((c) => c.path === PUSH)).toEqual([]);
    expect(shown(h, u.id)).toHaveLength(1);
    expect(await outboxRows(h, u.id)).toEqual([expect.objectContaining({ status: 'sent', via: 'reply' })]);
  });

  it('is tried again with the same token after a 5xx, and shown once', async () => {
    h = await createHarness({ behaviour: { faults: [{ path: REPLY, status: 500, times: 1 }] } });
    const u = await h.user('reply-500');
    await u.say('メニュー');
    expect(
      h.fake
        .callsFor(u.id)
        .map((c) => `${c.path} ${c.status}`)
        .filter((c) => !c.includes('loading')),
    ).toEqual([`${REPLY} 500`, `${REPLY} 200`]);
    expect(shown(h, u.id)).toHaveLength(1);
  });

  it('is pushed (once, with its retry key) when LINE stayed silent until the token went stale — the documented trade-off', async () => {
    let now = Date.now();
    h = await createHarness({ wallClock: () => now, behaviour: { faults: [{ path: REPLY, status: 503, times: 3 }] } });
    const u = await h.user('reply-stale');
    // A token 40 s old: fresh for a few more seconds. Three 503s leave the outcome unknown.
    await h.send([u.event('text', 'メニュー', { timestamp: now - 40_000 })]);
    expect(shown(h, u.id)).toHaveLength(0);
    expect(await outboxRows(h, u.id)).toEqual([expect.objectContaining({ status: 'pending', claims: 1 })]);
    now += 60_000; // LINE never answered while the token lived
    await tick(h.node.deps);
    const pushes = h.fake.callsFor(u.id).filter((c) => c.path === PUSH);
    expect(pushes.map((c) => c.status)).toEqual([200]);
    expect(shown(h, u.id)).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('"line.reply-outcome-unknown"'))).toBe(true);
  });

  it('after a crash mid-send, is settled by the reused token rather than pushed', async () => {
    let now = Date.now();
    h = await createHarness({ wallClock: () => now });
    const u = await h.user('crash-send');
    // The sender dies right after LINE took the reply: the row is never marked sent.
    const { store } = h.node.deps;
    const { markSent, releaseOutbox } = store;
    store.markSent = store.releaseOutbox = async () => {
      throw new Error('process died');
    };
    await h.send([u.event('text', 'メニュー', { timestamp: now })]);
    Object.assign(store, { markSent, releaseOutbox });
    expect(shown(h, u.id)).toHaveLength(1);
    expect(await outboxRows(h, u.id)).toEqual([expect.objectContaining({ status: 'pending', claims: 1 })]);
    await tick(h.node.deps); // its claim still holds: nothing happens
    expect(h.fake.callsFor(u.id).filter((x) => x.path === REPLY)).toHaveLength(1);
    now += h.node.deps.claimLeaseMs + 1_000; // the claim ran out; the token is still fresh
    await tick(h.node.deps);
    expect(
      h.fake
        .callsFor(u.id)
        .filter((x) => x.path === REPLY)
        .map((x) => x.status),
    ).toEqual([200, 400]);
    expect(h.fake.callsFor(u.id).filter((x) => x.path === PUSH)).toEqual([]);
    expect(shown(h, u.id)).toHaveLength(1);
    expect(await outboxRows(h, u.id)).toEqual([expect.objectContaining({ status: 'sent', via: 'reply', claims: 2 })]);
  });
});

describe('delivery is a claim', () => {
  it('a slow reply, a second message and a scheduler pass on the same chat: each answer once, by reply, in order', async () => {
    h = await createHarness({ realSleep: true, behaviour: { faults: [{ path: REPLY, delayMs: 400, times: 1 }] } });
    const hh = h;
    const u = await hh.user('slow-second');
    const first = postNoWait(hh, [u.event('text', 'メニュー', { timestamp: Date.now() })]);
    await hh.fake.waitFor((c) => c.path === REPLY && c.userId === u.id, 5_000).catch(() => undefined);
    await Promise.all([
      first,
      postNoWait(hh, [u.event('text', '使い方', { timestamp: Date.now() + 1 })]),
      tick(hh.node.deps, { recoverAfterMs: 0 }),
      tick(hh.node.deps, { recoverAfterMs: 0 }),
    ]);
    await hh.node.drain();
    const calls = hh.fake.callsFor(u.id).filter((c) => c.path === REPLY || c.path === PUSH);
    expect(calls.map((c) => `${c.path} ${c.status}`)).toEqual([`${REPLY} 200`, `${REPLY} 200`]);
    expect(JSON.stringify(calls[0]!.body)).toContain('ご用件をお選びください');
    expect(JSON.stringify(calls[1]!.body)).toContain('使い方');
    expect((await outboxRows(hh, u.id)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('429 on a reply is not an unknown outcome: the answer is pushed once', async () => {
    h = await createHarness({ behaviour: { faults: [{ path: REPLY, status: 429, times: 1 }] } });
    const u = await h.user('reply-429');
    await u.say('メニュー');
    expect(
      h.fake
        .callsFor(u.id)
        .filter((c) => c.path === REPLY || c.path === PUSH)
        .map((c) => `${c.path} ${c.status}`),
    ).toEqual([`${REPLY} 429`, `${PUSH} 200`]);
    expect(shown(h, u.id)).toHaveLength(1);
  });

  it('only the claim’s owner can mark a message sent', async () => {
    h = await createHarness();
    const { store } = h.node.deps;
    const now = Date.now();
    const id = await store.enqueuePush('Uclaimtest0000000000000000000000', [{ type: 'text', text: 'x' }], now);
    const a = await store.claimNextOutbox('Uclaimtest0000000000000000000000', 'A', now, now + 1_000);
    expect(a?.id).toBe(id);
    expect(await store.claimNextOutbox('Uclaimtest0000000000000000000000', 'B', now, now + 1_000)).toBeNull(); // A's claim holds
    const b = await store.claimNextOutbox('Uclaimtest0000000000000000000000', 'B', now + 2_000, now + 3_000); // A's claim ran out
    expect(b?.claims).toBe(2);
    expect(await store.markSent(id, 'A', 'push', now)).toBe(false);
    expect(await store.markSent(id, 'B', 'push', now)).toBe(true);
    expect(await store.claimNextOutbox('Uclaimtest0000000000000000000000', 'C', now + 9_000, now + 10_000)).toBeNull(); // sent: nothing to claim
  });
});

describe('handling is a claim', () => {
  it('many handlers draining one chat at once: each event handled once, in order', async () => {
    h = await createHarness();
    const hh = h;
    const u = await hh.user('drain-race');
    const t0 = Date.now();
    const evs = Array.from(
      { length: 5 },
      (_, i) => u.event('text', i % 2 ? '使い方' : 'メニュー', { timestamp: t0 + i }) as { webhookEventId: string; timestamp: number },
    );
    await hh.node.deps.store.receive(
      evs.map((e) => ({ eventId: e.webhookEventId, chatId: u.id, timestamp: e.timestamp, payload: e })),
      t0,
    );
    const counts = await Promise.all(Array.from({ length: 12 }, () => drainChat(hh.node.deps, u.id)));
    await hh.node.drain();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(processedLogs(hh).sort()).toEqual(evs.map((e) => e.webhookEventId).sort());
    expect((await hh.node.deps.store.loadConversation(u.id, Date.now())).rev).toBe(5);
    expect((await outboxRows(hh, u.id)).map((r) => r.source)).toEqual(evs.map((e) => e.webhookEventId)); // one answer each, in order
    expect(shown(hh, u.id)).toHaveLength(5);
  });

  it('a commit whose claim was taken over applies nothing', async () => {
    h = await createHarness();
    const { store } = h.node.deps;
    const chatId = 'Uclaimlost000000000000000000000';
    const now = Date.now();
    await store.receive([{ eventId: 'EV-CLAIM-LOST', chatId, timestamp: now, payload: {} }], now);
    expect((await store.claimNextEvent(chatId, 'A', now, now + 1_000))?.eventId).toBe('EV-CLAIM-LOST');
    expect(await store.claimNextEvent(chatId, 'B', now, now + 1_000)).toBeNull(); // A holds it
    expect((await store.claimNextEvent(chatId, 'B', now + 5_000, now + 6_000))?.attempts).toBe(2); // A's claim ran out
    const { rev } = await store.loadConversation(chatId, now);
    const commit = (owner: string, expectedRev: number) =>
      store.commit({
        chatId,
        expectedRev,
        state: initialState(),
        flowVersion: 'v',
        eventId: 'EV-CLAIM-LOST',
        claimOwner: owner,
        effects: [],
        outbox: { messages: [{ type: 'text', text: owner }], retryKey: crypto.randomUUID() },
        now,
      });
    await expect(commit('A', rev)).rejects.toBeInstanceOf(ClaimLostError);
    expect((await store.loadConversation(chatId, now)).rev).toBe(rev); // nothing of A's batch
    await commit('B', rev);
    await expect(commit('B', rev + 1)).rejects.toBeInstanceOf(ClaimLostError); // done: never twice
    expect(await store.isDone('EV-CLAIM-LOST')).toBe(true);
    const c = createClient({ url: `file:${h.dbFile}` });
    expect(Number((await c.execute({ sql: 'select count(*) as n from outbox where chat_id = ?', args: [chatId] })).rows[0]!.n)).toBe(1);
    c.close();
  });

  it('slow after-commit work (a notification) does not hold up the next event, and the scheduler runs nothing twice', async () => {
    const held: ServerResponse[] = [];
    const server: Server = createServer((req, res) => {
      req.resume();
      held.push(res); // answered only when the test says so
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      h = await createHarness({ env: { NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` } });
      const hh = h;
      const u = await hh.user('after-commit');
      await u.say('人と話したい');
      await u.tap('LINEで相談する');
      await u.tap('家族');
      await u.tap('ふだんの療養・介護');
      const t = Date.now();
      const opening = u.event('text', '父の訪問診療のことで相談したいです', { timestamp: t }) as { webhookEventId: string };
      const next = u.event('text', '追加で、薬のことも聞きたいです', { timestamp: t + 1 }) as { webhookEventId: string };
      expect((await postNoWait(hh, [opening, next])).status).toBe(200);
      // The case is open and its notice is held by the slow URL; the next event is handled anyway.
      for (let i = 0; i < 100 && !(await hh.node.deps.store.isDone(next.webhookEventId)); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await hh.node.deps.store.isDone(next.webhookEventId)).toBe(true);
      expect(held.length).toBe(1);
      // A scheduler pass meanwhile (even one that recovers at once) finds nothing to redo.
      expect((await tick(hh.node.deps, { recoverAfterMs: 0 })).recovered).toBe(0);
      for (const res of held) res.writeHead(204).end();
      await hh.node.drain();
      const ids = processedLogs(hh);
      expect(ids.filter((id) => id === opening.webhookEventId)).toHaveLength(1);
      expect(ids.filter((id) => id === next.webhookEventId)).toHaveLength(1);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('a bounded number of webhook handlers (the Worker isolate)', () => {
  it('events left pending while every slot is taken are handled by the next handler, each once', async () => {
    h = await createHarness();
    const admission = createAdmission(1);
    h.node.deps.admission = admission;
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => h!.user(`admission-${i}`)));
    // Another handler holds the only slot: every webhook is stored (200) and left pending.
    expect(admission.tryEnter()).toBe(true);
    const statuses = await Promise.all(users.map(async (u) => (await postNoWait(h!, [u.event('text', 'メニュー')])).status));
    await h.node.drain();
    expect(statuses).toEqual(users.map(() => 200));
    expect(h.logs.filter((l) => l.includes('"event":"webhook.deferred"'))).toHaveLength(6);
    for (const u of users) expect(shown(h, u.id)).toHaveLength(0);
    // The slot is free again: the next webhook's handler answers its own event, then takes up
    // the six that were waiting.
    admission.leave();
    const late = await h.user('admission-late');
    await late.say('メニュー');
    for (const u of [...users, late]) expect(shown(h, u.id), u.id).toHaveLength(1);
    expect(processedLogs(h)).toHaveLength(7);
    expect(new Set(processedLogs(h)).size).toBe(7);
  });
});
