/**
 * The directory in the chat, through the signed webhook, the engine, the database and the fake
 * LINE API (which checks every message against LINE's schema and limits): searches by 町名 and
 * by a shared location in Japanese and English, the professionals' filter, the 119 advice first
 * from inside the flow, and a shared location that is never stored.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, createHarness, type Harness } from '../../support/harness.ts';
import { registerPro } from '../../support/cases.ts';
import { importDirectory } from '../../../src/features/directory/import/import-directory.ts';
import { PROJECT_ROOT } from '../../../src/runtime/node-deps.ts';

/** Beside デモ北訪問看護ステーション in 北町 (demo data). */
const NEAR_KITA = { lat: 35.7265, lng: 139.497 };

describe('finding local help in the chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    const outcome = await importDirectory(
      h.node.deps.stores.directory,
      {
        cityFile: join(PROJECT_ROOT, 'content/city.yaml'),
        city: true,
        kaigo: [{ path: join(PROJECT_ROOT, 'content/directory/demo/kaigo-opendata-demo.csv'), date: '2026-06-30' }],
      },
      0,
    );
    expect(outcome.ok).toBe(true);
  });
  afterAll(async () => {
    await h.close();
  });

  it('asks where, offers the areas and the location button, and answers a 町名 with cards, the centre and the date', async () => {
    const u = await h.user('area-ja');
    const ask = await u.say('近くの訪問看護を探しています');
    expect(allText(ask)).toContain('どのあたりで探しますか');
    const quick = ask.at(-1)!.quickReplies;
    expect(quick[0]).toMatchObject({ label: '現在地を送る', kind: 'other', value: 'location' });
    // 16 町名 in four groups: the groups first, then the group's areas.
    expect(quick.map((q) => q.label)).toContain('北町・桜町など');
    await u.tap('北町・桜町など');
    const cards = await u.tap('桜町');
    const text = allText(cards);
    expect(text).toContain('さくら訪問看護ステーション（デモ）');
    expect(text).toContain('桜町の訪問看護です（2026/06/30時点');
    expect(text).toContain('デモ市北地域包括支援センター');
    expect(text).toContain('桜町を担当しています');
    expect(text).not.toContain('24時間対応'); // the open data does not say so
    const buttons = cards.flatMap((m) => m.buttons);
    expect(buttons).toContainEqual(expect.objectContaining({ label: '電話する', kind: 'uri', value: 'tel:00000002102' }));
    expect(buttons.some((b) => b.label === '地図を見る' && b.value.startsWith('https://www.google.com/maps/search/?api=1&query=35.7291'))).toBe(true);
    // Filled up with the nearest others around the area, each with its own area.
    expect(text).toContain('デモ北訪問看護ステーション（デモ）');
  });

  it('takes a typed 町名 and a shared location, nearest first with the distance', async () => {
    const u = await h.user('near-ja');
    await u.say('往診してくれるお医者さん探してます');
    const typed = await u.say('デモ市港町3丁目');
    expect(allText(typed)).toContain('港町の往診・訪問診療の医師です');
    expect(allText(typed)).toContain('デモみなと在宅診療所（デモ）');
    await u.tap('別の条件で探す');
    await u.tap('往診・訪問診療の医師');
    const near = await u.location(NEAR_KITA.lat, NEAR_KITA.lng);
    const text = allText(near);
    expect(text).toContain('近くの往診・訪問診療の医師です');
    expect(text.indexOf('デモ北町在宅クリニック（デモ）')).toBeLessThan(text.indexOf('デモ中央内科クリニック（デモ）'));
    expect(text).toMatch(/約\d+m/);
    expect(text).toContain('✓ 24時間対応'); // stated by the city list for this clinic
    expect(text).toContain('いちばん近いセンターです');
  });

  it('never stores the shared location', async () => {
    const u = await h.user('privacy');
    await u.say('近くの訪問歯科');
    await u.location(35.123456, 139.654321);
    const { state } = await h.node.deps.store.loadConversation(u.id, Date.now());
    const stored = JSON.stringify(state);
    expect(stored).not.toContain('35.123');
    expect(stored).not.toContain('139.654');
    expect(h.logs.join('\n')).not.toContain('35.123456');
  });

  it('answers in English', async () => {
    const u = await h.user('area-en');
    await u.say('language');
    await u.tap('English');
    const ask = await u.say('find a visiting nurse');
    expect(allText(ask)).toContain('Where should I look?');
    expect(ask.at(-1)!.quickReplies[0]!.label).toBe('Send my location');
    const cards = await u.location(NEAR_KITA.lat, NEAR_KITA.lng);
    const text = allText(cards);
    expect(text).toContain('Visiting nurse near you (from the published data and the city list as of 2026/06/30)');
    expect(text).toContain('デモ北訪問看護ステーション（デモ）');
    expect(cards.flatMap((m) => m.buttons).map((b) => b.label)).toContain('Call');
  });

  it('puts the 119 advice first when an emergency is typed at the question', async () => {
    const u = await h.user('emergency');
    await u.say('近くの訪問看護');
    const alarm = await u.say('父が息をしていない');
    expect(allText([alarm[0]!])).toContain('119');
    // The question is still open afterwards.
    const after = await u.say('本町');
    expect(allText(after)).toContain('本町の訪問看護です');
  });

  it('offers professionals a filter on what the data states', async () => {
    const u = await h.user('pro');
    await registerPro(h, u);
    const filter = await u.say('往診してくれる先生');
    expect(allText(filter)).toContain('条件で絞り込みますか');
    await u.tap('看取り');
    const cards = await u.location(NEAR_KITA.lat, NEAR_KITA.lng);
    const text = allText(cards);
    expect(text).toContain('デモ北町在宅クリニック（デモ）');
    expect(text).toContain('デモみなと在宅診療所（デモ）');
    expect(text).not.toContain('デモ中央内科クリニック（デモ）');
  });

  it('leaves a free-text answer in another flow alone, even when it mentions looking for a nurse', async () => {
    const u = await h.user('lecture');
    await u.say('出前講座');
    const next = await u.say('近くの訪問看護を探している家族の会');
    expect(allText(next)).toContain('ご担当者のお名前');
  });

  it('speaks やさしい日本語', async () => {
    const u = await h.user('easy');
    await u.say('言語');
    await u.tap('やさしい日本語');
    const ask = await u.say('近くの訪問看護');
    expect(allText(ask)).toContain('どこの 近くで さがしますか');
    const cards = await u.say('本町');
    expect(allText(cards)).toContain('本町の 家に 来る 看護師です');
  });

  it('says so when nothing in the data matches', async () => {
    const u = await h.user('none');
    await registerPro(h, u);
    await u.say('近くの訪問薬局');
    await u.tap('経管栄養');
    const none = await u.say('川辺');
    expect(allText(none)).toContain('データの中に見つかりませんでした');
  });
});
