/**
 * Console sign-in, sessions, CSRF, rate limiting, staff changes and the audit log, through
 * app.request() on the real app with the console mounted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema-console.ts';
import { ADMIN, COORDINATOR, createConsoleHarness, csrfOf, form, Jar, START, type ConsoleHarness } from './support.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, sha256Base64 } from '../../src/console/session.ts';
import { ensureInitialStaff, DEMO_ADMIN_EMAIL, DEMO_COORDINATOR_EMAIL } from '../../src/console/initial-staff.ts';
import { createConsoleStore } from '../../src/db/console-store.ts';
import { demoAdminCredentials, demoCredentials } from '../../src/dev/demo-credentials.ts';
import { createDevApp } from '../dev/dev-app.ts';
import { createHarness } from '../support/harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

let ch: ConsoleHarness;
beforeEach(async () => {
  ch = await createConsoleHarness();
});
afterEach(async () => {
  await ch.close();
});

const auditRows = async () =>
  (await ch.h.node.deps.store.db.all(sql`select staff_id as staffId, action, target from audit_log order by id`)) as Array<{
    staffId: number | null;
    action: string;
    target: string | null;
  }>;

describe('login', () => {
  it('shows a Japanese login form with a CSRF field; the right password signs in and lands on the queue', async () => {
    const jar = new Jar();
    const page = await ch.request('/console/login', {}, jar);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('メールアドレス');
    expect(html).toContain('パスワード');
    expect(html).toMatch(/<link rel="stylesheet" href="\/console\/console.css"/);
    expect(html).not.toMatch(/<script|style=/);
    expect(csrfOf(html)).toMatch(/^[\w-]{32}$/);

    const { jar: session, res } = await ch.login(ADMIN);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const home = await ch.request('/console', {}, session);
    expect(home.status).toBe(200);
    const text = await home.text();
    // Home is the consultation queue (empty here).
    expect(text).toContain('<h1>相談の一覧</h1>');
    expect(text).toContain('この条件の相談はありません');
    expect(home.headers.get('cache-control')).toBe('no-store');
  });

  it('a wrong password, an unknown address and a disabled account all get the same refusal (401)', async () => {
    const disabledId = await ch.addStaff('gone@center.example.jp', 'a-long-password-1', 'coordinator');
    await ch.store.setStaffStatus(disabledId, 'disabled', START);
    for (const who of [
      { email: ADMIN.email, password: 'wrong-password-000' },
      { email: 'nobody@center.example.jp', password: ADMIN.password },
      { email: 'gone@center.example.jp', password: 'a-long-password-1' },
    ]) {
      const { jar, res } = await ch.login(who);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('メールアドレスまたはパスワードが違います');
      expect(jar.cookies.has('renkei_console')).toBe(false);
    }
  });

  it('accepts the address in any case and returns to a console page given as next (never elsewhere)', async () => {
    const jar = new Jar();
    const token = csrfOf(await (await ch.request('/console/login?next=/console/admin/audit', {}, jar)).text());
    const res = await ch.request(
      '/console/login',
      form({ _csrf: token, email: ADMIN.email.toUpperCase(), password: ADMIN.password, next: '/console/admin/audit' }),
      jar,
    );
    expect(res.headers.get('location')).toBe('/console/admin/audit');
    const jar2 = new Jar();
    const token2 = csrfOf(await (await ch.request('/console/login', {}, jar2)).text());
    const res2 = await ch.request(
      '/console/login',
      form({ _csrf: token2, email: ADMIN.email, password: ADMIN.password, next: '//evil.example/console' }),
      jar2,
    );
    expect(res2.headers.get('location')).toBe('/console');
  });

  it('stores only the SHA-256 of the session token', async () => {
    const { jar } = await ch.login(COORDINATOR);
    const token = jar.cookies.get('renkei_console')!;
    const rows = (await ch.h.node.deps.store.db.all(sql`select token_hash as tokenHash from staff_sessions`)) as Array<{ tokenHash: string }>;
    expect(rows).toEqual([{ tokenHash: await sha256Base64(token) }]);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/console, with a lifetime, and not Secure on an http origin', async () => {
    const { res } = await ch.login(ADMIN);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('renkei_console='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/console(;|$)/);
    expect(cookie).toMatch(/; Max-Age=604800/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('is Secure when PUBLIC_BASE_URL is https', async () => {
    const hs = await createConsoleHarness({ env: { PUBLIC_BASE_URL: 'https://renkei.example.jp' } });
    try {
      const login = await hs.request('/console/login');
      expect(login.headers.getSetCookie().every((c) => /; Secure/.test(c))).toBe(true);
      const { res } = await hs.login(ADMIN);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('renkei_console='))!;
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
    } finally {
      await hs.close();
    }
  });
});

describe('session expiry and logout', () => {
  it('ends after 8 hours without use', async () => {
    const { jar } = await ch.login(COORDINATOR);
    ch.clock.now += IDLE_TIMEOUT_MS - MIN;
    expect((await ch.request('/console', {}, jar)).status).toBe(200);
    // Used just now: another 8 hours from here.
    ch.clock.now += IDLE_TIMEOUT_MS - MIN;
    expect((await ch.request('/console', {}, jar)).status).toBe(200);
    ch.clock.now += IDLE_TIMEOUT_MS + MIN;
    const res = await ch.request('/console', {}, jar);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console/login');
    const rows = (await ch.h.node.deps.store.db.all(sql`select count(*) as n from staff_sessions`)) as Array<{ n: number }>;
    expect(rows[0]!.n).toBe(0);
  });

  it('expired sessions are removed by the scheduler even if nobody comes back', async () => {
    await ch.login(COORDINATOR);
    const count = async () => ((await ch.h.node.deps.store.db.all(sql`select count(*) as n from staff_sessions`)) as Array<{ n: number }>)[0]!.n;
    expect(await count()).toBeGreaterThan(0);
    ch.clock.now += IDLE_TIMEOUT_MS + MIN;
    const { tick } = await import('../../src/app/tick.ts');
    await tick(ch.h.node.deps);
    expect(await count()).toBe(0);
  });

  it('ends 7 days after sign-in even when used all the time', async () => {
    const { jar } = await ch.login(COORDINATOR);
    for (let t = 0; t < ABSOLUTE_TIMEOUT_MS - 4 * HOUR; t += 4 * HOUR) {
      ch.clock.now = START + t;
      expect((await ch.request('/console', {}, jar)).status).toBe(200);
    }
    ch.clock.now = START + ABSOLUTE_TIMEOUT_MS + MIN;
    expect((await ch.request('/console', {}, jar)).status).toBe(302);
  });

  it('logout deletes the session: the old cookie no longer works', async () => {
    const { jar } = await ch.login(COORDINATOR);
    const token = jar.cookies.get('renkei_console')!;
    const csrf = csrfOf(await (await ch.request('/console', {}, jar)).text());
    const res = await ch.request('/console/logout', form({ _csrf: csrf }), jar);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/login');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('renkei_console='))).toMatch(/Max-Age=0/);
    const replay = new Jar();
    replay.cookies.set('renkei_console', token);
    expect((await ch.request('/console', {}, replay)).status).toBe(302);
  });
});

describe('CSRF', () => {
  it('refuses a form post without a token, or with a wrong one, with 403 (and changes nothing)', async () => {
    const { jar } = await ch.login(ADMIN);
    const add = { name: '新人', email: 'new@center.example.jp', role: 'coordinator', password: 'a-long-password-9' };
    expect((await ch.request('/console/admin/staff', form(add), jar)).status).toBe(403);
    expect((await ch.request('/console/admin/staff', form({ ...add, _csrf: 'x'.repeat(32) }), jar)).status).toBe(403);
    // Another session's token is wrong too.
    const other = await ch.login(ADMIN);
    const otherToken = csrfOf(await (await ch.request('/console', {}, other.jar)).text());
    expect((await ch.request('/console/admin/staff', form({ ...add, _csrf: otherToken }), jar)).status).toBe(403);
    expect((await ch.request('/console/logout', form({}), jar)).status).toBe(403);
    expect(await ch.store.findStaffByEmail('new@center.example.jp')).toBeUndefined();
    // The right token works.
    const token = csrfOf(await (await ch.request('/console/admin/staff', {}, jar)).text());
    expect((await ch.request('/console/admin/staff', form({ ...add, _csrf: token }), jar)).status).toBe(303);
    expect(await ch.store.findStaffByEmail('new@center.example.jp')).toBeDefined();
  });

  it("refuses a login post without the login form's token (403)", async () => {
    const res = await ch.request('/console/login', form({ email: ADMIN.email, password: ADMIN.password }));
    expect(res.status).toBe(403);
    const jar = new Jar();
    await ch.request('/console/login', {}, jar);
    expect(
      (await ch.request('/console/login', form({ _csrf: 'wrong-token-wrong-token-wrong-to', email: ADMIN.email, password: ADMIN.password }), jar)).status,
    ).toBe(403);
  });
});

// Each attempt hashes a password on purpose (PBKDF2, slow by design): twenty in a row take
// seconds, and many more on a machine busy with other work.
describe('login rate limiting', { timeout: 90_000 }, () => {
  it('after 5 failures for one address within 15 minutes, refuses even the right password (429), then lets it in later', async () => {
    for (let i = 0; i < 5; i++) expect((await ch.login({ email: COORDINATOR.email, password: `wrong-${i}-password` })).res.status).toBe(401);
    const refused = await ch.login(COORDINATOR);
    expect(refused.res.status).toBe(429);
    expect(await refused.res.text()).toContain('しばらくログインできません');
    // Another address is not affected.
    expect((await ch.login(ADMIN)).res.status).toBe(303);
    ch.clock.now += 15 * MIN + 1000;
    expect((await ch.login(COORDINATOR)).res.status).toBe(303);
  });

  it('after 20 failures from one IP address, refuses any address from it (429), not from another IP', async () => {
    const ip = { 'cf-connecting-ip': '203.0.113.7' };
    for (let i = 0; i < 20; i++) expect((await ch.login({ email: `guess${i}@center.example.jp`, password: 'wrong-password-1' }, ip)).res.status).toBe(401);
    expect((await ch.login(ADMIN, ip)).res.status).toBe(429);
    expect((await ch.login(ADMIN, { 'cf-connecting-ip': '198.51.100.2' })).res.status).toBe(303);
  });
});

describe('staff administration', () => {
  it('an admin adds a coordinator who can then sign in, and disables them, which ends their session', async () => {
    const { jar } = await ch.login(ADMIN);
    const token = csrfOf(await (await ch.request('/console/admin/staff', {}, jar)).text());
    const short = await ch.request(
      '/console/admin/staff',
      form({ _csrf: token, name: '鈴木', email: 'suzuki@center.example.jp', role: 'coordinator', password: 'short' }),
      jar,
    );
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('12文字以上');
    const added = await ch.request(
      '/console/admin/staff',
      form({ _csrf: token, name: '鈴木', email: 'suzuki@center.example.jp', role: 'coordinator', password: 'kaze-no-oto-password-1' }),
      jar,
    );
    expect(added.headers.get('location')).toBe('/console/admin/staff?notice=created');
    const dup = await ch.request(
      '/console/admin/staff',
      form({ _csrf: token, name: '鈴木', email: 'SUZUKI@center.example.jp', role: 'coordinator', password: 'kaze-no-oto-password-1' }),
      jar,
    );
    expect(dup.status).toBe(400);

    const suzuki = await ch.login({ email: 'suzuki@center.example.jp', password: 'kaze-no-oto-password-1' });
    expect(suzuki.res.status).toBe(303);
    const id = (await ch.store.findStaffByEmail('suzuki@center.example.jp'))!.id;
    const list = await (await ch.request('/console/admin/staff', {}, jar)).text();
    expect(list).toContain('鈴木');
    expect(list).toContain(`/console/admin/staff/${id}/disable`);
    expect((await ch.request(`/console/admin/staff/${id}/disable`, form({ _csrf: token }), jar)).status).toBe(303);
    expect((await ch.request('/console', {}, suzuki.jar)).status).toBe(302);
    expect((await ch.login({ email: 'suzuki@center.example.jp', password: 'kaze-no-oto-password-1' })).res.status).toBe(401);
    expect((await ch.request(`/console/admin/staff/${id}/enable`, form({ _csrf: token }), jar)).status).toBe(303);
    expect((await ch.login({ email: 'suzuki@center.example.jp', password: 'kaze-no-oto-password-1' })).res.status).toBe(303);

    // An admin cannot lock themselves out.
    const me = (await ch.store.findStaffByEmail(ADMIN.email))!.id;
    expect((await ch.request(`/console/admin/staff/${me}/disable`, form({ _csrf: token }), jar)).status).toBe(400);
  });

  it('an admin sets a new password for someone: it is checked, their sessions end, the old password stops working', async () => {
    const { jar } = await ch.login(ADMIN);
    const token = csrfOf(await (await ch.request('/console/admin/staff', {}, jar)).text());
    const coordinator = await ch.login(COORDINATOR);
    const id = (await ch.store.findStaffByEmail(COORDINATOR.email))!.id;
    const weak = await ch.request(`/console/admin/staff/${id}/password`, form({ _csrf: token, password: 'short' }), jar);
    expect(weak.status).toBe(400);
    expect((await ch.request('/console', {}, coordinator.jar)).status).toBe(200);

    const reset = await ch.request(`/console/admin/staff/${id}/password`, form({ _csrf: token, password: 'a-brand-new-password-9' }), jar);
    expect(reset.headers.get('location')).toBe('/console/admin/staff?notice=password');
    expect((await ch.request('/console', {}, coordinator.jar)).status).toBe(302);
    expect((await ch.login(COORDINATOR)).res.status).toBe(401);
    expect((await ch.login({ email: COORDINATOR.email, password: 'a-brand-new-password-9' })).res.status).toBe(303);
    const logged = await ch.h.node.deps.store.db.select().from(auditLog).where(eq(auditLog.action, 'staff.password'));
    expect(logged.map((r) => r.target)).toEqual([`staff:${id}`]);
    expect(JSON.stringify(logged)).not.toContain('a-brand-new-password-9');
  });
});

describe('audit log', () => {
  it('records logins, failed logins, logouts and staff changes with staff id and target, never a password', async () => {
    const adminId = (await ch.store.findStaffByEmail(ADMIN.email))!.id;
    const coordId = (await ch.store.findStaffByEmail(COORDINATOR.email))!.id;
    await ch.login({ email: COORDINATOR.email, password: 'typo-password-xyz' });
    await ch.login({ email: 'who@center.example.jp', password: 'typo-password-xyz' });
    const { jar } = await ch.login(ADMIN);
    const token = csrfOf(await (await ch.request('/console/admin/staff', {}, jar)).text());
    await ch.request(
      '/console/admin/staff',
      form({ _csrf: token, name: '田中', email: 'tanaka@center.example.jp', role: 'admin', password: 'yama-no-oto-password-1' }),
      jar,
    );
    const tanaka = (await ch.store.findStaffByEmail('tanaka@center.example.jp'))!.id;
    await ch.request(`/console/admin/staff/${tanaka}/disable`, form({ _csrf: token }), jar);
    await ch.request('/console/logout', form({ _csrf: token }), jar);

    expect(await auditRows()).toEqual([
      { staffId: null, action: 'staff.bootstrap', target: `staff:${adminId}` },
      { staffId: coordId, action: 'login.failed', target: `staff:${coordId}` },
      { staffId: null, action: 'login.failed', target: null },
      { staffId: adminId, action: 'login', target: null },
      { staffId: adminId, action: 'staff.create', target: `staff:${tanaka}` },
      { staffId: adminId, action: 'staff.disable', target: `staff:${tanaka}` },
      { staffId: adminId, action: 'logout', target: null },
    ]);
    const dump = JSON.stringify(await ch.h.node.deps.store.db.all(sql`select * from audit_log`));
    expect(dump).not.toContain('password');
    expect(dump).not.toContain('who@center');
  });

  it('shows admins the log newest first, 50 to a page', async () => {
    for (let i = 0; i < 60; i++) await ch.store.audit({ at: START + i * 1000, staffId: null, action: 'view.case', target: `case:${i}` });
    ch.clock.now = START + 120_000;
    const { jar } = await ch.login(ADMIN);
    const first = await (await ch.request('/console/admin/audit', {}, jar)).text();
    expect(first).toContain('1 / 2 ページ');
    // The login just now is the newest entry, then case:59 …
    expect(first.indexOf('ログイン')).toBeLessThan(first.indexOf('case:59'));
    expect(first.indexOf('case:59')).toBeLessThan(first.indexOf('case:58'));
    expect(first).not.toContain('case:10<');
    const second = await (await ch.request('/console/admin/audit?page=2', {}, jar)).text();
    expect(second).toContain('2 / 2 ページ');
    expect(second).toContain('case:0<');
    expect(second).not.toContain('case:59');
  });
});

describe('first start', () => {
  it('creates the admin from CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD only when there is no staff, and validates the password', async () => {
    const h = await createHarness();
    try {
      const store = createConsoleStore(h.node.deps.store.db);
      await expect(ensureInitialStaff(h.node.deps, store, { CONSOLE_ADMIN_EMAIL: 'a@center.example.jp', CONSOLE_ADMIN_PASSWORD: 'short' })).rejects.toThrow(
        /CONSOLE_ADMIN_PASSWORD.*12/,
      );
      await expect(ensureInitialStaff(h.node.deps, store, { CONSOLE_ADMIN_PASSWORD: 'long-enough-password' })).rejects.toThrow(/CONSOLE_ADMIN_EMAIL/);
      expect(await store.countStaff()).toBe(0);
      const r = await ensureInitialStaff(h.node.deps, store, {
        CONSOLE_ADMIN_EMAIL: 'First@Center.example.jp',
        CONSOLE_ADMIN_PASSWORD: 'long-enough-password',
      });
      expect(r.created).toEqual(['first@center.example.jp']);
      expect((await store.findStaffByEmail('first@center.example.jp'))?.role).toBe('admin');
      // A second start (or a changed variable) does not add another admin.
      const again = await ensureInitialStaff(h.node.deps, store, {
        CONSOLE_ADMIN_EMAIL: 'other@center.example.jp',
        CONSOLE_ADMIN_PASSWORD: 'long-enough-password',
      });
      expect(again.created).toEqual([]);
      expect(await store.countStaff()).toBe(1);
      expect(r.demo).toBeUndefined(); // live mode: no demo accounts
    } finally {
      await h.close();
    }
  });

  it('in dev mode creates a demo coordinator and admin at start, prints them, and hands them to the simulator page', async () => {
    const dev = await createDevApp();
    try {
      const store = createConsoleStore(dev.node.deps.store.db);
      const printed: string[] = [];
      // The runtime already created them at start; asking again prints them and creates nothing.
      const r = await ensureInitialStaff(dev.node.deps, store, {}, { print: (l) => printed.push(l) });
      expect(r.created).toEqual([]);
      expect(demoCredentials()).toEqual(r.demo!.coordinator);
      expect(demoAdminCredentials()).toEqual(r.demo!.admin);
      expect(r.demo!.coordinator.loginId).toBe(DEMO_COORDINATOR_EMAIL);
      expect(r.demo!.coordinator.password.length).toBeGreaterThanOrEqual(12);
      expect(printed.join('\n')).toContain(r.demo!.coordinator.password);
      expect((await store.findStaffByEmail(DEMO_COORDINATOR_EMAIL))?.role).toBe('coordinator');
      expect((await store.findStaffByEmail(DEMO_ADMIN_EMAIL))?.role).toBe('admin');
      // Restart: same passwords (derived from the data key), nothing created twice.
      const again = await ensureInitialStaff(dev.node.deps, store, {}, { print: () => undefined });
      expect(again.created).toEqual([]);
      expect(again.demo).toEqual(r.demo);
      // The simulator shows the login.
      const sim = await (await dev.app.request('/dev')).text();
      expect(sim).toContain(DEMO_COORDINATOR_EMAIL);
    } finally {
      await dev.close();
    }
  });
});
