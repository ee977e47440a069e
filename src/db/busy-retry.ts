/**
 * A libSQL server under many concurrent writers (sqld, Turso) answers SQLITE_BUSY when it
 * cannot take a write lock in time. Such a statement or batch did not run (a batch is one
 * transaction and rolls back whole), so it is safe to send again; this wrapper does so a few
 * times with a short random pause, for every query, before the error reaches the caller.
 */
import type { Client } from '@libsql/client';

const TRIES = 8;

/** The database was busy with another writer: worth a retry. Looks through wrapped causes (drizzle's). */
export function isBusy(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
    if (cur instanceof Error && /SQLITE_BUSY|database is locked/.test(cur.message)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

async function again<T>(run: () => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= TRIES || !isBusy(e)) throw e;
      await sleep(10 + Math.random() * 30 * attempt);
    }
  }
}

export function retryWhenBusy(client: Client, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Client {
  const execute = client.execute.bind(client) as (...a: unknown[]) => Promise<unknown>;
  const batch = client.batch.bind(client) as (...a: unknown[]) => Promise<unknown>;
  client.execute = ((...a: unknown[]) => again(() => execute(...a), sleep)) as Client['execute'];
  client.batch = ((...a: unknown[]) => again(() => batch(...a), sleep)) as Client['batch'];
  return client;
}
