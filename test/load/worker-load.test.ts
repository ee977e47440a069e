/**
 * The Worker under load, as LINE sends traffic when many people write at once: the deploy bundle
 * (workerd, offline) against a real libSQL server (sqld) and the fake LINE API, which keeps
 * LINE's rules. Every webhook must get 200 and every event exactly one answer (issue 19: with
 * a database client shared by the isolate, 50 at once gave 20 × 200 and 30 × 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad, startWorkerStack, type WorkerStack } from '../../scripts/worker-stack.ts';
import { userIdFor } from '../../src/line/webhook-events.ts';

let stack: WorkerStack;
beforeAll(async () => {
  // A libSQL server of its own: the suite's shared one holds other tests' pending events and
  // undeliverable messages, which the Cron tick here would take up and retry, so the figures
  // would measure them too.
  stack = await startWorkerStack();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const users = (prefix: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => userIdFor(`${prefix}-${Date.now()}-${i}`)));

describe('the Worker under load (workerd + sqld)', { timeout: 180_000 }, () => {
  it('a cold isolate answers a burst of 60 distinct users at once: all 200, each answered once', async () => {
    const u = await users('wl-burst', 60);
    const r = await runLoad(
      stack,
      u.map((userId) => ({ userId, text: 'メニュー' })),
      60,
      { settleMs: 60_000 },
    );
    expect(r.statuses, JSON.stringify(r.problems)).toEqual({ 200: 60 });
    expect(r.answersMissing, JSON.stringify(r.problems)).toBe(0);
    expect(r.answersExtra).toBe(0);
    expect(r.usersExact).toBe(60);
  });

  it('200 events at 40 concurrent, with the Cron tick running alongside: all 200, each answered once', async () => {
    const u = await users('wl-200', 100);
    const plan = Array.from({ length: 200 }, (_, i) => ({ userId: u[i % 100]!, text: i % 2 ? '使い方' : 'メニュー' }));
    const r = await runLoad(stack, plan, 40, { settleMs: 90_000, tickEveryMs: 500 });
    expect(r.statuses, `${JSON.stringify(r.problems)}\n${stack.log().slice(-4000)}`).toEqual({ 200: 200 });
    expect(r.answersMissing, JSON.stringify(r.problems)).toBe(0);
    expect(r.answersExtra).toBe(0);
    expect(r.usersExact).toBe(100);
  });

  it('users writing twice in quick succession (two webhooks at once, and two events in one body): each answered once', async () => {
    const u = await users('wl-twice', 30);
    const plan = [
      ...u.slice(0, 20).flatMap((userId) => [
        { userId, text: 'メニュー' },
        { userId, text: '使い方' },
      ]),
      ...u.slice(20).flatMap((userId, i) => [
        { userId, text: 'メニュー', group: i },
        { userId, text: '使い方', group: i },
      ]),
    ];
    const r = await runLoad(stack, plan, 50, { settleMs: 60_000 });
    expect(r.statuses, JSON.stringify(r.problems)).toEqual({ 200: r.requests });
    expect(r.answersMissing, JSON.stringify(r.problems)).toBe(0);
    expect(r.answersExtra).toBe(0);
    expect(r.usersExact).toBe(30);
  });
});
