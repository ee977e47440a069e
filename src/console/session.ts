/**
 * Console sessions and CSRF. The browser holds a random token in an HttpOnly cookie; the
 * database holds only its SHA-256. Each session has its own CSRF token, printed into every
 * form and compared with the session row on every POST. Before sign-in (the login form) a
 * separate short-lived cookie carries the token instead (double submit).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../app/deps.ts';
import { randomToken, timingSafeEqual, toBase64 } from '../shared/crypto.ts';
import type { ConsoleStore, SessionRow, StaffRow } from '../db/console-store.ts';

export const SESSION_COOKIE = 'renkei_console';
export const LOGIN_CSRF_COOKIE = 'renkei_console_login';
export const CSRF_FIELD = '_csrf';
export const IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface ConsoleEnv {
  Variables: {
    staff: StaffRow | undefined;
    session: SessionRow | undefined;
    lockouts: Array<{ name: string; locks: number }> | undefined;
  };
}

const te = new TextEncoder();

export async function sha256Base64(value: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', te.encode(value))));
}

export function safeEqualText(a: string, b: string): boolean {
  return timingSafeEqual(te.encode(a), te.encode(b));
}

function cookieOptions(deps: AppDeps, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: 'Lax' as const,
    path: '/console',
    secure: deps.config.publicBaseUrl.startsWith('https:'),
    maxAge: maxAgeSeconds,
  };
}

/** Starts a session for this staff member: a new token (never reusing one sent before sign-in). */
export async function startSession(c: Context, deps: AppDeps, store: ConsoleStore, staffId: number): Promise<void> {
  const old = getCookie(c, SESSION_COOKIE);
  if (old) await store.deleteSession(await sha256Base64(old));
  const token = randomToken(32);
  await store.createSession({ tokenHash: await sha256Base64(token), staffId, csrfToken: randomToken(24), now: deps.wallClock() });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(deps, ABSOLUTE_TIMEOUT_MS / 1000));
  deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/console', secure: deps.config.publicBaseUrl.startsWith('https:') });
}

export async function endSession(c: Context, deps: AppDeps, store: ConsoleStore): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await store.deleteSession(await sha256Base64(token));
  deleteCookie(c, SESSION_COOKIE, { path: '/console', secure: deps.config.publicBaseUrl.startsWith('https:') });
}

/** The login form's CSRF token: the one in the cookie, or a new one (set as a cookie). */
export function loginCsrfToken(c: Context, deps: AppDeps): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomToken(24);
  setCookie(c, LOGIN_CSRF_COOKIE, token, cookieOptions(deps, 60 * 60));
  return token;
}

/**
 * Loads the signed-in staff member (if any) into the context. An expired session, or one of
 * a disabled account, is deleted and treated as signed out.
 */
export function loadSession(deps: AppDeps, store: ConsoleStore): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    c.set('staff', undefined);
    c.set('session', undefined);
    const token = getCookie(c, SESSION_COOKIE);
    if (token && token.length <= 128) {
      const tokenHash = await sha256Base64(token);
      const found = await store.getSession(tokenHash);
      const now = deps.wallClock();
      if (found) {
        const expired = now - found.session.lastSeenAt > IDLE_TIMEOUT_MS || now - found.session.createdAt > ABSOLUTE_TIMEOUT_MS;
        if (expired || found.staff.status !== 'active') {
          await store.deleteSession(tokenHash);
        } else {
          if (now - found.session.lastSeenAt > TOUCH_EVERY_MS) await store.touchSession(tokenHash, now);
          c.set('staff', found.staff);
          c.set('session', found.session);
        }
      }
    }
    await next();
  };
}

/**
 * Every POST must carry the CSRF token of its session (or, for the login form, of the
 * pre-sign-in cookie); anything else is refused with 403 before the handler runs.
 */
export function requireCsrf(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const type = c.req.header('content-type') ?? '';
    let posted = '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      const body = await c.req.parseBody();
      const v = body[CSRF_FIELD];
      posted = typeof v === 'string' ? v : '';
    }
    // The login form is posted before there is a session: its token is in the pre-sign-in cookie.
    const isLogin = c.req.path.replace(/\/+$/, '') === '/console/login';
    const expected = isLogin ? (getCookie(c, LOGIN_CSRF_COOKIE) ?? '') : (c.get('session')?.csrfToken ?? '');
    if (!posted || !expected || !safeEqualText(posted, expected)) {
      return c.html(forbiddenHtml('フォームの有効期限が切れたか、正しくない送信です。ページを読み込み直してから、もう一度お試しください。'), 403);
    }
    return next();
  };
}

function forbiddenHtml(message: string): string {
  const esc = message.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>送信できません</title><link rel="stylesheet" href="/console/console.css"></head><body><main class="narrow" id="main"><h1>送信できません（403）</h1><p>${esc}</p><p><a href="/console">ホームへ戻る</a></p></main></body></html>`;
}
