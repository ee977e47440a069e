/**
 * The Worker as it runs in production, on this machine: its deploy bundle in workerd
 * (Miniflare, offline) against a real libSQL server (sqld) and the fake LINE API in this process. Used by the
 * Worker load test and `npm run bench`, which send it bursts the way LINE does when many
 * people write at once, and check that every event is answered exactly once.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from '@libsql/client';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { startFakeLineServer, type FakeLineServer } from '../fakes/line/fake-line-server.ts';
import { signBody } from '../src/line/signature.ts';
import { events, webhookBody } from '../src/line/webhook-events.ts';
import { migrateDatabase, PROJECT_ROOT } from '../src/runtime/node-deps.ts';
import { spawnSqld, waitForSqld } from './libsql-server.ts';

const SECRET = 'worker-stack-secret';
/**
 * Business time for the servers these scripts start (RENKEI_NOW): a Monday morning in opening
 * hours, so what a load or fault run sees never depends on the day it runs.
 */
export const LOAD_BUSINESS_TIME = '2026-11-30T10:00:00+09:00';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export interface Sqld {
  url: string;
  close(): Promise<void>;
}

/** A throwaway libSQL server, migrated. */
export async function startSqld(): Promise<Sqld> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-stack-sqld-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnSqld(port, join(dir, 'data.sqld'));
  await waitForSqld(url, child);
  const client = createClient({ url });
  await migrateDatabase(client);
  client.close();
  return {
    url,
    close: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill(signal);
  });
}

/** Every process below `pid` (wrangler starts workerd as a grandchild). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry), ...descendants(Number(entry)));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU time (user + system, ms) of `pid` and the processes under it whose name starts with `name`. */
export function processCpuMs(pid: number, name = ''): number {
  const tick = 10; // USER_HZ = 100 on Linux
  let total = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!comm.startsWith(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // gone
    }
  }
  return total;
}

/** What runLoad needs of a server under test (the Worker here, renkei's Node server in the bench). */
export interface LoadTarget {
  url: string;
  line: FakeLineServer;
  /** CPU ms used by the server so far. */
  cpuMs(): number;
  /** The server's output so far (its JSON log lines among it). */
  log(): string;
  /** Runs the scheduler's tick once. */
  scheduled(): Promise<number>;
}

export interface WorkerStack extends LoadTarget {
  sqld: Sqld;
  /** CPU ms used by workerd so far. */
  cpuMs(): number;
  /** Runs the Cron Trigger's handler once (wrangler's --test-scheduled route). */
  scheduled(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The Worker's production bundle, as `wrangler deploy` would upload it (built offline with
 * `--dry-run`, which runs the [build] command first), with the compatibility settings and
 * the static assets (the content bundle) as wrangler reads them from wrangler.toml.
 */
export async function buildWorker(
  outdir: string,
): Promise<Pick<WorkerOptions, 'compatibilityDate' | 'compatibilityFlags' | 'assets'> & { scriptPath: string }> {
  const built = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: '1' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`wrangler could not bundle the Worker:\n${built.stdout}${built.stderr}`);
  const { unstable_getMiniflareWorkerOptions } = await import('wrangler');
  const { compatibilityDate, compatibilityFlags, assets } = unstable_getMiniflareWorkerOptions(join(PROJECT_ROOT, 'wrangler.toml')).workerOptions;
  if (!compatibilityDate) throw new Error('wrangler.toml has no compatibility_date');
  if (!assets) throw new Error('wrangler.toml has no [assets] (the content bundle)');
  return { scriptPath: join(outdir, 'worker.js'), compatibilityDate, compatibilityFlags, assets };
}

/**
 * workerd runs the bundle through Miniflare, as `wrangler dev` does, but without wrangler's
 * development proxy in front: under load that proxy drops requests itself ("Your worker
 * restarted mid-request", 503) when its socket to the Worker resets, which says nothing about
 * the Worker and does not exist in production.
 */
export async function startWorkerStack(opts: { sqld?: Sqld } = {}): Promise<WorkerStack> {
  const sqld = opts.sqld ?? (await startSqld());
  const line = await startFakeLineServer({ port: 0, maxCalls: 200_000 });
  const outdir = mkdtempSync(join(tmpdir(), 'renkei-stack-worker-'));
  // Kept: everything but info logs (a load writes thousands).
  let log = '';
  const keep = (d: Buffer | string) => {
    const text = String(d)
      .split('\n')
      .filter((l) => process.env.WORKER_STACK_LOG_LEVEL === 'info' || !l.includes('"level":"info"'))
      .join('\n');
    log = (log + text).slice(-1_000_000);
  };
  let mf: Miniflare | undefined;
  try {
    const worker = await buildWorker(outdir);
    mf = new Miniflare({
      modules: true,
      modulesRoot: outdir,
      ...worker,
      host: '127.0.0.1',
      port: await freePort(),
      bindings: {
        LINE_CHANNEL_SECRET: SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: 'worker-stack-token',
        LINE_API_BASE_URL: line.url,
        LINE_DATA_API_BASE_URL: line.url,
        DATABASE_URL: sqld.url,
        DATA_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
        LOG_LEVEL: process.env.WORKER_STACK_LOG_LEVEL ?? 'warn',
        RENKEI_NOW: LOAD_BUSINESS_TIME,
      },
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        stdout.on('data', keep);
        stderr.on('data', keep);
      },
    });
    const url = String(await mf.ready).replace(/\/$/, '');
    const health = await fetch(`${url}/health`);
    if (!health.ok) throw new Error(`the Worker is not healthy: ${health.status} ${await health.text()}`);
    const running = mf;
    return {
      url,
      line,
      sqld,
      // workerd is a child of this process.
      cpuMs: () => processCpuMs(process.pid, 'workerd'),
      scheduled: async () => ((await (await running.getWorker()).scheduled({ cron: '* * * * *' })).outcome === 'ok' ? 200 : 500),
      log: () => log,
      close: async () => {
        await running.dispose();
        await line.close();
        if (!opts.sqld) await sqld.close();
        rmSync(outdir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await mf?.dispose().catch(() => undefined);
    await line.close();
    if (!opts.sqld) await sqld.close();
    rmSync(outdir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n${log.slice(-3000)}`);
  }
}

export interface ColdStart {
  /** starting Miniflare until workerd listens with the script loaded (process start included) */
  readyMs: number;
  /** the first request in the fresh isolate, which fetches and prepares the content */
  firstResponseMs: number;
  /** the same request again, warm */
  warmResponseMs: number;
  firstStatus: number;
}

/**
 * The deploy bundle's cold start under workerd (Miniflare): one fresh workerd per run, the
 * time until it is ready, then a first and a second request. The request is a webhook with a
 * wrong signature: it builds everything a request needs (config, keys, the content from the
 * assets) and is refused with 401 without reaching the database, so no libSQL server is
 * started. `minimal` runs a Worker that only answers 401 instead, for workerd's own share.
 */
export async function measureColdStart(worker: Awaited<ReturnType<typeof buildWorker>>, runs = 3, minimal = false): Promise<ColdStart[]> {
  const out: ColdStart[] = [];
  const body = webhookBody([]);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const mf = new Miniflare({
      modules: true,
      ...(minimal
        ? { script: 'export default { fetch: () => new Response("no", { status: 401 }) }', compatibilityDate: worker.compatibilityDate }
        : { modulesRoot: dirname(worker.scriptPath), ...worker }),
      host: '127.0.0.1',
      port: await freePort(),
      bindings: {
        LINE_CHANNEL_SECRET: SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: 'worker-stack-token',
        // Never reached: the request below is refused before any database or LINE call.
        DATABASE_URL: 'http://127.0.0.1:9',
        DATA_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
        LOG_LEVEL: 'error',
      },
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        stdout.resume();
        stderr.resume();
      },
    });
    try {
      const url = String(await mf.ready).replace(/\/$/, '');
      const t1 = performance.now();
      const call = async () => {
        const res = await fetch(`${url}/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-line-signature': await signBody('not-the-secret', body) },
          body,
        });
        await res.arrayBuffer();
        return res.status;
      };
      const firstStatus = await call();
      const t2 = performance.now();
      await call();
      const t3 = performance.now();
      out.push({ readyMs: t1 - t0, firstResponseMs: t2 - t1, warmResponseMs: t3 - t2, firstStatus });
    } finally {
      await mf.dispose();
    }
  }
  return out;
}

export interface PlannedEvent {
  userId: string;
  text: string;
  /** events with the same `group` are sent in one webhook request */
  group?: number;
}

export interface LoadResult {
  requests: number;
  statuses: Record<string, number>;
  ackP50Ms: number;
  ackP99Ms: number;
  seconds: number;
  /** events whose user saw exactly one answer for it (counted per user: answers = events sent) */
  usersExact: number;
  users: number;
  answersMissing: number;
  answersExtra: number;
  /** successful reply + push calls */
  delivered: number;
  cpuMsPerEvent: number;
  /** warnings and errors the server logged meanwhile, counted by event and error kind */
  problems: Record<string, number>;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * Sends the plan to the Worker with `concurrency` webhook requests in flight, then waits (up to
 * `settleMs`, running the Cron handler when asked) until every user has as many answers as
 * they sent events, and counts what each user saw.
 */
export async function runLoad(
  stack: LoadTarget,
  plan: PlannedEvent[],
  concurrency: number,
  o: { settleMs?: number; tickEveryMs?: number } = {},
): Promise<LoadResult> {
  const byGroup = new Map<number, PlannedEvent[]>();
  for (const [i, p] of plan.entries()) byGroup.set(p.group ?? -1 - i, [...(byGroup.get(p.group ?? -1 - i) ?? []), p]);
  const perUser = new Map<string, number>();
  const t0 = Date.now();
  const bodies: Array<{ body: string; signature: string }> = [];
  let k = 0;
  for (const group of byGroup.values()) {
    const evs = group.map((p) => {
      perUser.set(p.userId, (perUser.get(p.userId) ?? 0) + 1);
      return events.text({ userId: p.userId, replyToken: stack.line.fake.issueReplyToken(p.userId), timestamp: t0 + k++ }, p.text);
    });
    const body = webhookBody(evs);
    bodies.push({ body, signature: await signBody(SECRET, body) });
  }
  const before = stack.line.fake.calls.length;
  const logFrom = stack.log().length;
  const cpu0 = stack.cpuMs();
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!;
        const t = performance.now();
        let status = 0;
        try {
          // LINE gives up on a webhook after a few seconds; 30 s here only keeps a stuck run from hanging.
          const res = await fetch(`${stack.url}/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-line-signature': b.signature },
            body: b.body,
            signal: AbortSignal.timeout(30_000),
          });
          const text = await res.text();
          status = res.status;
          // What refused it (our 503 when the events could not be stored, or the dev proxy's own).
          if (status !== 200) refusals[`${status} ${text.slice(0, 60)}`] = (refusals[`${status} ${text.slice(0, 60)}`] ?? 0) + 1;
        } catch (e) {
          status = 0;
          refusals[`0 ${String((e as Error)?.cause ?? e).slice(0, 60)}`] = (refusals[`0 ${String((e as Error)?.cause ?? e).slice(0, 60)}`] ?? 0) + 1;
        }
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const count = () => {
    const got = new Map<string, number>();
    for (const c of stack.line.fake.calls.slice(before)) {
      if ((c.path === '/v2/bot/message/reply' || c.path === '/v2/bot/message/push') && c.status === 200 && c.userId)
        got.set(c.userId, (got.get(c.userId) ?? 0) + 1);
    }
    return got;
  };
  const deadline = Date.now() + (o.settleMs ?? 30_000);
  let lastTick = Date.now();
  for (;;) {
    const got = count();
    if ([...perUser].every(([u, n]) => (got.get(u) ?? 0) >= n) || Date.now() > deadline) break;
    if (o.tickEveryMs && Date.now() - lastTick > o.tickEveryMs) {
      lastTick = Date.now();
      await stack.scheduled();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300)); // late duplicates, if any, show up here
  const got = count();
  let usersExact = 0;
  let answersMissing = 0;
  let answersExtra = 0;
  for (const [u, n] of perUser) {
    const g = got.get(u) ?? 0;
    if (g === n) usersExact++;
    answersMissing += Math.max(0, n - g);
    answersExtra += Math.max(0, g - n);
  }
  latencies.sort((a, b) => a - b);
  const problems: Record<string, number> = {};
  for (const m of stack
    .log()
    .slice(logFrom)
    .matchAll(/"level":"(?:warn|error)","event":"([^"]+)"(?:[^\n]*?"error":"([^"]+)")?/g)) {
    const key = m[2] ? `${m[1]} ${m[2]}` : m[1]!;
    problems[key] = (problems[key] ?? 0) + 1;
  }
  return {
    problems: { ...problems, ...refusals },
    requests: bodies.length,
    statuses,
    ackP50Ms: Math.round(pct(latencies, 50) * 10) / 10,
    ackP99Ms: Math.round(pct(latencies, 99) * 10) / 10,
    seconds: Math.round(seconds * 100) / 100,
    usersExact,
    users: perUser.size,
    answersMissing,
    answersExtra,
    delivered: [...got.values()].reduce((a, b) => a + b, 0),
    cpuMsPerEvent: Math.round(((stack.cpuMs() - cpu0) / plan.length) * 100) / 100,
  };
}

if (process.argv[1]?.endsWith('worker-stack.ts')) {
  const { userIdFor } = await import('../src/line/webhook-events.ts');
  const stack = await startWorkerStack();
  try {
    const fresh = async (prefix: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => userIdFor(`${prefix}-${i}`)));
    const u10 = await fresh('b10', 10);
    console.log(
      JSON.stringify({
        burst: 10,
        ...(await runLoad(
          stack,
          u10.map((userId) => ({ userId, text: 'メニュー' })),
          10,
        )),
      }),
    );
    const u50 = await fresh('b50', 50);
    console.log(
      JSON.stringify({
        burst: 50,
        ...(await runLoad(
          stack,
          u50.map((userId) => ({ userId, text: 'メニュー' })),
          50,
        )),
      }),
    );
    const u60 = await fresh('b60', 60);
    console.log(
      JSON.stringify({
        burst: 60,
        ...(await runLoad(
          stack,
          u60.map((userId) => ({ userId, text: '介護保険の申請はどこで' })),
          60,
        )),
      }),
    );
    const u200 = await fresh('c200', 100);
    console.log(
      JSON.stringify({
        load: '200@40',
        ...(await runLoad(
          stack,
          Array.from({ length: 200 }, (_, i) => ({ userId: u200[i % 100]!, text: i % 2 ? '使い方' : 'メニュー' })),
          40,
        )),
      }),
    );
  } finally {
    if (process.env.WORKER_STACK_LOG) console.log(stack.log().slice(-Number(process.env.WORKER_STACK_LOG)));
    await stack.close();
  }
}
