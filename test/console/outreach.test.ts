/**
 * Outreach in the console, end to end: a senior club's secretary asks for a lecture on 人生会議
 * in the chat; the coordinators' group is told (without personal data); a coordinator moves
 * the request on and confirms a date, and the secretary gets each change on LINE; after the
 * lecture the coordinator enters 25 participants. Events: created in the console, registered
 * in the chat, attendance ticked, and a cancellation pushed to everyone registered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { messagingApi } from '@line/bot-sdk';
import { COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness, type Jar } from './support.ts';
import { allText, type UserDriver } from '../support/harness.ts';
import { describeMessage } from '../../src/line/describe.ts';
import { lectureRequests, outreachEvents, registrations } from '../../src/features/outreach/schema.ts';
import { auditLog } from '../../src/db/schema-console.ts';

const GROUP = `C${'a'.repeat(32)}`;
let ch: ConsoleHarness | undefined;
afterEach(async () => {
  await ch?.close();
  ch = undefined;
});

async function setup(): Promise<{ ch: ConsoleHarness; jar: Jar; csrf: string }> {
  ch = await createConsoleHarness({ env: { RENKEI_NOW: '2026-11-30T10:00:00+09:00', NOTIFY_LINE_GROUP_ID: GROUP } });
  const { jar } = await ch.login(COORDINATOR);
  const csrf = csrfOf(await (await ch.request('/console', {}, jar)).text());
  return { ch, jar, csrf };
}

async function askForLecture(u: UserDriver): Promise<string> {
  for (const text of ['出前講座', 'さくら町老人クラブ', '山田花子', '090-1234-5678', '12月15日', '12月22日', 'さくら町公民館', '25人']) await u.say(text);
  await u.tap('人生会議');
  const done = allText(await u.tap('送信'));
  const ref = /受付番号は (L-\d{4}-\d{4})/.exec(done)?.[1];
  expect(ref, done).toBeTruthy();
  return ref!;
}

const pushedTo = (c: ConsoleHarness, id: string, from: number) =>
  allText(
    c.h.fake
      .messagesFor(id)
      .slice(from)
      .map((m) => describeMessage(m as messagingApi.Message)),
  );

describe('lecture requests in the console', () => {
  it('a request from the chat is confirmed in the console, the secretary is told on LINE, and 25 participants are recorded', async () => {
    const { ch, jar, csrf } = await setup();
    const secretary = await ch.h.user('secretary');
    const ref = await askForLecture(secretary);
    await ch.h.node.drain();

    // The coordinators' group hears that a request arrived: its number, nothing personal.
    const notice = allText(ch.h.fake.messagesFor(GROUP).map((m) => describeMessage(m as messagingApi.Message)));
    expect(notice).toContain(ref);
    expect(notice).not.toContain('さくら町老人クラブ');
    expect(notice).not.toContain('090');

    const [row] = await ch.h.node.deps.store.db.select().from(lectureRequests).where(eq(lectureRequests.ref, ref));
    expect(row).toMatchObject({
      status: 'received',
      topic: 'acp',
      expectedParticipants: 25,
      chatId: secretary.id,
      preferredDates: '["2026-12-15","2026-12-22"]',
    });
    expect(row!.detailsSealed).not.toContain('山田');

    const list = await (await ch.request('/console/outreach/lectures', {}, jar)).text();
    expect(list).toContain(ref);
    expect(list).toContain('人生会議');
    expect(list).not.toContain('さくら町老人クラブ');
    const page = await (await ch.request(`/console/outreach/lectures/${row!.id}`, {}, jar)).text();
    expect(page).toContain('さくら町老人クラブ');
    expect(page).toContain('09012345678');
    const audits = await ch.h.node.deps.store.db.select().from(auditLog).where(eq(auditLog.action, 'view.lecture'));
    expect(audits.map((a) => a.target)).toContain(`lecture:${row!.id}`);

    const base = `/console/outreach/lectures/${row!.id}`;
    let seen = ch.h.fake.messagesFor(secretary.id).length;
    let res = await ch.request(`${base}/status`, form({ _csrf: csrf, status: 'scheduling' }), jar);
    expect(res.status).toBe(303);
    await ch.h.node.drain();
    expect(pushedTo(ch, secretary.id, seen)).toContain(`出前講座（受付番号 ${ref}）の日程を調整しています`);

    seen = ch.h.fake.messagesFor(secretary.id).length;
    res = await ch.request(`${base}/status`, form({ _csrf: csrf, status: 'confirmed', date: '2026-12-15', time: '14:00' }), jar);
    expect(res.status).toBe(303);
    await ch.h.node.drain();
    expect(pushedTo(ch, secretary.id, seen)).toContain('12月15日（火） 14:00 に決まりました');
    // A second click on the same date sends nothing more.
    seen = ch.h.fake.messagesFor(secretary.id).length;
    await ch.request(`${base}/status`, form({ _csrf: csrf, status: 'confirmed', date: '2026-12-15', time: '14:00' }), jar);
    await ch.h.node.drain();
    expect(ch.h.fake.messagesFor(secretary.id).length).toBe(seen);

    // Participants are recorded only once the lecture took place.
    res = await ch.request(`${base}/actual`, form({ _csrf: csrf, actual: '25' }), jar);
    expect(res.status).toBe(400);
    await ch.request(`${base}/status`, form({ _csrf: csrf, status: 'done' }), jar);
    res = await ch.request(`${base}/actual`, form({ _csrf: csrf, actual: '二十五' }), jar);
    expect(res.status).toBe(400);
    res = await ch.request(`${base}/actual`, form({ _csrf: csrf, actual: '25' }), jar);
    expect(res.status).toBe(303);
    const [after] = await ch.h.node.deps.store.db.select().from(lectureRequests).where(eq(lectureRequests.id, row!.id));
    expect(after).toMatchObject({ status: 'done', actualParticipants: 25, scheduledAt: Date.parse('2026-12-15T14:00:00+09:00') });
    await ch.h.node.drain();
    expect(pushedTo(ch, secretary.id, 0)).toContain('ありがとうございました');
    // Nothing goes backwards from 実施済.
    res = await ch.request(`${base}/status`, form({ _csrf: csrf, status: 'cancelled' }), jar);
    expect(res.status).toBe(400);
    expect(ch.h.fake.invalidCalls()).toEqual([]);
  });

  it('an English-speaking requester is told in English; a bad date is refused without a push', async () => {
    const { ch, jar, csrf } = await setup();
    const u = await ch.h.user('english');
    await u.say('English');
    await u.tap('English');
    for (const text of ['出前講座', 'Maple Club', 'Jane', '090-1234-5678', '12/15', '12/22', 'Hall', '20']) await u.say(text);
    await u.tap('Dementia');
    await u.tap('Send');
    const [row] = await ch.h.node.deps.store.db.select().from(lectureRequests);
    const seen = ch.h.fake.messagesFor(u.id).length;
    const bad = await ch.request(
      `/console/outreach/lectures/${row!.id}/status`,
      form({ _csrf: csrf, status: 'confirmed', date: '2026-13-40', time: '14:00' }),
      jar,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('日付と開始時刻を正しく入力してください');
    await ch.request(`/console/outreach/lectures/${row!.id}/status`, form({ _csrf: csrf, status: 'confirmed', date: '2026-12-22', time: '10:30' }), jar);
    await ch.h.node.drain();
    const text = pushedTo(ch, u.id, seen);
    expect(text).toContain('the lecture is set for Tue 22 Dec 10:30');
  });
});

describe('events in the console', () => {
  it('an event created in the console is registered in the chat; attendance is ticked; a cancellation is pushed', async () => {
    const { ch, jar, csrf } = await setup();
    let res = await ch.request(
      '/console/outreach/events',
      form({
        _csrf: csrf,
        kind: 'event',
        audience: 'residents',
        title: '人生会議を考える会',
        description: '',
        place: '市民会館',
        date: '2026-12-12',
        time: '13:30',
        capacity: '1',
      }),
      jar,
    );
    expect(res.status).toBe(303);
    const [event] = await ch.h.node.deps.store.db.select().from(outreachEvents);
    expect(event).toMatchObject({ title: '人生会議を考える会', capacity: 1, startsAt: Date.parse('2026-12-12T13:30:00+09:00'), createdBy: expect.any(Number) });

    const [a, b] = [await ch.h.user('a'), await ch.h.user('b')];
    await a.say('イベント');
    await a.tap('申し込む');
    await b.say('イベント');
    expect(allText(await b.tap('キャンセル待ちに登録'))).toContain('キャンセル待ち');

    // Two seats: the waiting person moves up and is told.
    let seen = ch.h.fake.messagesFor(b.id).length;
    res = await ch.request(
      `/console/outreach/events/${event!.id}`,
      form({
        _csrf: csrf,
        kind: 'event',
        audience: 'residents',
        title: '人生会議を考える会',
        description: '',
        place: '市民会館',
        date: '2026-12-12',
        time: '13:30',
        capacity: '2',
      }),
      jar,
    );
    expect(res.status).toBe(303);
    await ch.h.node.drain();
    expect(pushedTo(ch, b.id, seen)).toContain('参加が決まりました');

    const regs = await ch.h.node.deps.store.db.select().from(registrations).where(eq(registrations.eventId, event!.id));
    const regA = regs.find((r) => r.chatId === a.id)!;
    const page = await (await ch.request(`/console/outreach/events/${event!.id}`, {}, jar)).text();
    expect(page).toContain(`#${regA.id}`);
    res = await ch.request(`/console/outreach/events/${event!.id}/attendance`, form({ _csrf: csrf, attended: String(regA.id), actual: '3' }), jar);
    expect(res.status).toBe(303);
    const marked = await ch.h.node.deps.store.db.select().from(registrations).where(eq(registrations.eventId, event!.id));
    expect(marked.find((r) => r.chatId === a.id)!.attended).toBe(true);
    expect(marked.find((r) => r.chatId === b.id)!.attended).toBe(false);
    const [withActual] = await ch.h.node.deps.store.db.select().from(outreachEvents).where(eq(outreachEvents.id, event!.id));
    expect(withActual!.actualParticipants).toBe(3);

    seen = ch.h.fake.messagesFor(a.id).length;
    res = await ch.request(`/console/outreach/events/${event!.id}/cancel`, form({ _csrf: csrf }), jar);
    expect(res.status).toBe(303);
    await ch.h.node.drain();
    expect(pushedTo(ch, a.id, seen)).toContain('「人生会議を考える会」（12月12日（土） 13:30）は中止になりました');
    // (the driver's first messages are the push above; the answer is the last one)
    expect(allText((await a.say('イベント')).slice(-1))).toContain('いま申し込めるイベントはありません');
    expect(ch.h.fake.invalidCalls()).toEqual([]);
  });

  it('a bad event form is shown again with the error and what was typed', async () => {
    const { ch, jar, csrf } = await setup();
    const res = await ch.request(
      '/console/outreach/events',
      form({
        _csrf: csrf,
        kind: 'training',
        audience: 'professionals',
        title: 'ACP研修',
        description: '',
        place: '会議室',
        date: '2026-12-12',
        time: '13:30',
        capacity: '0',
      }),
      jar,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('定員を1以上の数字で入力してください');
    expect(html).toContain('ACP研修');
    expect(await ch.h.node.deps.store.db.select().from(outreachEvents)).toHaveLength(0);
  });
});
