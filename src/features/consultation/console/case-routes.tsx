/**
 * The console's case work, added to the console sub-app by routes.tsx (so the authorization
 * test sees every route):
 *   GET  /                          the queue (?status=open|waiting|resolved&kind=resident|pro)
 *   GET  /cases/:id                 one case: summary, transcript, notes, reply (?canned=<id> fills it)
 *   POST /cases/:id/claim|assign    take the case / give it to someone (the user hears once)
 *   POST /cases/:id/reply           a reply pushed to the user through the outbox
 *   POST /cases/:id/notes           an internal note
 *   POST /cases/:id/close           「対応終了」: the bot tells the user and takes over again
 *   GET  /unanswered                the questions the bot could not answer
 *   admins: /admin/invites (+ POST, /:id/revoke), /admin/canned (+ POST, /:id, /:id/delete)
 *
 * Replies to a resolved case are refused rather than reopening it: only the engine knows
 * where the user's chat is, and a case reopened from here would leave the user talking to the
 * bot while the coordinator waits. The user reopens it by writing within CASE_REOPEN_DAYS.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../../../app/deps.ts';
import { deliverChat } from '../../../app/deliver.ts';
import { sendInternalEvent } from '../../../app/process-event.ts';
import { markCaseRead } from '../mark-case-read.ts';
import { generateInviteCode, inviteCodeHash } from '../../../shared/invite-code.ts';
import type { CaseDetail, CaseKind, CaseStatus } from '../case-console-store.ts';
import type { StaffRole } from '../../../db/console-store.ts';
import { audit } from '../../../console/audit.ts';
import { caseLabels, cannedPage, casePage, invitesPage, queuePage, unansweredPage } from './case-pages.tsx';
import { messagePage, type Frame } from '../../../console/pages.tsx';
import type { ConsoleEnv } from '../../../console/session.ts';

/** What the coordinator's name is replaced by in the user's LINE: the role, not the person. */
export const STAFF_REPLY_PREFIX = '【相談員より】\n';
export const REPLY_MAX = 4000;
const NOTE_MAX = 4000;
const UNANSWERED_PAGE_SIZE = 50;
const INVITE_MAX_DAYS = 90;
const CASE_ID = ':id{c[A-Za-z0-9_-]{4,40}}';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const NOTICES: Record<string, string> = {
  claimed: 'この相談の担当になりました。',
  assigned: '担当者を割り当てました。',
  sent: '返信を送りました（届いたかどうかは、やりとりの欄に表示されます）。',
  noted: 'メモを保存しました。',
  closed: '相談を終了しました。相談者には自動の案内に戻ることを伝えます。',
  revoked: '招待コードを取り消しました。',
  'canned-created': '定型文を追加しました。',
  'canned-saved': '定型文を保存しました。',
  'canned-deleted': '定型文を削除しました。',
};

const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : '';
};

/** Where a form may send the coordinator back to: the queue (with its filters) or a case. */
function safeBack(raw: string, fallback: string): string {
  return /^\/console(\?[a-z=&-]*)?$/.test(raw) || /^\/console\/cases\/c[A-Za-z0-9_-]{4,40}$/.test(raw) ? raw : fallback;
}

function withNotice(path: string, notice: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}notice=${notice}`;
}

export interface CaseRouteContext {
  deps: AppDeps;
  frame(c: Context<ConsoleEnv>): Frame;
  signedIn(role?: StaffRole): MiddlewareHandler<ConsoleEnv>;
}

export function addCaseRoutes(app: Hono<ConsoleEnv>, { deps, frame, signedIn }: CaseRouteContext): void {
  const store = deps.stores.caseConsole;
  const labels = caseLabels(deps.content.translator.t);
  // Case times, invite codes' expiry and replies count in the KPI report: business time.
  const now = () => deps.clock.now().getTime();
  const notFound = (c: Context<ConsoleEnv>) => c.html(messagePage(frame(c), '見つかりません', 'その相談は見つかりませんでした。'), 404);

  app.get('/', signedIn(), async (c) => {
    const s = c.req.query('status');
    const status: CaseStatus = s === 'waiting' || s === 'resolved' ? s : 'open';
    const k = c.req.query('kind');
    const kind: CaseKind | undefined = k === 'resident' || k === 'pro' ? k : undefined;
    const [rows, counts, staffList] = await Promise.all([store.queue({ status, kind }), store.counts(kind), store.assignableStaff()]);
    return c.html(queuePage(frame(c), { status, kind, rows, counts, staffList, now: now(), labels, notice: NOTICES[c.req.query('notice') ?? ''] }));
  });

  const renderCase = async (c: Context<ConsoleEnv>, found: CaseDetail, extra: { replyText?: string; error?: string; status?: 200 | 400 | 409 } = {}) => {
    const cannedRaw = Number(c.req.query('canned'));
    const [transcript, notes, canned, staffList] = await Promise.all([
      store.transcript(found.id),
      store.notes(found.id),
      store.listCanned(),
      store.assignableStaff(),
    ]);
    const picked = Number.isInteger(cannedRaw) ? canned.find((x) => x.id === cannedRaw) : undefined;
    // Every view of the case's personal data is recorded, whoever opens it.
    await audit(deps, c.get('staff')!.id, 'case.view', `case:${found.id}`);
    // The user's messages show as read (既読) in LINE once someone at the center has seen them.
    deps.background(markCaseRead(deps, found.id).catch(() => false));
    return c.html(
      casePage(frame(c), {
        c: found,
        transcript,
        notes,
        canned,
        cannedId: picked?.id,
        replyText: extra.replyText ?? picked?.body ?? '',
        // A fresh key per form: a resubmitted form queues the reply once (it is also LINE's retry key).
        replyKey: crypto.randomUUID(),
        staffList,
        labels,
        now: now(),
        reopenDays: deps.config.caseReopenDays,
        notice: NOTICES[c.req.query('notice') ?? ''],
        error: extra.error,
      }),
      extra.status ?? 200,
    );
  };

  app.get(`/cases/${CASE_ID}`, signedIn(), async (c) => {
    const found = await store.getCase(c.req.param('id'));
    return found ? renderCase(c, found) : notFound(c);
  });

  /** Tells the user once that a coordinator has the case (the engine ignores it when the case is no longer open). */
  const announceAssigned = (caseId: string, chatId: string) =>
    sendInternalEvent(deps, chatId, { kind: 'case-status', caseId, status: 'assigned' }, `case-assigned:${caseId}`);

  app.post(`/cases/${CASE_ID}/claim`, signedIn(), async (c) => {
    const me = c.get('staff')!;
    const body = await c.req.parseBody();
    const found = await store.getCase(c.req.param('id'));
    if (!found) return notFound(c);
    if (!(await store.assign(found.id, me.id, now()))) return renderCase(c, found, { error: 'この相談はすでに終了しています。', status: 409 });
    await audit(deps, me.id, 'case.claim', `case:${found.id}`);
    await announceAssigned(found.id, found.chatId);
    return c.redirect(withNotice(safeBack(field(body, 'back'), `/console/cases/${found.id}`), 'claimed'), 303);
  });

  app.post(`/cases/${CASE_ID}/assign`, signedIn(), async (c) => {
    const me = c.get('staff')!;
    const body = await c.req.parseBody();
    const found = await store.getCase(c.req.param('id'));
    if (!found) return notFound(c);
    const staffId = Number(field(body, 'staffId'));
    if (!Number.isInteger(staffId) || (await store.activeStaffIds([staffId])).length === 0) {
      return renderCase(c, found, { error: '割り当てる担当者を選んでください。', status: 400 });
    }
    if (!(await store.assign(found.id, staffId, now()))) return renderCase(c, found, { error: 'この相談はすでに終了しています。', status: 409 });
    await audit(deps, me.id, 'case.assign', `case:${found.id}`);
    await announceAssigned(found.id, found.chatId);
    return c.redirect(withNotice(safeBack(field(body, 'back'), `/console/cases/${found.id}`), 'assigned'), 303);
  });

  app.post(`/cases/${CASE_ID}/reply`, signedIn(), async (c) => {
    const me = c.get('staff')!;
    const body = await c.req.parseBody();
    const found = await store.getCase(c.req.param('id'));
    if (!found) return notFound(c);
    const text = field(body, 'text').replace(/\r\n?/g, '\n').trim();
    const key = field(body, 'key');
    if (found.status === 'resolved') {
      return renderCase(c, found, {
        replyText: text,
        error: 'この相談は終了しているため、返信できません。相談者がメッセージを送ると再開されます。',
        status: 409,
      });
    }
    if (!text || text.length > REPLY_MAX)
      return renderCase(c, found, { replyText: text.slice(0, REPLY_MAX), error: `返信を${REPLY_MAX}文字以内で入力してください。`, status: 400 });
    if (!UUID_RE.test(key))
      return renderCase(c, found, { replyText: text, error: 'フォームが古くなっています。もう一度「送信」を押してください。', status: 400 });
    const at = now();
    // The push is queued first (it gets the outbox id), then recorded in the transcript. A form
    // sent again with the same key queues nothing new, and records the reply if a failure came
    // between the two writes the first time.
    let outboxId = await store.queuedReply(found.chatId, key);
    if (outboxId === undefined) {
      try {
        outboxId = await deps.store.enqueuePush(found.chatId, [{ type: 'text', text: `${STAFF_REPLY_PREFIX}${text}` }], at, key);
      } catch (e) {
        // Two submits of one form at once: the retry key is unique, and the other one queued it.
        if ((await store.queuedReply(found.chatId, key)) === undefined) throw e;
        return c.redirect(`/console/cases/${found.id}?notice=sent`, 303);
      }
    } else if (await store.replyRecorded(outboxId)) {
      return c.redirect(`/console/cases/${found.id}?notice=sent`, 303);
    }
    await store.recordReply({ caseId: found.id, chatId: found.chatId, staffId: me.id, text, outboxId, now: at });
    await audit(deps, me.id, 'case.reply', `case:${found.id}`);
    deps.background(deliverChat(deps, found.chatId));
    return c.redirect(`/console/cases/${found.id}?notice=sent`, 303);
  });

  app.post(`/cases/${CASE_ID}/notes`, signedIn(), async (c) => {
    const me = c.get('staff')!;
    const body = await c.req.parseBody();
    const found = await store.getCase(c.req.param('id'));
    if (!found) return notFound(c);
    const text = field(body, 'text').replace(/\r\n?/g, '\n').trim();
    if (!text || text.length > NOTE_MAX) return renderCase(c, found, { error: `メモを${NOTE_MAX}文字以内で入力してください。`, status: 400 });
    await store.addNote({ caseId: found.id, chatId: found.chatId, staffId: me.id, text, now: now() });
    await audit(deps, me.id, 'case.note', `case:${found.id}`);
    return c.redirect(`/console/cases/${found.id}?notice=noted`, 303);
  });

  app.post(`/cases/${CASE_ID}/close`, signedIn(), async (c) => {
    const me = c.get('staff')!;
    const found = await store.getCase(c.req.param('id'));
    if (!found) return notFound(c);
    if (await store.close(found.id, now())) {
      await audit(deps, me.id, 'case.close', `case:${found.id}`);
      // One event per closing: a case the user reopened and a coordinator closes again is a new one.
      const key = `case-closed:${found.id}${found.reopenedAt ? `:${found.reopenedAt}` : ''}`;
      await sendInternalEvent(deps, found.chatId, { kind: 'case-closed', caseId: found.id }, key);
    }
    return c.redirect(`/console/cases/${found.id}?notice=closed`, 303);
  });

  app.get('/unanswered', signedIn(), async (c) => {
    const requested = Number(c.req.query('page') ?? '1');
    const pageNo = Number.isInteger(requested) && requested >= 1 ? requested : 1;
    const { rows, total } = await store.unansweredPage(UNANSWERED_PAGE_SIZE, (pageNo - 1) * UNANSWERED_PAGE_SIZE);
    await audit(deps, c.get('staff')!.id, 'unanswered.view', `page:${pageNo}`);
    const topicTitle = (id: string) => deps.content.topic(id)?.byLang.ja?.title ?? id;
    return c.html(unansweredPage(frame(c), { rows, total, page: pageNo, pages: Math.max(1, Math.ceil(total / UNANSWERED_PAGE_SIZE)), topicTitle }));
  });

  // Admin: invite codes for professionals.

  app.get('/admin/invites', signedIn('admin'), async (c) =>
    c.html(invitesPage(frame(c), { list: await store.listInvites(), now: now(), notice: NOTICES[c.req.query('notice') ?? ''] })),
  );

  app.post('/admin/invites', signedIn('admin'), async (c) => {
    const me = c.get('staff')!;
    const body = await c.req.parseBody();
    const label = field(body, 'label').trim();
    const daysRaw = field(body, 'days').trim();
    const days = Number(daysRaw);
    let error: string | undefined;
    if (!label || label.length > 100) error = '宛先のメモを100文字以内で入力してください。';
    else if (!Number.isInteger(days) || days < 1 || days > INVITE_MAX_DAYS) error = `有効日数は1〜${INVITE_MAX_DAYS}の日数で入力してください。`;
    if (error) return c.html(invitesPage(frame(c), { list: await store.listInvites(), now: now(), error, form: { label, days: daysRaw } }), 400);
    const at = now();
    const code = generateInviteCode();
    const expiresAt = at + days * 86_400_000;
    const id = await store.createInvite({ codeHash: await inviteCodeHash(code), label, staffId: me.id, now: at, expiresAt });
    await audit(deps, me.id, 'invite.create', `invite:${id}`);
    // Shown in this response only (not in a redirect URL): the database keeps just the hash.
    return c.html(invitesPage(frame(c), { list: await store.listInvites(), now: at, created: { code, label, expiresAt } }));
  });

  app.post('/admin/invites/:id{[0-9]+}/revoke', signedIn('admin'), async (c) => {
    const me = c.get('staff')!;
    const id = Number(c.req.param('id'));
    if (await store.revokeInvite(id, now())) await audit(deps, me.id, 'invite.revoke', `invite:${id}`);
    return c.redirect('/console/admin/invites?notice=revoked', 303);
  });

  // Admin: canned replies.

  const cannedProblem = (title: string, bodyText: string) =>
    !title || title.length > 60
      ? '見出しを60文字以内で入力してください。'
      : !bodyText || bodyText.length > 2000
        ? '本文を2000文字以内で入力してください。'
        : undefined;

  app.get('/admin/canned', signedIn('admin'), async (c) => {
    const edit = Number(c.req.query('edit'));
    const editing = Number.isInteger(edit) && edit > 0 ? await store.getCanned(edit) : undefined;
    return c.html(cannedPage(frame(c), { list: await store.listCanned(), editing, notice: NOTICES[c.req.query('notice') ?? ''] }));
  });

  app.post('/admin/canned', signedIn('admin'), async (c) => {
    const me = c.get('staff')!;
    const body = await c.req.parseBody();
    const title = field(body, 'title').trim();
    const text = field(body, 'body').replace(/\r\n?/g, '\n').trim();
    const error = cannedProblem(title, text);
    if (error) return c.html(cannedPage(frame(c), { list: await store.listCanned(), error, form: { title, body: text } }), 400);
    const id = await store.createCanned({ title, body: text, staffId: me.id, now: now() });
    await audit(deps, me.id, 'canned.create', `canned:${id}`);
    return c.redirect('/console/admin/canned?notice=canned-created', 303);
  });

  app.post('/admin/canned/:id{[0-9]+}', signedIn('admin'), async (c) => {
    const me = c.get('staff')!;
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    const title = field(body, 'title').trim();
    const text = field(body, 'body').replace(/\r\n?/g, '\n').trim();
    const existing = await store.getCanned(id);
    if (!existing) return c.html(messagePage(frame(c), '見つかりません', 'その定型文は見つかりませんでした。'), 404);
    const error = cannedProblem(title, text);
    if (error) return c.html(cannedPage(frame(c), { list: await store.listCanned(), editing: existing, error, form: { title, body: text } }), 400);
    await store.updateCanned(id, { title, body: text, now: now() });
    await audit(deps, me.id, 'canned.update', `canned:${id}`);
    return c.redirect('/console/admin/canned?notice=canned-saved', 303);
  });

  app.post('/admin/canned/:id{[0-9]+}/delete', signedIn('admin'), async (c) => {
    const me = c.get('staff')!;
    const id = Number(c.req.param('id'));
    if (await store.deleteCanned(id)) await audit(deps, me.id, 'canned.delete', `canned:${id}`);
    return c.redirect('/console/admin/canned?notice=canned-deleted', 303);
  });
}
