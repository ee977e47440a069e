/**
 * Issue #5, "done when", as a new user would try it: a care manager asks for help finding a
 * home doctor at 10:00 on a weekday and a coordinator claims, replies and closes; the same
 * request on a Saturday night gets the opening hours, 119 and the advice line, and waits in
 * the queue until Monday morning.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allText, type UserDriver } from '../support/harness.ts';
import { latestCase, registerPro } from '../support/cases.ts';
import { COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness } from './support.ts';

let ch: ConsoleHarness | undefined;
afterEach(async () => {
  await ch?.close();
  ch = undefined;
});

const SUMMARY = '独居の80代の方の在宅医を探しています。週1回の訪問診療を希望です。';

async function askForHomeDoctor(at: string): Promise<{ h: ConsoleHarness; u: UserDriver; replies: string }> {
  const h = (ch = await createConsoleHarness({ env: { RENKEI_NOW: at } }));
  h.clock.now = Date.parse(at);
  const u = await h.h.user('care-manager');
  await u.follow();
  await registerPro(h.h, u, 'デモ居宅介護支援事業所');
  await u.say('相談したい');
  await u.tap('医療機関・事業所探し');
  await u.tap('在宅医（訪問診療）');
  await u.tap('今日中に');
  await u.say(SUMMARY);
  const last = await u.tap('このLINEで');
  return { h, u, replies: allText(last) };
}

describe('done when (issue #5)', () => {
  it('weekday 10:00: the case is open; a coordinator claims, replies and closes it', async () => {
    const { h, u, replies } = await askForHomeDoctor('2026-11-24T10:00:00+09:00');
    expect(replies).toContain('受け付けました');
    const row = (await latestCase(h.h, u.id))!;
    expect(row).toMatchObject({ kind: 'pro', status: 'open', category: 'doctor', priority: 'high', afterHours: false });

    const { jar } = await h.login(COORDINATOR);
    h.clock.now += 7 * 60_000;
    const queue = await (await h.request('/console', {}, jar)).text();
    expect(queue).toContain(`/console/cases/${row.id}`);
    expect(queue).toContain('医療機関・事業所探し');
    expect(queue).toContain('7分');
    await h.request(`/console/cases/${row.id}/claim`, form({ _csrf: csrfOf(queue), back: '/console' }), jar);
    await h.h.node.drain();

    const casePage = await (await h.request(`/console/cases/${row.id}`, {}, jar)).text();
    expect(casePage).toContain(SUMMARY);
    expect(casePage).toContain('ケアマネジャー');
    expect(casePage).toContain('デモ居宅介護支援事業所');
    const key = /name="key" value="([^"]+)"/.exec(casePage)![1]!;
    const text = '在宅医のご紹介候補が2か所あります。本日中にお電話でご説明します。';
    await h.request(`/console/cases/${row.id}/reply`, form({ _csrf: csrfOf(casePage), key, text }), jar);
    await h.h.node.drain();
    // What reached the care manager since the request: the two pushes; the thanks after it is forwarded.
    const seen = allText(await u.say('よろしくお願いします'));
    expect(seen).toContain('相談員が担当につきました');
    expect(seen).toContain(`【相談員より】\n${text}`);
    expect(seen).not.toContain('もしかして');
    const pushed = h.h.fake.calls.filter((c) => c.path === '/v2/bot/message/push' && c.userId === u.id);
    expect(pushed.some((c) => JSON.stringify(c.body).includes('在宅医のご紹介候補') && c.headers['x-line-retry-key'] === key)).toBe(true);

    await h.request(`/console/cases/${row.id}/close`, form({ _csrf: csrfOf(casePage) }), jar);
    await h.h.node.drain();
    const closed = (await latestCase(h.h, u.id))!;
    expect(closed).toMatchObject({ status: 'resolved', closedBy: 'staff' });
    expect(closed.firstResponseAt! - closed.createdAt).toBe(7 * 60_000);
    expect(JSON.stringify(h.h.fake.messagesFor(u.id))).toContain('相談員との相談を終了しました');
    // The bot answers again.
    expect(allText(await u.say('メニュー')).length).toBeGreaterThan(0);
  });

  it('Saturday 22:00: opening hours, 119 and #7119 in the chat; waiting in the queue on Monday morning', async () => {
    const { h, u, replies } = await askForHomeDoctor('2026-11-28T22:00:00+09:00');
    expect(replies).toContain('受付時間外');
    expect(replies).toContain('平日 8:30〜17:15');
    expect(replies).toContain('11月30日(月) 8:30');
    expect(replies).toContain('119');
    expect(replies).toContain('#7119');
    const row = (await latestCase(h.h, u.id))!;
    expect(row).toMatchObject({ status: 'waiting', afterHours: true });

    // Monday 8:40: the coordinator opens the queue.
    h.clock.now = Date.parse('2026-11-30T08:40:00+09:00');
    const { jar } = await h.login(COORDINATOR);
    const open = await (await h.request('/console', {}, jar)).text();
    expect(open).not.toContain(`/console/cases/${row.id}`);
    expect(open).toContain('時間外の受付（1）');
    const waiting = await (await h.request('/console?status=waiting', {}, jar)).text();
    expect(waiting).toContain(`/console/cases/${row.id}`);
    expect(waiting).toContain('1日10時間');
    // Claiming it moves it to the open cases.
    await h.request(`/console/cases/${row.id}/claim`, form({ _csrf: csrfOf(waiting), back: '/console?status=waiting' }), jar);
    await h.h.node.drain();
    expect((await latestCase(h.h, u.id))!.status).toBe('open');
    expect(JSON.stringify(h.h.fake.messagesFor(u.id))).toContain('相談員が担当につきました');
  });
});
