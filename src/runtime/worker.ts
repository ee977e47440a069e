/**
 * Cloudflare Workers entry. The database is a remote libSQL server (Turso) reached over
 * HTTP; content comes prebuilt in src/generated/bundle.json (`npm run build:content`).
 * Event processing runs after the response through ctx.waitUntil (see app/webhook.ts),
 * and the Cron Trigger runs the same scheduler tick as the Node timer.
 */
import { createClient } from '@libsql/client/web';
import { assembleDeps } from '../app/assemble.ts';
import { ConfigError, loadConfig } from '../app/config.ts';
import type { AppDeps } from '../app/deps.ts';
import { tick } from '../app/tick.ts';
import { createApp } from '../app.ts';
import type { ContentBundle } from '../content/bundle.ts';
import { ensureInitialStaff } from '../console/initial-staff.ts';
import { createConsoleStore } from '../db/console-store.ts';
import bundleJson from '../generated/bundle.json';

/** The parts of the Workers runtime types this file uses (kept local to avoid global type clashes). */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}
type Env = Record<string, unknown>;

interface Instance {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
}

let instance: Promise<Instance> | undefined;

function stringEnv(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

async function build(env: Env): Promise<Instance> {
  const config = loadConfig(stringEnv(env));
  const client = createClient({ url: config.database.url, ...(config.database.authToken ? { authToken: config.database.authToken } : {}) });
  // The fake LINE API is not bundled (it is dev tooling): `npm run dev:worker` starts it as a
  // separate server and points LINE_API_BASE_URL at it.
  const deps = await assembleDeps({ config, client, bundle: bundleJson as unknown as ContentBundle });
  await ensureInitialStaff(deps, createConsoleStore(deps.store.db), stringEnv(env));
  const app = createApp(deps);
  return { deps, app };
}

function getInstance(env: Env): Promise<Instance> {
  instance ??= build(env).catch((e) => {
    instance = undefined; // let the next request try again (e.g. after a secret is fixed)
    throw e;
  });
  return instance;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let inst: Instance;
    try {
      inst = await getInstance(env);
    } catch (e) {
      // The details go to the operator's log (they concern configuration and the database,
      // never a person's messages); the caller learns only that the service is not ready.
      const message = e instanceof ConfigError ? `configuration error: ${e.message}` : `startup failed: ${e instanceof Error ? e.message : String(e)}`;
      console.error(JSON.stringify({ level: 'error', event: 'startup.failed', message }));
      return new Response(JSON.stringify({ error: 'service unavailable: see the Worker log' }), { status: 503, headers: { 'content-type': 'application/json' } });
    }
    return inst.app.fetch(request, env, ctx as Parameters<typeof inst.app.fetch>[2]);
  },

  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const inst = await getInstance(env);
    ctx.waitUntil(tick(inst.deps));
  },
};
