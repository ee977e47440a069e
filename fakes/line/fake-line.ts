/**
 * A fake LINE Messaging API (api.line.me and api-data.line.me on one Hono
 * app) for dev mode, tests and benchmarks.
 *
 * - Every request is recorded (authorization redacted) with the violations
 *   `validateLineRequest` finds; an invalid request gets 400 like LINE's.
 * - Reply tokens are single-use and must have been issued with
 *   `issueReplyToken(userId)` (or accept any once with `lenientTokens`).
 * - `X-Line-Retry-Key`: a repeat of an accepted key gets 409 with
 *   `x-line-accepted-request-id`, and nothing is delivered twice.
 * - Faults (`setBehaviour`): fail the next N (matching) calls with a status,
 *   or hold them for a delay; a delay ends early when the client aborts,
 *   and the request is then still processed (LINE got it, the client did not
 *   hear back), which is the case retry keys exist for.
 *
 * Runs anywhere Hono runs (no Node APIs). In-process, give the LINE client
 * `fake.fetch` (it honours AbortSignal like a real fetch); for another process
 * see fake-line-server.ts.
 */
import { Hono, type Context } from 'hono';
import type { messagingApi } from '@line/bot-sdk';
import { imageSize, prepareLineValidator, validateLineRequest, type LineViolation } from './validator.ts';

export interface FakeLineCall {
  /** 1, 2, 3… in order of arrival */
  seq: number;
  /** opts.now() when the request arrived (Date.now by default) */
  at: number;
  method: string;
  path: string;
  /** lower-cased names; authorization is redacted to "Bearer <redacted>" */
  headers: Record<string, string>;
  /** parsed JSON; the raw text if it was not JSON; { contentType, byteLength } for an image upload */
  body: unknown;
  /** HTTP status the fake answered with */
  status: number;
  /** target user: reply (from the token), push (`to`), profile, loading, mark-as-read, rich menu link */
  userId?: string;
  /** targets of a multicast or bulk rich menu link */
  userIds?: string[];
  /** what validateLineRequest found; empty for a valid request */
  violations: LineViolation[];
  /** set when an injected fault shaped the answer */
  fault?: 'status' | 'delay';
  /** the client aborted while the fault delay held the request */
  aborted?: boolean;
  /** x-line-request-id of the response */
  requestId: string;
}

export interface FakeFault {
  /** match only this method */
  method?: string;
  /** match only this path: exact, a prefix when it ends with '*', or a RegExp */
  path?: string | RegExp;
  /** how many matching calls this fault applies to (default 1; Infinity = until replaced) */
  times?: number;
  /** answer with this status (e.g. 429, 500) instead of processing the request */
  status?: number;
  /** hold the request this long (ends early if the client aborts); then answer `status` or process normally */
  delayMs?: number;
  /** response body for `status` (default: a LINE-style { message }) */
  body?: unknown;
  /** extra response headers for `status`, e.g. { 'retry-after': '1' } */
  headers?: Record<string, string>;
}

export interface FakeBehaviour {
  /** applied in order; the first with calls left that matches wins */
  faults?: FakeFault[];
  /** monthly message limit: quota reports it, and push/multicast beyond it get 429 */
  monthlyQuota?: number;
}

export interface FakeProfile {
  displayName: string;
  language?: string;
  pictureUrl?: string;
  statusMessage?: string;
}

export interface FakeLineOptions {
  /** profile lookup; undefined → 404. Default: every user exists as "User <last 4 chars>" */
  profiles?: (userId: string) => FakeProfile | undefined;
  behaviour?: FakeBehaviour;
  /** clock for `at` (default Date.now) */
  now?: () => number;
  /** accept reply / mark-as-read tokens that were never issued (still single-use). For benchmarks. */
  lenientTokens?: boolean;
  /** keep only the last N calls (default: all) */
  maxCalls?: number;
}

export interface FakeRichMenu extends messagingApi.RichMenuResponse {
  /** set once an image was uploaded */
  image?: { contentType: string; bytes: Uint8Array<ArrayBuffer> };
}

export interface FakeLineState {
  richMenus: Map<string, FakeRichMenu>;
  defaultRichMenuId: string | undefined;
  /** userId → richMenuId */
  userRichMenus: Map<string, string>;
  /** chatId → seconds of the last loading animation started */
  loading: Map<string, number>;
  /** users whose messages were marked as read */
  markedRead: Set<string>;
  /** messages counted against the monthly quota (push 1 per request, multicast 1 per recipient) */
  totalUsage: number;
}

export interface FakeLine {
  /** mount or call with app.request() / app.fetch() */
  app: Hono;
  /**
   * A drop-in `fetch` for the LINE client in tests and dev mode: any base URL
   * (or a bare path) reaches the fake, and like a real fetch it rejects with the
   * signal's reason (AbortError / TimeoutError) when the request's signal aborts.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** live, in order of completion */
  calls: FakeLineCall[];
  /** forget recorded calls (tokens, retry keys and rich menus stay) */
  clear(): void;
  /** forget everything: calls, tokens, retry keys, rich menus, behaviour */
  reset(): void;
  /** calls whose target is this user (reply, push, multicast, profile, loading…) */
  callsFor(userId: string): FakeLineCall[];
  /** messages accepted for delivery to this user (reply, push, multicast), in order */
  messagesFor(userId: string): messagingApi.Message[];
  /** calls that had violations */
  invalidCalls(): FakeLineCall[];
  /** resolves with the first recorded call (past or future) matching; rejects after timeoutMs (default 2000) */
  waitFor(predicate: (call: FakeLineCall) => boolean, timeoutMs?: number): Promise<FakeLineCall>;
  /** replace the behaviour (fault counters restart) */
  setBehaviour(b: FakeBehaviour): void;
  /** a fresh reply token for a webhook event from this user */
  issueReplyToken(userId: string): string;
  /** make an issued token stale (LINE's tokens expire); a reply with it then gets 400 */
  expireReplyToken(token: string): void;
  /** a fresh markAsReadToken for a webhook message event from this user */
  issueMarkAsReadToken(userId: string): string;
  state: FakeLineState;
}

type Json = Record<string, unknown>;
type Bytes = Uint8Array<ArrayBuffer>;
type Outcome = { status: number; body?: unknown; headers?: Record<string, string>; raw?: Bytes; contentType?: string };
type Handler = (req: { c: Context; body: unknown; bytes?: Bytes; call: FakeLineCall }) => Outcome | Promise<Outcome>;

const INVALID_REPLY_TOKEN = 'Invalid reply token';
const NOT_FOUND: Outcome = { status: 404, body: { message: 'Not found' } };
const ok = (body: unknown = {}, status = 200): Outcome => ({ status, body });
const bad = (message: string, status = 400): Outcome => ({ status, body: { message } });

const defaultProfile = (userId: string): FakeProfile => ({ displayName: `User ${userId.slice(-4)}` });

function faultMessage(status: number): string {
  if (status === 429) return 'The API rate limit has been exceeded. Try again later.';
  if (status >= 500) return 'Internal server error';
  return `Fault injected (${status})`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(true);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function matches(f: FakeFault, method: string, path: string): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (f.path === undefined) return true;
  if (f.path instanceof RegExp) return f.path.test(path);
  return f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : path === f.path;
}

function redactHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = k === 'authorization' ? (/^bearer\s/i.test(v) ? 'Bearer <redacted>' : '<redacted>') : v;
  });
  return out;
}

const asMessages = (body: unknown): messagingApi.Message[] =>
  Array.isArray((body as Json | undefined)?.messages) ? ((body as Json).messages as messagingApi.Message[]) : [];

export function createFakeLine(opts: FakeLineOptions = {}): FakeLine {
  prepareLineValidator();
  const now = opts.now ?? Date.now;
  const profiles = opts.profiles ?? defaultProfile;
  const calls: FakeLineCall[] = [];
  const waiters = new Set<{ predicate: (c: FakeLineCall) => boolean; resolve: (c: FakeLineCall) => void }>();
  let seq = 0;
  let ids = 0;
  let faults: Array<FakeFault & { left: number }> = [];
  let monthlyQuota: number | undefined;
  let replyTokens = new Map<string, { userId: string | undefined; used: boolean }>();
  let readTokens = new Map<string, { userId: string | undefined; used: boolean }>();
  let retryKeys = new Map<string, { requestId: string; sentMessages?: messagingApi.SentMessage[] }>();
  /** messages delivered, per call seq (reply/push/multicast) */
  let delivered = new Map<number, messagingApi.Message[]>();
  const state: FakeLineState = {
    richMenus: new Map(),
    defaultRichMenuId: undefined,
    userRichMenus: new Map(),
    loading: new Map(),
    markedRead: new Set(),
    totalUsage: 0,
  };

  const setBehaviour = (b: FakeBehaviour): void => {
    faults = (b.faults ?? []).map((f) => ({ ...f, left: f.times ?? 1 }));
    monthlyQuota = b.monthlyQuota;
  };
  setBehaviour(opts.behaviour ?? {});

  const nextId = (): string => String(100000000000 + ++ids);
  const sentMessages = (n: number): messagingApi.SentMessage[] => Array.from({ length: n }, () => ({ id: nextId(), quoteToken: `q${nextId()}` }));

  const record = (call: FakeLineCall): void => {
    calls.push(call);
    if (opts.maxCalls !== undefined && calls.length > opts.maxCalls) {
      for (const old of calls.splice(0, calls.length - opts.maxCalls)) delivered.delete(old.seq);
    }
    for (const w of [...waiters]) {
      if (w.predicate(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  };

  /** Who a request is about, worked out before any check so that rejected calls are attributed too. */
  const targetOf = (path: string, body: unknown): Pick<FakeLineCall, 'userId' | 'userIds'> => {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Json;
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const strs = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
    switch (path) {
      case '/v2/bot/message/reply':
        return { userId: replyTokens.get(String(b.replyToken))?.userId };
      case '/v2/bot/message/push':
        return { userId: str(b.to) };
      case '/v2/bot/message/multicast':
        return { userIds: strs(b.to) };
      case '/v2/bot/chat/loading/start':
        return { userId: str(b.chatId) };
      case '/v2/bot/chat/markAsRead':
        return { userId: readTokens.get(String(b.markAsReadToken))?.userId };
      case '/v2/bot/message/markAsRead':
        return { userId: str((b.chat as Json | undefined)?.userId) };
      case '/v2/bot/richmenu/bulk/link':
      case '/v2/bot/richmenu/bulk/unlink':
        return { userIds: strs(b.userIds) };
    }
    const m = /^\/v2\/bot\/(?:profile\/([^/]+)$|user\/([^/]+)\/richmenu)/.exec(path);
    const userId = m?.[1] ?? (m?.[2] !== 'all' ? m?.[2] : undefined);
    return userId ? { userId: decodeURIComponent(userId) } : {};
  };

  /** The pipeline every LINE endpoint goes through. */
  const run = async (c: Context, handler: Handler, known = true): Promise<Response> => {
    const method = c.req.method.toUpperCase();
    const path = c.req.path;
    const call: FakeLineCall = {
      seq: ++seq,
      at: now(),
      method,
      path,
      headers: redactHeaders(c.req.raw.headers),
      body: undefined,
      status: 0,
      violations: [],
      requestId: `fake-${String(seq).padStart(8, '0')}`,
    };
    const outcome = await (async (): Promise<Outcome> => {
      // body
      const contentType = c.req.header('content-type') ?? '';
      let body: unknown;
      let bytes: Bytes | undefined;
      if (method !== 'GET' && method !== 'DELETE') {
        if (contentType.startsWith('image/') || contentType === 'application/octet-stream') {
          bytes = new Uint8Array(await c.req.arrayBuffer());
          call.body = { contentType, byteLength: bytes.length };
        } else {
          const text = await c.req.text();
          body = text;
          if (text !== '') {
            try {
              body = JSON.parse(text);
            } catch {
              /* left as text; the check reports it */
            }
          } else body = undefined;
          call.body = body;
        }
      }
      const target = targetOf(path, body);
      if (target.userId !== undefined) call.userId = target.userId;
      if (target.userIds !== undefined) call.userIds = target.userIds;
      call.violations = validateLineRequest(method, path, c.req.raw.headers, bytes ?? body);
      // auth
      if (!/^Bearer\s+\S+/i.test(c.req.header('authorization') ?? '')) {
        return bad('Authentication failed. Confirm that the access token in the authorization header is valid.', 401);
      }
      // faults
      const fault = faults.find((f) => f.left > 0 && matches(f, method, path));
      if (fault) {
        fault.left--;
        if (fault.delayMs !== undefined) {
          call.fault = 'delay';
          if (await sleep(fault.delayMs, c.req.raw.signal)) call.aborted = true;
        }
        if (fault.status !== undefined) {
          call.fault = 'status';
          return { status: fault.status, body: fault.body ?? { message: faultMessage(fault.status) }, headers: fault.headers };
        }
      }
      if (!known) return NOT_FOUND;
      if (call.violations.length) {
        return {
          status: 400,
          body: {
            message: `The request body has ${call.violations.length} error(s)`,
            details: call.violations.map((v) => ({ message: v.message, property: v.path })),
          },
        };
      }
      return handler({ c, body, bytes, call });
    })();
    call.status = outcome.status;
    record(call);
    const headers: Record<string, string> = { 'x-line-request-id': call.requestId, ...outcome.headers };
    if (outcome.raw)
      return new Response(outcome.raw, { status: outcome.status, headers: { ...headers, 'content-type': outcome.contentType ?? 'application/octet-stream' } });
    return c.json(outcome.body ?? {}, outcome.status as 200, headers);
  };

  const app = new Hono();
  const on = (method: string, path: string, handler: Handler): void => {
    app.on(method, path, (c) => run(c, handler));
  };

  // --- control routes for other processes (not recorded) --------------------
  app.post('/__fake/reply-token', async (c) => {
    const { userId } = await c.req.json<{ userId: string }>();
    return c.json({ replyToken: fake.issueReplyToken(userId) });
  });
  app.post('/__fake/mark-as-read-token', async (c) => {
    const { userId } = await c.req.json<{ userId: string }>();
    return c.json({ markAsReadToken: fake.issueMarkAsReadToken(userId) });
  });
  app.get('/__fake/calls', (c) => {
    const userId = c.req.query('userId');
    return c.json({ calls: userId ? fake.callsFor(userId) : calls });
  });
  app.get('/__fake/messages/:userId', (c) => c.json({ messages: fake.messagesFor(c.req.param('userId')) }));
  app.post('/__fake/clear', (c) => {
    fake.clear();
    return c.json({});
  });
  app.post('/__fake/reset', (c) => {
    fake.reset();
    return c.json({});
  });
  app.put('/__fake/behaviour', async (c) => {
    fake.setBehaviour(await c.req.json<FakeBehaviour>());
    return c.json({});
  });

  // --- messages -------------------------------------------------------------
  const deliver = (call: FakeLineCall, body: unknown): void => {
    delivered.set(call.seq, asMessages(body));
  };

  /** retry key and quota handling shared by push / multicast / narrowcast / broadcast */
  const send =
    (recipients: number, produce: () => Outcome & { sentMessages?: messagingApi.SentMessage[] }): Handler =>
    ({ c, call, body }) => {
      const key = c.req.header('x-line-retry-key');
      const accepted = key ? retryKeys.get(key) : undefined;
      if (accepted) {
        return {
          status: 409,
          body: { message: 'The retry key is already accepted', ...(accepted.sentMessages ? { sentMessages: accepted.sentMessages } : {}) },
          headers: { 'x-line-accepted-request-id': accepted.requestId },
        };
      }
      if (monthlyQuota !== undefined && state.totalUsage + recipients > monthlyQuota) return bad('You have reached your monthly limit.', 429);
      state.totalUsage += recipients;
      const out = produce();
      if (key) retryKeys.set(key, { requestId: call.requestId, sentMessages: out.sentMessages });
      deliver(call, body);
      return out;
    };

  on('POST', '/v2/bot/message/reply', ({ body, call }) => {
    const b = body as Json;
    const token = String(b.replyToken);
    let entry = replyTokens.get(token);
    if (!entry && opts.lenientTokens) replyTokens.set(token, (entry = { userId: undefined, used: false }));
    if (!entry || entry.used) return bad(INVALID_REPLY_TOKEN);
    entry.used = true;
    deliver(call, body);
    return ok({ sentMessages: sentMessages(asMessages(body).length) });
  });

  on('POST', '/v2/bot/message/push', (req) =>
    send(1, () => {
      const sent = sentMessages(asMessages(req.body).length);
      return { ...ok({ sentMessages: sent }), sentMessages: sent };
    })(req),
  );
  on('POST', '/v2/bot/message/multicast', (req) => send(req.call.userIds?.length ?? 0, () => ok())(req));

  on('POST', '/v2/bot/message/narrowcast', (req) => send(0, () => ok({}, 202))(req));
  on('POST', '/v2/bot/message/broadcast', (req) => send(0, () => ok())(req));

  for (const kind of ['reply', 'push', 'multicast', 'narrowcast', 'broadcast']) {
    on('POST', `/v2/bot/message/validate/${kind}`, () => ok());
  }

  on('GET', '/v2/bot/message/quota', () => ok(monthlyQuota === undefined ? { type: 'none' } : { type: 'limited', value: monthlyQuota }));
  on('GET', '/v2/bot/message/quota/consumption', () => ok({ totalUsage: state.totalUsage }));

  on('GET', '/v2/bot/profile/:userId', ({ c }) => {
    const userId = c.req.param('userId')!;
    const p = profiles(userId);
    if (!p) return NOT_FOUND;
    const res: messagingApi.UserProfileResponse = { userId, ...p };
    return ok(res);
  });

  // --- chat -------------------------------------------------------------------
  on('POST', '/v2/bot/chat/loading/start', ({ body }) => {
    const b = body as Json;
    state.loading.set(String(b.chatId), typeof b.loadingSeconds === 'number' ? b.loadingSeconds : 20);
    return ok({}, 202);
  });

  on('POST', '/v2/bot/chat/markAsRead', ({ body }) => {
    const token = String((body as Json).markAsReadToken);
    let entry = readTokens.get(token);
    if (!entry && opts.lenientTokens) readTokens.set(token, (entry = { userId: undefined, used: false }));
    if (!entry) return bad('An invalid markAsReadToken is specified.');
    entry.used = true;
    if (entry.userId) state.markedRead.add(entry.userId);
    return ok();
  });

  // The partner-only variant: LINE answers 403 unless the channel is a LINE partner.
  on('POST', '/v2/bot/message/markAsRead', () =>
    bad('This API is only available to corporate users who have submitted the required applications (use POST /v2/bot/chat/markAsRead).', 403),
  );

  // --- rich menus (static paths before parameterised ones) ----------------------
  const menuOr404 = (id: string): FakeRichMenu | Outcome => state.richMenus.get(id) ?? NOT_FOUND;
  const isOutcome = (x: unknown): x is Outcome => typeof (x as Outcome).status === 'number';
  const publicMenu = ({ image: _image, ...m }: FakeRichMenu): messagingApi.RichMenuResponse => m;
  const linkable = (id: string): Outcome | undefined => {
    const m = menuOr404(id);
    if (isOutcome(m)) return m;
    return m.image ? undefined : bad('must upload richmenu image before applying it to user');
  };

  on('POST', '/v2/bot/richmenu', ({ body }) => {
    const richMenuId = `richmenu-${(++ids).toString(16).padStart(32, '0')}`;
    state.richMenus.set(richMenuId, { richMenuId, ...(body as Omit<messagingApi.RichMenuResponse, 'richMenuId'>) });
    return ok({ richMenuId });
  });
  on('POST', '/v2/bot/richmenu/validate', () => ok());
  on('GET', '/v2/bot/richmenu/list', () => ok({ richmenus: [...state.richMenus.values()].map(publicMenu) }));
  on('POST', '/v2/bot/richmenu/bulk/link', ({ body }) => {
    const b = body as { richMenuId: string; userIds: string[] };
    const err = linkable(b.richMenuId);
    if (err) return err;
    for (const u of b.userIds) state.userRichMenus.set(u, b.richMenuId);
    return ok({}, 202);
  });
  on('POST', '/v2/bot/richmenu/bulk/unlink', ({ body }) => {
    const b = body as { userIds: string[] };
    for (const u of b.userIds) state.userRichMenus.delete(u);
    return ok({}, 202);
  });
  on('POST', '/v2/bot/richmenu/:richMenuId/content', ({ c, bytes }) => {
    const m = menuOr404(c.req.param('richMenuId')!);
    if (isOutcome(m)) return m;
    if (m.image) return bad('An image has already been uploaded to the richmenu');
    const dims = bytes ? imageSize(bytes) : undefined;
    if (dims && (dims.width !== m.size.width || dims.height !== m.size.height)) {
      return bad(`Image size ${dims.width}x${dims.height} must match the rich menu size ${m.size.width}x${m.size.height}`);
    }
    m.image = { contentType: c.req.header('content-type') ?? 'image/png', bytes: bytes ?? new Uint8Array() };
    return ok();
  });
  on('GET', '/v2/bot/richmenu/:richMenuId/content', ({ c }) => {
    const m = state.richMenus.get(c.req.param('richMenuId')!);
    return m?.image ? { status: 200, raw: m.image.bytes, contentType: m.image.contentType } : NOT_FOUND;
  });
  on('GET', '/v2/bot/richmenu/:richMenuId', ({ c }) => {
    const m = menuOr404(c.req.param('richMenuId')!);
    return isOutcome(m) ? m : ok(publicMenu(m));
  });
  on('DELETE', '/v2/bot/richmenu/:richMenuId', ({ c }) => {
    const id = c.req.param('richMenuId')!;
    if (!state.richMenus.delete(id)) return NOT_FOUND;
    if (state.defaultRichMenuId === id) state.defaultRichMenuId = undefined;
    for (const [u, m] of state.userRichMenus) if (m === id) state.userRichMenus.delete(u);
    return ok();
  });

  on('POST', '/v2/bot/user/all/richmenu/:richMenuId', ({ c }) => {
    const id = c.req.param('richMenuId')!;
    const err = linkable(id);
    if (err) return err;
    state.defaultRichMenuId = id;
    return ok();
  });
  on('GET', '/v2/bot/user/all/richmenu', () => (state.defaultRichMenuId ? ok({ richMenuId: state.defaultRichMenuId }) : NOT_FOUND));
  on('DELETE', '/v2/bot/user/all/richmenu', () => {
    state.defaultRichMenuId = undefined;
    return ok();
  });
  on('POST', '/v2/bot/user/:userId/richmenu/:richMenuId', ({ c }) => {
    const id = c.req.param('richMenuId')!;
    const err = linkable(id);
    if (err) return err;
    state.userRichMenus.set(c.req.param('userId')!, id);
    return ok();
  });
  on('GET', '/v2/bot/user/:userId/richmenu', ({ c }) => {
    const id = state.userRichMenus.get(c.req.param('userId')!);
    return id ? ok({ richMenuId: id }) : NOT_FOUND;
  });
  on('DELETE', '/v2/bot/user/:userId/richmenu', ({ c }) => {
    state.userRichMenus.delete(c.req.param('userId')!);
    return ok();
  });

  app.notFound((c) => run(c, () => NOT_FOUND, false));

  const fake: FakeLine = {
    app,
    fetch(input, init) {
      const url = typeof input === 'string' && input.startsWith('/') ? `http://fake-line.local${input}` : input;
      let req: Request;
      try {
        req = new Request(url, init);
      } catch (e) {
        return Promise.reject(e);
      }
      const signal = req.signal;
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        Promise.resolve(app.fetch(req)).then(
          (res) => {
            signal.removeEventListener('abort', onAbort);
            resolve(res);
          },
          (err: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(err);
          },
        );
      });
    },
    calls,
    state,
    clear() {
      calls.length = 0;
      delivered.clear();
    },
    reset() {
      fake.clear();
      seq = 0;
      ids = 0;
      replyTokens = new Map();
      readTokens = new Map();
      retryKeys = new Map();
      delivered = new Map();
      state.richMenus.clear();
      state.defaultRichMenuId = undefined;
      state.userRichMenus.clear();
      state.loading.clear();
      state.markedRead.clear();
      state.totalUsage = 0;
      setBehaviour(opts.behaviour ?? {});
    },
    callsFor(userId) {
      return calls.filter((c) => c.userId === userId || c.userIds?.includes(userId));
    },
    messagesFor(userId) {
      return fake.callsFor(userId).flatMap((c) => delivered.get(c.seq) ?? []);
    },
    invalidCalls() {
      return calls.filter((c) => c.violations.length > 0);
    },
    waitFor(predicate, timeoutMs = 2000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = {
          predicate,
          resolve: (call: FakeLineCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          const seen = calls.map((c) => `${c.method} ${c.path} ${c.status}`).join('; ') || 'none';
          reject(new Error(`fake LINE: no matching call within ${timeoutMs} ms (calls: ${seen})`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    setBehaviour,
    issueReplyToken(userId) {
      const token = `rt${(++ids).toString(16).padStart(30, '0')}`;
      replyTokens.set(token, { userId, used: false });
      return token;
    },
    expireReplyToken(token) {
      const e = replyTokens.get(token);
      if (e) e.used = true;
    },
    issueMarkAsReadToken(userId) {
      const token = `mr${(++ids).toString(16).padStart(30, '0')}`;
      readTokens.set(token, { userId, used: false });
      return token;
    },
  };
  return fake;
}
