/**
 * `npm run bench`: prints figures as JSON lines (never asserts time).
 *
 * Processes: the fake LINE API, renkei (Node, local libSQL file, dev key) and a minimal bot
 * each run in their own process; this process generates the load over loopback.
 *   1. burst: N events from U users with C requests in flight → ack latency, throughput,
 *      time until every event was answered, and whether each was answered exactly once;
 *   2. steady: a fixed rate of events per second → ack latency percentiles;
 *   3. the same burst against the minimal bot;
 *   4. engine + knowledge CPU per event, in-process; emergency triage time per message.
 * Options: --events 2000 --users 300 --concurrency 50 --rate 200 --seconds 5
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
import { transition } from '../src/engine/transition.ts';
import { initialState } from '../src/engine/types.ts';

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
const SECRET = 'bench-secret';
const QUESTIONS = ['介護保険の申請はどこでしますか', '訪問看護を頼みたい', 'メニュー', 'ケアマネを変えたい', '入院のとき何を持っていけばいい', '家で看取ることはできますか', '人生会議ってなに', '使い方'];

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
    const child = spawn(process.execPath, [...args.filter((a) => a.startsWith('--cpu-prof')), '--import', 'tsx', ...args.filter((a) => !a.startsWith('--cpu-prof'))], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
async function answered(lineUrl: string, tokens: Set<string>, timeoutMs = 120_000): Promise<{ seconds: number; exactlyOnce: boolean; answered: number; duplicates: number }> {
  const t0 = performance.now();
  for (;;) {
    const { calls } = (await (await fetch(`${lineUrl}/__fake/calls`)).json()) as { calls: Array<{ path: string; status: number; body: { replyToken?: string } }> };
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
  const children: ChildProcess[] = [];
  try {
    const linePort = await freePort();
    const lineUrl = `http://127.0.0.1:${linePort}`;
    children.push(await start(['src/line/fake-line-server.ts', '--port', String(linePort), '--lenient-tokens', '--max-calls', '100000'], {}, /listening/));
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
    children.push(await start([...profile, 'src/runtime/node.ts'], env, /renkei is running/));
    const appUrl = `http://127.0.0.1:${appPort}`;
    await waitHealthy(`${appUrl}/health`);
    const minimalPort = await freePort();
    children.push(await start(['scripts/bench/minimal-bot.ts'], { PORT: String(minimalPort), LINE_CHANNEL_SECRET: SECRET, LINE_API_BASE_URL: lineUrl }, /minimal bot/));

    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => userIdFor(`bench-user-${i}`)));
    print({ bench: 'setup', node: process.version, events: EVENTS, users: USERS, concurrency: CONCURRENCY, database: 'local libSQL file', line: 'fake LINE API in another process' });

    // Warm-up (JIT, database pages), not measured.
    await burst(`${appUrl}/webhook`, await prepare(200, users, Date.now()));
    await new Promise((r) => setTimeout(r, 1500));

    const batch = await prepare(EVENTS, users, Date.now());
    const b = await burst(`${appUrl}/webhook`, batch);
    const done = await answered(lineUrl, new Set(batch.map((p) => p.replyToken)));
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
    });

    const steadyBatch = await prepare(RATE * SECONDS, users, Date.now());
    const s = await steady(`${appUrl}/webhook`, steadyBatch);
    const steadyDone = await answered(lineUrl, new Set(steadyBatch.map((p) => p.replyToken)));
    print({ bench: 'renkei.steady', rate_per_s: RATE, seconds: SECONDS, ack_p50_ms: round(pct(s, 50)), ack_p99_ms: round(pct(s, 99)), ack_max_ms: round(s.at(-1) ?? NaN), exactly_once: steadyDone.exactlyOnce });

    const minimalBatch = await prepare(EVENTS, users, Date.now());
    await burst(`http://127.0.0.1:${minimalPort}/webhook`, (await prepare(200, users, Date.now())));
    const m = await burst(`http://127.0.0.1:${minimalPort}/webhook`, minimalBatch);
    print({ bench: 'minimal-bot.burst', events: EVENTS, ack_p50_ms: round(pct(m.latencies, 50)), ack_p99_ms: round(pct(m.latencies, 99)), ack_throughput_per_s: Math.round(EVENTS / m.seconds) });
    print({ bench: 'ratio', renkei_vs_minimal_throughput: round(EVENTS / b.seconds / (EVENTS / m.seconds)) });

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
    print({ bench: 'engine+knowledge', events: N, cpu_us_per_event: round((cpu.user + cpu.system) / N), wall_us_per_event: round(((performance.now() - t0) * 1000) / N) });
    const q0 = performance.now();
    for (let i = 0; i < N; i++) content.knowledge.search(QUESTIONS[i % QUESTIONS.length]!);
    print({ bench: 'knowledge.lookup', topics: content.bundle.topics.length, queries: N, us_per_query: round(((performance.now() - q0) * 1000) / N) });
    // Emergency triage runs on every message: its time per message over the development set
    // (emergencies and calm near misses) and the everyday questions above.
    const triageTexts = [...QUESTIONS, ...['emergency.jsonl', 'near-miss.jsonl'].flatMap((f) => readFileSync(join(PROJECT_ROOT, 'test/triage', f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text))];
    for (const t of triageTexts) content.knowledge.triage(t);
    const T = Math.max(20000, triageTexts.length * 20);
    const d0 = performance.now();
    for (let i = 0; i < T; i++) content.knowledge.triage(triageTexts[i % triageTexts.length]!);
    print({ bench: 'triage.detection', messages: T, distinct: triageTexts.length, us_per_message: round(((performance.now() - d0) * 1000) / T) });
    print({ bench: 'memory', rss_mb: Math.round(process.memoryUsage().rss / 1e6) });
    print({ bench: 'worker.bundle', ...(await workerBundleSize(dir)) });
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
