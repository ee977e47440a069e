/**
 * Handoff through the whole app: a professional registers with an invite code and sends a
 * consultation; the case row holds a sealed summary; a coordinator's close (an internal
 * event) reaches the user and hands them back to the bot; nothing is done twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createClient } from '@libsql/client';
import { allText, createHarness, type Harness } from '../support/harness.ts';
import { issueInviteCode, latestCase, registerPro } from '../support/cases.ts';
import { sendInternalEvent } from '../../src/app/process-event.ts';
import { markCaseRead } from '../../src/features/consultation/mark-case-read.ts';
import { caseMessages, cases, professionals } from '../../src/features/consultation/schema.ts';
import { events } from '../../src/line/webhook-events.ts';
import { aad } from '../../src/db/sealed-bindings.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ env: { RENKEI_NOW: '2026-11-24T10:00:00+09:00' } });
});
afterEach(async () => h.close());

describe('a professional', () => {
  it('registers with an invite code; a wrong, used or expired code is refused', async () => {
    const nurse = await h.user('nurse');
    await nurse.say('招待コード');
    await nurse.say('ZZZZZ-ZZZZZ');
    await nurse.tap('看護師');
    await nurse.say('デモ訪問看護ステーション');
    expect(allText(nurse.last)).toContain('この招待コードは確認できませんでした');
    expect(await h.node.deps.store.db.select().from(professionals)).toEqual([]);

    const code = await issueInviteCode(h);
    await nurse.tap('もう一度入力');
    await nurse.say(code.toLowerCase().replace('-', ' ')); // forgiving about case and separators
    await nurse.tap('看護師');
    await nurse.say('デモ訪問看護ステーション');
    expect(allText(nurse.last)).toContain('専門職として登録しました');
    // Their own menu, not just a word that they are registered.
    expect(nurse.last.at(-1)?.quickReplies.map((q) => q.label)).toEqual([
      'センターに相談',
      '入退院ルール・様式',
      'ICTツール',
      '研修・イベント',
      '専門職向けの話題',
      'メニュー',
    ]);
    await nurse.tap('入退院ルール・様式');
    expect(allText(nurse.last)).toContain('入退院時の情報共有ルール');
    await nurse.say('専門職メニュー');
    expect(allText(nurse.last)).toContain('専門職の方のメニューです');
    await nurse.tap('専門職向けの話題');
    expect(allText(nurse.last)).toContain('専門職向けの話題');
    const [row] = await h.node.deps.store.db.select().from(professionals);
    expect(row).toMatchObject({ userId: nurse.id, profession: 'nurse' });
    expect(row!.organizationSealed).not.toContain('デモ');

    // The same code cannot verify a second person.
    const other = await h.user('other');
    await other.say('招待コード');
    await other.say(code);
    await other.tap('医師');
    await other.say('デモ病院');
    expect(allText(other.last)).toContain('確認できませんでした');

    const expired = await issueInviteCode(h, '期限切れ', { expiresAt: h.node.deps.clock.now().getTime() - 1000 });
    await other.tap('もう一度入力');
    await other.say(expired);
    await other.tap('医師');
    await other.say('デモ病院');
    expect(allText(other.last)).toContain('確認できませんでした');
  });

  it('consults the center: the case has a priority and a sealed summary, and identifying details are warned against', async () => {
    const cm = await h.user('care-manager');
    await registerPro(h, cm);
    await cm.say('相談したい');
    expect(allText(cm.last)).toContain('ご相談の分類');
    expect(cm.last.at(-1)?.quickReplies.map((q) => q.label)).toEqual(
      expect.arrayContaining(['医療機関・事業所探し', '入退院調整', '身寄りのない独居の方', '虐待の疑い']),
    );
    await cm.tap('医療機関・事業所探し');
    expect(cm.last.at(-1)?.quickReplies.map((q) => q.label)).toEqual(
      expect.arrayContaining(['在宅医（訪問診療）', '訪問看護', '訪問歯科', '薬局（訪問薬剤）']),
    );
    await cm.tap('在宅医（訪問診療）');
    await cm.tap('今日中に');
    // A summary template, and what not to send.
    expect(allText(cm.last)).toContain('年代（例：80代）');
    expect(allText(cm.last)).toContain('退院予定日');
    expect(allText(cm.last)).toContain('個人が特定できる情報は書かないでください');
    await cm.say('独居の方の在宅医を探しています');
    await cm.tap('電話で');
    await cm.say('000-0000-1234');
    expect(allText(cm.last)).toContain('受け付けました');
    // They asked for a call: the confirmation promises a call, not an answer in this chat.
    expect(allText(cm.last)).toContain('お知らせいただいた番号へお電話します');
    expect(allText(cm.last)).not.toContain('このトークでお返事します');
    const c = await latestCase(h, cm.id);
    expect(c).toMatchObject({ kind: 'pro', status: 'open', priority: 'high', category: 'doctor', writer: 'pro', afterHours: false });
    expect(c!.summarySealed).not.toContain('在宅医');
    const summary = JSON.parse(await h.node.deps.sealer.open(c!.summarySealed, aad('cases.summary_sealed', c!.id)));
    expect(summary).toMatchObject({
      kind: 'pro',
      answers: { category: 'doctor', provider: 'doctor', urgency: 'today', message: '独居の方の在宅医を探しています', callback: 'phone', phone: '00000001234' },
      professional: { profession: 'care-manager', organization: 'デモ居宅介護支援事業所' },
    });
  });
});

describe('a professional writing in English', () => {
  it('asks to be called back and is told so, not that the answer comes in this chat', async () => {
    const en = await createHarness({ env: { RENKEI_NOW: '2026-11-24T10:00:00+09:00' }, profiles: () => ({ displayName: 'Test', language: 'en' }) });
    try {
      const nurse = await en.user('nurse-en');
      await nurse.follow();
      const code = await issueInviteCode(en);
      await nurse.say('invite code');
      await nurse.say(code);
      await nurse.tap('Nurse');
      await nurse.say('Demo Visiting Nurse Station');
      // Their own menu straight after registering.
      expect(nurse.last.at(-1)?.quickReplies.map((q) => q.label)).toEqual([
        'Consult the center',
        'Admission/discharge',
        'ICT tools',
        'Training & events',
        'Topics for pros',
        'Menu',
      ]);
      await nurse.tap('Consult the center');
      await nurse.tap('Find a provider');
      await nurse.tap('Home doctor');
      await nurse.tap('This week');
      await nurse.say('Looking for a home doctor for a man living alone');
      await nurse.tap('By phone');
      await nurse.say('000-0000-1234');
      expect(allText(nurse.last)).toContain('call the number you gave');
      expect(allText(nurse.last)).not.toContain('reply in this chat');
      expect(en.fake.invalidCalls()).toEqual([]);
    } finally {
      await en.close();
    }
  });
});

describe('the end of a consultation in English', () => {
  it('offers "Keep consulting" and "Back to auto help"; going back to the bot lets the case go', async () => {
    const en = await createHarness({ env: { RENKEI_NOW: '2026-11-24T10:00:00+09:00' }, profiles: () => ({ displayName: 'Test', language: 'en' }) });
    try {
      const u = await en.user('resident-en');
      await u.follow();
      await u.say('talk to a person');
      await u.tap('Message on LINE');
      await u.tap('Myself');
      await u.tap('Care at home');
      await u.say('I would like to know about home nursing');
      const c = (await latestCase(en, u.id))!;
      await sendInternalEvent(en.node.deps, u.id, { kind: 'case-closed', caseId: c.id }, `case-closed:${c.id}`);
      await en.node.drain();
      const closing = en.fake.messagesFor(u.id).at(-1) as { quickReply?: { items: { action: { label: string } }[] } };
      expect(JSON.stringify(closing)).toContain('The coordinator has closed this request');
      expect(closing.quickReply?.items.map((i) => i.action.label)).toEqual(['Keep consulting', 'Back to auto help']);
      // A plain question goes to the bot, with the way back to the case first.
      await u.say('How do I apply for long-term care insurance?');
      expect(u.last.at(-1)?.quickReplies[0]?.label).toBe('Keep consulting');
      await u.tap('Keep consulting');
      expect(allText(u.last)).not.toEqual('');
      const [reopened] = await en.node.deps.store.db.select().from(cases).where(eq(cases.id, c.id));
      expect(reopened).toMatchObject({ status: 'open' });
      expect(en.fake.invalidCalls()).toEqual([]);
    } finally {
      await en.close();
    }
  });

  it('"Back to auto help" after the close stops offering the case; the bot answers', async () => {
    const en = await createHarness({ env: { RENKEI_NOW: '2026-11-24T10:00:00+09:00' }, profiles: () => ({ displayName: 'Test', language: 'en' }) });
    try {
      const u = await en.user('resident-en2');
      await u.follow();
      await u.say('talk to a person');
      await u.tap('Message on LINE');
      await u.tap('Myself');
      await u.tap('Care at home');
      await u.say('A question about care at home');
      const c = (await latestCase(en, u.id))!;
      await sendInternalEvent(en.node.deps, u.id, { kind: 'case-closed', caseId: c.id }, `case-closed:${c.id}`);
      await en.node.drain();
      await u.postback('g|menu');
      await u.say('How do I apply for long-term care insurance?');
      expect(allText(u.last)).toContain('insurance');
      expect(u.last.flatMap((m) => m.quickReplies.map((q) => q.label))).not.toContain('Keep consulting');
    } finally {
      await en.close();
    }
  });
});

describe('a case', () => {
  it('collects the messages, tells the user when a coordinator takes it and closes it, then the bot answers again', async () => {
    const u = await h.user('resident');
    await u.say('人と話したい');
    await u.tap('LINEで相談する');
    await u.tap('本人');
    await u.tap('看取り');
    await u.say('家で最期を迎えたいと考えています');
    const c = (await latestCase(h, u.id))!;
    expect(c).toMatchObject({ kind: 'resident', status: 'open', scene: 'eol', writer: 'self' });

    await u.say('主治医にはまだ話していません');
    // A coordinator opening the case shows the user's messages as read, once.
    expect(await markCaseRead(h.node.deps, c.id)).toBe(true);
    expect(await markCaseRead(h.node.deps, c.id)).toBe(false);
    expect(h.fake.callsFor(u.id).filter((call) => call.path === '/v2/bot/chat/markAsRead' && call.status === 200)).toHaveLength(1);
    const transcript = await h.node.deps.store.db.select().from(caseMessages).where(eq(caseMessages.caseId, c.id));
    expect(transcript).toHaveLength(1);
    expect(await h.node.deps.sealer.open(transcript[0]!.textSealed, aad('case_messages.text_sealed', c.id, u.id, transcript[0]!.at))).toBe(
      '主治医にはまだ話していません',
    );
    expect(u.last).toEqual([]);

    await sendInternalEvent(h.node.deps, u.id, { kind: 'case-status', caseId: c.id, status: 'assigned' }, `case-assigned:${c.id}`);
    await sendInternalEvent(h.node.deps, u.id, { kind: 'case-status', caseId: c.id, status: 'assigned' }, `case-assigned:${c.id}`); // a double click
    await h.node.drain();
    const afterAssign = h.fake
      .messagesFor(u.id)
      .slice(-2)
      .map((m) => JSON.stringify(m));
    expect(afterAssign.filter((m) => m.includes('相談員が担当につきました'))).toHaveLength(1);

    await sendInternalEvent(h.node.deps, u.id, { kind: 'case-closed', caseId: c.id }, `case-closed:${c.id}`);
    await h.node.drain();
    expect(JSON.stringify(h.fake.messagesFor(u.id).at(-1))).toContain('相談員との相談を終了しました');
    const closeQuick = (h.fake.messagesFor(u.id).at(-1) as { quickReply?: { items: { action: { label: string } }[] } }).quickReply?.items;
    expect(closeQuick?.map((i) => i.action.label)).toEqual(['続けて相談する', '自動の案内に戻る']);

    // A plain question after the close goes to the bot, with a one-tap way back to the case…
    await u.say('介護保険の申請はどこでできますか');
    expect(allText(u.last)).toContain('介護保険');
    expect(allText(u.last)).not.toContain('前のご相談の続きとして');
    expect(u.last.at(-1)?.quickReplies[0]?.label).toBe('続けて相談する');
    // …which reopens the same case.
    await u.tap('続けて相談する');
    expect(allText(u.last)).toContain('前のご相談の続きとして');
    await u.say('もう一つだけ聞きたいです');
    expect(u.last).toEqual([]);
    const [reopened] = await h.node.deps.store.db.select().from(cases).where(eq(cases.id, c.id));
    expect(reopened).toMatchObject({ status: 'open', closedAt: null });
    expect(reopened!.reopenedAt).toBeGreaterThan(0);
    // …and ending it hands the chat back to the bot.
    await u.say('終了');
    await u.say('介護保険の申請はどこでできますか');
    expect(allText(u.last)).toContain('介護保険');
    const [ended] = await h.node.deps.store.db.select().from(cases).where(eq(cases.id, c.id));
    expect(ended).toMatchObject({ status: 'resolved', closedBy: 'user' });
  });

  it('is opened once even when the event that opened it is processed again', async () => {
    const u = await h.user('twice');
    await u.say('相談したい');
    await u.tap('LINEで相談する');
    await u.tap('本人');
    await u.tap('入院・退院');
    const ev = events.text({ userId: u.id, replyToken: h.fake.issueReplyToken(u.id), webhookEventId: 'OPEN-ONCE' }, '退院後の生活が心配です');
    await h.send([ev]);
    await h.send([ev]); // LINE redelivers
    const all = await h.node.deps.store.db.select().from(cases).where(eq(cases.chatId, u.id));
    expect(all).toHaveLength(1);
  });

  it('opened on a Saturday night waits for the next opening', async () => {
    await h.close();
    h = await createHarness({ env: { RENKEI_NOW: '2026-11-28T22:00:00+09:00' } });
    const u = await h.user('saturday');
    await u.say('相談したい');
    await u.tap('LINEで相談する');
    await u.tap('家族');
    await u.tap('ふだんの療養・介護');
    await u.say('デイサービスの利用について');
    expect(await latestCase(h, u.id)).toMatchObject({ status: 'waiting', afterHours: true });
  });

  it('keeps message text out of the logs', async () => {
    const u = await h.user('logs');
    await u.say('相談したい');
    await u.tap('LINEで相談する');
    await u.tap('本人');
    await u.tap('看取り');
    await u.say('ログに残ってはいけない相談文カモノハシ');
    await u.say('これも残ってはいけないハリモグラ');
    const db = createClient({ url: `file:${h.dbFile}` });
    try {
      const raw = await db.execute('select count(*) as n from case_messages');
      expect(Number(raw.rows[0]!.n)).toBe(1);
    } finally {
      db.close();
    }
    expect(h.logs.join('\n')).not.toMatch(/カモノハシ|ハリモグラ/);
  });
});

describe('internal events', () => {
  it('are never accepted from the webhook, even signed: a forged close changes nothing', async () => {
    const u = await h.user('forged');
    await u.say('相談したい');
    await u.tap('LINEで相談する');
    await u.tap('本人');
    await u.tap('看取り');
    await u.say('自宅での看取りについて');
    const c = (await latestCase(h, u.id))!;
    const before = h.fake.messagesFor(u.id).length;
    const forged = {
      type: 'renkei.internal',
      webhookEventId: 'FORGED-CLOSE',
      timestamp: Date.now(),
      mode: 'active',
      source: { type: 'user', userId: u.id },
      event: { kind: 'case-closed', caseId: c.id },
    };
    const res = await h.send([forged]);
    expect(res.status).toBe(200);
    expect(h.fake.messagesFor(u.id)).toHaveLength(before);
    // Still with the coordinator: the next message goes to the case, silently.
    await u.say('まだ相談中です');
    expect(u.last).toEqual([]);
  });
});
