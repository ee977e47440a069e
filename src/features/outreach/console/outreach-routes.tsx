/**
 * Outreach in the console, mounted at /console/outreach (coordinators and admins):
 *   GET  /lectures[?status=]             lecture requests (no contact details in the list)
 *   GET  /lectures/:id                   one request with its contact details (audited)
 *   POST /lectures/:id/status            受付 → 日程調整中 → 確定 (date and time) → 実施済, or 取消;
 *                                        each change is pushed to the requester in their language
 *   POST /lectures/:id/actual            the number of participants after the lecture
 *   GET  /events, GET /events/new        events and training sessions; the creation form
 *   POST /events                         create
 *   GET  /events/:id                     one event: registrations (audited), attendance, edit, cancel
 *   POST /events/:id                     edit (a larger capacity moves people up from the waiting list)
 *   POST /events/:id/cancel              cancel; everyone registered or waiting is told
 *   POST /events/:id/attendance          attendance ticks and the actual number of participants
 *
 * Pushes go through sendInternalEvent, so the engine words them in the person's language and
 * they run in order with the person's own messages; each has a stable key, so a double click
 * sends nothing twice.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppDeps } from '../../../app/deps.ts';
import { sendInternalEvent, sendNotices } from '../../../app/process-event.ts';
import { promotedNotices } from '../event-requests.ts';
import type { EventInput, LectureStatus } from '../store.ts';
import { professionals } from '../../consultation/schema.ts';
import { LECTURE_STATUSES } from '../schema.ts';
import { inArray } from 'drizzle-orm';
import { audit } from '../../../console/audit.ts';
import type { Frame } from '../../../console/pages.tsx';
import { messagePage } from '../../../console/pages.tsx';
import type { ConsoleEnv } from '../../../console/session.ts';
import {
  eventNewPage,
  eventPage,
  eventsPage,
  LECTURE_NEXT,
  lecturePage,
  lecturesPage,
  type EventForm,
  type LectureDetails,
  type RegistrantView,
} from './outreach-pages.tsx';
import { aad } from '../../../db/sealed-bindings.ts';
import { parseJapanDateTime } from '../../../shared/japan-time.ts';

type SignedIn = (role?: 'admin' | 'coordinator') => MiddlewareHandler<ConsoleEnv>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const MAX_PARTICIPANTS = 100_000;

const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : '';
};

/** A date and a time typed in the console are Japan time (the city's time zone). */
function jstInstant(date: string, time: string): number | null {
  if (!DATE.test(date) || !TIME.test(time)) return null;
  const ms = parseJapanDateTime(date, time);
  return Number.isFinite(ms) ? ms : null;
}

function count(raw: string): number | null {
  const t = raw.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_PARTICIPANTS ? n : null;
}

const NOTICES: Record<string, string> = {
  status: '状態を変更し、依頼者にLINEでお知らせしました。',
  actual: '参加者数を記録しました。',
  created: 'イベントを作成しました。',
  updated: '変更を保存しました。',
  cancelled: 'イベントを中止し、申込者にお知らせしました。',
  attendance: '出欠と参加者数を保存しました。',
};

export function outreachRoutes(deps: AppDeps, opts: { frame: (c: Context<ConsoleEnv>) => Frame; signedIn: SignedIn }) {
  const app = new Hono<ConsoleEnv>();
  const { frame, signedIn } = opts;
  const store = deps.stores.outreach;
  const notFound = (c: Context<ConsoleEnv>) => c.html(messagePage(frame(c), '見つかりません', 'その項目は登録されていません。'), 404);
  const notice = (c: Context<ConsoleEnv>) => NOTICES[c.req.query('notice') ?? ''];

  // Every page here needs a signed-in staff member; coordinators are enough.
  app.use('*', signedIn());

  // ---- lecture requests ----------------------------------------------------------------

  app.get('/lectures', async (c) => {
    const q = c.req.query('status');
    const status = (LECTURE_STATUSES as readonly string[]).includes(q ?? '') ? (q as LectureStatus) : undefined;
    return c.html(lecturesPage(frame(c), { rows: await store.lectures(status ? { status } : {}), status }));
  });

  async function showLecture(
    c: Context<ConsoleEnv>,
    id: number,
    extra: { error?: string; form?: { date?: string; time?: string; actual?: string } } = {},
    status: 200 | 400 = 200,
  ) {
    const row = await store.lecture(id);
    if (!row) return notFound(c);
    let details: LectureDetails | null = null;
    try {
      details = JSON.parse(await deps.sealer.open(row.detailsSealed, aad('lecture_requests.details_sealed', row.sourceEventId))) as LectureDetails;
    } catch {
      details = null;
    }
    await audit(deps, c.get('staff')!.id, 'view.lecture', `lecture:${row.id}`);
    return c.html(lecturePage(frame(c), { row, details, notice: status === 200 ? notice(c) : undefined, ...extra }), status);
  }

  app.get('/lectures/:id{[0-9]+}', (c) => showLecture(c, Number(c.req.param('id'))));

  app.post('/lectures/:id{[0-9]+}/status', async (c) => {
    const id = Number(c.req.param('id'));
    const row = await store.lecture(id);
    if (!row) return notFound(c);
    const body = await c.req.parseBody();
    const status = field(body, 'status') as LectureStatus;
    if (!LECTURE_NEXT[row.status].includes(status)) {
      // Already there (a second click) or not a step forward from here.
      if (row.status === status) return c.redirect(`/console/outreach/lectures/${id}?notice=status`, 303);
      return showLecture(c, id, { error: 'この状態には変更できません。ページを読み込み直してください。' }, 400);
    }
    let at: number | null = null;
    if (status === 'confirmed') {
      const date = field(body, 'date');
      const time = field(body, 'time');
      at = jstInstant(date, time);
      if (at === null) return showLecture(c, id, { error: '日付と開始時刻を正しく入力してください。', form: { date, time } }, 400);
    }
    const changed = await store.setLectureStatus(id, status, at, deps.clock.now().getTime());
    if (changed && status !== 'received') {
      await audit(deps, c.get('staff')!.id, 'lecture.status', `lecture:${id}`);
      await sendInternalEvent(
        deps,
        row.chatId,
        { kind: 'lecture-status', ref: row.ref, status, ...(at !== null ? { at } : {}) },
        `lecture:${id}:${status}:${at ?? ''}`,
      );
    }
    return c.redirect(`/console/outreach/lectures/${id}?notice=status`, 303);
  });

  app.post('/lectures/:id{[0-9]+}/actual', async (c) => {
    const id = Number(c.req.param('id'));
    const row = await store.lecture(id);
    if (!row) return notFound(c);
    const body = await c.req.parseBody();
    const raw = field(body, 'actual');
    const n = count(raw);
    if (row.status !== 'done') return showLecture(c, id, { error: '参加者数は、実施済にしてから記録してください。' }, 400);
    if (n === null) return showLecture(c, id, { error: '参加者数を0以上の数字で入力してください。', form: { actual: raw } }, 400);
    await store.setLectureActual(id, n, deps.clock.now().getTime());
    await audit(deps, c.get('staff')!.id, 'lecture.actual', `lecture:${id}`);
    return c.redirect(`/console/outreach/lectures/${id}?notice=actual`, 303);
  });

  // ---- events and training -------------------------------------------------------------

  function eventInput(body: Record<string, unknown>): { form: EventForm; input?: EventInput; error?: string } {
    const form: EventForm = {
      kind: field(body, 'kind'),
      audience: field(body, 'audience'),
      title: field(body, 'title').trim(),
      description: field(body, 'description').trim(),
      place: field(body, 'place').trim(),
      date: field(body, 'date'),
      time: field(body, 'time'),
      capacity: field(body, 'capacity').trim(),
    };
    const startsAt = jstInstant(form.date, form.time);
    const capacity = count(form.capacity);
    if (form.kind !== 'event' && form.kind !== 'training') return { form, error: '種類を選んでください。' };
    if (form.audience !== 'residents' && form.audience !== 'professionals') return { form, error: '対象を選んでください。' };
    if (!form.title || form.title.length > 100) return { form, error: '名称を100文字以内で入力してください。' };
    if (!form.place || form.place.length > 100) return { form, error: '会場を100文字以内で入力してください。' };
    if (form.description.length > 1000) return { form, error: '内容は1000文字以内で入力してください。' };
    if (startsAt === null) return { form, error: '日付と開始時刻を正しく入力してください。' };
    if (capacity === null || capacity < 1) return { form, error: '定員を1以上の数字で入力してください。' };
    return {
      form,
      input: { kind: form.kind, audience: form.audience, title: form.title, description: form.description, place: form.place, startsAt, capacity },
    };
  }

  app.get('/events', async (c) => c.html(eventsPage(frame(c), { rows: await store.events(), notice: notice(c) })));

  app.get('/events/new', (c) => c.html(eventNewPage(frame(c), {})));

  app.post('/events', async (c) => {
    const parsed = eventInput(await c.req.parseBody());
    if (!parsed.input) return c.html(eventNewPage(frame(c), { form: parsed.form, error: parsed.error! }), 400);
    const id = await store.createEvent(parsed.input, c.get('staff')!.id, deps.clock.now().getTime());
    await audit(deps, c.get('staff')!.id, 'event.create', `event:${id}`);
    return c.redirect(`/console/outreach/events/${id}?notice=created`, 303);
  });

  async function showEvent(c: Context<ConsoleEnv>, id: number, extra: { form?: EventForm; error?: string } = {}, status: 200 | 400 = 200) {
    const event = await store.event(id);
    if (!event) return notFound(c);
    const rows = await store.registrationsOf(id);
    const regs: RegistrantView[] = rows.map((r) => ({ ...r }));
    // Professionals' profession and organisation, so a training's attendance can be checked.
    const ids = [...new Set(rows.map((r) => r.chatId))];
    if (ids.length) {
      const pros = await deps.store.db.select().from(professionals).where(inArray(professionals.userId, ids));
      const byId = new Map(pros.map((p) => [p.userId, p]));
      for (const r of regs) {
        const p = byId.get(r.chatId);
        if (!p) continue;
        r.profession = p.profession;
        r.organization = await deps.sealer.open(p.organizationSealed, aad('professionals.organization_sealed', p.userId)).catch(() => '');
      }
    }
    if (rows.length) await audit(deps, c.get('staff')!.id, 'view.registrations', `event:${id}`);
    return c.html(eventPage(frame(c), { event, regs, notice: status === 200 ? notice(c) : undefined, ...extra }), status);
  }

  app.get('/events/:id{[0-9]+}', (c) => showEvent(c, Number(c.req.param('id'))));

  app.post('/events/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const event = await store.event(id);
    if (!event) return notFound(c);
    if (event.status !== 'open') return showEvent(c, id, { error: '中止したイベントは変更できません。' }, 400);
    const parsed = eventInput(await c.req.parseBody());
    if (!parsed.input) return showEvent(c, id, { form: parsed.form, error: parsed.error! }, 400);
    const now = deps.clock.now().getTime();
    await store.updateEvent(id, parsed.input, now);
    await audit(deps, c.get('staff')!.id, 'event.update', `event:${id}`);
    // More seats: the waiting list moves up, and those people are told.
    const promoted = await store.promote(id, now);
    const updated = await store.event(id);
    if (promoted.length && updated) await sendNotices(deps, promotedNotices(updated, promoted));
    return c.redirect(`/console/outreach/events/${id}?notice=updated`, 303);
  });

  app.post('/events/:id{[0-9]+}/cancel', async (c) => {
    const id = Number(c.req.param('id'));
    const event = await store.event(id);
    if (!event) return notFound(c);
    const told = await store.cancelEvent(id, deps.clock.now().getTime());
    if (told.length || event.status === 'open') await audit(deps, c.get('staff')!.id, 'event.cancel', `event:${id}`);
    for (const r of told) {
      await sendInternalEvent(
        deps,
        r.chatId,
        { kind: 'event-notice', notice: 'cancelled', eventId: id, title: event.title, startsAt: event.startsAt, place: event.place },
        `event-cancel:${id}:${r.regId}`,
      );
    }
    return c.redirect(`/console/outreach/events/${id}?notice=cancelled`, 303);
  });

  app.post('/events/:id{[0-9]+}/attendance', async (c) => {
    const id = Number(c.req.param('id'));
    const event = await store.event(id);
    if (!event) return notFound(c);
    const body = await c.req.parseBody({ all: true });
    const raw = body.attended;
    const ticked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .filter((v): v is string => typeof v === 'string' && /^\d{1,10}$/.test(v))
      .map(Number);
    const actualRaw = typeof body.actual === 'string' ? body.actual.trim() : '';
    const actual = actualRaw === '' ? null : count(actualRaw);
    if (actualRaw !== '' && actual === null) return showEvent(c, id, { error: '参加者数を0以上の数字で入力してください。' }, 400);
    const now = deps.clock.now().getTime();
    await store.setAttendance(id, ticked, now);
    await store.setEventActual(id, actual, now);
    await audit(deps, c.get('staff')!.id, 'event.attendance', `event:${id}`);
    return c.redirect(`/console/outreach/events/${id}?notice=attendance`, 303);
  });

  return app;
}
