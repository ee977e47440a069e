/**
 * `tsx scripts/libsql-burst.ts [clients] [seconds]`: the local libSQL server under a burst of
 * concurrent writers, with the libSQL WAL the project runs it with and with SQLite's WAL, side
 * by side. Prints one JSON line per server: operations per second and whether it stalled (no
 * operation finished for 8 s). It needs no renkei code: it shows why scripts/libsql-server.ts
 * starts sqld with `--use-custom-wal libsql-wal`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { spawnSqld, waitForSqld } from './libsql-server.ts';
import { freePort } from './worker-stack.ts';

const CLIENTS = Number(process.argv[2] ?? 100);
const SECONDS = Number(process.argv[3] ?? 40);
const STALL_S = 8;

async function burst(wal: 'libsql-wal' | 'sqlite'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-burst-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnSqld(port, join(dir, 'data.sqld'), { wal });
  await waitForSqld(url, child);
  const setup = createClient({ url });
  await setup.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v TEXT, n INTEGER)');
  await setup.execute('CREATE INDEX tk ON t(k)');
  let done = 0;
  let busy = 0;
  let stop = false;
  const pad = 'x'.repeat(2000);
  const writer = async (i: number) => {
    const c = createClient({ url });
    while (!stop) {
      try {
        await c.execute({ sql: 'INSERT INTO t (k, v, n) VALUES (?, ?, ?)', args: [`k${i}-${done}`, pad, i] });
        await c.execute({ sql: 'SELECT count(*) FROM t WHERE k = ?', args: [`k${i}`] });
        await c.batch(
          [
            { sql: 'UPDATE t SET n = n + 1 WHERE k = ?', args: [`k${i}-0`] },
            { sql: 'INSERT INTO t (k, v, n) VALUES (?, ?, ?)', args: [`b${i}`, pad, 0] },
          ],
          'write',
        );
        done++;
      } catch {
        busy++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    c.close();
  };
  const writers = Array.from({ length: CLIENTS }, (_, i) => writer(i));
  let last = 0;
  let quiet = 0;
  let stalled = false;
  for (let s = 0; s < SECONDS && !stalled; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    quiet = done === last ? quiet + 1 : 0;
    last = done;
    stalled = quiet >= STALL_S;
  }
  stop = true;
  console.log(
    JSON.stringify({ bench: 'libsql.burst', wal, clients: CLIENTS, seconds: SECONDS, ops: done, ops_per_s: Math.round(done / SECONDS), failed: busy, stalled }),
  );
  // A stalled server never answers the writers still waiting: kill it rather than wait for them.
  child.kill('SIGKILL');
  if (!stalled) await Promise.race([Promise.all(writers), new Promise((r) => setTimeout(r, 5000))]);
  rmSync(dir, { recursive: true, force: true });
}

await burst('libsql-wal');
await burst('sqlite');
process.exit(0);
