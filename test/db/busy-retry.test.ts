import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { isBusy, retryWhenBusy } from '../../src/db/busy-retry.ts';

/** A client whose execute fails with the given errors, in order, then answers. */
function flaky(errors: unknown[]): { client: Client; calls: () => number } {
  let calls = 0;
  const client = {
    execute: async () => {
      const e = errors[calls++];
      if (e) throw e;
      return { rows: [] };
    },
    batch: async () => [],
  } as unknown as Client;
  return { client, calls: () => calls };
}

const busy = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
// As the HTTP client reports a server that turned the request away (sqld's limit, a plan's rate).
const tooMany = Object.assign(new Error('SERVER_ERROR: Server returned HTTP status 429'), {
  code: 'SERVER_ERROR',
  cause: Object.assign(new Error('Server returned HTTP status 429'), { name: 'HttpServerError', status: 429 }),
});
const locked = Object.assign(new Error('SQLITE_LOCKED'), { code: 'SQLITE_LOCKED' });
const noSleep = async () => undefined;

describe('retryWhenBusy', () => {
  it('sends a statement again while the database is busy, then answers', async () => {
    const f = flaky([busy, locked, busy]);
    await expect(retryWhenBusy(f.client, noSleep).execute('select 1')).resolves.toEqual({ rows: [] });
    expect(f.calls()).toBe(4);
  });

  // A 429 is passed on too: resending what an overloaded server turned away only adds to its
  // load (tried: under 200 webhooks at once sqld then never recovered); the webhook answers
  // 503 and LINE redelivers later, when the server has room.
  it('passes any other error at once (a constraint, a 500 whose outcome is unknown, a 429)', async () => {
    const constraint = Object.assign(new Error('SQLITE_CONSTRAINT'), { code: 'SQLITE_CONSTRAINT' });
    const serverError = Object.assign(new Error('SERVER_ERROR'), {
      code: 'SERVER_ERROR',
      cause: Object.assign(new Error('500'), { name: 'HttpServerError', status: 500 }),
    });
    for (const e of [constraint, serverError, tooMany]) {
      const f = flaky([e]);
      await expect(retryWhenBusy(f.client, noSleep).execute('select 1')).rejects.toBe(e);
      expect(f.calls()).toBe(1);
      expect(isBusy(e)).toBe(false);
    }
  });

  it('gives up after a bounded number of tries', async () => {
    const f = flaky(Array.from({ length: 50 }, () => busy));
    await expect(retryWhenBusy(f.client, noSleep).execute('select 1')).rejects.toBe(busy);
    expect(f.calls()).toBeLessThan(20);
  });
});
