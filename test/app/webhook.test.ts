import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { allText, createHarness, TEST_SECRET, type Harness } from '../support/harness.ts';
import { signBody } from '../../src/line/signature.ts';
import { events, webhookBody } from '../../src/line/webhook-events.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function count(table: string): Promise<number> {
  const c = createClient({ url: `file:${h.dbFile}` });
  const r = await c.execute(`select count(*) as n from ${table}`);
  c.close();
  return Number(r.rows[0]!.n);
}

describe('POST /webhook: verification', () => {
  it('answers 401 without a signature, and does nothing', async () => {
    const u = await h.user('a');
    const res = await h.node.app.request('/webhook', { method: 'POST', body: webhookBody([u.event('text', 'こんにちは')]) });
    expect(res.status).toBe(401);
    expect(await count('inbox')).toBe(0);
    expect(h.fake.calls).toEqual([]);
  });

  it('answers 401 to a wrong signature, and does nothing', async () => {
    const u = await h.user('a');
    const body = webhookBody([u.event('text', 'こんにちは')]);
    const res = await h.node.app.request('/webhook', { method: 'POST', body, headers: { 'x-line-signature': await signBody('another-secret', body) } });
    expect(res.status).toBe(401);
    expect(await count('inbox')).toBe(0);
    expect(h.fake.calls).toEqual([]);
  });

  it('rejects a signature over a different body (tampering)', async () => {
    const u = await h.user('a');
    const body = webhookBody([u.event('text', 'こんにちは')]);
    const sig = await signBody(TEST_SECRET, body);
    const res = await h.node.app.request('/webhook', { method: 'POST', body: body.replace('こんにちは', 'さようなら'), headers: { 'x-line-signature': sig } });
    expect(res.status).toBe(401);
  });

  it('answers 400 to a signed body that is not JSON or not a webhook', async () => {
    expect((await h.post('{not json')).status).toBe(400);
    expect((await h.post('"just a string"')).status).toBe(400);
    expect((await h.post(JSON.stringify({ destination: 'x' }))).status).toBe(400);
    expect((await h.post(JSON.stringify({ destination: 'x', events: 'nope' }))).status).toBe(400);
    expect(await count('inbox')).toBe(0);
  });

  it("answers 200 to an empty event list (LINE's verify button)", async () => {
    const res = await h.post(JSON.stringify({ destination: 'Uxxx', events: [] }));
    expect(res.status).toBe(200);
    expect(h.fake.calls).toEqual([]);
  });

  it('answers 413 to an oversized body before reading it', async () => {
    const wellFormed = await signBody('another-secret', 'x');
    const res = await h.node.app.request('/webhook', {
      method: 'POST',
      body: 'x',
      headers: { 'content-length': String(5_000_000), 'x-line-signature': wellFormed },
    });
    expect(res.status).toBe(413);
  });

  it('refuses a body without a well-formed signature before reading a byte of it', async () => {
    let pulled = 0;
    for (const signature of [undefined, 'x', 'not base64 at all but 44 chars long........', `${'A'.repeat(43)}`]) {
      pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024));
          if (pulled > 100) controller.close();
        },
      });
      const headers: Record<string, string> = signature === undefined ? {} : { 'x-line-signature': signature };
      const res = await h.node.app.request('/webhook', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
      expect(res.status, String(signature)).toBe(401);
      // A ReadableStream pulls once to fill its queue when created; nothing more is read.
      expect(pulled, String(signature)).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a signed body meant for another bot when LINE_BOT_USER_ID is set', async () => {
    const bot = `U${'b'.repeat(32)}`;
    const other = createHarness({ env: { LINE_BOT_USER_ID: bot } });
    const h2 = await other;
    try {
      const u = await h2.user('a');
      const wrong = await h2.post(webhookBody([u.event('text', 'こんにちは')], `U${'c'.repeat(32)}`));
      expect(wrong.status).toBe(403);
      expect(h2.fake.calls).toEqual([]);
      expect(h2.logs.some((l) => l.includes('webhook.wrong-destination'))).toBe(true);
      const right = await h2.post(webhookBody([u.event('text', 'こんにちは')], bot));
      expect(right.status).toBe(200);
      expect(h2.fake.messagesFor(u.id).length).toBeGreaterThan(0);
    } finally {
      await h2.close();
    }
  });

  it('accepts any destination when LINE_BOT_USER_ID is not set', async () => {
    const u = await h.user('a');
    expect((await h.post(webhookBody([u.event('text', 'こんにちは')], `U${'c'.repeat(32)}`))).status).toBe(200);
    expect(h.fake.messagesFor(u.id).length).toBeGreaterThan(0);
  });

  it('acknowledges unknown event types and malformed events without replying', async () => {
    const u = await h.user('a');
    const res = await h.send([
      { type: 'somethingNew', webhookEventId: 'E1', timestamp: Date.now(), source: { type: 'user', userId: u.id }, mode: 'active' },
      { type: 'message', timestamp: Date.now(), source: { type: 'user', userId: u.id } },
      { type: 'message', webhookEventId: 'E3', timestamp: 'yesterday', source: { type: 'user', userId: u.id } },
      { type: 'message', webhookEventId: 'E4', timestamp: Date.now(), source: { type: 'user' } },
      null,
      42,
    ]);
    expect(res.status).toBe(200);
    expect(h.fake.messagesFor(u.id)).toEqual([]);
    expect(h.logs.some((l) => l.includes('"level":"error"'))).toBe(false);
  });
});

describe('POST /webhook: each event once', () => {
  it('answers a follow with the welcome and the menu, by reply', async () => {
    const u = await h.user('a');
    const ms = await u.follow();
    expect(allText(ms)).toContain('友だち追加ありがとうございます');
    expect(ms.at(-1)!.quickReplies.map((q) => q.label)).toContain('困ったとき');
    const calls = h.fake.callsFor(u.id).filter((c) => c.path.endsWith('/reply'));
    expect(calls).toHaveLength(1);
  });

  it('welcomes in English when the LINE profile is English', async () => {
    const h2 = await createHarness({ profiles: () => ({ displayName: 'Ann', language: 'en-US' }) });
    try {
      const u = await h2.user('english-speaker');
      const ms = await u.follow();
      expect(allText(ms)).toContain('Thank you for adding us');
      expect(ms.at(-1)!.quickReplies.map((q) => q.label)).toContain('I need help');
    } finally {
      await h2.close();
    }
  });

  it('handles a redelivered event only once', async () => {
    const u = await h.user('a');
    const ev = u.event('text', '介護保険の申請はどこで') as { webhookEventId: string };
    await h.send([ev]);
    const redelivered = { ...ev, deliveryContext: { isRedelivery: true } };
    expect((await h.send([redelivered])).status).toBe(200);
    expect((await h.send([redelivered])).status).toBe(200);
    expect(h.fake.messagesFor(u.id).length).toBeGreaterThan(0);
    const replies = h.fake.callsFor(u.id).filter((c) => c.path.endsWith('/reply') || c.path.endsWith('/push'));
    expect(replies).toHaveLength(1);
  });

  it('handles the same event twice in one body only once', async () => {
    const u = await h.user('a');
    const ev = u.event('text', 'メニュー');
    await h.send([ev, ev]);
    expect(h.fake.callsFor(u.id).filter((c) => c.path.endsWith('/reply'))).toHaveLength(1);
  });

  it('keeps every state update when events for one user arrive together', async () => {
    const u = await h.user('a');
    await u.follow();
    // Five separate webhook requests at once, as LINE may send them.
    const evs = ['メニュー', '使い方', 'メニュー', '言語', 'メニュー'].map((t, i) => u.event('text', t, { timestamp: Date.now() + i }));
    const responses = await Promise.all(evs.map((e) => h.send([e])));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const delivered = h.fake.callsFor(u.id).filter((c) => (c.path.endsWith('/reply') || c.path.endsWith('/push')) && c.status === 200);
    expect(delivered).toHaveLength(6); // the follow + five
    const conv = await h.node.deps.store.loadConversation(u.id, Date.now());
    expect(conv.rev).toBe(6);
  });

  it('answers with an apology rather than silence when a reply cannot be drawn', async () => {
    const u = await h.user('a');
    h.node.deps.content.topic = () => {
      throw new Error('broken article');
    };
    const ms = await u.say('介護保険の申請はどこでしますか');
    expect(allText(ms)).toContain('申し訳ありません');
    expect(ms.at(-1)!.quickReplies.map((q) => q.label)).toContain('メニュー');
    expect(h.logs.some((l) => l.includes('"render.failed"'))).toBe(true);
  });

  it('logs ids and outcomes but never the text people send', async () => {
    const u = await h.user('a');
    await u.say('母の介護保険の申請について教えてください 090-1111-2222');
    expect(h.logs.length).toBeGreaterThan(0);
    const joined = h.logs.join('\n');
    expect(joined).not.toContain('介護保険の申請');
    expect(joined).not.toContain('090-1111-2222');
  });
});

describe('POST /webhook: chats and event kinds', () => {
  it('marks a user inactive on unfollow and active again on follow', async () => {
    const u = await h.user('a');
    await u.follow();
    await h.send([u.event('unfollow')]);
    const c = createClient({ url: `file:${h.dbFile}` });
    expect((await c.execute({ sql: 'select status from users where id = ?', args: [u.id] })).rows[0]!.status).toBe('inactive');
    await u.follow();
    expect((await c.execute({ sql: 'select status from users where id = ?', args: [u.id] })).rows[0]!.status).toBe('active');
    c.close();
  });

  it('answers a sticker kindly and an image with a privacy note', async () => {
    const u = await h.user('a');
    await h.send([u.event('sticker')]);
    expect(allText(await u.say('メニュー'))).toBeTruthy();
    const texts = h.fake.messagesFor(u.id).map((m) => JSON.stringify(m));
    expect(texts.some((t) => t.includes('スタンプ'))).toBe(true);
    await h.send([u.event('image')]);
    expect(
      h.fake
        .messagesFor(u.id)
        .map((m) => JSON.stringify(m))
        .some((t) => t.includes('個人の情報')),
    ).toBe(true);
  });

  it('stays quiet in a group unless addressed, and never takes personal matters there', async () => {
    const u = await h.user('member');
    const group = 'C0123456789abcdef0123456789abcdef';
    await h.send([events.text({ userId: u.id, groupId: group, replyToken: h.fake.issueReplyToken(group) }, '介護保険の申請')]);
    expect(h.fake.messagesFor(group)).toEqual([]);
    const mention = {
      ...events.text({ userId: u.id, groupId: group, replyToken: h.fake.issueReplyToken(group) }, '@renkei 人と話したい'),
    } as { message: Record<string, unknown> };
    mention.message.mention = { mentionees: [{ index: 0, length: 7, type: 'user', isSelf: true }] };
    await h.send([mention]);
    expect(JSON.stringify(h.fake.messagesFor(group))).toContain('1対1');
    // An emergency is answered even when nobody addressed the bot.
    await h.send([events.text({ userId: u.id, groupId: group, replyToken: h.fake.issueReplyToken(group) }, '父が息をしていない')]);
    expect(JSON.stringify(h.fake.messagesFor(group))).toContain('119');
  });

  it('deletes everything held about the user after confirmation', async () => {
    const u = await h.user('a');
    await u.follow();
    await u.say('介護保険');
    await u.say('データを削除');
    await u.tap('はい、削除します');
    expect(allText(u.last)).toContain('削除しました');
    const c = createClient({ url: `file:${h.dbFile}` });
    for (const [table, col] of [
      ['users', 'id'],
      ['conversations', 'chat_id'],
    ] as const) {
      const r = await c.execute({ sql: `select count(*) as n from ${table} where ${col} = ?`, args: [u.id] });
      expect(Number(r.rows[0]!.n), table).toBe(0);
    }
    const inbox = await c.execute({ sql: 'select count(*) as n from inbox where chat_id = ? and payload_sealed is not null', args: [u.id] });
    expect(Number(inbox.rows[0]!.n)).toBe(0);
    c.close();
  });
});
