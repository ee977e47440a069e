/**
 * Cloudflare Workers entry. The database is a remote libSQL server (Turso) reached over
 * HTTP; content comes prebuilt as a static asset, dist/worker-assets/content.json (`npm run
 * build:content`, wrangler's [build] command), read through the ASSETS binding.
 * Event processing runs after the response through ctx.waitUntil (see app/webhook.ts),
 * and the Cron Trigger runs the same scheduler tick as the Node timer.
 *
 * workerd cancels a request that waits on a promise or I/O object another request
 * created ("the Worker's code had hung"). So every request builds its own database client
 * and its own AppDeps (locks, limiters, background tasks included); between requests the
 * isolate keeps only values that are already settled and hold no I/O: the parsed config
 * for one env object, the content once some request has finished fetching and preparing it,
 * and the sealer's imported keys once some request has finished importing them. See
 * docs/architecture.md, "What a Worker isolate shares".
 */
import type { Client } from '@libsql/client';
import { createClient } from '@libsql/client/web';
import { retryWhenBusy } from '../db/busy-retry.ts';
import { createAdmission, type Admission } from '../app/admission.ts';
import { assembleDeps } from '../app/assemble.ts';
import { ConfigError, loadConfig, type Config } from '../app/config.ts';
import { createSealer, type Sealer } from '../shared/crypto.ts';
import { prepareContent, type AppDeps, type Content } from '../app/deps.ts';
import { errorKind } from '../app/log.ts';
import { tick } from '../app/tick.ts';
import { createApp, createWebhookApp } from '../app.ts';
import type { ContentBundle } from '../content/bundle.ts';
import { ensureInitialStaff } from '../console/initial-staff.ts';

/** The parts of the Workers runtime types this file uses (kept local to avoid global type clashes). */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}
/** The static-assets binding (wrangler.toml [assets]). */
interface Fetcher {
  fetch(request: Request): Promise<Response>;
}
type Env = Record<string, unknown>;

/** Where scripts/build-content.ts puts the content bundle among the static assets. */
const CONTENT_ASSET = 'https://assets.invalid/content.json';

/** Webhook handlers an isolate runs at once; each writes to the database one statement at a time. */
const WEBHOOK_HANDLERS_PER_ISOLATE = 8;

// Settled values only: never a promise that a later request could find still pending.
let configFor: { env: Env; config: Config } | undefined;
let content: Content | undefined;
let sealer: { key: string; sealer: Sealer } | undefined;
let staffChecked = false;
// A counter, never a queue: see app/admission.ts.
const admission = createAdmission(WEBHOOK_HANDLERS_PER_ISOLATE);

function stringEnv(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function configOf(env: Env): Config {
  if (configFor?.env !== env) configFor = { env, config: loadConfig(stringEnv(env)) };
  return configFor.config;
}

/** The content bundle from the static assets, prepared for the engine. */
async function fetchContent(env: Env): Promise<Content> {
  const assets = env.ASSETS as Fetcher | undefined;
  if (typeof assets?.fetch !== 'function') throw new Error('no ASSETS binding: wrangler.toml [assets] must name the built content');
  const res = await assets.fetch(new Request(CONTENT_ASSET));
  if (!res.ok) throw new Error(`content asset: ${res.status} (run npm run build:content before deploying)`);
  return prepareContent((await res.json()) as ContentBundle);
}

/**
 * Cold requests that fetch and prepare their own copy of the content at the same moment. Each
 * copy holds about 3 MB while it is built (the parse included), and an isolate has 128 MB: a
 * cold burst of 60 webhooks preparing 60 copies would not fit. A webhook that finds this many
 * loads running does not load a third: it stores its events and leaves them pending, and the
 * handlers that have the content take them up (as with a full isolate, app/admission.ts).
 */
const CONTENT_LOADS_PER_ISOLATE = 2;
let contentLoads = 0;

/** Stands in for the content in a webhook that defers its events: nothing may read it. */
const CONTENT_NOT_LOADED = new Proxy({} as Content, {
  get(_target, key) {
    throw new Error(`content read (${String(key)}) in a request that left its events pending`);
  },
});

/** An admission that is always full: the webhook stores its events and defers them. */
function deferAll(shared: Admission): Admission {
  return {
    tryEnter: () => false,
    leave: () => undefined,
    defer: () => shared.defer(),
    get deferrals() {
      return shared.deferrals;
    },
  };
}

/** The content, or null for a webhook that should not load a copy now (see CONTENT_LOADS_PER_ISOLATE). */
async function contentFor(env: Env, webhook: boolean): Promise<Content | null> {
  if (content) return content;
  if (webhook && contentLoads >= CONTENT_LOADS_PER_ISOLATE) return null;
  contentLoads++;
  try {
    // Each cold request that gets here fetches and prepares its own (a few ms); the first to
    // finish is kept; nobody waits for another request's fetch.
    const prepared = await fetchContent(env);
    content ??= prepared;
    return prepared;
  } finally {
    contentLoads--;
  }
}

/** Everything one request (or one Cron run) needs, built for it alone. */
async function requestDeps(env: Env, ctx: ExecutionContext, webhook = false): Promise<AppDeps> {
  const config = configOf(env);
  const keyId = [config.encryptionKey, ...config.previousEncryptionKeys].join(',');
  // Several cold requests may each import the keys; the first to finish is kept. Nobody
  // waits for another request's import.
  const own = sealer?.key === keyId ? sealer.sealer : await createSealer(config.encryptionKey, config.previousEncryptionKeys);
  sealer ??= { key: keyId, sealer: own };
  const prepared = await contentFor(env, webhook);
  // One HTTP client per request: its concurrency queue (20 requests in flight) is then this
  // request's own. Over HTTP a client is a URL and a token, cheap to make.
  const client = retryWhenBusy(
    createClient({ url: config.database.url, ...(config.database.authToken ? { authToken: config.database.authToken } : {}) }) as unknown as Client,
  );
  const deps = await assembleDeps({
    config,
    client,
    content: prepared ?? CONTENT_NOT_LOADED,
    sealer: own,
    admission: prepared ? admission : deferAll(admission),
    // The fake LINE API is not bundled (it is dev tooling): `npm run dev:worker` starts it
    // as a separate server and points LINE_API_BASE_URL at it.
    background: (task) => ctx.waitUntil(task.catch((e: unknown) => deps.log.error('background.failed', { error: errorKind(e) }))),
  });
  return deps;
}

/** The first console account, from the environment: checked until it once succeeded in this isolate. */
async function ensureStaff(deps: AppDeps, env: Env): Promise<void> {
  if (staffChecked) return;
  await ensureInitialStaff(deps, deps.stores.console, stringEnv(env));
  staffChecked = true;
}

function unavailable(e: unknown): Response {
  // The details go to the operator's log (they concern configuration and the database,
  // never a person's messages); the caller learns only that the service is not ready.
  const message = e instanceof ConfigError ? `configuration error: ${e.message}` : `startup failed: ${e instanceof Error ? e.message : String(e)}`;
  console.error(JSON.stringify({ level: 'error', event: 'startup.failed', message }));
  return new Response(JSON.stringify({ error: 'service unavailable: see the Worker log' }), { status: 503, headers: { 'content-type': 'application/json' } });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let deps: AppDeps;
    const webhook = new URL(request.url).pathname === '/webhook';
    try {
      deps = await requestDeps(env, ctx, webhook);
      // LINE's webhook never waits for console bootstrapping (a password hash costs ~100 ms
      // of CPU); any other route, and the Cron run, sees to it.
      if (!webhook) await ensureStaff(deps, env);
    } catch (e) {
      return unavailable(e);
    }
    const app = webhook ? createWebhookApp(deps) : createApp(deps);
    return app.fetch(request, env, ctx as Parameters<typeof app.fetch>[2]);
  },

  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const deps = await requestDeps(env, ctx);
    await ensureStaff(deps, env).catch((e: unknown) => deps.log.error('console.bootstrap-failed', { error: errorKind(e) }));
    ctx.waitUntil(tick(deps));
  },
};
