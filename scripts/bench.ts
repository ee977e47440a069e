/**
 * `npm run bench`: prints figures as JSON lines (never asserts time).
 *
 * Processes: the fake LINE API, renkei (Node, local libSQL file, dev key) and a minimal bot
 * each run in their own process; this process generates the load over loopback.
 *   1. burst: N events from U users with C requests in flight → ack latency, throughput,
 *      time until every event was answered, and whether each was answered exactly once;
 *   2. steady: a fixed rate of events per second → ack latency percentiles;
 *   3. the same burst against the minimal bot;
 *   4. engine + knowledge CPU per event, in-process; a knowledge lookup; what a fresh Worker
 *      isolate pays for the content (parsing the asset, the first lookup); emergency triage
 *      time per message;
 *   5. the Worker's size as wrangler would upload it, and its cold start under workerd
 *      (Miniflare): a fresh workerd until it listens, then its first and a warm request;
 *   6. the Worker's bundle under workerd (Miniflare) against a libSQL server (sqld), beside the
 *      Node server on the same sqld: a cold burst of 60 users, then 200 events at 40 in
 *      flight — throughput, p99 ack, CPU per event, exactly once;
 *   4b. the directory search: the nearest 10 among 5,000 places, and a search by 町名
 *      (scripts/bench/directory-search.ts);
 *   7. the fault suite's exactly-once figures at a larger scale: two processes given the
 *      same events, and a SIGKILL mid-load with restart and LINE's redelivery, while LINE is
 *      slow and failing at times (scripts/fault-scenarios.ts).
 * Options: --events 2000 --users 300 --concurrency 50 --rate 200 --seconds 5
 *          --only node,cpu,directory,bundle,cold-start,workerd,faults (the parts above: 1–3, 4, 4b, 5, 5, 6, 7)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signBody } from '../src/line/signature.ts';
import { events, userIdFor, webhookBody } from '../src/line/webhook-events.ts';
import { PROJECT_ROOT, loadBundle } from '../src/runtime/node-deps.ts';
import { prepareContent } from '../src/app/deps.ts';
import type { ContentBundle } from '../src/content/bundle.ts';
import { transition } from '../src/engine/transition.ts';
import { buildWorker, measureColdStart, processCpuMs, runLoad, startWorkerStack, type ColdStart, type LoadResult } from './worker-stack.ts';
import { killMidLoad, twoProcesses } from './fault-scenarios.ts';
import { initialState } from '../src/engine/types.ts';
import { directoryBench } from './bench/directory-search.ts';

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const EVENTS = opt('events', 2000);
const USERS = opt('users', 300);
const CONCURRENCY = opt('concurrency', 50);
const RATE = opt('rate', 200);
const SECONDS = opt('seconds', 5);
/** --only cpu,bundle,cold-start: just these parts (node, cpu, directory, bundle, cold-start, workerd, faults). */
const only = argv.includes('--only') ? new Set(argv[argv.indexOf('--only') + 1]!.split(',')) : null;
const wanted = (part: string) => !only || only.has(part);
const SECRET = 'bench-secret';
const QUESTIONS = [
  '介護保険の申請はどこでしますか',
  '訪問看護を頼みたい',
  'メニュー',
  'ケアマネを変えたい',
  '入院のとき何を持っていけばいい',
  '家で看取ることはできますか',
  '人生会議ってなに',
  '使い方',
];

const print = (o: object) => console.log(JSON.stringify(o));

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...args.filter((a) => a.startsWith('--cpu-prof')), '--import', 'tsx', ...args.filter((a) => !a.startsWith('--cpu-prof'))],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      if (ready.test(out)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}):\n${out}`)));
  });
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not become healthy`);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number) => Math.round(n * 100) / 100;

interface Prepared {
  body: string;
  signature: string;
  replyToken: string;
}

async function prepare(n: number, users: string[], t0: number): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (let i = 0; i < n; i++) {
    const replyToken = `bench${i}x${Math.random().toString(36).slice(2, 10)}`;
    const userId = users[i % users.length]!;
    const body = webhookBody([events.text({ userId, replyToken, timestamp: t0 + i }, QUESTIONS[i % QUESTIONS.length]!)]);
    out.push({ body, signature: await signBody(SECRET, body), replyToken });
  }
  return out;
}

async function post(url: string, p: Prepared): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': p.signature }, body: p.body });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  return performance.now() - t;
}

async function burst(url: string, batch: Prepared[]): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batch.length) latencies.push(await post(url, batch[next++]!));
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

async function steady(url: string, batch: Prepared[]): Promise<number[]> {
  const latencies: number[] = [];
  const interval = 1000 / RATE;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < batch.length; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post(url, batch[i]!).then((ms) => void latencies.push(ms)));
  }
  await Promise.all(inflight);
  return latencies.sort((a, b) => a - b);
}

/** Waits until the fake has a successful reply or push for every token; counts per token. */
async function answered(
  lineUrl: string,
  tokens: Set<string>,
  timeoutMs = 120_000,
): Promise<{ seconds: number; exactlyOnce: boolean; answered: number; duplicates: number }> {
  const t0 = performance.now();
  for (;;) {
    const { calls } = (await (await fetch(`${lineUrl}/__fake/calls`)).json()) as {
      calls: Array<{ path: string; status: number; body: { replyToken?: string } }>;
    };
    const perToken = new Map<string, number>();
    for (const c of calls) {
      const token = c.body?.replyToken;
      if (token && tokens.has(token) && c.path.endsWith('/reply') && c.status === 200) perToken.set(token, (perToken.get(token) ?? 0) + 1);
    }
    const rejected = calls.filter((c) => c.path.endsWith('/reply') && c.status !== 200 && c.body?.replyToken && tokens.has(c.body.replyToken)).length;
    if (perToken.size === tokens.size || performance.now() - t0 > timeoutMs) {
      const duplicates = [...perToken.values()].filter((n) => n > 1).length + rejected;
      return { seconds: (performance.now() - t0) / 1000, exactlyOnce: perToken.size === tokens.size && duplicates === 0, answered: perToken.size, duplicates };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Worker as wrangler would upload it (content included), measured offline. */
async function workerBundleSize(dir: string): Promise<{ kib?: number; gzip_kib?: number; error?: string }> {
  const out = await new Promise<string>((resolve) => {
    const child = spawn(join(PROJECT_ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--minify', '--outdir', join(dir, 'worker')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.once('exit', () => resolve(text));
  });
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(out);
  return m ? { kib: Number(m[1]), gzip_kib: Number(m[2]) } : { error: 'wrangler did not report a size' };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-'));
  try {
    if (wanted('node')) await nodeBench(dir);
    if (wanted('cpu')) await cpuBench();
    if (wanted('directory')) print(directoryBench());
    if (wanted('bundle')) print({ bench: 'worker.bundle', ...(await workerBundleSize(dir)) });
    if (wanted('cold-start')) await coldStartBench();
    if (wanted('workerd')) await workerBench();
    if (wanted('faults')) await faultBench();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** renkei's Node server and a minimal bot, each in its own process, under the same bursts. */
async function nodeBench(dir: string): Promise<void> {
  const children: ChildProcess[] = [];
  try {
    const linePort = await freePort();
    const lineUrl = `http://127.0.0.1:${linePort}`;
    children.push(await start(['fakes/line/fake-line-server.ts', '--port', String(linePort), '--lenient-tokens', '--max-calls', '100000'], {}, /listening/));
    const appPort = await freePort();
    const env = {
      PORT: String(appPort),
      DATABASE_URL: `file:${join(dir, 'bench.db')}`,
      DATA_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'bench-token',
      LINE_API_BASE_URL: lineUrl,
      LINE_DATA_API_BASE_URL: lineUrl,
    };
    const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
    const renkei = await start([...profile, 'src/runtime/node.ts'], env, /renkei is running/);
    children.push(renkei);
    const appUrl = `http://127.0.0.1:${appPort}`;
    await waitHealthy(`${appUrl}/health`);
    const minimalPort = await freePort();
    children.push(
      await start(['scripts/bench/minimal-bot.ts'], { PORT: String(minimalPort), LINE_CHANNEL_SECRET: SECRET, LINE_API_BASE_URL: lineUrl }, /minimal bot/),
    );

    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => userIdFor(`bench-user-${i}`)));
    print({
      bench: 'setup',
      node: process.version,
      events: EVENTS,
      users: USERS,
      concurrency: CONCURRENCY,
      database: 'local libSQL file',
      line: 'fake LINE API in another process',
    });

    // Warm-up (JIT, database pages), not measured.
    await burst(`${appUrl}/webhook`, await prepare(200, users, Date.now()));
    await new Promise((r) => setTimeout(r, 1500));

    const batch = await prepare(EVENTS, users, Date.now());
    const renkeiCpu0 = processCpuMs(renkei.pid!);
    const b = await burst(`${appUrl}/webhook`, batch);
    const done = await answered(lineUrl, new Set(batch.map((p) => p.replyToken)));
    const nodeCpuPerEvent = round((processCpuMs(renkei.pid!) - renkeiCpu0) / EVENTS);
    print({
      bench: 'renkei.burst',
      events: EVENTS,
      ack_p50_ms: round(pct(b.latencies, 50)),
      ack_p95_ms: round(pct(b.latencies, 95)),
      ack_p99_ms: round(pct(b.latencies, 99)),
      ack_throughput_per_s: Math.round(EVENTS / b.seconds),
      all_answered_after_s: round(b.seconds + done.seconds),
      answered: done.answered,
      exactly_once: done.exactlyOnce,
      duplicates: done.duplicates,
      cpu_ms_per_event: nodeCpuPerEvent,
    });

    const steadyBatch = await prepare(RATE * SECONDS, users, Date.now());
    const s = await steady(`${appUrl}/webhook`, steadyBatch);
    const steadyDone = await answered(lineUrl, new Set(steadyBatch.map((p) => p.replyToken)));
    print({
      bench: 'renkei.steady',
      rate_per_s: RATE,
      seconds: SECONDS,
      ack_p50_ms: round(pct(s, 50)),
      ack_p99_ms: round(pct(s, 99)),
      ack_max_ms: round(s.at(-1) ?? NaN),
      exactly_once: steadyDone.exactlyOnce,
    });

    const minimalBatch = await prepare(EVENTS, users, Date.now());
    await burst(`http://127.0.0.1:${minimalPort}/webhook`, await prepare(200, users, Date.now()));
    const m = await burst(`http://127.0.0.1:${minimalPort}/webhook`, minimalBatch);
    print({
      bench: 'minimal-bot.burst',
      events: EVENTS,
      ack_p50_ms: round(pct(m.latencies, 50)),
      ack_p99_ms: round(pct(m.latencies, 99)),
      ack_throughput_per_s: Math.round(EVENTS / m.seconds),
    });
    print({ bench: 'ratio', renkei_vs_minimal_throughput: round(EVENTS / b.seconds / (EVENTS / m.seconds)) });
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

async function cpuBench(): Promise<void> {
  // CPU of the pure engine + knowledge per event, in this process.
  const content = prepareContent(await loadBundle());
  const ctx = {
    flows: content.bundle.flows,
    intents: content.intents,
    knowledge: content.knowledge,
    label: (k: string) => k,
    now: new Date(),
    chat: 'user' as const,
    addressed: true,
    entry: { welcome: 'welcome', menu: 'main' },
  };
  const N = 5000;
  for (let i = 0; i < 500; i++) transition(ctx, initialState(), { type: 'text', text: QUESTIONS[i % QUESTIONS.length]! });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) transition(ctx, initialState(), { type: 'text', text: QUESTIONS[i % QUESTIONS.length]! });
  const cpu = process.cpuUsage(cpu0);
  print({
    bench: 'engine+knowledge',
    events: N,
    cpu_us_per_event: round((cpu.user + cpu.system) / N),
    wall_us_per_event: round(((performance.now() - t0) * 1000) / N),
  });
  const q0 = performance.now();
  for (let i = 0; i < N; i++) content.knowledge.search(QUESTIONS[i % QUESTIONS.length]!);
  print({ bench: 'knowledge.lookup', topics: content.bundle.topics.length, queries: N, us_per_query: round(((performance.now() - q0) * 1000) / N) });
  // What a fresh Worker isolate does with the content asset before its first answer.
  const asset = readFileSync(join(PROJECT_ROOT, 'dist/worker-assets/content.json'), 'utf8');
  const p0 = performance.now();
  const fresh = prepareContent(JSON.parse(asset) as ContentBundle);
  const p1 = performance.now();
  fresh.knowledge.search(QUESTIONS[0]!);
  print({
    bench: 'knowledge.cold',
    asset_kb: Math.round(Buffer.byteLength(asset) / 1024),
    parse_and_prepare_ms: round(p1 - p0),
    first_lookup_ms: round(performance.now() - p1),
  });
  // Emergency triage runs on every message: its time per message over the development set
  // (emergencies and calm near misses) and the everyday questions above.
  const triageTexts = [
    ...QUESTIONS,
    ...['emergency.jsonl', 'near-miss.jsonl'].flatMap((f) =>
      readFileSync(join(PROJECT_ROOT, 'test/triage', f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { text: string }).text),
    ),
  ];
  for (const t of triageTexts) content.knowledge.triage(t);
  const T = Math.max(20000, triageTexts.length * 20);
  const d0 = performance.now();
  for (let i = 0; i < T; i++) content.knowledge.triage(triageTexts[i % triageTexts.length]!);
  print({ bench: 'triage.detection', messages: T, distinct: triageTexts.length, us_per_message: round(((performance.now() - d0) * 1000) / T) });
  print({ bench: 'memory', rss_mb: Math.round(process.memoryUsage().rss / 1e6) });
}

/**
 * The deploy bundle's cold start under workerd: a fresh workerd until it listens with the
 * script loaded, then the first request (content fetched from the assets and prepared) and a
 * second, warm one; beside a minimal Worker, which is what workerd itself costs. Medians.
 */
async function coldStartBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-cold-'));
  try {
    const worker = await buildWorker(dir);
    const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const figures = (runs: ColdStart[]) => ({
      runs: runs.length,
      ready_ms: median(runs.map((r) => r.readyMs)),
      first_response_ms: median(runs.map((r) => r.firstResponseMs)),
      warm_response_ms: median(runs.map((r) => r.warmResponseMs)),
      status: runs[0]?.firstStatus,
    });
    const baseline = figures(await measureColdStart(worker, 5, true));
    print({
      bench: 'workerd.cold-start',
      request: 'webhook refused (wrong signature, no database)',
      ...figures(await measureColdStart(worker, 5)),
      minimal_worker: baseline,
    });
  } catch (e) {
    print({ bench: 'workerd.cold-start', error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadFigures = (r: LoadResult) => ({
  requests: r.requests,
  statuses: r.statuses,
  ack_p50_ms: r.ackP50Ms,
  ack_p99_ms: r.ackP99Ms,
  throughput_per_s: Math.round(r.requests / r.seconds),
  cpu_ms_per_event: r.cpuMsPerEvent,
  users_exact: `${r.usersExact}/${r.users}`,
  answers_missing: r.answersMissing,
  answers_duplicated: r.answersExtra,
  ...(Object.keys(r.problems).length ? { problems: r.problems } : {}),
});

/** The Worker (workerd) and the Node server on one libSQL server, the same loads. */
async function workerBench(): Promise<void> {
  const stack = await startWorkerStack();
  let node: ChildProcess | undefined;
  try {
    const ids = (prefix: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => userIdFor(`${prefix}-${i}`)));
    const cold = await ids('wb-cold', 60);
    print({
      bench: 'workerd.cold-burst-60',
      ...loadFigures(
        await runLoad(
          stack,
          cold.map((userId) => ({ userId, text: QUESTIONS[0]! })),
          60,
          { settleMs: 60_000 },
        ),
      ),
    });
    const plan = async (prefix: string) => {
      const u = await ids(prefix, 100);
      return Array.from({ length: 200 }, (_, i) => ({ userId: u[i % 100]!, text: QUESTIONS[i % QUESTIONS.length]! }));
    };
    print({
      bench: 'workerd.200-at-40',
      database: 'sqld',
      ...loadFigures(await runLoad(stack, await plan('wb-w'), 40, { settleMs: 90_000, tickEveryMs: 1_000 })),
    });

    const port = await freePort();
    node = await start(
      ['src/runtime/node.ts'],
      {
        PORT: String(port),
        DATABASE_URL: stack.sqld.url,
        DATA_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
        LINE_CHANNEL_SECRET: 'worker-stack-secret',
        LINE_CHANNEL_ACCESS_TOKEN: 'bench-token',
        LINE_API_BASE_URL: stack.line.url,
        LINE_DATA_API_BASE_URL: stack.line.url,
        LOG_LEVEL: 'warn',
      },
      /renkei is running/,
    );
    const pid = node.pid!;
    let out = '';
    node.stdout!.on('data', (d) => (out += d));
    const target = { url: `http://127.0.0.1:${port}`, line: stack.line, cpuMs: () => processCpuMs(pid), scheduled: async () => 200, log: () => out };
    await runLoad(target, (await plan('wb-nwarm')).slice(0, 60), 40, { settleMs: 30_000 }); // warm-up (JIT), not printed
    print({ bench: 'node.200-at-40', database: 'sqld', ...loadFigures(await runLoad(target, await plan('wb-n'), 40, { settleMs: 90_000 })) });
  } catch (e) {
    print({ bench: 'workerd', error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
  } finally {
    node?.kill('SIGTERM');
    await stack.close();
  }
}

/** LINE having a bad moment while the fault scenarios run. */
const FLAKY = {
  faults: [
    { path: '/v2/bot/message/reply', delayMs: 300, times: 20 },
    { path: '/v2/bot/message/reply', status: 500, times: 10 },
    { path: '/v2/bot/message/reply', status: 429, times: 5 },
    { path: '/v2/bot/message/push', status: 503, times: 5 },
  ],
};

async function faultBench(): Promise<void> {
  const { startSqld } = await import('./worker-stack.ts');
  const sqld = await startSqld();
  try {
    print({
      bench: 'exactly-once',
      line: 'slow replies, 5xx, 429 (fake LINE keeping LINE rules)',
      ...(await twoProcesses({ databaseUrl: sqld.url, users: 50, events: 200, concurrency: 20, behaviour: FLAKY })),
    });
    print({
      bench: 'exactly-once',
      line: 'slow replies, 5xx, 429 (fake LINE keeping LINE rules)',
      ...(await killMidLoad({ databaseUrl: sqld.url, users: 50, events: 300, concurrency: 20, killAfter: 100, behaviour: FLAKY })),
    });
  } catch (e) {
    print({ bench: 'exactly-once', error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
  } finally {
    await sqld.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
