/**
 * /dev: the local LINE simulator (dev mode only, mounted by createApp).
 *
 *   GET  /dev                             the page
 *   GET  /dev/simulator.js, simulator.css its script and style (served, never inline: CSP), and favicon.svg
 *   POST /dev/api/users/:key/open         first open: a follow event unless the user already talks to the bot
 *   POST /dev/api/users/:key/send         { type: 'text', text } | { type: 'postback', data, displayText?, params? } | { type: 'location', lat, lng }
 *   GET  /dev/api/users/:key/history      ?after=<item id>&wait=<s>: long-polls for later pushes
 *   POST /dev/api/users/:key/reset        { refollow?: boolean }: clears the history shown (and unfollow + follow)
 *
 * Everything is sent the way LINE sends it: a LINE-shaped event, signed with the channel
 * secret, posted to the app's own /webhook, with reply tokens issued by the fake LINE API so
 * it knows whom each reply is for. The bot's side of each chat is what that fake received.
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../app/deps.ts';
import { webhookRoutes } from '../app/webhook.ts';
import { localize } from '../content/city.ts';
import type { FakeLine } from '../../fakes/line/fake-line.ts';
import { events, signedWebhook, webhookBody } from '../line/webhook-events.ts';
import { clientScript } from './client-script.ts';
import { demoCredentials } from './demo-credentials.ts';
import { demoData } from './seed-demo.ts';
import { simulatorPageHtml } from './simulator-page.tsx';
import { SIMULATOR_CSS } from './simulator-style.ts';
import { simUsers, type SimUser } from './sim-users.ts';
import { Transcript } from './transcript.ts';

/** How the simulator reaches /webhook: by default the app's real webhook handler. */
export type WebhookDispatch = (req: Request) => Response | Promise<Response>;

/** How long a send waits for the bot's first answer before returning (later ones arrive by polling). */
const REPLY_WAIT_MS = 8_000;
const LONG_POLL_MAX_S = 25;
const POLL_EVERY_MS = 150;

type Outgoing =
  | { type: 'text'; text: string }
  | { type: 'postback'; data: string; displayText?: string; params?: Record<string, string> }
  | { type: 'location'; lat: number; lng: number };

const PICKER_PARAMS = ['date', 'time', 'datetime'];

/**
 * A message the page asks to send, checked by hand (no schema library: this module is part of
 * the app that also runs on Workers, where every dependency counts against the bundle size).
 */
export function parseOutgoing(body: unknown): { message: Outgoing; after: number } | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  const after = b.after === undefined ? 0 : b.after;
  if (typeof after !== 'number' || !Number.isInteger(after) || after < 0) return null;
  if (b.type === 'text') {
    const text = typeof b.text === 'string' ? b.text.trim() : '';
    return text && text.length <= 5000 ? { message: { type: 'text', text }, after } : null;
  }
  if (b.type === 'postback') {
    const { data, displayText } = b;
    if (typeof data !== 'string' || !data || data.length > 300) return null;
    if (displayText !== undefined && (typeof displayText !== 'string' || displayText.length > 300)) return null;
    // A date picker's answer: one of date / time / datetime, as LINE sends it.
    const params = b.params;
    if (params !== undefined) {
      if (!params || typeof params !== 'object' || Array.isArray(params)) return null;
      const entries = Object.entries(params);
      if (entries.length !== 1 || !entries.every(([k, v]) => PICKER_PARAMS.includes(k) && typeof v === 'string' && v.length <= 32)) return null;
    }
    return {
      message: { type: 'postback', data, ...(displayText ? { displayText } : {}), ...(params ? { params: params as Record<string, string> } : {}) },
      after,
    };
  }
  if (b.type === 'location') {
    const { lat, lng } = b;
    if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
      return null;
    return { message: { type: 'location', lat, lng }, after };
  }
  return null;
}

/** A speech bubble, so the browser does not ask for /favicon.ico (a 404 in the console). */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="4" width="28" height="20" rx="8" fill="#06c755"/><path d="M10 22l-2 8 9-7z" fill="#06c755"/></svg>';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function simulatorRoutes(deps: AppDeps, fake: FakeLine, dispatch?: WebhookDispatch): Hono {
  const app = new Hono();
  const webhook = dispatch ?? ((req: Request) => new Hono().route('/webhook', webhookRoutes(deps)).fetch(req));
  const users = simUsers();
  const transcripts = new Map<string, Transcript>();
  /** one first-open per user, even when two tabs open the page at once */
  const opening = new Map<string, Promise<void>>();
  const cityName = localize(deps.content.bundle.city.city.name, 'ja');

  const transcriptOf = (u: SimUser): Transcript => {
    let t = transcripts.get(u.key);
    // Business time: RENKEI_NOW freezes it, so demos and screenshots show the same clock.
    if (!t) transcripts.set(u.key, (t = new Transcript(u.userId, fake, () => deps.clock.now().getTime())));
    return t;
  };

  /** Posts the events as LINE would; a non-200 answer is shown in the chat, since LINE would retry or drop it. */
  async function deliver(t: Transcript, evs: unknown[]): Promise<void> {
    const body = webhookBody(evs);
    const res = await webhook(new Request('http://localhost/webhook', await signedWebhook(deps.config.line.channelSecret, body)));
    if (res.status !== 200) t.add({ from: 'system', level: 'warn', text: `/webhook が ${res.status} を返しました` });
  }

  /** Waits until something newer than `sinceId` is in the transcript (the bot answered), or the time is up. */
  async function waitForNews(t: Transcript, sinceId: number, ms: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      t.sync();
      if (t.lastId > sinceId || Date.now() >= deadline || signal?.aborted) return;
      await sleep(POLL_EVERY_MS);
    }
  }

  /** A user the bot has never met gets what LINE sends when someone adds the account. */
  async function firstOpen(u: SimUser, t: Transcript): Promise<void> {
    const conv = await deps.store.loadConversation(u.userId, deps.wallClock());
    if (conv.state || t.lastId > 0) return;
    const since = t.add({ from: 'system', level: 'info', text: '友だち追加しました' }).id;
    await deliver(t, [events.follow({ userId: u.userId, replyToken: fake.issueReplyToken(u.userId) })]);
    await waitForNews(t, since, REPLY_WAIT_MS);
  }

  const view = (t: Transcript, after: number) => ({ items: t.after(after), lastId: t.lastId });

  /** JSON bodies only: a cross-site form post cannot send application/json without a CORS preflight. */
  async function jsonBody(c: Context): Promise<unknown> {
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) return undefined;
    return c.req.json().catch(() => undefined);
  }

  const withUser = async (c: Context): Promise<SimUser | undefined> => (await users).find((u) => u.key === c.req.param('key'));

  app.get('/', async (c) =>
    c.html(
      simulatorPageHtml({
        cityName,
        timeZone: deps.content.bundle.city.timezone,
        users: await users,
        credentials: demoCredentials(),
        ...(demoData() ? { inviteCode: demoData()!.inviteCode } : {}),
        base: '/dev',
      }),
    ),
  );
  app.get('/simulator.js', (c) => c.body(clientScript(), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }));
  app.get('/favicon.svg', (c) => c.body(FAVICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' }));
  app.get('/simulator.css', (c) => c.body(SIMULATOR_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-store' }));

  app.post('/api/users/:key/open', async (c) => {
    const u = await withUser(c);
    if (!u) return c.json({ error: 'unknown user' }, 404);
    const t = transcriptOf(u);
    let first = opening.get(u.key);
    if (!first) {
      // A failed first open (say, the database was busy) is tried again by the next open.
      first = firstOpen(u, t).catch((e: unknown) => {
        opening.delete(u.key);
        throw e;
      });
      opening.set(u.key, first);
    }
    await first;
    t.sync();
    return c.json(view(t, 0));
  });

  app.post('/api/users/:key/send', async (c) => {
    const u = await withUser(c);
    if (!u) return c.json({ error: 'unknown user' }, 404);
    const parsed = parseOutgoing(await jsonBody(c));
    if (!parsed)
      return c.json({ error: 'expected JSON { type: "text", text }, { type: "postback", data, displayText? } or { type: "location", lat, lng }' }, 400);
    const msg = parsed.message;
    const t = transcriptOf(u);
    t.sync();
    // What LINE shows in the chat: the text, or a postback's displayText (nothing without one).
    const shown = msg.type === 'text' ? msg.text : msg.type === 'location' ? '📍 位置情報' : msg.displayText;
    if (shown) t.add({ from: 'user', text: shown });
    const since = t.lastId;
    const o = { userId: u.userId, replyToken: fake.issueReplyToken(u.userId) };
    const event =
      msg.type === 'text'
        ? events.text(o, msg.text)
        : msg.type === 'location'
          ? events.location(o, msg.lat, msg.lng)
          : events.postback(o, msg.data, msg.params);
    await deliver(t, [event]);
    await waitForNews(t, since, REPLY_WAIT_MS, c.req.raw.signal);
    return c.json(view(t, parsed.after));
  });

  app.get('/api/users/:key/history', async (c) => {
    const u = await withUser(c);
    if (!u) return c.json({ error: 'unknown user' }, 404);
    const after = Math.max(0, Number(c.req.query('after') ?? '0') || 0);
    const wait = Math.min(LONG_POLL_MAX_S, Math.max(0, Number(c.req.query('wait') ?? '0') || 0));
    const t = transcriptOf(u);
    // The page knows more than we do: the server restarted. Answer at once with all there is.
    if (after > t.lastId) return c.json(view(t, 0));
    await waitForNews(t, after, wait * 1000, c.req.raw.signal);
    return c.json(view(t, after));
  });

  app.post('/api/users/:key/reset', async (c) => {
    const u = await withUser(c);
    if (!u) return c.json({ error: 'unknown user' }, 404);
    const body = ((await jsonBody(c)) ?? {}) as { refollow?: unknown };
    const t = transcriptOf(u);
    t.clear();
    if (body.refollow !== false) {
      // Blocking and re-adding the account, as a LINE user would to start over.
      const since = t.add({ from: 'system', level: 'info', text: 'ブロックして、もう一度友だち追加しました' }).id;
      await deliver(t, [events.unfollow({ userId: u.userId }), events.follow({ userId: u.userId, replyToken: fake.issueReplyToken(u.userId) })]);
      await waitForNews(t, since, REPLY_WAIT_MS);
    }
    return c.json(view(t, 0));
  });

  return app;
}
