/**
 * The fault suite across processes, on one libSQL server (sqld, as Turso in production):
 * renkei's Node server run as real child processes against the fake LINE API, which keeps
 * LINE's rules and is slow or failing at times. The same figures, at a larger scale, are
 * printed by `npm run bench`.
 */
import { describe, expect, inject, it } from 'vitest';
import { killMidLoad, twoProcesses } from '../../scripts/fault-scenarios.ts';

// LINE having a bad moment: slow replies (some past the client's timeout is not needed:
// held calls are still carried out), 5xx and 429 on replies and pushes.
const FLAKY = {
  faults: [
    { path: '/v2/bot/message/reply', delayMs: 300, times: 10 },
    { path: '/v2/bot/message/reply', status: 500, times: 5 },
    { path: '/v2/bot/message/reply', status: 429, times: 3 },
    { path: '/v2/bot/message/push', status: 503, times: 3 },
  ],
};

describe('exactly once across processes', { timeout: 180_000 }, () => {
  it('two processes receive the same events at the same moment: each is answered once', async () => {
    const f = await twoProcesses({ databaseUrl: inject('libsqlUrl'), users: 20, events: 60, concurrency: 10, behaviour: FLAKY });
    expect(f.webhooks_not_200).toBe(0);
    expect(f.answers_missing).toBe(0);
    expect(f.answers_duplicated).toBe(0);
    expect(f.users_exact).toBe(20);
  });

  it('a process killed with SIGKILL mid-load, restarted on the same database, with LINE redelivering what got no 200: nothing lost, nothing twice', async () => {
    const f = await killMidLoad({ databaseUrl: inject('libsqlUrl'), users: 20, events: 80, concurrency: 10, killAfter: 25, behaviour: FLAKY });
    expect(f.acknowledged_before_kill).toBeGreaterThanOrEqual(25);
    expect(f.redelivered).toBeGreaterThan(0);
    expect(f.redelivered_not_200).toBe(0);
    expect(f.answers_missing).toBe(0);
    expect(f.answers_duplicated).toBe(0);
    expect(f.users_exact).toBe(20);
  });
});
