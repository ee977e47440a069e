/**
 * `npm run dev:worker`: the Worker under `wrangler dev`, offline. Starts the fake LINE API
 * (the Worker does not bundle it) and, unless DATABASE_URL is set, a local libSQL server
 * (sqld: the Worker's client speaks HTTP, not files), then runs wrangler with
 * LINE_API_BASE_URL pointing at the fake.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeLineServer } from '../fakes/line/fake-line-server.ts';
import { devEncryptionKey, migrateDatabase, PROJECT_ROOT } from '../src/runtime/node-deps.ts';
import { createClient } from '@libsql/client';
import { spawnSqld, waitForSqld } from './libsql-server.ts';

const fake = await startFakeLineServer({ port: Number(process.env.FAKE_LINE_PORT ?? 8788), lenientTokens: true });
const dataDir = join(PROJECT_ROOT, 'data');
mkdirSync(dataDir, { recursive: true });
let sqld: ChildProcess | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const port = Number(process.env.SQLD_PORT ?? 8789);
  databaseUrl = `http://127.0.0.1:${port}`;
  // Not data/worker.sqld: a directory made with SQLite's WAL does not open under libsql-wal.
  sqld = spawnSqld(port, join(dataDir, 'worker-libsql-wal.sqld'));
  await waitForSqld(databaseUrl, sqld);
  console.log(`libSQL server (sqld) on ${databaseUrl}, data in data/worker-libsql-wal.sqld`);
}
const client = createClient({ url: databaseUrl, ...(process.env.DATABASE_AUTH_TOKEN ? { authToken: process.env.DATABASE_AUTH_TOKEN } : {}) });
await migrateDatabase(client);
client.close();
const key = process.env.DATA_ENCRYPTION_KEY ?? devEncryptionKey(dataDir, (m) => console.warn(`warning: ${m}`));
console.log(`fake LINE API on ${fake.url}`);
const vars = {
  LINE_CHANNEL_SECRET: process.env.LINE_CHANNEL_SECRET ?? 'renkei-dev-channel-secret',
  LINE_CHANNEL_ACCESS_TOKEN: process.env.LINE_CHANNEL_ACCESS_TOKEN ?? 'renkei-dev-access-token',
  LINE_API_BASE_URL: fake.url,
  LINE_DATA_API_BASE_URL: fake.url,
  DATABASE_URL: databaseUrl,
  DATA_ENCRYPTION_KEY: key,
};
const child = spawn(
  join(PROJECT_ROOT, 'node_modules/.bin/wrangler'),
  ['dev', ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]), ...process.argv.slice(2)],
  {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
);
const stop = () => {
  child.kill('SIGTERM');
  sqld?.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.once('exit', (code) => {
  sqld?.kill('SIGTERM');
  void fake.close().then(() => process.exit(code ?? 0));
});
