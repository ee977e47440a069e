/**
 * A thin LINE Messaging API client over fetch. The fetch function is injected, so dev
 * mode and tests can point it at the in-process fake without any network.
 * Errors are returned as values carrying the status, never the message content.
 */
import type { messagingApi } from '@line/bot-sdk';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface LineResult {
  ok: boolean;
  status: number; // 0 when the request did not complete (network error, timeout)
  requestId?: string;
  /** LINE's error message (e.g. "Invalid reply token"); never contains our message text. */
  error?: string;
}

export interface LineClientOptions {
  accessToken: string;
  apiBaseUrl: string;
  dataApiBaseUrl: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface LineClient {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<LineResult>;
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<LineResult>;
  multicast(to: string[], messages: messagingApi.Message[], retryKey: string): Promise<LineResult>;
  profile(userId: string): Promise<{ displayName: string; language?: string } | null>;
  startLoading(chatId: string, seconds: number): Promise<LineResult>;
  /** Shows the user's messages up to the one that carried this token as read (既読). */
  markAsRead(markAsReadToken: string): Promise<LineResult>;
  /** This month's message limit: a number, 'none' (no limit), or null when LINE could not be asked. */
  quota(): Promise<number | 'none' | null>;
  /** Messages sent this month that count against the limit, or null when LINE could not be asked. */
  quotaConsumption(): Promise<number | null>;
  /** Generic call for the less frequent endpoints (rich menus, quota). */
  call(method: string, path: string, body?: unknown, opts?: { data?: boolean; contentType?: string }): Promise<LineResult & { body?: unknown }>;
}

export function createLineClient(opts: LineClientOptions): LineClient {
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function send(method: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<LineResult & { body?: unknown }> {
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${opts.accessToken}`,
          ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      return { ok: false, status: 0, error: e instanceof Error ? e.name : 'network-error' };
    }
    const requestId = res.headers.get('x-line-request-id') ?? undefined;
    const text = await res.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const error = !res.ok && parsed && typeof parsed === 'object' && 'message' in parsed ? String((parsed as { message: unknown }).message) : undefined;
    return { ok: res.ok, status: res.status, ...(requestId ? { requestId } : {}), ...(error ? { error } : {}), body: parsed };
  }

  const api = (path: string) => `${opts.apiBaseUrl}${path}`;
  const strip = ({ body: _b, ...r }: LineResult & { body?: unknown }): LineResult => r;

  return {
    reply: async (replyToken, messages) => strip(await send('POST', api('/v2/bot/message/reply'), { replyToken, messages })),
    push: async (to, messages, retryKey) => strip(await send('POST', api('/v2/bot/message/push'), { to, messages }, { 'x-line-retry-key': retryKey })),
    multicast: async (to, messages, retryKey) =>
      strip(await send('POST', api('/v2/bot/message/multicast'), { to, messages }, { 'x-line-retry-key': retryKey })),
    async profile(userId) {
      const r = await send('GET', api(`/v2/bot/profile/${encodeURIComponent(userId)}`), undefined);
      if (!r.ok || !r.body || typeof r.body !== 'object') return null;
      const b = r.body as { displayName?: unknown; language?: unknown };
      return { displayName: String(b.displayName ?? ''), ...(typeof b.language === 'string' ? { language: b.language } : {}) };
    },
    async quota() {
      const r = await send('GET', api('/v2/bot/message/quota'), undefined);
      if (!r.ok || !r.body || typeof r.body !== 'object') return null;
      const b = r.body as { type?: unknown; value?: unknown };
      if (b.type === 'none') return 'none';
      return b.type === 'limited' && typeof b.value === 'number' ? b.value : null;
    },
    async quotaConsumption() {
      const r = await send('GET', api('/v2/bot/message/quota/consumption'), undefined);
      const used = r.ok && r.body && typeof r.body === 'object' ? (r.body as { totalUsage?: unknown }).totalUsage : undefined;
      return typeof used === 'number' ? used : null;
    },
    startLoading: async (chatId, seconds) => strip(await send('POST', api('/v2/bot/chat/loading/start'), { chatId, loadingSeconds: seconds })),
    markAsRead: async (markAsReadToken) => strip(await send('POST', api('/v2/bot/chat/markAsRead'), { markAsReadToken })),
    call: (method, path, body, o) =>
      send(method, `${o?.data ? opts.dataApiBaseUrl : opts.apiBaseUrl}${path}`, body, o?.contentType ? { 'content-type': o.contentType } : {}),
  };
}
