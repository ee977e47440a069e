/**
 * Exactly-once under faults, across processes: renkei's Node server run as real child
 * processes on one libSQL server (sqld), the fake LINE API (which keeps LINE's rules:
 * single-use reply tokens, retry keys accepted once) in this process. Two scenarios, used by
 * test/faults/ with small numbers and by `npm run bench` with larger ones:
 *
 * - `twoProcesses`: every webhook is sent to two processes at the same moment;
 * - `killMidLoad`: a process is killed with SIGKILL in the middle of a load, a new one is
 *   started on the same database, and LINE redelivers every webhook that got no 200.
 *
 * Both count what each user saw: an answer per event sent, none twice, none lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { FakeBehaviour } from '../fakes/line/fake-line.ts';
import { startFakeLineServer, type FakeLineServer } from '../fakes/line/fake-line-server.ts';
import { signBody } from '../src/line/signature.ts';
import { events, userIdFor, webhookBody } from '../src/line/webhook-events.ts';
import { PROJECT_ROOT } from '../src/runtime/node-deps.ts';
import { freePort, LOAD_BUSINESS_TIME } from './worker-stack.ts';

const SECRET = 'fault-scenario-secret';
const TEXTS = ['メニュー', '使い方', '介護保険の申請はどこで', 'ケアマネを変えたい', '入院のとき持っていくもの'];

export interface RenkeiProcess {
  url: string;
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

/** renkei's Node server (`npm start`'s entry) in its own process. */
export async function startRenkei(databaseUrl: string, lineUrl: string, env: Record<string, string> = {}): Promise<RenkeiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATA_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'fault-token',
      LINE_API_BASE_URL: lineUrl,
      LINE_DATA_API_BASE_URL: lineUrl,
      LOG_LEVEL: 'warn',
      RENKEI_NOW: LOAD_BUSINESS_TIME,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-100_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-100_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`renkei exited with ${child.exitCode}:\n${out}`);
    if (/renkei is running/.test(out)) break;
    if (Date.now() > deadline) throw new Error(`renkei did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    output: () => out,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

interface PlannedWebhook {
  userId: string;
  events: Array<Record<string, unknown>>;
}

async function plan(prefix: string, users: number, events_: number, fake: FakeLineServer): Promise<{ hooks: PlannedWebhook[]; perUser: Map<string, number> }> {
  const ids = await Promise.all(Array.from({ length: users }, (_, i) => userIdFor(`${prefix}-${i}`)));
  const perUser = new Map<string, number>();
  const hooks: PlannedWebhook[] = [];
  const t0 = Date.now();
  for (let i = 0; i < events_; i++) {
    const userId = ids[i % users]!;
    perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
    const ev = events.text({ userId, replyToken: fake.fake.issueReplyToken(userId), timestamp: t0 + i }, TEXTS[i % TEXTS.length]!);
    hooks.push({ userId, events: [ev] });
  }
  return { hooks, perUser };
}

async function post(url: string, hook: PlannedWebhook, redelivery = false): Promise<number> {
  const evs = redelivery ? hook.events.map((e) => ({ ...e, deliveryContext: { isRedelivery: true } })) : hook.events;
  const body = webhookBody(evs);
  try {
    const res = await fetch(`${url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': await signBody(SECRET, body) },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // the connection broke: LINE saw no 200
  }
}

export interface ExactlyOnceFigures extends Counts {
  scenario: string;
  seconds: number;
  [k: string]: unknown;
}

interface Counts {
  events: number;
  users: number;
  /** users who saw exactly one answer per message they sent */
  users_exact: number;
  answers_missing: number;
  answers_duplicated: number;
  /** reply calls LINE refused as a reused token (each one a sign of a second sender) */
  reply_token_reused: number;
  pushes: number;
}

/** Waits until each user has as many answers as messages (or `timeoutMs`), then counts. */
async function settle(fake: FakeLineServer, perUser: Map<string, number>, timeoutMs: number): Promise<Counts> {
  const count = () => {
    const got = new Map<string, number>();
    for (const c of fake.fake.calls) {
      if ((c.path === '/v2/bot/message/reply' || c.path === '/v2/bot/message/push') && c.status === 200 && c.userId && perUser.has(c.userId))
        got.set(c.userId, (got.get(c.userId) ?? 0) + 1);
    }
    return got;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && ![...perUser].every(([u, n]) => (count().get(u) ?? 0) >= n)) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 500)); // a late second copy would show up here
  const got = count();
  let usersExact = 0;
  let missing = 0;
  let duplicated = 0;
  for (const [u, n] of perUser) {
    const g = got.get(u) ?? 0;
    if (g === n) usersExact++;
    missing += Math.max(0, n - g);
    duplicated += Math.max(0, g - n);
  }
  const mine = fake.fake.calls.filter((c) => c.userId && perUser.has(c.userId));
  return {
    events: [...perUser.values()].reduce((a, b) => a + b, 0),
    users: perUser.size,
    users_exact: usersExact,
    answers_missing: missing,
    answers_duplicated: duplicated,
    reply_token_reused: mine.filter((c) => c.path === '/v2/bot/message/reply' && c.status === 400).length,
    pushes: mine.filter((c) => c.path === '/v2/bot/message/push' && c.status === 200).length,
  };
}

async function inParallel<T>(items: T[], concurrency: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

export interface ScenarioOptions {
  databaseUrl: string;
  users: number;
  events: number;
  concurrency?: number;
  /** LINE's behaviour while the scenario runs (slow or failing calls) */
  behaviour?: FakeBehaviour;
  settleMs?: number;
  /** a distinct prefix per run, so users are new on a shared database */
  prefix?: string;
}

/** Every webhook goes to two processes on one database at the same moment. */
export async function twoProcesses(o: ScenarioOptions): Promise<ExactlyOnceFigures> {
  const fake = await startFakeLineServer({ port: 0, maxCalls: 500_000 });
  const env = { CLAIM_LEASE_SECONDS: '3' };
  const a = await startRenkei(o.databaseUrl, fake.url, env);
  const b = await startRenkei(o.databaseUrl, fake.url, env);
  try {
    const { hooks, perUser } = await plan(o.prefix ?? `two-${Date.now()}`, o.users, o.events, fake);
    if (o.behaviour) fake.fake.setBehaviour(o.behaviour);
    const t0 = performance.now();
    let not200 = 0;
    await inParallel(hooks, o.concurrency ?? 20, async (hook) => {
      const statuses = await Promise.all([post(a.url, hook), post(b.url, hook)]);
      not200 += statuses.filter((s) => s !== 200).length;
    });
    const figures = await settle(fake, perUser, o.settleMs ?? 60_000);
    return { scenario: 'two-processes-same-events', ...figures, webhooks_not_200: not200, seconds: Math.round((performance.now() - t0) / 10) / 100 };
  } finally {
    await Promise.all([a.kill(), b.kill()]);
    await fake.close();
  }
}

/**
 * A process killed with SIGKILL once `killAfter` webhooks were acknowledged; a new process on
 * the same database; LINE's redelivery of every webhook that got no 200.
 */
export async function killMidLoad(o: ScenarioOptions & { killAfter?: number }): Promise<ExactlyOnceFigures> {
  const fake = await startFakeLineServer({ port: 0, maxCalls: 500_000 });
  const env = { CLAIM_LEASE_SECONDS: '2' };
  const first = await startRenkei(o.databaseUrl, fake.url, env);
  let second: RenkeiProcess | undefined;
  try {
    const { hooks, perUser } = await plan(o.prefix ?? `kill-${Date.now()}`, o.users, o.events, fake);
    if (o.behaviour) fake.fake.setBehaviour(o.behaviour);
    const killAfter = o.killAfter ?? Math.floor(hooks.length / 3);
    const statuses: number[] = new Array(hooks.length).fill(0);
    let acked = 0;
    let killing: Promise<void> | undefined;
    const t0 = performance.now();
    await inParallel(hooks, o.concurrency ?? 20, async (hook, i) => {
      if (killing) return; // the process is gone: LINE gets no answer for the rest
      statuses[i] = await post(first.url, hook);
      if (statuses[i] === 200 && ++acked >= killAfter) killing ??= first.kill('SIGKILL');
    });
    await killing;
    const unacknowledged = hooks.filter((_, i) => statuses[i] !== 200);
    second = await startRenkei(o.databaseUrl, fake.url, env);
    // LINE redelivers what got no 200 (same webhookEventId and reply token).
    let redeliveredNot200 = 0;
    await inParallel(unacknowledged, o.concurrency ?? 20, async (hook) => {
      if ((await post(second!.url, hook, true)) !== 200) redeliveredNot200++;
    });
    const figures = await settle(fake, perUser, o.settleMs ?? 90_000);
    return {
      scenario: 'sigkill-mid-load-restart-redelivery',
      ...figures,
      acknowledged_before_kill: acked,
      redelivered: unacknowledged.length,
      redelivered_not_200: redeliveredNot200,
      seconds: Math.round((performance.now() - t0) / 10) / 100,
    };
  } finally {
    await first.kill('SIGKILL');
    await second?.kill();
    await fake.close();
  }
}
