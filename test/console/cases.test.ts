/**
 * The console's case work through app.request, with the chat on the same app: a resident's
 * handoff shows up in the queue, a coordinator claims it, replies (a push with a retry key to
 * that user), writes a note, closes it, and the bot takes the conversation back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { allText, type UserDriver } from '../support/harness.ts';
import { insertCase, latestCase } from '../support/cases.ts';
import { auditLog } from '../../src/db/schema-console.ts';
import { caseMessages, caseNotes, cases } from '../../src/features/consultation/schema.ts';
import { ADMIN, COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness, type Jar } from './support.ts';

const WEEKDAY_MORNING = '2026-11-30T10:00:00+09:00';
const WORDS = '母の退院後の介護について相談したいです';

let ch: ConsoleHarness;
beforeEach(async () => {
  ch = await createConsoleHarness({ env: { RENKEI_NOW: WEEKDAY_MORNING } });
});
afterEach(async () => {
  await ch?.close();
});

async function residentHandoff(name = 'resident', words = WORDS): Promise<{ u: UserDriver; caseId: string }> {
  const u = await ch.h.user(name);
  await u.follow();
  await u.say('人と話したい');
  await u.tap('LINEで相談する');
  await u.tap('家族');
  await u.tap('ふだんの療養・介護');
  await u.say(words);
  const row = await latestCase(ch.h, u.id);
  if (!row) throw new Error('no case was opened');
  return { u, caseId: row.id };
}

async function page(path: string, jar: Jar): Promise<{ res: Response; html: string }> {
  const res = await ch.request(path, {}, jar);
  return { res, html: await res.text() };
}

async function post(path: string, jar: Jar, fields: Record<string, string>, from = '/console'): Promise<Response> {
  const { html } = await page(from, jar);
  const res = await ch.request(path, form({ _csrf: csrfOf(html), ...fields }), jar);
  await ch.h.node.drain();
  return res;
}

const pushesTo = (userId: string) => ch.h.fake.calls.filter((c) => c.path === '/v2/bot/message/push' && c.userId === userId);
const textsOf = (call: { body: unknown }) => ((call.body as { messages: Array<{ text?: string }> }).messages ?? []).map((m) => m.text ?? '');
const replyKeyOf = (html: string) => /name="key" value="([^"]+)"/.exec(html)![1]!;

describe('the queue', () => {
  it('lists a new handoff as unassigned with its kind, scene and times, and filters by status and kind', async () => {
    const { caseId } = await residentHandoff();
    const { jar } = await ch.login(COORDINATOR);
    ch.clock.now += 12 * 60_000;
    const { html } = await page('/console', jar);
    expect(html).toContain(`/console/cases/${caseId}`);
    expect(html).toContain('住民の相談');
    expect(html).toContain('ふだんの療養・介護');
    expect(html).toContain('未割り当て');
    expect(html).toContain('未返信');
    expect(html).toContain('12分');
    // It refreshes itself through a served script (no inline script under the CSP), which can be switched off.
    expect(html).toContain('<script src="/console/queue.js" defer=""></script>');
    expect(html).toContain('id="auto-refresh"');
    const script = await ch.request('/console/queue.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('location.reload()');
    // The user's words are not in the queue (only on the audited case page).
    expect(html).not.toContain(WORDS);
    expect((await page('/console?kind=pro', jar)).html).not.toContain(`/console/cases/${caseId}`);
    expect((await page('/console?status=waiting', jar)).html).not.toContain(`/console/cases/${caseId}`);
  });

  it('orders unassigned before assigned, then by priority, then oldest first', async () => {
    const t = ch.clock.now;
    const assigned = await insertCase(ch.h, { chatId: 'U1', priority: 'high', assigneeId: 1, createdAt: t - 5_000 });
    const lowOld = await insertCase(ch.h, { chatId: 'U2', priority: 'low', createdAt: t - 9_000 });
    const normalNew = await insertCase(ch.h, { chatId: 'U3', priority: 'normal', createdAt: t - 1_000 });
    const normalOld = await insertCase(ch.h, { chatId: 'U4', priority: 'normal', createdAt: t - 3_000 });
    const high = await insertCase(ch.h, { chatId: 'U5', priority: 'high', kind: 'pro', createdAt: t - 2_000 });
    const { jar } = await ch.login(COORDINATOR);
    const { html } = await page('/console', jar);
    const order = [high, normalOld, normalNew, lowOld, assigned].map((id) => html.indexOf(`/console/cases/${id}`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The professional's consultation is labelled with its category.
    expect(html).toContain('専門職の相談');
    expect(html).toContain('医療機関・事業所探し');
  });

  it('claiming tells the user once that a coordinator has the case, and moves a waiting case to open', async () => {
    const { u, caseId } = await residentHandoff();
    await ch.h.node.deps.store.db.update(cases).set({ status: 'waiting' }).where(eq(cases.id, caseId));
    const { jar } = await ch.login(COORDINATOR);
    const res = await post(`/console/cases/${caseId}/claim`, jar, { back: '/console?status=waiting' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console?status=waiting&notice=claimed');
    await post(`/console/cases/${caseId}/claim`, jar, {});
    const row = (await latestCase(ch.h, u.id))!;
    expect(row.status).toBe('open');
    expect(row.assigneeId).not.toBeNull();
    const told = pushesTo(u.id)
      .flatMap(textsOf)
      .filter((t) => t.includes('相談員が担当につきました'));
    expect(told).toHaveLength(1);
    expect((await page('/console', jar)).html).toContain('佐藤 コーディネーター');
  });

  it('assigns a case to another coordinator (only an active staff member)', async () => {
    const { caseId } = await residentHandoff();
    const other = await ch.addStaff('other@center.example.jp', 'other-password-12', 'coordinator', '鈴木');
    const { jar } = await ch.login(COORDINATOR);
    expect((await post(`/console/cases/${caseId}/assign`, jar, { staffId: '99999' })).status).toBe(400);
    expect((await post(`/console/cases/${caseId}/assign`, jar, { staffId: String(other) })).status).toBe(303);
    const [row] = await ch.h.node.deps.store.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row!.assigneeId).toBe(other);
  });
});

describe('the case page', () => {
  it('shows the summary and the user’s words to signed-in staff, and records every view', async () => {
    const { u, caseId } = await residentHandoff();
    await u.say('父も一緒に住んでいます');
    const anonymous = await ch.request(`/console/cases/${caseId}`);
    expect(anonymous.status).toBe(302);
    const { jar } = await ch.login(COORDINATOR);
    const { res, html } = await page(`/console/cases/${caseId}`, jar);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain(WORDS);
    expect(html).toContain('父も一緒に住んでいます');
    expect(html).toContain('家族');
    expect(html).toContain('ふだんの療養・介護');
    await page(`/console/cases/${caseId}`, jar);
    const views = await ch.h.node.deps.store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'case.view'), eq(auditLog.target, `case:${caseId}`)));
    expect(views).toHaveLength(2);
    // The first view showed the user's messages as read in LINE; the second had nothing new to mark.
    await ch.h.node.drain();
    expect(ch.h.fake.callsFor(u.id).filter((call) => call.path === '/v2/bot/chat/markAsRead' && call.status === 200)).toHaveLength(1);
    expect((await page('/console/cases/cnotthere00', jar)).res.status).toBe(404);
  });

  it('a reply is pushed to that user with a retry key, once, and shows as sent; a waiting case opens', async () => {
    const { u, caseId } = await residentHandoff();
    await ch.h.node.deps.store.db.update(cases).set({ status: 'waiting' }).where(eq(cases.id, caseId));
    const { jar } = await ch.login(COORDINATOR);
    const { html } = await page(`/console/cases/${caseId}`, jar);
    const key = replyKeyOf(html);
    ch.clock.now += 5 * 60_000;
    const fields = { _csrf: csrfOf(html), key, text: '明日の午前にお電話してもよろしいですか。' };
    const res = await ch.request(`/console/cases/${caseId}/reply`, form(fields), jar);
    await ch.h.node.drain();
    expect(res.status).toBe(303);
    // The same form sent twice (a double tap) queues the reply once.
    await ch.request(`/console/cases/${caseId}/reply`, form(fields), jar);
    await ch.h.node.drain();

    const pushes = pushesTo(u.id).filter((c) => textsOf(c).some((t) => t.includes('明日の午前')));
    expect(pushes).toHaveLength(1);
    expect(textsOf(pushes[0]!)[0]).toBe('【相談員より】\n明日の午前にお電話してもよろしいですか。');
    expect(pushes[0]!.headers['x-line-retry-key']).toBe(key);
    expect(pushes[0]!.violations).toEqual([]);

    const row = (await latestCase(ch.h, u.id))!;
    expect(row.status).toBe('open');
    expect(row.firstResponseAt! - row.createdAt).toBe(5 * 60_000);
    const msgs = await ch.h.node.deps.store.db
      .select()
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.direction, 'staff')));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.textSealed).not.toContain('明日');
    const after = (await page(`/console/cases/${caseId}`, jar)).html;
    expect(after).toContain('送信済み');
    expect(after).toContain('明日の午前にお電話してもよろしいですか。');
    expect((await page('/console', jar)).html).toContain('5分');
  });

  it('a form sent again after a failure between queueing and recording records the reply once, and sends it once', async () => {
    const { u, caseId } = await residentHandoff();
    const { jar } = await ch.login(COORDINATOR);
    const { html } = await page(`/console/cases/${caseId}`, jar);
    const key = replyKeyOf(html);
    // As if the first attempt queued the push and then failed before writing the transcript.
    await ch.h.node.deps.store.enqueuePush(u.id, [{ type: 'text', text: '【相談員より】\n確認します' }], ch.clock.now, key);
    const res = await ch.request(`/console/cases/${caseId}/reply`, form({ _csrf: csrfOf(html), key, text: '確認します' }), jar);
    await ch.h.node.drain();
    expect(res.status).toBe(303);
    const msgs = await ch.h.node.deps.store.db
      .select()
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.direction, 'staff')));
    expect(msgs).toHaveLength(1);
    expect(pushesTo(u.id).filter((c) => c.headers['x-line-retry-key'] === key)).toHaveLength(1);
  });

  it('shows a failed delivery', async () => {
    const { caseId } = await residentHandoff();
    ch.h.fake.setBehaviour({ faults: [{ path: '/v2/bot/message/push', status: 400, times: Infinity }] });
    const { jar } = await ch.login(COORDINATOR);
    const { html } = await page(`/console/cases/${caseId}`, jar);
    await ch.request(`/console/cases/${caseId}/reply`, form({ _csrf: csrfOf(html), key: replyKeyOf(html), text: '届かない返信' }), jar);
    await ch.h.node.drain();
    expect((await page(`/console/cases/${caseId}`, jar)).html).toContain('送信失敗');
  });

  it('refuses an empty reply, and a reply to a resolved case', async () => {
    const { caseId } = await residentHandoff();
    const { jar } = await ch.login(COORDINATOR);
    const { html } = await page(`/console/cases/${caseId}`, jar);
    expect(html).toContain('name="text" rows="6"');
    expect((await ch.request(`/console/cases/${caseId}/reply`, form({ _csrf: csrfOf(html), key: replyKeyOf(html), text: '  ' }), jar)).status).toBe(400);
    await post(`/console/cases/${caseId}/close`, jar, {});
    const closed = await page(`/console/cases/${caseId}`, jar);
    expect(closed.html).not.toContain('name="text" rows="6"');
    const res = await ch.request(`/console/cases/${caseId}/reply`, form({ _csrf: csrfOf(closed.html), key: crypto.randomUUID(), text: 'もう一言' }), jar);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('終了しているため、返信できません');
  });

  it('keeps internal notes sealed and never sends them', async () => {
    const { u, caseId } = await residentHandoff();
    const { jar } = await ch.login(COORDINATOR);
    const before = ch.h.fake.messagesFor(u.id).length;
    expect((await post(`/console/cases/${caseId}/notes`, jar, { text: '地域包括と情報共有済み' })).status).toBe(303);
    expect(ch.h.fake.messagesFor(u.id)).toHaveLength(before);
    const [note] = await ch.h.node.deps.store.db.select().from(caseNotes).where(eq(caseNotes.caseId, caseId));
    expect(note!.textSealed).not.toContain('地域包括');
    expect((await page(`/console/cases/${caseId}`, jar)).html).toContain('地域包括と情報共有済み');
  });

  it('fills the reply box with a canned reply picked from the list (no script needed)', async () => {
    const { caseId } = await residentHandoff();
    const admin = await ch.login(ADMIN);
    await post('/console/admin/canned', admin.jar, { title: '折り返しのご連絡', body: '担当者から改めてお電話します。' }, '/console/admin/canned');
    const { jar } = await ch.login(COORDINATOR);
    const { html } = await page(`/console/cases/${caseId}`, jar);
    const id = /<option value="(\d+)"[^>]*>折り返しのご連絡<\/option>/.exec(html)![1]!;
    const filled = (await page(`/console/cases/${caseId}?canned=${id}`, jar)).html;
    expect(filled).toMatch(/<textarea id="reply-text"[^>]*>担当者から改めてお電話します。<\/textarea>/);
  });

  it('「対応終了」 tells the user, hands them back to the bot, and the bot answers again', async () => {
    const { u, caseId } = await residentHandoff();
    const { jar } = await ch.login(COORDINATOR);
    const res = await post(`/console/cases/${caseId}/close`, jar, {});
    expect(res.headers.get('location')).toBe(`/console/cases/${caseId}?notice=closed`);
    const row = (await latestCase(ch.h, u.id))!;
    expect(row.status).toBe('resolved');
    expect(row.closedBy).toBe('staff');
    const closing = pushesTo(u.id)
      .flatMap(textsOf)
      .filter((t) => t.includes('相談員との相談を終了しました'));
    expect(closing).toHaveLength(1);
    // Closing twice tells the user once.
    await post(`/console/cases/${caseId}/close`, jar, {});
    expect(
      pushesTo(u.id)
        .flatMap(textsOf)
        .filter((t) => t.includes('相談員との相談を終了しました')),
    ).toHaveLength(1);

    // The bot is back: the menu answers (and nothing more goes into the case).
    const count = async () => (await ch.h.node.deps.store.db.select().from(caseMessages).where(eq(caseMessages.caseId, caseId))).length;
    const before = await count();
    const menu = await u.say('メニュー');
    expect(allText(menu)).not.toBe('');
    expect(menu.flatMap((m) => m.quickReplies).length).toBeGreaterThan(0);
    expect(await count()).toBe(before);
    expect((await latestCase(ch.h, u.id))!.status).toBe('resolved');
  });

  it('「続けて相談する」 soon after closing reopens the case; closing it again tells the user again', async () => {
    const { u, caseId } = await residentHandoff();
    const { jar } = await ch.login(COORDINATOR);
    await post(`/console/cases/${caseId}/close`, jar, {});
    ch.clock.now += 60_000;
    // The close's quick replies let the person choose to continue the same case.
    await u.postback('g|person');
    await u.say('すみません、もう一つ聞きたいことがあります');
    const reopened = (await latestCase(ch.h, u.id))!;
    expect(reopened.id).toBe(caseId);
    expect(reopened.status).toBe('open');
    expect((await page(`/console/cases/${caseId}`, jar)).html).toContain('もう一つ聞きたいこと');
    await post(`/console/cases/${caseId}/close`, jar, {});
    expect(
      pushesTo(u.id)
        .flatMap(textsOf)
        .filter((t) => t.includes('相談員との相談を終了しました')),
    ).toHaveLength(2);
  });
});
