/**
 * Who may open what: every route of the console sub-app × {anonymous, coordinator, admin}.
 * The routes are enumerated from Hono's `app.routes`, so a route added without an entry
 * here fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { consoleRoutes } from '../../src/console/routes.tsx';
import { createCaseConsoleStore } from '../../src/features/consultation/case-console-store.ts';
import { insertCase } from '../support/cases.ts';
import { lectureRequests, outreachEvents } from '../../src/features/outreach/schema.ts';
import { ADMIN, COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness, type Jar } from './support.ts';
import { aad } from '../../src/db/sealed-bindings.ts';

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
const CASE = '__case__';
const CANNED = '__canned__';
const C = ':id{c[A-Za-z0-9_-]{4,40}}';
const loginFor = (path: string) => ({ redirect: `/console/login?next=${encodeURIComponent(path)}` });
const to = (path: string) => ({ redirect: path });
/** Outreach rows made in beforeAll: a new lecture request, one already given, two events. */
const LECTURE_ID = '__lecture__';
const DONE_LECTURE_ID = '__done-lecture__';
const EVENT_ID = '__event__';
const CANCEL_EVENT_ID = '__cancel-event__';
const EVENT_FIELDS = {
  kind: 'event',
  audience: 'residents',
  title: '市民講座',
  description: '',
  place: '市民会館',
  date: '2026-12-12',
  time: '14:00',
  capacity: '30',
};
const outreachLogin = (path: string) => ({ redirect: `/console/login?next=${encodeURIComponent(path)}` });

/** Keyed by `${method} ${path as registered in the sub-app}`. */
const MATRIX: Record<string, Entry> = {
  'GET /console.css': { path: '/console/console.css', expect: { anonymous: 200, coordinator: 200, admin: 200 } },
  'GET /queue.js': { path: '/console/queue.js', expect: { anonymous: 200, coordinator: 200, admin: 200 } },
  'GET /login': { path: '/console/login', expect: { anonymous: 200, coordinator: { redirect: '/console' }, admin: { redirect: '/console' } } },
  // Signed in or not, a login post with a valid form token but a wrong password is a 401.
  'POST /login': {
    path: '/console/login',
    fields: { email: 'nobody@center.example.jp', password: 'wrong-password-1' },
    expect: { anonymous: 403, coordinator: 401, admin: 401 },
  },
  'POST /logout': { path: '/console/logout', expect: { anonymous: 403, coordinator: { redirect: '/console/login' }, admin: { redirect: '/console/login' } } },
  'GET /': { path: '/console', expect: { anonymous: LOGIN, coordinator: 200, admin: 200 } },
  'GET /admin/staff': {
    path: '/console/admin/staff',
    expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fadmin%2Fstaff' }, coordinator: 403, admin: 200 },
  },
  'POST /admin/staff': {
    path: '/console/admin/staff',
    fields: { name: '追加', email: 'matrix@center.example.jp', role: 'coordinator', password: 'umi-no-oto-password-1' },
    expect: { anonymous: 403, coordinator: 403, admin: { redirect: '/console/admin/staff?notice=created' } },
  },
  'POST /admin/staff/:id{[0-9]+}/disable': {
    path: `/console/admin/staff/${TARGET_ID}/disable`,
    expect: { anonymous: 403, coordinator: 403, admin: { redirect: '/console/admin/staff?notice=disabled' } },
  },
  'POST /admin/staff/:id{[0-9]+}/enable': {
    path: `/console/admin/staff/${TARGET_ID}/enable`,
    expect: { anonymous: 403, coordinator: 403, admin: { redirect: '/console/admin/staff?notice=enabled' } },
  },
  'POST /admin/staff/:id{[0-9]+}/password': {
    path: `/console/admin/staff/${TARGET_ID}/password`,
    fields: { password: 'umi-no-oto-new-password-1' },
    expect: { anonymous: 403, coordinator: 403, admin: { redirect: '/console/admin/staff?notice=password' } },
  },
  'GET /kpi': {
    path: '/console/kpi?fy=2026',
    expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fkpi%3Ffy%3D2026' }, coordinator: 200, admin: 200 },
  },
  'GET /directory': { path: '/console/directory', expect: { anonymous: loginFor('/console/directory'), coordinator: 200, admin: 200 } },
  'POST /directory/checked': {
    path: '/console/directory/checked',
    fields: { place: 'no-such-place' },
    expect: { anonymous: 403, coordinator: 404, admin: 404 },
  },
  'GET /kpi.csv': { path: '/console/kpi.csv?fy=2026', expect: { anonymous: LOGIN, coordinator: 200, admin: 200 } },
  'GET /announcements': {
    path: '/console/announcements',
    expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fannouncements' }, coordinator: 200, admin: 200 },
  },
  // An incomplete draft (no segment chosen): reaching the check is what this row is about.
  'POST /announcements': { path: '/console/announcements', fields: { title: '案内', body: '本文' }, expect: { anonymous: 403, coordinator: 400, admin: 400 } },
  'GET /announcements/:id{[0-9]+}': {
    path: '/console/announcements/999999',
    expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fannouncements%2F999999' }, coordinator: 404, admin: 404 },
  },
  'POST /announcements/:id{[0-9]+}/send': { path: '/console/announcements/999999/send', expect: { anonymous: 403, coordinator: 404, admin: 404 } },
  'GET /admin/audit': {
    path: '/console/admin/audit',
    expect: { anonymous: { redirect: '/console/login?next=%2Fconsole%2Fadmin%2Faudit' }, coordinator: 403, admin: 200 },
  },
  // Cases: every coordinator works on every case; posts without a session are refused.
  [`GET /cases/${C}`]: { path: `/console/cases/${CASE}`, expect: { anonymous: loginFor(`/console/cases/${CASE}`), coordinator: 200, admin: 200 } },
  [`POST /cases/${C}/claim`]: {
    path: `/console/cases/${CASE}/claim`,
    expect: { anonymous: 403, coordinator: to(`/console/cases/${CASE}?notice=claimed`), admin: to(`/console/cases/${CASE}?notice=claimed`) },
  },
  [`POST /cases/${C}/assign`]: {
    path: `/console/cases/${CASE}/assign`,
    fields: { staffId: TARGET_ID },
    expect: { anonymous: 403, coordinator: to(`/console/cases/${CASE}?notice=assigned`), admin: to(`/console/cases/${CASE}?notice=assigned`) },
  },
  [`POST /cases/${C}/reply`]: {
    path: `/console/cases/${CASE}/reply`,
    fields: { text: 'お返事です', key: '6f1c1c3e-55a4-4c4e-9d7e-0a2b3c4d5e6f' },
    expect: { anonymous: 403, coordinator: to(`/console/cases/${CASE}?notice=sent`), admin: to(`/console/cases/${CASE}?notice=sent`) },
  },
  [`POST /cases/${C}/notes`]: {
    path: `/console/cases/${CASE}/notes`,
    fields: { text: 'メモ' },
    expect: { anonymous: 403, coordinator: to(`/console/cases/${CASE}?notice=noted`), admin: to(`/console/cases/${CASE}?notice=noted`) },
  },
  [`POST /cases/${C}/close`]: {
    path: `/console/cases/${CASE}/close`,
    expect: { anonymous: 403, coordinator: to(`/console/cases/${CASE}?notice=closed`), admin: to(`/console/cases/${CASE}?notice=closed`) },
  },
  'GET /unanswered': { path: '/console/unanswered', expect: { anonymous: loginFor('/console/unanswered'), coordinator: 200, admin: 200 } },
  'GET /admin/invites': { path: '/console/admin/invites', expect: { anonymous: loginFor('/console/admin/invites'), coordinator: 403, admin: 200 } },
  // The new code is shown in the response itself (never in a redirect URL).
  'POST /admin/invites': { path: '/console/admin/invites', fields: { label: '事業所', days: '14' }, expect: { anonymous: 403, coordinator: 403, admin: 200 } },
  'POST /admin/invites/:id{[0-9]+}/revoke': {
    path: '/console/admin/invites/1/revoke',
    expect: { anonymous: 403, coordinator: 403, admin: to('/console/admin/invites?notice=revoked') },
  },
  'GET /admin/canned': { path: '/console/admin/canned', expect: { anonymous: loginFor('/console/admin/canned'), coordinator: 403, admin: 200 } },
  'POST /admin/canned': {
    path: '/console/admin/canned',
    fields: { title: '見出し', body: '本文' },
    expect: { anonymous: 403, coordinator: 403, admin: to('/console/admin/canned?notice=canned-created') },
  },
  'POST /admin/canned/:id{[0-9]+}': {
    path: `/console/admin/canned/${CANNED}`,
    fields: { title: '見出し', body: '本文' },
    expect: { anonymous: 403, coordinator: 403, admin: to('/console/admin/canned?notice=canned-saved') },
  },
  'POST /admin/canned/:id{[0-9]+}/delete': {
    path: '/console/admin/canned/999999/delete',
    expect: { anonymous: 403, coordinator: 403, admin: to('/console/admin/canned?notice=canned-deleted') },
  },
  // Outreach (features/outreach/console/outreach-routes.tsx): coordinators and admins alike.
  'GET /outreach/lectures': {
    path: '/console/outreach/lectures',
    expect: { anonymous: outreachLogin('/console/outreach/lectures'), coordinator: 200, admin: 200 },
  },
  'GET /outreach/lectures/:id{[0-9]+}': {
    path: `/console/outreach/lectures/${LECTURE_ID}`,
    expect: { anonymous: outreachLogin(`/console/outreach/lectures/${LECTURE_ID}`), coordinator: 200, admin: 200 },
  },
  'POST /outreach/lectures/:id{[0-9]+}/status': {
    path: `/console/outreach/lectures/${LECTURE_ID}/status`,
    fields: { status: 'scheduling' },
    expect: {
      anonymous: 403,
      coordinator: { redirect: `/console/outreach/lectures/${LECTURE_ID}?notice=status` },
      admin: { redirect: `/console/outreach/lectures/${LECTURE_ID}?notice=status` },
    },
  },
  'POST /outreach/lectures/:id{[0-9]+}/actual': {
    path: `/console/outreach/lectures/${DONE_LECTURE_ID}/actual`,
    fields: { actual: '25' },
    expect: {
      anonymous: 403,
      coordinator: { redirect: `/console/outreach/lectures/${DONE_LECTURE_ID}?notice=actual` },
      admin: { redirect: `/console/outreach/lectures/${DONE_LECTURE_ID}?notice=actual` },
    },
  },
  'GET /outreach/events': { path: '/console/outreach/events', expect: { anonymous: outreachLogin('/console/outreach/events'), coordinator: 200, admin: 200 } },
  'GET /outreach/events/new': {
    path: '/console/outreach/events/new',
    expect: { anonymous: outreachLogin('/console/outreach/events/new'), coordinator: 200, admin: 200 },
  },
  // The new event's id is not known in advance: a 303 to its page.
  'POST /outreach/events': { path: '/console/outreach/events', fields: EVENT_FIELDS, expect: { anonymous: 403, coordinator: 303, admin: 303 } },
  'GET /outreach/events/:id{[0-9]+}': {
    path: `/console/outreach/events/${EVENT_ID}`,
    expect: { anonymous: outreachLogin(`/console/outreach/events/${EVENT_ID}`), coordinator: 200, admin: 200 },
  },
  'POST /outreach/events/:id{[0-9]+}': {
    path: `/console/outreach/events/${EVENT_ID}`,
    fields: EVENT_FIELDS,
    expect: {
      anonymous: 403,
      coordinator: { redirect: `/console/outreach/events/${EVENT_ID}?notice=updated` },
      admin: { redirect: `/console/outreach/events/${EVENT_ID}?notice=updated` },
    },
  },
  'POST /outreach/events/:id{[0-9]+}/cancel': {
    path: `/console/outreach/events/${CANCEL_EVENT_ID}/cancel`,
    expect: {
      anonymous: 403,
      coordinator: { redirect: `/console/outreach/events/${CANCEL_EVENT_ID}?notice=cancelled` },
      admin: { redirect: `/console/outreach/events/${CANCEL_EVENT_ID}?notice=cancelled` },
    },
  },
  'POST /outreach/events/:id{[0-9]+}/attendance': {
    path: `/console/outreach/events/${EVENT_ID}/attendance`,
    fields: { actual: '12' },
    expect: {
      anonymous: 403,
      coordinator: { redirect: `/console/outreach/events/${EVENT_ID}?notice=attendance` },
      admin: { redirect: `/console/outreach/events/${EVENT_ID}?notice=attendance` },
    },
  },
};

let ch: ConsoleHarness;
let targetId: number;
let caseId: string;
let cannedId: number;
const ids: Record<string, number> = {};
beforeAll(async () => {
  ch = await createConsoleHarness();
  targetId = await ch.addStaff('target@center.example.jp', 'target-password-1', 'coordinator');
  caseId = await insertCase(ch.h, { chatId: 'U0123456789abcdef0123456789abcdef' });
  cannedId = await createCaseConsoleStore(ch.h.node.deps.store.db, ch.h.node.deps.sealer).createCanned({
    title: '既存',
    body: '既存の本文',
    staffId: 1,
    now: ch.clock.now,
  });
  const { deps } = ch.h.node;
  const details = (ref: string) =>
    deps.sealer.seal(JSON.stringify({ group: 'さくら会', contact: '山田', phone: '0312345678', place: '公民館' }), aad('lecture_requests.details_sealed', ref));
  const lecture = async (ref: string, status: 'received' | 'done') => ({
    ref,
    chatId: `U${'1'.repeat(32)}`,
    status,
    topic: 'acp' as const,
    detailsSealed: await details(ref),
    preferredDates: '["2026-12-15","2026-12-22"]',
    expectedParticipants: 20,
    createdAt: 0,
    updatedAt: 0,
    sourceEventId: ref,
  });
  const [l1, l2] = await deps.store.db
    .insert(lectureRequests)
    .values([await lecture('L-2611-0001', 'received'), await lecture('L-2611-0002', 'done')])
    .returning({ id: lectureRequests.id });
  const event = (title: string) => ({
    kind: 'event' as const,
    audience: 'residents' as const,
    title,
    place: '市民会館',
    startsAt: Date.parse('2026-12-12T14:00:00+09:00'),
    capacity: 30,
    createdAt: 0,
    updatedAt: 0,
  });
  const [e1, e2] = await deps.store.db
    .insert(outreachEvents)
    .values([event('市民講座'), event('中止する講座')])
    .returning({ id: outreachEvents.id });
  Object.assign(ids, { [LECTURE_ID]: l1!.id, [DONE_LECTURE_ID]: l2!.id, [EVENT_ID]: e1!.id, [CANCEL_EVENT_ID]: e2!.id });
});

/** Fills the placeholders of a path or an expected location with the ids made above. */
function fill(text: string): string {
  let out = text.replaceAll(TARGET_ID, String(targetId)).replaceAll(CASE, caseId).replaceAll(CANNED, String(cannedId));
  for (const [k, v] of Object.entries(ids)) out = out.replaceAll(k, String(v)).replaceAll(encodeURIComponent(k), String(v));
  return out;
}
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
        const path = fill(entry.path);
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
          const fields = Object.fromEntries(Object.entries(entry.fields ?? {}).map(([k, v]) => [k, fill(v)]));
          res = await ch.request(path, form({ ...fields, ...(token ? { _csrf: token } : {}) }), jar);
        }
        if (typeof expected === 'number') {
          expect(res.status).toBe(expected);
        } else {
          expect([302, 303]).toContain(res.status);
          expect(res.headers.get('location')).toBe(fill(expected.redirect));
        }
        // Reset what an admin's row changed, so every row starts from the same data.
        if (route === 'POST /admin/staff' && who === 'admin') {
          await ch.h.node.deps.store.db.run(sql`delete from staff where email = 'matrix@center.example.jp'`);
        }
        if (route.endsWith('/close')) await ch.h.node.deps.store.db.run(sql`update cases set status = 'open', closed_at = null, closed_by = null`);
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
