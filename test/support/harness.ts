/**
 * A whole renkei app for tests: a temp database file, the real content, and the fake LINE
 * API in-process. `send` posts a signed webhook through app.request() and waits for the
 * background processing, so assertions see what the bot delivered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { messagingApi } from '@line/bot-sdk';
import type { Client } from '@libsql/client';
import type { Clock } from '../../src/app/clock.ts';
import type { ContentBundle } from '../../src/content/bundle.ts';
import { createLogger } from '../../src/app/log.ts';
import { createNodeApp, loadBundle, type NodeApp } from '../../src/runtime/node-deps.ts';
import { createFakeLine, type FakeBehaviour, type FakeLine, type FakeLineOptions } from '../../fakes/line/fake-line.ts';
import { describeMessage, type DescribedMessage } from '../../src/line/describe.ts';
import { events, signedWebhook, userIdFor, webhookBody, type EventOptions } from '../../src/line/webhook-events.ts';

export const TEST_SECRET = 'test-channel-secret';
export const TEST_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
/**
 * The business clock every test app starts with unless it sets RENKEI_NOW itself: a Monday
 * within the center's opening hours. No test may depend on the day it runs.
 */
export const TEST_NOW = '2026-11-30T10:00:00+09:00';

let bundlePromise: Promise<ContentBundle> | undefined;
export const testBundle = () => (bundlePromise ??= loadBundle());

export interface HarnessOptions {
  env?: Record<string, string>;
  behaviour?: FakeBehaviour;
  profiles?: FakeLineOptions['profiles'];
  client?: Client;
  /** Real sleeps (default: instant, so retries do not slow tests down). */
  realSleep?: boolean;
  lineTimeoutMs?: number;
  wallClock?: () => number;
  /** Business time that the test moves itself (default: RENKEI_NOW, frozen). */
  clock?: Clock;
}

export interface Harness {
  node: NodeApp;
  fake: FakeLine;
  logs: string[];
  dbFile: string;
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  send(evs: unknown[]): Promise<Response>;
  user(name: string): Promise<UserDriver>;
  close(): Promise<void>;
}

export interface UserDriver {
  id: string;
  follow(): Promise<DescribedMessage[]>;
  say(text: string): Promise<DescribedMessage[]>;
  postback(data: string): Promise<DescribedMessage[]>;
  /** Shares a location, as LINE's location picker does. */
  location(lat: number, lng: number): Promise<DescribedMessage[]>;
  /** Picks this value (YYYY-MM-DD, or YYYY-MM-DDTHH:MM) in the date picker among the last messages. */
  pick(value: string): Promise<DescribedMessage[]>;
  /** Taps the quick reply or button with this label among the last messages. */
  tap(label: string): Promise<DescribedMessage[]>;
  last: DescribedMessage[];
  event(kind: 'text' | 'postback' | 'follow' | 'unfollow' | 'sticker' | 'image', arg?: string, o?: Partial<EventOptions>): unknown;
}

export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-test-'));
  const dbFile = join(dir, 'test.db');
  const logs: string[] = [];
  const fake = createFakeLine({ ...(opts.behaviour ? { behaviour: opts.behaviour } : {}), ...(opts.profiles ? { profiles: opts.profiles } : {}) });
  const node = await createNodeApp({
    env: {
      DATABASE_URL: `file:${dbFile}`,
      DATA_ENCRYPTION_KEY: TEST_KEY,
      LINE_CHANNEL_SECRET: TEST_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'test-access-token',
      LINE_API_BASE_URL: 'http://line.test',
      LINE_DATA_API_BASE_URL: 'http://line-data.test',
      RENKEI_NOW: TEST_NOW,
      ...opts.env,
    },
    bundle: await testBundle(),
    fetch: fake.fetch,
    fakeLine: fake,
    ...(opts.client ? { client: opts.client } : {}),
    log: createLogger((l) => logs.push(l), 'debug'),
    ...(opts.realSleep ? {} : { sleep: async () => undefined }),
    ...(opts.wallClock ? { wallClock: opts.wallClock } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.lineTimeoutMs ? { lineTimeoutMs: opts.lineTimeoutMs } : {}),
  });

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const init = await signedWebhook(TEST_SECRET, body);
    const res = await node.app.request('/webhook', { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
    await node.drain();
    return res;
  };
  const send = (evs: unknown[]) => post(webhookBody(evs));

  const harness: Harness = {
    node,
    fake,
    logs,
    dbFile,
    post,
    send,
    async user(name) {
      const id = await userIdFor(name);
      let seen = 0;
      const collect = (): DescribedMessage[] => {
        const all = fake.messagesFor(id);
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh.map((m) => describeMessage(m as messagingApi.Message));
      };
      const driver: UserDriver = {
        id,
        last: [],
        event(kind, arg = '', o = {}) {
          const base = { userId: id, replyToken: fake.issueReplyToken(id), ...o };
          if (kind === 'text') return events.text({ markAsReadToken: fake.issueMarkAsReadToken(id), ...base }, arg);
          if (kind === 'postback') return events.postback(base, arg);
          if (kind === 'follow') return events.follow(base);
          if (kind === 'unfollow') return events.unfollow({ userId: id, ...o });
          if (kind === 'sticker') return events.sticker(base);
          return events.image(base);
        },
        async follow() {
          await send([driver.event('follow')]);
          return (driver.last = collect());
        },
        async say(text) {
          await send([driver.event('text', text)]);
          return (driver.last = collect());
        },
        async postback(data) {
          await send([driver.event('postback', data)]);
          return (driver.last = collect());
        },
        async location(lat, lng) {
          await send([events.location({ userId: id, replyToken: fake.issueReplyToken(id) }, lat, lng)]);
          return (driver.last = collect());
        },
        async pick(value) {
          const picker = driver.last.flatMap((m) => [...m.quickReplies, ...m.buttons]).find((a) => a.kind === 'datetimepicker');
          if (!picker) throw new Error('no date picker among the last messages');
          const mode = picker.mode ?? 'date';
          await send([events.postback({ userId: id, replyToken: fake.issueReplyToken(id) }, picker.value, { [mode]: value })]);
          return (driver.last = collect());
        },
        async tap(label) {
          const actions = driver.last.flatMap((m) => [...m.quickReplies, ...m.buttons]);
          const hit = actions.find((a) => a.label === label) ?? actions.find((a) => a.label.startsWith(label.replace(/…$/, '')));
          if (!hit) throw new Error(`no button "${label}" among: ${actions.map((a) => a.label).join(' | ')}`);
          if (hit.kind === 'postback') return driver.postback(hit.value);
          if (hit.kind === 'message') return driver.say(hit.value);
          throw new Error(`button "${label}" is a ${hit.kind} action (${hit.value})`);
        },
      };
      return driver;
    },
    async close() {
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** All text the user saw in these messages (message text, Flex texts, button labels). */
export function allText(ms: DescribedMessage[]): string {
  return ms.map((m) => [...m.lines, ...m.buttons.map((b) => b.label)].join('\n')).join('\n');
}
