/**
 * The ACP note's printable page and sharing, through the whole app: a print link opens an A4
 * page with the answers (large type, served CSS, not indexed); it expires, can be revoked and
 * is gone after the note is deleted. A daughter sees the latest summary read-only from her own
 * LINE until the owner revokes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allText, createHarness, type Harness } from '../support/harness.ts';
import { get, printLink, shareCode, writeNote } from './support.ts';

const DAY = 86_400_000;
let h: Harness;
let now = Date.UTC(2026, 10, 24, 1, 0);
beforeEach(async () => {
  now = Date.UTC(2026, 10, 24, 1, 0);
  h = await createHarness({ wallClock: () => now, clock: { now: () => new Date(now) } });
});
afterEach(async () => {
  await h.close();
});

describe('the printable summary', () => {
  it('shows the answers on an A4 page, expires after 14 days, can be revoked, and is gone after deletion', async () => {
    const u = await h.user('print-owner');
    await writeNote(u, { message: '庭の梅を見ながら過ごしたい' });
    await u.tap('不要');
    await u.say('想いノート');
    await u.tap('印刷用');
    const link = printLink(u);

    const res = await get(h, link);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('わたしの想いノート（まとめ）');
    expect(html).toContain('本人が記入');
    expect(html).toContain('家族や友人のそばにいる');
    expect(html).toContain('庭の梅を見ながら過ごしたい');
    expect(html).toContain('医師と相談したいこと');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('href="/note/print.css"');
    // The strict CSP allows no inline style or script.
    expect(html).not.toMatch(/<script|style=|<style/);
    const css = await get(h, '/note/print.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('size: A4');

    // Nothing logged holds the token.
    expect(h.logs.join('\n')).not.toContain(link.slice(6));

    // Unknown → 404; expired → 410.
    expect((await get(h, '/note/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    now += 15 * DAY;
    expect((await get(h, link)).status).toBe(410);

    // A new link, revoked from the chat → 410.
    await u.say('想いノート');
    await u.tap('印刷用');
    const second = printLink(u);
    expect((await get(h, second)).status).toBe(200);
    await u.tap('リンクを無効にする');
    expect((await get(h, second)).status).toBe(410);

    // A third link, then the note is deleted: the link no longer exists.
    await u.say('想いノート');
    await u.tap('印刷用');
    const third = printLink(u);
    await u.say('ノートを削除');
    await u.tap('削除する');
    expect([404, 410]).toContain((await get(h, third)).status);
  });
});

describe('sharing with a proxy', () => {
  it('lets the invitee see the latest summary read-only until the owner revokes it', async () => {
    const mother = await h.user('share-mother');
    const daughter = await h.user('share-daughter');
    await writeNote(mother);
    await mother.tap('不要');
    await mother.say('想いノート');
    await mother.tap('共有する');
    const code = shareCode(mother);
    expect(allText(mother.last)).toContain('共有コード');

    await daughter.say('共有コード');
    expect(allText(daughter.last)).toContain('共有コードを入力してください');
    await daughter.say(code.toLowerCase());
    let seen = allText(daughter.last);
    expect(seen).toContain('共有された想いノート');
    expect(seen).toContain('家族や友人のそばにいる');
    expect(seen).toContain('孫の成長を見守りたいから');
    // Read-only: no 変更 buttons for her.
    expect(daughter.last.flatMap((m) => m.buttons.map((b) => b.label))).not.toContain('変更');

    // The same code does not work for a third person.
    const stranger = await h.user('share-stranger');
    await stranger.say('共有コード');
    await stranger.say(code);
    expect(allText(stranger.last)).toContain('すでに使われています');

    // Later changes reach her: the mother changes an answer; the daughter asks again.
    await mother.say('想いノート');
    await mother.tap('見直す');
    await mother.postback('n|change|values_note');
    await mother.say('畑仕事を続けたい');
    await daughter.say('共有ノート');
    seen = allText(daughter.last);
    expect(seen).toContain('畑仕事を続けたい');
    expect(seen).not.toContain('孫の成長を見守りたいから');

    // The mother sees who has access and revokes it.
    await mother.say('想いノート');
    await mother.tap('共有の確認');
    expect(allText(mother.last)).toContain('閲覧できます');
    expect(allText(mother.last)).toContain('User');
    await mother.tap('1の共有をやめる');
    expect(allText(mother.last)).toContain('共有をやめました');

    await daughter.say('共有ノート');
    expect(allText(daughter.last)).toContain('共有コードを入力してください');
    expect(allText(daughter.last)).not.toContain('畑仕事');
  });
});

describe('the invitee deletes their own data', () => {
  it('ends the share: the owner sees nobody with access', async () => {
    const owner = await h.user('share-owner-2');
    const friend = await h.user('share-friend-2');
    await writeNote(owner);
    await owner.tap('不要');
    await owner.say('想いノート');
    await owner.tap('共有する');
    const code = shareCode(owner);
    await friend.say('共有コード');
    await friend.say(code);
    await friend.say('データを削除');
    await friend.tap('はい、削除します');
    await owner.say('想いノート');
    await owner.tap('共有の確認');
    expect(allText(owner.last)).toContain('いま共有している人はいません');
  });
});

describe('in a group chat', () => {
  it('the note is not opened: personal matters belong in a one-to-one chat', async () => {
    const group = 'Cgroup000000000000000000000000001';
    const res = await h.send([
      {
        type: 'postback',
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId: 'GROUP-ACP-1',
        deliveryContext: { isRedelivery: false },
        source: { type: 'group', groupId: group, userId: 'U0000000000000000000000000000abcd' },
        replyToken: h.fake.issueReplyToken(group),
        postback: { data: 's|acp-note' },
      },
    ]);
    expect(res.status).toBe(200);
    const said = JSON.stringify(h.fake.messagesFor(group));
    expect(said).toContain('1対1のトーク');
    expect(said).not.toContain('はじめますか');
  });
});

describe('an invitee with two notes shared', () => {
  it('enters a second code with 「共有コード」 and then sees both notes', async () => {
    const mother = await h.user('two-mother');
    const father = await h.user('two-father');
    const son = await h.user('two-son');
    await writeNote(mother, { message: '母の想い' });
    await mother.tap('不要');
    await writeNote(father, { message: '父の想い' });
    await father.tap('不要');
    for (const [i, owner] of [mother, father].entries()) {
      await owner.say('想いノート');
      await owner.tap('共有する');
      const code = shareCode(owner);
      if (i === 0) {
        await son.say('共有コード');
        expect(allText(son.last)).toContain('共有コードを入力してください');
        await son.say(code);
      } else {
        // The word and the code in one message work too.
        await son.say(`共有コード ${code}`);
      }
      expect(allText(son.last)).toContain('共有を受け付けました');
    }
    await son.say('共有ノート');
    const seen = allText(son.last);
    expect(seen).toContain('「母の想い」');
    expect(seen).toContain('「父の想い」');
  });
});
