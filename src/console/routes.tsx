/**
 * consoleRoutes(deps, store): the coordinator console, mounted at /console.
 *   GET  /console.css, /queue.js           the style sheet and the queue's refresh script (served, never inline: CSP)
 *   GET  /login, POST /login               sign in (rate limited); POST /logout
 *   GET  /                                 the case queue (features/consultation/console/case-routes.tsx, with the routes below)
 *   GET  /cases/:id, POST /cases/:id/claim|assign|reply|notes|close   one case
 *   GET  /unanswered                       the questions the bot could not answer
 *   GET  /admin/invites, POST /admin/invites, POST /admin/invites/:id/revoke   admins: invite codes
 *   GET  /admin/canned, POST /admin/canned, POST /admin/canned/:id(/delete)    admins: canned replies
 *   GET  /admin/staff, POST /admin/staff   admins: list and add staff
 *   POST /admin/staff/:id/disable|enable   admins: disable or re-enable an account
 *   POST /admin/staff/:id/password         admins: set a new password (signs the account out)
 *   GET  /admin/audit?page=n               admins: the audit log, newest first
 *   /kpi, /kpi.csv                         the yearly KPI report (features/kpi/console/kpi-routes.tsx)
 *   /announcements…                        announcements to opted-in people (features/outreach/console/announcement-routes.tsx)
 *
 * Every page needs a signed-in, active staff member (anonymous visitors are sent to the
 * login); admin pages need the admin role (403 otherwise). Every POST needs the CSRF token.
 * test/console/authorization.test.ts fails when a route is added here without an entry.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppDeps } from '../app/deps.ts';
import { localize } from '../content/city.ts';
import type { ConsoleStore, StaffRole } from '../db/console-store.ts';
import { normalizeEmail } from '../db/console-store.ts';
import { audit } from './audit.ts';
import { QUEUE_SCRIPT } from '../features/consultation/console/case-pages.tsx';
import { addCaseRoutes } from '../features/consultation/console/case-routes.tsx';
import { auditPage, loginPage, messagePage, staffPage, type Frame } from './pages.tsx';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { endSession, loadSession, loginCsrfToken, requireCsrf, startSession, type ConsoleEnv } from './session.ts';
import { CONSOLE_CSS } from './style.ts';
import { clientAddress } from './client-address.ts';
import { outreachRoutes } from '../features/outreach/console/outreach-routes.tsx';
import { kpiRoutes } from '../features/kpi/console/kpi-routes.tsx';
import { announcementRoutes } from '../features/outreach/console/announcement-routes.tsx';
import { directoryRoutes } from '../features/directory/console/routes.tsx';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Password checks for one account from one client per window (then a lock with backoff). */
export const MAX_CHECKS_PER_ACCOUNT_AND_CLIENT = 5;
/** Password checks from one client for any accounts per window (guessing across accounts). */
export const MAX_CHECKS_PER_CLIENT = 20;
const LOCKOUT_NOTICE_MS = 24 * 60 * 60 * 1000;
const AUDIT_PAGE_SIZE = 50;
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/** Only a console path may be the target after sign-in (no open redirect). */
function safeNext(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  return /^\/console(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&_-]*)?$/.test(raw) && !raw.includes('//') ? raw : undefined;
}

const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : '';
};

export function consoleRoutes(deps: AppDeps, store: ConsoleStore) {
  const app = new Hono<ConsoleEnv>();
  const centerName = localize(deps.content.bundle.city.center.name, 'ja');
  const timeZone = deps.content.bundle.city.timezone;
  const frame = (c: Context<ConsoleEnv>): Frame => ({
    centerName,
    timeZone,
    staff: c.get('staff'),
    csrf: c.get('session')?.csrfToken,
    lockouts: c.get('lockouts'),
  });

  // Before the session middleware: the style sheet needs no database read.
  app.get('/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }));
  app.get('/queue.js', (c) => c.body(QUEUE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' }));

  app.use('*', async (c, next) => {
    await next();
    // Pages show staff data now and personal data later: never cached by the browser or a proxy.
    c.header('cache-control', 'no-store');
  });
  app.use('*', loadSession(deps, store));
  app.use('*', requireCsrf());
  // Admins are told on every page when failed sign-ins locked an account (the notice the
  // lock-out owes them; the audit log has each entry).
  app.use('*', async (c, next) => {
    c.set('lockouts', undefined);
    if (c.req.method === 'GET' && c.get('staff')?.role === 'admin') {
      const recent = await store.recentLockouts(deps.wallClock() - LOCKOUT_NOTICE_MS);
      if (recent.length)
        c.set(
          'lockouts',
          recent.map((r) => ({ name: r.name, locks: r.locks })),
        );
    }
    return next();
  });

  const signedIn =
    (role?: StaffRole): MiddlewareHandler<ConsoleEnv> =>
    async (c, next) => {
      const staff = c.get('staff');
      if (!staff) {
        if (c.req.method !== 'GET') return c.html(messagePage(frame(c), 'ログインが必要です', 'ログインしてから操作してください。'), 403);
        const next = safeNext(c.req.path + (new URL(c.req.url).search || ''));
        return c.redirect(next && next !== '/console' ? `/console/login?next=${encodeURIComponent(next)}` : '/console/login', 302);
      }
      if (role && staff.role !== role) {
        return c.html(
          messagePage(frame(c), 'このページは表示できません', 'このページは管理者だけが使えます。必要な場合はセンターの管理者に依頼してください。'),
          403,
        );
      }
      return next();
    };

  app.get('/login', (c) => {
    if (c.get('staff')) return c.redirect(safeNext(c.req.query('next')) ?? '/console', 302);
    const next = safeNext(c.req.query('next'));
    return c.html(loginPage(frame(c), { csrf: loginCsrfToken(c, deps), ...(next ? { next } : {}) }));
  });

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const email = normalizeEmail(field(body, 'email')).slice(0, 320);
    const password = field(body, 'password');
    const next = safeNext(body.next);
    const ip = clientAddress(c, deps.config.trustedProxyHeader);
    const now = deps.wallClock();
    const retry = (status: 401 | 429, error: string) =>
      c.html(loginPage(frame(c), { csrf: loginCsrfToken(c, deps), email, error, ...(next ? { next } : {}) }), status);

    // The check is reserved before the password is hashed: a parallel burst gets no more
    // checks than the limit allows (the count and the reservation are one statement).
    const limits = { windowMs: LOGIN_WINDOW_MS, perPair: MAX_CHECKS_PER_ACCOUNT_AND_CLIENT, perClient: MAX_CHECKS_PER_CLIENT };
    const reservation = await store.reserveLoginCheck({ email, ip, now, ...limits });
    if (reservation === undefined) {
      const reason = await store.loginLimitReason({ email, ip, now, ...limits });
      await audit(deps, null, 'login.rate_limited', reason === 'client' ? 'limit:client' : 'limit:account-client');
      return retry(429, 'ログインの失敗が続いたため、この端末からはしばらくログインできません。時間をおいて、もう一度お試しください。');
    }

    const staff = email ? await store.findStaffByEmail(email) : undefined;
    // An unknown address costs as much as a wrong password, so timing does not reveal accounts.
    const ok = (await verifyPassword(password, staff?.passwordHash ?? (await dummyHash()))) && staff !== undefined && staff.status === 'active';
    const failures = await store.settleLoginCheck(reservation, { ok, email, ip, now });
    if (!ok || !staff) {
      // The typed address is not recorded: people sometimes type a password into it.
      await audit(deps, staff?.id ?? null, 'login.failed', staff ? `staff:${staff.id}` : undefined);
      // Each full set of failures locks this account for this client (longer each time); the
      // admins see it on their pages. Other clients, the coordinator's own included, are not locked.
      if (staff && failures > 0 && failures % MAX_CHECKS_PER_ACCOUNT_AND_CLIENT === 0) await audit(deps, null, 'login.locked', `staff:${staff.id}`);
      return retry(401, 'メールアドレスまたはパスワードが違います。');
    }

    if (needsRehash(staff.passwordHash)) await store.setPasswordHash(staff.id, await hashPassword(password), now);
    await store.noteLogin(staff.id, now);
    await startSession(c, deps, store, staff.id);
    await audit(deps, staff.id, 'login');
    return c.redirect(next ?? '/console', 303);
  });

  app.post('/logout', async (c) => {
    const staff = c.get('staff');
    await endSession(c, deps, store);
    if (staff) await audit(deps, staff.id, 'logout');
    return c.redirect('/console/login', 303);
  });

  addCaseRoutes(app, { deps, frame, signedIn });
  app.route('/outreach', outreachRoutes(deps, { frame, signedIn })); // 出前講座, events and training: features/outreach/console/outreach-routes.tsx
  app.route('/', kpiRoutes(deps, { frame, signedIn }));
  app.route('/', announcementRoutes(deps, { frame, signedIn }));
  app.route('/directory', directoryRoutes(deps, { frame, signedIn })); // the local directory: features/directory/console/

  const NOTICES: Record<string, string> = {
    created: '担当者を追加しました。',
    disabled: '担当者を無効にしました。',
    enabled: '担当者を有効に戻しました。',
    password: '新しいパスワードを設定しました。その担当者はログインし直す必要があります。',
  };

  app.get('/admin/staff', signedIn('admin'), async (c) => {
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return c.html(staffPage(frame(c), { list: await store.listStaff(), ...(notice ? { notice } : {}) }));
  });

  app.post('/admin/staff', signedIn('admin'), async (c) => {
    const me = c.get('staff')!;
    const body = await c.req.parseBody();
    const name = field(body, 'name').trim();
    const email = normalizeEmail(field(body, 'email'));
    const role = field(body, 'role');
    const password = field(body, 'password');
    let error: string | undefined;
    if (!name || name.length > 100) error = '名前を100文字以内で入力してください。';
    else if (!EMAIL_RE.test(email) || email.length > 254) error = 'メールアドレスの形式が正しくありません。';
    else if (role !== 'coordinator' && role !== 'admin') error = '役割を選んでください。';
    else error = passwordProblem(password, { email, name });
    if (!error) {
      const created = await store.createStaff({ email, name, role: role as StaffRole, passwordHash: await hashPassword(password), now: deps.wallClock() });
      if (created) {
        await audit(deps, me.id, 'staff.create', `staff:${created.id}`);
        return c.redirect('/console/admin/staff?notice=created', 303);
      }
      error = 'このメールアドレスは、すでに登録されています。';
    }
    return c.html(staffPage(frame(c), { list: await store.listStaff(), error, form: { name, email, role } }), 400);
  });

  const setStatus = (status: 'active' | 'disabled') => async (c: Context<ConsoleEnv>) => {
    const me = c.get('staff')!;
    const id = Number(c.req.param('id'));
    const target = await store.getStaff(id);
    if (!target) return c.html(messagePage(frame(c), '見つかりません', 'その担当者は登録されていません。'), 404);
    if (target.id === me.id) {
      return c.html(staffPage(frame(c), { list: await store.listStaff(), error: 'ご自身のアカウントは無効にできません。' }), 400);
    }
    if (target.status !== status) {
      await store.setStaffStatus(id, status, deps.wallClock());
      await audit(deps, me.id, status === 'disabled' ? 'staff.disable' : 'staff.enable', `staff:${id}`);
    }
    return c.redirect(`/console/admin/staff?notice=${status === 'disabled' ? 'disabled' : 'enabled'}`, 303);
  };
  app.post('/admin/staff/:id{[0-9]+}/disable', signedIn('admin'), setStatus('disabled'));
  app.post('/admin/staff/:id{[0-9]+}/enable', signedIn('admin'), setStatus('active'));

  app.post('/admin/staff/:id{[0-9]+}/password', signedIn('admin'), async (c) => {
    const me = c.get('staff')!;
    const id = Number(c.req.param('id'));
    const target = await store.getStaff(id);
    if (!target) return c.html(messagePage(frame(c), '見つかりません', 'その担当者は登録されていません。'), 404);
    const password = field(await c.req.parseBody(), 'password');
    const error = passwordProblem(password, { email: target.email, name: target.name });
    if (error) return c.html(staffPage(frame(c), { list: await store.listStaff(), error }), 400);
    await store.resetPassword(id, await hashPassword(password), deps.wallClock());
    await audit(deps, me.id, 'staff.password', `staff:${id}`);
    return c.redirect('/console/admin/staff?notice=password', 303);
  });

  app.get('/admin/audit', signedIn('admin'), async (c) => {
    const requested = Number(c.req.query('page') ?? '1');
    const pageNo = Number.isInteger(requested) && requested >= 1 ? requested : 1;
    const { rows, total } = await store.auditPage(AUDIT_PAGE_SIZE, (pageNo - 1) * AUDIT_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    return c.html(auditPage(frame(c), { rows, page: pageNo, pages, total }));
  });

  return app;
}
