/**
 * Announcements end to end: people opt in through the chat, a coordinator writes one in the
 * console, previews it as LINE will show it and sends it by multicast to the opted-in people
 * only — within the month's quota, in chunks of 500, never twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { announcementMessage, chunkRetryKey, checkDraft, personalDataProblems, publicPhonesOf } from '../../src/features/outreach/announcement-message.ts';
import { messageFrame } from '../../src/features/outreach/send-announcement.ts';
import { requestHandlers } from '../../src/app/requests/index.ts';
import { professionals } from '../../src/features/consultation/schema.ts';
import { announcementOptins, announcements, outreachEvents, registrations } from '../../src/features/outreach/schema.ts';
import { userIdFor } from '../../src/line/webhook-events.ts';
import type { FakeLineCall } from '../../fakes/line/fake-line.ts';
import { allText, testBundle } from '../support/harness.ts';
import { COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness, type Jar } from './support.ts';
import { aad } from '../../src/db/sealed-bindings.ts';

let ch: ConsoleHarness;
let jar: Jar;
const ids: Record<string, string> = {};

const multicasts = (): FakeLineCall[] => ch.h.fake.calls.filter((c) => c.path === '/v2/bot/message/multicast');

async function write(fields: { title: string; body: string; segments: string[] }): Promise<Response> {
  const page = await ch.request('/console/announcements', {}, jar);
  const params = new URLSearchParams({ _csrf: csrfOf(await page.text()), title: fields.title, body: fields.body });
  for (const s of fields.segments) params.append('segments', s);
  return ch.request(
    '/console/announcements',
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() },
    jar,
  );
}

async function draft(segments: string[], title = '在宅医療講演会のご案内'): Promise<number> {
  const res = await write({
    title,
    body: '12月10日（木）14時から市民会館で講演会を開きます。申し込みは「講座・イベント」から。問い合わせ：000-0000-0001',
    segments,
  });
  expect(res.status).toBe(303);
  return Number(/\/console\/announcements\/(\d+)$/.exec(res.headers.get('location')!)![1]);
}

async function send(id: number): Promise<Response> {
  const page = await ch.request(`/console/announcements/${id}`, {}, jar);
  return ch.request(`/console/announcements/${id}/send`, form({ _csrf: csrfOf(await page.text()) }), jar);
}

beforeAll(async () => {
  ch = await createConsoleHarness({ env: { RENKEI_NOW: '2026-11-30T10:00:00+09:00' } });
  jar = (await ch.login(COORDINATOR)).jar;
  const db = ch.h.node.deps.store.db;

  // Alice: residents. Bob: residents, then stops. Carol: past attendees (she attended a training).
  // Dan: a professional who is not registered, so professionals' news is refused.
  // Erin: a registered professional.
  const alice = await ch.h.user('alice');
  await alice.say('お知らせ登録');
  await alice.tap('市民向けのお知らせ');
  const bob = await ch.h.user('bob');
  await bob.say('お知らせ登録');
  await bob.tap('市民向けのお知らせ');
  const carol = await ch.h.user('carol');
  await carol.say('お知らせ登録');
  await carol.tap('参加した講座の案内');
  const dan = await ch.h.user('dan');
  await dan.say('お知らせ登録');
  await dan.tap('専門職向けのお知らせ');
  expect(allText(dan.last)).toContain('専門職の登録をした方');
  const erin = await ch.h.user('erin');
  await db.insert(professionals).values({
    userId: erin.id,
    profession: 'nurse',
    organizationSealed: await ch.h.node.deps.sealer.seal('訪問看護ステーション', aad('professionals.organization_sealed', erin.id)),
    verifiedAt: Date.now(),
  });
  await erin.say('お知らせ登録');
  await erin.tap('専門職向けのお知らせ');
  expect(allText(erin.last)).toContain('登録しました');
  await bob.say('配信停止');
  expect(allText(bob.last)).toContain('停止しました');
  Object.assign(ids, { alice: alice.id, bob: bob.id, carol: carol.id, dan: dan.id, erin: erin.id });

  const t = Date.now();
  const [ev] = await db
    .insert(outreachEvents)
    .values({
      kind: 'training',
      audience: 'professionals',
      title: '研修会',
      place: '市民会館',
      startsAt: t - 86_400_000,
      capacity: 30,
      createdAt: t,
      updatedAt: t,
    })
    .returning({ id: outreachEvents.id });
  await db.insert(registrations).values({ eventId: ev!.id, chatId: carol.id, status: 'registered', attended: true, createdAt: t, updatedAt: t });
});
afterAll(async () => {
  await ch?.close();
});
beforeEach(() => {
  ch.h.fake.setBehaviour({});
});

describe('opting in through the chat', () => {
  it('stores one row per chosen segment and removes them on 「配信停止」', async () => {
    const rows = await ch.h.node.deps.store.db.select().from(announcementOptins);
    const of = (id: string) =>
      rows
        .filter((r) => r.chatId === id)
        .map((r) => r.segment)
        .sort();
    expect(of(ids.alice!)).toEqual(['residents']);
    expect(of(ids.bob!)).toEqual([]);
    expect(of(ids.carol!)).toEqual(['attendees']);
    expect(of(ids.dan!)).toEqual([]);
    expect(of(ids.erin!)).toEqual(['professionals']);
  });
});

describe('the set-optin request', () => {
  it('refuses professionals’ news to someone not registered, even if the flow were bypassed', async () => {
    const rc = { deps: ch.h.node.deps, chatId: ids.dan!, userId: ids.dan!, eventId: 'direct-1', recent: [], now: Date.now() };
    expect(await requestHandlers['set-optin'](rc, { segment: 'professionals', on: true })).toEqual({ ok: false, data: { reason: 'not-verified' } });
    expect((await requestHandlers['set-optin'](rc, { segment: 'everyone', on: true })).ok).toBe(false);
    expect((await requestHandlers['set-optin'](rc, { segment: 'everyone', on: false })).ok).toBe(false);
    const ok = await requestHandlers['set-optin'](rc, { segment: 'attendees', on: true });
    expect(ok.ok).toBe(true);
    expect(ok.statements).toHaveLength(1);
  });
});

describe('writing an announcement', () => {
  it('shows the month’s quota and how many people each segment reaches', async () => {
    ch.h.fake.setBehaviour({ monthlyQuota: 1000 });
    const html = await (await ch.request('/console/announcements', {}, jar)).text();
    expect(html).toMatch(/使用 <strong>\d+<\/strong> 通 ／ 上限 1000 通/);
    expect(html).toContain('市民のみなさん（いま 1 人）');
    expect(html).toContain('講座・イベントに参加した方（いま 1 人）');
    expect(html).toContain('専門職（登録済み）（いま 1 人）');
  });

  it('refuses personal data, an empty segment choice and a body over 500 characters', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ body: '山田さんの連絡先は 090-1234-5678 です' }, '電話番号'],
      [{ body: '申し込みは yamada@example.jp へ' }, 'メールアドレス'],
      [{ body: '申し込みは ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ へ' }, 'メールアドレス'],
      [{ segments: [] }, '送る相手'],
      [{ body: 'あ'.repeat(501) }, '500文字以内'],
    ];
    for (const [over, problem] of cases) {
      const res = await write({ title: '案内', body: '本文', segments: ['residents'], ...over } as { title: string; body: string; segments: string[] });
      expect(res.status, problem).toBe(400);
      expect(await res.text()).toContain(problem);
    }
    expect(await ch.h.node.deps.store.db.select().from(announcements)).toEqual([]);
  });

  it('allows the phone numbers published in the city file', async () => {
    const phones = publicPhonesOf((await testBundle()).city);
    expect(phones.has('00000000001')).toBe(true);
    expect(personalDataProblems('お問い合わせ：000-0000-0001（センター）', phones)).toEqual([]);
    expect(personalDataProblems('お問い合わせ：０００－００００－０００１', phones)).toEqual([]);
    expect(personalDataProblems('2026-12-10 14:00-16:00 定員30名', phones)).toEqual([]);
    expect(personalDataProblems('携帯 080 1111 2222 まで', phones)).toHaveLength(1);
    expect(checkDraft({ title: 'x', body: 'y', segments: ['residents', 'everyone'] }, phones).ok).toBe(false);
  });

  it('previews the exact text LINE will show, with the 「配信停止」 button', async () => {
    const id = await draft(['residents']);
    const html = await (await ch.request(`/console/announcements/${id}`, {}, jar)).text();
    const [row] = await ch.h.node.deps.store.db.select().from(announcements).where(eq(announcements.id, id));
    const message = announcementMessage(row!, messageFrame(ch.h.node.deps));
    const escaped = message.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(html).toContain(escaped);
    expect(message.text).toContain('在宅医療講演会のご案内');
    expect(message.text).toContain('「配信停止」と送ってください');
    expect(html).toContain('<li>配信停止</li>');
    expect(html).toContain('いま送ると <strong>1</strong> 人に届きます');
  });
});

describe('sending', () => {
  it('reaches the opted-in people only, once, by multicast', async () => {
    const id = await draft(['residents', 'attendees']);
    const before = multicasts().length;
    const res = await send(id);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/announcements/${id}?notice=sent`);
    const calls = multicasts().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.status).toBe(200);
    expect(calls[0]!.violations).toEqual([]);
    expect(new Set(calls[0]!.userIds)).toEqual(new Set([ids.alice, ids.carol]));
    expect(calls[0]!.headers['x-line-retry-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The stop button is in the message and starts the flow that stops announcements.
    const text = JSON.stringify(ch.h.fake.messagesFor(ids.alice!).at(-1));
    expect(text).toContain('在宅医療講演会のご案内');
    expect(text).toContain('s|announce-stop');
    for (const who of ['bob', 'dan', 'erin']) expect(ch.h.fake.callsFor(ids[who]!).filter((c) => c.path.endsWith('/multicast'))).toEqual([]);

    const [row] = await ch.h.node.deps.store.db.select().from(announcements).where(eq(announcements.id, id));
    expect(row).toMatchObject({ status: 'sent', recipients: 2 });
    expect(row!.sentAt).not.toBeNull();

    // The form submitted again (a double click, the back button): nothing is sent twice.
    const again = await send(id);
    expect(again.headers.get('location')).toBe(`/console/announcements/${id}?notice=already`);
    const direct = await ch.request(
      `/console/announcements/${id}/send`,
      form({ _csrf: csrfOf(await (await ch.request('/console/announcements', {}, jar)).text()) }),
      jar,
    );
    expect(direct.status).toBe(303);
    expect(multicasts().length).toBe(before + 1);
    const { rows } = await ch.store.auditPage(50, 0);
    expect(rows.filter((r) => r.action === 'announcement.send' && r.target === `announcement:${id}`)).toHaveLength(1);
  });

  it('refuses to send beyond the month’s remaining quota', async () => {
    const id = await draft(['residents', 'attendees', 'professionals']);
    const used = Number(/使用 <strong>(\d+)<\/strong>/.exec(await (await ch.request('/console/announcements', {}, jar)).text())![1]);
    ch.h.fake.setBehaviour({ monthlyQuota: used + 2 });
    const before = multicasts().length;
    const res = await send(id);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('残り（2通）より送る相手（3人）が多い');
    expect(multicasts().length).toBe(before);
    const [row] = await ch.h.node.deps.store.db.select().from(announcements).where(eq(announcements.id, id));
    expect(row).toMatchObject({ status: 'draft', sentAt: null });
    // With room in the quota the same draft can be sent.
    ch.h.fake.setBehaviour({ monthlyQuota: used + 3 });
    expect((await send(id)).headers.get('location')).toBe(`/console/announcements/${id}?notice=sent`);
  });

  it('sends in chunks of 500 and, after a failure, sends only what LINE has not accepted', async () => {
    const db = ch.h.node.deps.store.db;
    const many = await Promise.all(Array.from({ length: 1100 }, (_, i) => userIdFor(`many-${i}`)));
    await db.insert(announcementOptins).values(many.map((chatId) => ({ chatId, segment: 'residents' as const, createdAt: Date.now() })));
    const id = await draft(['residents'], '大人数への案内');

    // The first attempt fails on its first chunk.
    ch.h.fake.setBehaviour({ faults: [{ method: 'POST', path: '/v2/bot/message/multicast', status: 500, times: 1 }] });
    let before = multicasts().length;
    const failed = await send(id);
    expect(failed.status).toBe(502);
    expect(await failed.text()).toContain('1101人中0人に送りました');
    expect(multicasts().length).toBe(before + 1);

    // Pretend an earlier attempt got chunk 1 through before a crash: LINE knows its retry key.
    const [row] = await db.select().from(announcements).where(eq(announcements.id, id));
    expect(row!.status).toBe('failed');
    const recipients = [...many, ids.alice!].sort();
    const message = announcementMessage(row!, messageFrame(ch.h.node.deps));
    const early = await ch.h.node.deps.line.multicast(recipients.slice(500, 1000), [message], await chunkRetryKey(id, row!.createdAt, 1));
    expect(early.ok).toBe(true);

    ch.h.fake.setBehaviour({});
    before = multicasts().length;
    const ok = await send(id);
    expect(ok.headers.get('location')).toBe(`/console/announcements/${id}?notice=sent`);
    const calls = multicasts().slice(before);
    expect(calls.map((c) => c.userIds!.length)).toEqual([500, 500, 101]);
    expect(calls.map((c) => c.status)).toEqual([200, 409, 200]);
    expect(new Set(calls.map((c) => c.headers['x-line-retry-key'])).size).toBe(3);
    // Everyone got it exactly once.
    for (const u of [recipients[0]!, recipients[700]!, recipients[1100]!]) {
      expect(ch.h.fake.messagesFor(u).filter((m) => JSON.stringify(m).includes('大人数への案内'))).toHaveLength(1);
    }
    const [done] = await db.select().from(announcements).where(eq(announcements.id, id));
    expect(done).toMatchObject({ status: 'sent', recipients: 1101 });
  });

  it('the 「配信停止」 button on an announcement stops them for that person', async () => {
    const alice = await ch.h.user('alice');
    const sent = ch.h.fake.messagesFor(alice.id).at(-1) as { quickReply?: { items: Array<{ action: { label: string; data: string } }> } };
    const stop = sent.quickReply!.items.find((i) => i.action.label === '配信停止')!;
    await alice.postback(stop.action.data);
    expect(allText(alice.last)).toContain('お知らせの配信を停止しました');
    const rows = await ch.h.node.deps.store.db.select().from(announcementOptins).where(eq(announcementOptins.chatId, alice.id));
    expect(rows).toEqual([]);
  });
});
