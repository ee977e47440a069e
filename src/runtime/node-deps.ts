/**
 * Node: configuration defaults for a no-settings start, the embedded libSQL file, migrations,
 * content read from disk, and (without LINE credentials) the in-process fake LINE API.
 * Shared by the server (node.ts), the CLI and the tests.
 *
 * The fake lives in fakes/line/ (dev and test tooling, with its devDependencies) and is
 * imported dynamically, only in dev mode: a live start never loads it.
 */
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { retryWhenBusy } from '../db/busy-retry.ts';
import { createClient, type Client } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { assembleDeps, type AssembleOptions } from '../app/assemble.ts';
import { type Config, ConfigError, isValidEncryptionKey, loadConfig } from '../app/config.ts';
import { createSealer, randomBase64 } from '../shared/crypto.ts';
import { rotateKey } from '../db/rotate-key.ts';
import type { AppDeps } from '../app/deps.ts';
import type { Logger } from '../app/log.ts';
import { createApp } from '../app.ts';
import type { ContentBundle } from '../content/bundle.ts';
import { formatContentError, readContent } from '../content/read-content.ts';
import { createDb } from '../db/client.ts';
import type { FakeLine, FakeLineOptions } from '../../fakes/line/fake-line.ts';
import { simulatorRoutes } from '../dev/simulator-routes.ts';
import { ensureInitialStaff } from '../console/initial-staff.ts';
import { seedDemoData } from '../dev/seed-demo.ts';
import { setDemoCredentials } from '../dev/demo-credentials.ts';
import type { Hono } from 'hono';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Dev only: a key generated on first start and kept in ./data so restarts can read old data. */
export function devEncryptionKey(dataDir: string, warn: (msg: string) => void): string {
  const file = join(dataDir, 'dev-encryption.key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (isValidEncryptionKey(key)) return key;
    throw new StartupError(`${file} does not hold a valid key; delete it to generate a new one (old encrypted data becomes unreadable)`);
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBase64(32);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  warn(`DATA_ENCRYPTION_KEY is not set: generated a development key in ${file}. Set DATA_ENCRYPTION_KEY in production.`);
  return key;
}

export function nodeConfig(env: Record<string, string | undefined>, opts: { root?: string; warn?: (m: string) => void } = {}): Config {
  const root = opts.root ?? process.cwd();
  const dataDir = join(root, 'data');
  const warn = opts.warn ?? ((m) => console.warn(`warning: ${m}`));
  const live = Boolean(env.LINE_CHANNEL_SECRET?.trim() || env.LINE_CHANNEL_ACCESS_TOKEN?.trim());
  const databaseUrl = env.DATABASE_URL?.trim() || `file:${join(dataDir, 'renkei.db')}`;
  if (databaseUrl.startsWith('file:')) mkdirSync(dirname(databaseUrl.slice(5)), { recursive: true });
  // A generated key is only acceptable for a local development database.
  const keyDefault = env.DATA_ENCRYPTION_KEY?.trim() || live ? undefined : devEncryptionKey(dataDir, warn);
  return loadConfig(env, { databaseUrl, ...(keyDefault ? { encryptionKey: keyDefault } : {}) });
}

export function openDatabase(config: Config): Client {
  // The embedded file: one connection, so the per-connection PRAGMAs set in migrateDatabase
  // (secure_delete above all) hold for every statement. The driver runs statements
  // synchronously anyway, so a pool would add no parallelism.
  const file = config.database.url.startsWith('file:');
  return retryWhenBusy(
    createClient({
      url: config.database.url,
      ...(config.database.authToken ? { authToken: config.database.authToken } : {}),
      ...(file ? { concurrency: 1 } : {}),
    }),
  );
}

export async function migrateDatabase(client: Client): Promise<void> {
  if (client.protocol === 'file') {
    // WAL lets readers (e.g. the console) work while the webhook writes; a busy timeout
    // makes a second process wait for the lock instead of failing at once.
    await client.execute('PRAGMA journal_mode = WAL').catch(() => undefined);
    await client.execute('PRAGMA busy_timeout = 5000').catch(() => undefined);
    // With WAL, NORMAL keeps every commit safe from a process crash (the case the inbox and
    // outbox guard against) and only a power cut can lose the last commits; it saves an
    // fsync per commit, which is most of the cost of an event on a local disk.
    await client.execute('PRAGMA synchronous = NORMAL').catch(() => undefined);
    // Deleted rows are overwritten with zeros, not left readable in free pages of the file
    // (a person's 「データを削除」 must not survive in the file or a copy of it). Not an option
    // over a libSQL server (sqld/Turso): see docs/operations.md.
    await client.execute('PRAGMA secure_delete = ON');
  }
  await migrate(createDb(client), { migrationsFolder: join(PROJECT_ROOT, 'drizzle') });
}

/**
 * Data migration after the schema's: values sealed before they were bound to their row
 * (`v1.`) are re-sealed bound (db/rotate-key.ts with onlyUnbound). Idempotent; a database
 * without such values costs one count per sealed column.
 */
export async function bindSealedValues(client: Client, config: Config): Promise<number> {
  const sealer = await createSealer(config.encryptionKey, config.previousEncryptionKeys);
  const report = await rotateKey(createDb(client), sealer, { onlyUnbound: true });
  return report.resealed;
}

export async function loadBundle(root = PROJECT_ROOT): Promise<ContentBundle> {
  const { bundle, errors } = await readContent(root);
  if (!bundle) throw new StartupError(`content has ${errors.length} error(s):\n${errors.slice(0, 20).map(formatContentError).join('\n')}`);
  return bundle;
}

/** The fake LINE API for dev mode, loaded on demand so that production never imports it. */
export async function createDevFakeLine(opts: FakeLineOptions = {}): Promise<FakeLine> {
  const { createFakeLine } = await import('../../fakes/line/fake-line.ts');
  return createFakeLine(opts);
}

export interface NodeApp {
  config: Config;
  client: Client;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** In dev mode: the fake LINE API that received everything the bot sent. */
  fakeLine?: FakeLine;
  /** Resolves when every background task started so far has finished. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface NodeAppOptions extends Partial<Omit<AssembleOptions, 'config' | 'client' | 'bundle'>> {
  env?: Record<string, string | undefined>;
  config?: Config;
  bundle?: ContentBundle;
  client?: Client;
  fakeLine?: FakeLine;
  log?: Logger;
  warn?: (m: string) => void;
}

/** Builds the whole app for Node (server, CLI, tests). */
export async function createNodeApp(opts: NodeAppOptions = {}): Promise<NodeApp> {
  let config: Config;
  try {
    config = opts.config ?? nodeConfig(opts.env ?? process.env, { ...(opts.warn ? { warn: opts.warn } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) throw new StartupError(`configuration error: ${e.message}`);
    throw e;
  }
  const client = opts.client ?? openDatabase(config);
  await migrateDatabase(client);
  await bindSealedValues(client, config);
  const bundle = opts.bundle ?? (await loadBundle());

  let fakeLine = opts.fakeLine;
  let fetchImpl = opts.fetch;
  if (config.mode === 'dev' && !fetchImpl && config.line.apiBaseUrl === 'https://api.line.me') {
    // Dev mode: LINE calls never leave the process.
    fakeLine ??= await createDevFakeLine({ lenientTokens: true, maxCalls: 5000 });
    fetchImpl = fakeLine.fetch;
  }

  const tasks = new Set<Promise<unknown>>();
  const deps = await assembleDeps({
    ...opts,
    config,
    client,
    bundle,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    background: (task) => {
      const tracked = task.catch(() => undefined).finally(() => tasks.delete(tracked));
      tasks.add(tracked);
    },
  });
  const fake = fakeLine;
  const devTools = fake
    ? {
        calls: () => fake.calls,
        clear: () => fake.clear(),
        // The simulator drives the app through its own /webhook, exactly as LINE would.
        mount: (app: Hono) =>
          void app.route(
            '/dev',
            simulatorRoutes(deps, fake, (req) => app.fetch(req)),
          ),
      }
    : undefined;
  const app = createApp(deps, devTools);
  // The first admin (CONSOLE_ADMIN_EMAIL / _PASSWORD), or in dev mode the demo accounts.
  const staff = await ensureInitialStaff(deps, deps.stores.console, opts.env ?? process.env, { print: opts.warn ?? ((l) => console.log(l)) });
  // The simulator page shows the demo logins.
  if (staff.demo) setDemoCredentials(staff.demo.coordinator, staff.demo.admin);
  if (config.mode === 'dev') await seedDemoData(deps);
  return {
    config,
    client,
    deps,
    app,
    ...(fakeLine ? { fakeLine } : {}),
    async drain() {
      while (tasks.size) await Promise.all([...tasks]);
    },
    async close() {
      while (tasks.size) await Promise.all([...tasks]);
      client.close();
    },
  };
}
