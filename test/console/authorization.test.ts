/**
 * Who may open what: every route of the console sub-app × {anonymous, coordinator, admin}.
 * The routes are enumerated from Hono's `app.routes`, so a route added without an entry
 * here fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { consoleRoutes } from '../../src/console/routes.tsx';
import { ADMIN, COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness, type Jar } from './support.ts';

type Who = 'anonymous' | 'coordinator' | 'admin';
/** A status, or a redirect to a location. */
type Expect = number | { redirect: string };

interface Entry {
  /** The concrete path to request (params filled in). */
  path: string;
  fields?: Record<string, string>;
  expect: Record<Who, Expect>;
}

const LOGIN = { redirect: '/console/login' };
const TARGET_ID = '__target__';

/** Keyed by `${method} ${path as registered in the sub-app}`. */
const MATRIX: Record<string, Entry> = {
  'GET /console.css': { path: '/console/console.css', expect: { anonymous: 200, coordinator: 200, admin: 200 } },
  'GET /login': { path: '/console/login', expect: { anonymous: 200, coordinator: { redirect: '/console' }, admin: { redirect: '/console' } } },
  // Signed in or not, a login post with a valid form token but a wrong password is a 401.
  'POST /login': { path: '/console/login', fields: { email: 'nobody@center.example.jp', password: 'wrong-password-1' }, expect: { anonymous: 403, coordinator: 401, admin: 401 } },
  'POST /logout': { path: '/console/logout', expect: { anonymous: 403, coordinator: { redirect: '/console/login' }, admin: { redirect: '/console/login' } } },
  'GET /': { path: '/console', expect: { anonymous: LOGIN, coordinator: 200, admin: 200 } },
  'GET /admin/staff': { path: '/console/admin/staff', expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fadmin%2Fstaff' }, coordinator: 403, admin: 200 } },
  'POST /admin/staff': {
    path: '/console/admin/staff',
    fields: { name: '追加', email: 'matrix@center.example.jp', role: 'coordinator', password: 'matrix-password-1' },
    expect: { anonymous: 403, coordinator: 403, admin: { redirect: '/console/admin/staff?notice=created' } },
  },
  'POST /admin/staff/:id{[0-9]+}/disable': { path: `/console/admin/staff/${TARGET_ID}/disable`, expect: { anonymous: 403, coordinator: 403, admin: { redirect: '/console/admin/staff?notice=disabled' } } },
  'POST /admin/staff/:id{[0-9]+}/enable': { path: `/console/admin/staff/${TARGET_ID}/enable`, expect: { anonymous: 403, coordinator: 403, admin: { redirect: '/console/admin/staff?notice=enabled' } } },
  'GET /kpi': { path: '/console/kpi?fy=2026', expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fkpi%3Ffy%3D2026' }, coordinator: 200, admin: 200 } },
  'GET /kpi.csv': { path: '/console/kpi.csv?fy=2026', expect: { anonymous: LOGIN, coordinator: 200, admin: 200 } },
  'GET /announcements': { path: '/console/announcements', expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fannouncements' }, coordinator: 200, admin: 200 } },
  // An incomplete draft (no segment chosen): reaching the check is what this row is about.
  'POST /announcements': { path: '/console/announcements', fields: { title: '案内', body: '本文' }, expect: { anonymous: 403, coordinator: 400, admin: 400 } },
  'GET /announcements/:id{[0-9]+}': { path: '/console/announcements/999999', expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fannouncements%2F999999' }, coordinator: 404, admin: 404 } },
  'POST /announcements/:id{[0-9]+}/send': { path: '/console/announcements/999999/send', expect: { anonymous: 403, coordinator: 404, admin: 404 } },
  'GET /admin/audit': { path: '/console/admin/audit', expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fadmin%2Faudit' }, coordinator: 403, admin: 200 } },
};

let ch: ConsoleHarness;
let targetId: number;
beforeAll(async () => {
  ch = await createConsoleHarness();
  targetId = await ch.addStaff('target@center.example.jp', 'target-password-1', 'coordinator');
});
afterAll(async () => {
  await ch?.close();
});

/** A fresh session per role and request, so a logout in one row does not affect the next. */
async function as(who: Who): Promise<{ jar: Jar | undefined; csrf: string | undefined }> {
  if (who === 'anonymous') return { jar: undefined, csrf: undefined };
  const { jar } = await ch.login(who === 'admin' ? ADMIN : COORDINATOR);
  return { jar, csrf: csrfOf(await (await ch.request('/console', {}, jar)).text()) };
}

describe('console authorization matrix', () => {
  it('has an entry for every route of the console sub-app', () => {
    const app = consoleRoutes(ch.h.node.deps, ch.store);
    const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
    expect(routes, 'add the new route to MATRIX with the expected result for each role').toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    for (const who of ['anonymous', 'coordinator', 'admin'] as const) {
      const expected = entry.expect[who];
      it(`${route} as ${who} → ${typeof expected === 'number' ? expected : `redirect ${expected.redirect}`}`, async () => {
        const method = route.split(' ')[0]!;
        const path = entry.path.replace(TARGET_ID, String(targetId));
        const { jar, csrf } = await as(who);
        let res: Response;
        if (method === 'GET') {
          res = await ch.request(path, {}, jar);
        } else {
          let token = csrf ?? '';
          if (path === '/console/login' && jar) {
            // A signed-in browser posting the login form: it carries that form's own token and cookie.
            const page = await ch.request('/console/login?fresh=1', {}, undefined);
            const cookie = page.headers.getSetCookie().find((c) => c.startsWith('renkei_console_login='))!;
            jar.cookies.set('renkei_console_login', cookie.split(';')[0]!.split('=')[1]!);
            token = csrfOf(await page.text());
          }
          res = await ch.request(path, form({ ...(entry.fields ?? {}), ...(token ? { _csrf: token } : {}) }), jar);
        }
        if (typeof expected === 'number') {
          expect(res.status).toBe(expected);
        } else {
          expect([302, 303]).toContain(res.status);
          expect(res.headers.get('location')).toBe(expected.redirect);
        }
        // Reset what an admin's row changed, so every row starts from the same data.
        if (route === 'POST /admin/staff' && who === 'admin') {
          await ch.h.node.deps.store.db.run(sql`delete from staff where email = 'matrix@center.example.jp'`);
        }
      });
    }
  }

  it('a coordinator opening an admin page gets a Japanese 403 page, not the page', async () => {
    const { jar } = await as('coordinator');
    const res = await ch.request('/console/admin/staff', {}, jar);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('管理者だけが使えます');
    expect(html).not.toContain('target@center.example.jp');
    // …and the admin links are not in the coordinator's menu.
    const home = await (await ch.request('/console', {}, jar)).text();
    expect(home).not.toContain('/console/admin/');
  });
});
