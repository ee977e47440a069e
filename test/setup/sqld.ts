/**
 * Vitest globalSetup: a throwaway libSQL server (sqld) on a random loopback port, migrated
 * with our migrations, for the workerd suite and the Node suite that test a real server.
 * The binary and its arguments come from scripts/libsql-server.ts (installed when missing).
 * LIBSQL_TEST_URL points the tests at an already running server instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/runtime/node-deps.ts';
import { spawnSqld, waitForSqld } from '../../scripts/libsql-server.ts';
import { startFakeLineServer } from '../../fakes/line/fake-line-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    libsqlUrl: string;
    /** A fake LINE API in its own HTTP server, so code under workerd can call it over loopback. */
    fakeLineUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

async function migrateAt(url: string): Promise<void> {
  const client = createClient({ url });
  await migrateDatabase(client);
  client.close();
}

export default async function setup(project: TestProject) {
  const fakeLine = await startFakeLineServer({ port: 0, hostname: '127.0.0.1' });
  project.provide('fakeLineUrl', fakeLine.url);
  if (process.env.LIBSQL_TEST_URL) {
    await migrateAt(process.env.LIBSQL_TEST_URL);
    project.provide('libsqlUrl', process.env.LIBSQL_TEST_URL);
    return () => fakeLine.close();
  }
  const dir = await mkdtemp(join(tmpdir(), 'renkei-sqld-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let stderr = '';
  const child = spawnSqld(port, join(dir, 'data.sqld'), { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (d) => (stderr += d));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    await waitForSqld(url, child);
    await migrateAt(url);
  } catch (e) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    await fakeLine.close();
    throw new Error(`${(e as Error).message}\n--- sqld output ---\n${stderr}`);
  }
  project.provide('libsqlUrl', url);

  return async function teardown() {
    process.off('exit', killOnExit);
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    }
    await rm(dir, { recursive: true, force: true });
    await fakeLine.close();
  };
}
