/**
 * The renkei test harness with the console mounted at /console (as createApp will mount it),
 * one settable clock for business time and for expiry and rate limits, and a small cookie jar per "browser".
 */
import { createHarness, type Harness, type HarnessOptions } from '../support/harness.ts';
import { createConsoleStore, type ConsoleStore, type StaffRole } from '../../src/db/console-store.ts';
import { hashPassword } from '../../src/console/password.ts';
import { ensureInitialStaff } from '../../src/console/initial-staff.ts';

export const ADMIN = { email: 'admin@center.example.jp', password: 'center-keys-are-blue-123' };
export const COORDINATOR = { email: 'coord@center.example.jp', password: 'coordinator-pass-456' };
export const START = Date.parse('2026-11-30T01:00:00Z');

export interface ConsoleHarness {
  h: Harness;
  store: ConsoleStore;
  clock: { now: number };
  request(path: string, init?: RequestInit, jar?: Jar): Promise<Response>;
  /** Signs in through the login form; returns the jar holding the session cookie. */
  login(who: { email: string; password: string }, headers?: Record<string, string>): Promise<{ jar: Jar; res: Response }>;
  addStaff(email: string, password: string, role: StaffRole, name?: string): Promise<number>;
  close(): Promise<void>;
}

export class Jar {
  cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** The CSRF token printed in the page's forms. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1]!;
}

export async function createConsoleHarness(opts: HarnessOptions & { env?: Record<string, string> } = {}): Promise<ConsoleHarness> {
  const clock = { now: START };
  // One settable clock drives both business time (case ages, expiry) and wall time (sessions, limits).
  const h = await createHarness({ ...opts, wallClock: () => clock.now, clock: { now: () => new Date(clock.now) } });
  const store = createConsoleStore(h.node.deps.store.db);
  await ensureInitialStaff(
    h.node.deps,
    store,
    { CONSOLE_ADMIN_EMAIL: ADMIN.email, CONSOLE_ADMIN_PASSWORD: ADMIN.password, ...opts.env },
    { print: () => undefined },
  );

  const request = async (path: string, init: RequestInit = {}, jar?: Jar) => {
    const headers = new Headers(init.headers);
    if (jar?.cookies.size) headers.set('cookie', jar.header());
    const res = await h.node.app.request(path, { ...init, headers });
    jar?.take(res);
    return res;
  };

  const ch: ConsoleHarness = {
    h,
    store,
    clock,
    request,
    async login(who, headers = {}) {
      const jar = new Jar();
      const page = await request('/console/login', {}, jar);
      const token = csrfOf(await page.text());
      const res = await request(
        '/console/login',
        { ...form({ _csrf: token, email: who.email, password: who.password }), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
        jar,
      );
      return { jar, res };
    },
    async addStaff(email, password, role, name = email.split('@')[0]!) {
      const row = await store.createStaff({ email, name, role, passwordHash: await hashPassword(password), now: clock.now });
      return row!.id;
    },
    close: () => h.close(),
  };
  await ch.addStaff(COORDINATOR.email, COORDINATOR.password, 'coordinator', '佐藤 コーディネーター');
  return ch;
}
