/**
 * Builds AppDeps from runtime-neutral pieces. Node (src/runtime/node-deps.ts) and Workers
 * (src/runtime/worker.ts) each create their database client and fetch, then call this.
 */
import type { Client } from '@libsql/client';
import type { Config } from './config.ts';
import type { Admission } from './admission.ts';
import { createSealer, type Sealer } from '../shared/crypto.ts';
import { businessClock, type Clock } from './clock.ts';
import { type AppDeps, type Content, prepareContent } from './deps.ts';
import { Limiter } from './limiter.ts';
import { createLogger, type Logger } from './log.ts';
import type { ContentBundle } from '../content/bundle.ts';
import { createDb } from '../db/client.ts';
import { createStores } from '../db/stores.ts';
import { createLineClient, type FetchLike } from '../line/client.ts';

export interface AssembleOptions {
  config: Config;
  client: Client;
  /** The content bundle, prepared here unless `content` is given already prepared. */
  bundle?: ContentBundle;
  /** How LINE is reached: the real fetch, or the in-process fake in dev mode and tests. */
  fetch?: FetchLike;
  log?: Logger;
  background?: (task: Promise<unknown>) => void;
  sleep?: (ms: number) => Promise<void>;
  wallClock?: () => number;
  /** Business time; default: the real clock, or RENKEI_NOW frozen. Tests that move time pass their own. */
  clock?: Clock;
  /** Events processed at the same time (per process or isolate). */
  processingConcurrency?: number;
  /** How long a LINE API call may take before it counts as failed (default 10 s). */
  lineTimeoutMs?: number;
  /** How long a claim on an inbox or outbox row holds (default 25 s: longer than a LINE call, well inside a reply token's life). */
  claimLeaseMs?: number;
  /** Already built (the Worker reuses them between requests once they exist). */
  sealer?: Sealer;
  content?: Content;
  /** Workers: the isolate's bound on concurrent webhook handlers. */
  admission?: Admission;
}

function contentBundle(o: AssembleOptions): ContentBundle {
  if (!o.bundle) throw new Error('assembleDeps: give the content bundle or the prepared content');
  return o.bundle;
}

export async function assembleDeps(o: AssembleOptions): Promise<AppDeps> {
  const sealer = o.sealer ?? (await createSealer(o.config.encryptionKey, o.config.previousEncryptionKeys));
  const clock: Clock = o.clock ?? businessClock(o.config.fixedNow);
  const log = o.log ?? createLogger(undefined, o.config.logLevel);
  // Every store once, for all of this assembly's handlers and routes.
  const { store, stores } = createStores(createDb(o.client), sealer);
  return {
    config: o.config,
    store,
    stores,
    sealer,
    line: createLineClient({
      accessToken: o.config.line.accessToken,
      apiBaseUrl: o.config.line.apiBaseUrl,
      dataApiBaseUrl: o.config.line.dataApiBaseUrl,
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.lineTimeoutMs ? { timeoutMs: o.lineTimeoutMs } : {}),
    }),
    content: o.content ?? prepareContent(contentBundle(o)),
    clock,
    log,
    newClaimOwner: () => crypto.randomUUID(),
    claimLeaseMs: o.claimLeaseMs ?? o.config.claimLeaseMs,
    workers: new Limiter(o.processingConcurrency ?? 4),
    senders: new Limiter(16),
    ...(o.admission ? { admission: o.admission } : {}),
    background: o.background ?? ((task) => void task.catch((e) => log.error('background.failed', { error: String((e as Error)?.name) }))),
    wallClock: o.wallClock ?? (() => Date.now()),
    sleep: o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
  };
}
