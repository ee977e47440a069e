/**
 * Events and training in the chat: the cards a person sees, registration up to capacity and
 * the waiting list, cancellation promoting the first waiting person (who gets a push), a
 * professional-only training session hidden from residents (also when its button data is
 * forged), and the reminder the day before (once, and not after 「リマインド停止」).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { allText, createHarness, type Harness } from '../support/harness.ts';
import { registerPro } from '../support/cases.ts';
import { outreachEvents, registrations } from '../../src/features/outreach/schema.ts';
import { tick } from '../../src/app/tick.ts';
import { describeMessage } from '../../src/line/describe.ts';
import type { messagingApi } from '@line/bot-sdk';

const NOW = '2026-11-30T10:00:00+09:00';
const at = (iso: string) => Date.parse(iso);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function addEvent(h: Harness, over: Partial<typeof outreachEvents.$inferInsert> = {}): Promise<number> {
  const [row] = await h.node.deps.store.db
    .insert(outreachEvents)
    .values({
      kind: 'event',
      audience: 'residents',
      title: '在宅医療を知る市民講座',
      description: '在宅医療の医師がお話しします。',
      place: '市民会館 大ホール',
      startsAt: at('2026-12-12T14:00:00+09:00'),
      capacity: 2,
      createdAt: 0,
      updatedAt: 0,
      ...over,
    })
    .returning({ id: outreachEvents.id });
  return row!.id;
}

async function statusOf(h: Harness, eventId: number, chatId: string) {
  const [row] = await h.node.deps.store.db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.chatId, chatId)));
  return row?.status;
}

/** Messages pushed to a user since `from` (by index in the fake LINE's record). */
function pushedSince(h: Harness, userId: string, from: number) {
  return h.fake
    .messagesFor(userId)
    .slice(from)
    .map((m) => describeMessage(m as messagingApi.Message));
}

describe('events in the chat', () => {
  it('lists open resident events with seats left; registers, waitlists when full, and cancellation promotes the first waiting person', async () => {
    h = await createHarness({ env: { RENKEI_NOW: NOW } });
    const id = await addEvent(h);
    await addEvent(h, { title: '終わったイベント', startsAt: at('2026-11-01T14:00:00+09:00') });
    await addEvent(h, { title: '中止したイベント', status: 'cancelled' });
    const [a, b, c] = [await h.user('a'), await h.user('b'), await h.user('c')];

    const list = await a.say('イベント');
    const text = allText(list);
    expect(text).toContain('在宅医療を知る市民講座');
    expect(text).toContain('残り2席');
    expect(text).toContain('12月12日（土） 14:00');
    expect(text).not.toContain('終わったイベント');
    expect(text).not.toContain('中止したイベント');

    expect(allText(await a.tap('申し込む'))).toContain('申し込みました');
    expect(await statusOf(h, id, a.id)).toBe('registered');
    // A second tap keeps the seat and says so again: nothing is doubled.
    expect(allText(await a.postback(`e|register|${id}`))).toContain('申し込みました');
    expect(await h.node.deps.store.db.select().from(registrations).where(eq(registrations.chatId, a.id))).toHaveLength(1);

    await b.postback(`e|register|${id}`);
    const full = allText(await c.say('イベント'));
    expect(full).toContain('満席');
    expect(allText(await c.tap('キャンセル待ちに登録'))).toContain('キャンセル待ちに登録しました');
    expect(await statusOf(h, id, c.id)).toBe('waitlisted');

    const mine = await a.say('申し込みの確認');
    expect(allText(mine)).toContain('申し込み済み');
    const before = h.fake.messagesFor(c.id).length;
    expect(allText(await a.tap('キャンセル'))).toContain('取り消しました');
    expect(await statusOf(h, id, a.id)).toBe('cancelled');
    expect(await statusOf(h, id, c.id)).toBe('registered');
    expect(allText(pushedSince(h, c.id, before))).toContain('参加が決まりました');
    expect(h.fake.invalidCalls()).toEqual([]);
  });

  it('a professional-only training session is hidden from a resident, refused to forged button data, and shown to a registered professional', async () => {
    h = await createHarness({ env: { RENKEI_NOW: NOW } });
    const training = await addEvent(h, { kind: 'training', audience: 'professionals', title: 'ACP研修（専門職向け）', capacity: 30 });
    await addEvent(h, { title: '認知症カフェ', capacity: 10 });
    const resident = await h.user('resident');
    const nurse = await h.user('nurse');

    const seen = allText(await resident.say('イベント'));
    expect(seen).toContain('認知症カフェ');
    expect(seen).not.toContain('ACP研修');
    expect(allText(await resident.postback(`e|register|${training}`))).toContain('申し込めません');
    expect(await statusOf(h, training, resident.id)).toBeUndefined();

    await registerPro(h, nurse);
    const proView = allText(await nurse.say('イベント'));
    expect(proView).toContain('ACP研修（専門職向け）');
    expect(proView).toContain('専門職向け研修');
    expect(proView).toContain('認知症カフェ');
    await nurse.postback(`e|register|${training}`);
    expect(await statusOf(h, training, nurse.id)).toBe('registered');
  });

  it('a button from a group chat is refused (registration is personal)', async () => {
    h = await createHarness({ env: { RENKEI_NOW: NOW } });
    const id = await addEvent(h);
    const u = await h.user('member');
    const groupId = `C${'0'.repeat(32)}`;
    await h.send([u.event('postback', `e|register|${id}`, { groupId })]);
    expect(await h.node.deps.store.db.select().from(registrations)).toHaveLength(0);
  });
});

describe('a seat freed by a data deletion', () => {
  it('goes to the first person waiting at the next tick, who is told', async () => {
    h = await createHarness({ env: { RENKEI_NOW: NOW } });
    const id = await addEvent(h, { capacity: 1 });
    const [leaving, waiting] = [await h.user('leaving'), await h.user('waiting')];
    await leaving.postback(`e|register|${id}`);
    await waiting.postback(`e|register|${id}`);
    expect(await statusOf(h, id, waiting.id)).toBe('waitlisted');
    await leaving.say('データを削除');
    await leaving.tap('はい、削除します');
    expect(await statusOf(h, id, leaving.id)).toBeUndefined();

    const before = h.fake.messagesFor(waiting.id).length;
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    expect(await statusOf(h, id, waiting.id)).toBe('registered');
    expect(allText(pushedSince(h, waiting.id, before))).toContain('参加が決まりました');
    // Nothing more to do at the next tick.
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    expect(h.fake.messagesFor(waiting.id).length).toBe(before + 1);
  });
});

describe('the reminder the day before', () => {
  it('is pushed once, in the person’s language, and not to someone who stopped it', async () => {
    // The business clock stands on the day before the event, after 9:00 JST.
    h = await createHarness({ env: { RENKEI_NOW: '2026-12-11T10:00:00+09:00' } });
    const id = await addEvent(h, { capacity: 5 });
    const later = await addEvent(h, { title: '来週の講座', startsAt: at('2026-12-19T14:00:00+09:00') });
    const [keen, quiet, english] = [await h.user('keen'), await h.user('quiet'), await h.user('english')];
    await keen.postback(`e|register|${id}`);
    await keen.postback(`e|register|${later}`);
    await quiet.postback(`e|register|${id}`);
    await quiet.say('申し込みの確認');
    expect(allText(await quiet.tap('リマインド停止'))).toContain('お知らせを止めました');
    await english.say('English');
    await english.tap('English');
    await english.postback(`e|register|${id}`);

    const counts = () => [keen, quiet, english].map((u) => h!.fake.messagesFor(u.id).length);
    const before = counts();
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    const after = counts();
    expect(after[0]! - before[0]!).toBe(1);
    expect(after[1]! - before[1]!).toBe(0);
    expect(after[2]! - before[2]!).toBe(1);
    const reminder = pushedSince(h, keen.id, before[0]!);
    expect(allText(reminder)).toContain('明日は「在宅医療を知る市民講座」です');
    expect(allText(reminder)).not.toContain('来週の講座');
    expect(reminder.at(-1)!.quickReplies.map((q) => q.label)).toContain('リマインド停止');
    expect(allText(pushedSince(h, english.id, before[2]!))).toContain('Tomorrow');

    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    expect(counts()).toEqual(after);
    expect(h.fake.invalidCalls()).toEqual([]);
  });

  it('is not sent before 9:00 JST on the day before', async () => {
    h = await createHarness({ env: { RENKEI_NOW: '2026-12-11T07:00:00+09:00' } });
    const id = await addEvent(h);
    const u = await h.user('early');
    await u.postback(`e|register|${id}`);
    const before = h.fake.messagesFor(u.id).length;
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    expect(h.fake.messagesFor(u.id).length).toBe(before);
  });
});
