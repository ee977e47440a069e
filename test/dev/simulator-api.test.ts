/**
 * The simulator's server side without a browser: the page frame, the served script, and the
 * API that sends signed webhooks through /webhook and reads back what the fake LINE received.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimItem } from '../../src/dev/transcript.ts';
import { userIdFor } from '../../src/line/webhook-events.ts';
import { createHarness } from '../support/harness.ts';
import { createDevApp, type DevApp } from './dev-app.ts';

interface View {
  items: SimItem[];
  lastId: number;
}

let dev: DevApp;
beforeEach(async () => {
  dev = await createDevApp();
});
afterEach(async () => {
  await dev.close();
});

const post = (path: string, body: unknown = {}) =>
  dev.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const view = async (res: Response): Promise<View> => {
  expect(res.status).toBe(200);
  return (await res.json()) as View;
};
const texts = (items: SimItem[]) =>
  items.map((i) => (i.from === 'bot' ? (i.message.type === 'text' ? i.message.text : i.message.type === 'flex' ? i.message.altText : i.message.type) : i.text));

describe('GET /dev', () => {
  it('serves a Japanese page with one panel per simulated user, and no inline script or style', async () => {
    const res = await dev.app.request('/dev');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="ja">/);
    for (const label of ['住民', '家族', '専門職']) expect(html).toContain(`>${label}`);
    expect(html).toContain('href="/console"');
    expect(html).toContain('<script src="/dev/simulator.js" defer');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    for (const label of ['困ったとき', '人生会議ノート', '相談する', '講座・イベント', '緊急のとき', '使い方']) expect(html).toContain(label);
  });

  it('serves its script (valid JavaScript with no leftover imports) and stylesheet', async () => {
    const js = await dev.app.request('/dev/simulator.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    const source = await js.text();
    expect(() => new Function(source)).not.toThrow();
    expect(source).not.toMatch(/__vite_ssr|\bimport\(|\brequire\(/);
    expect(source).toContain('simulatorMain(');
    const css = await dev.app.request('/dev/simulator.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('.richmenu-item:nth-child(5) { border-top-color: #C62828; }');
  });

  it('leaves the other /dev routes working', async () => {
    const calls = await dev.app.request('/dev/line/calls');
    expect(calls.status).toBe(200);
    expect(Array.isArray(await calls.json())).toBe(true);
  });

  it('is not there outside dev mode', async () => {
    const live = await createHarness();
    try {
      expect((await live.node.app.request('/dev')).status).toBe(404);
      expect((await live.node.app.request('/dev/api/users/resident/open', { method: 'POST' })).status).toBe(404);
    } finally {
      await live.close();
    }
  });
});

describe('the simulator API', () => {
  it('sends a follow the first time a user is opened, and only then', async () => {
    const first = await view(await post('/dev/api/users/resident/open'));
    expect(texts(first.items)[0]).toBe('友だち追加しました');
    expect(texts(first.items).join('\n')).toContain('友だち追加ありがとうございます');
    const again = await view(await post('/dev/api/users/resident/open'));
    expect(again.items).toEqual(first.items);
    const id = await userIdFor('simulator-resident');
    expect(dev.fake.callsFor(id).filter((c) => c.path === '/v2/bot/message/reply')).toHaveLength(1);
  });

  it('sends text and postbacks as signed webhooks with issued reply tokens, and shows the replies', async () => {
    const opened = await view(await post('/dev/api/users/family/open'));
    const asked = await view(await post('/dev/api/users/family/send', { type: 'text', text: '介護保険の申請はどこで', after: opened.lastId }));
    expect(asked.items[0]).toMatchObject({ from: 'user', text: '介護保険の申請はどこで' });
    expect(texts(asked.items.slice(1)).join('\n')).toContain('要介護認定');

    const emergency = await view(
      await post('/dev/api/users/family/send', { type: 'postback', data: 's|emergency-info', displayText: '緊急のとき', after: asked.lastId }),
    );
    expect(emergency.items[0]).toMatchObject({ from: 'user', text: '緊急のとき' });
    expect(JSON.stringify(emergency.items)).toContain('tel:119');

    // Every reply used a token the fake issued for this user (so it was a real reply, not a push).
    const id = await userIdFor('simulator-family');
    const replies = dev.fake.callsFor(id).filter((c) => c.path === '/v2/bot/message/reply');
    expect(replies).toHaveLength(3);
    expect(replies.every((c) => c.status === 200 && c.userId === id)).toBe(true);
    expect(dev.fake.invalidCalls()).toEqual([]);
  });

  it("long-polls for a push that arrives later (a coordinator's answer)", async () => {
    const opened = await view(await post('/dev/api/users/professional/open'));
    const waiting = dev.app.request(`/dev/api/users/professional/history?after=${opened.lastId}&wait=5`);
    await new Promise((r) => setTimeout(r, 300));
    const id = await userIdFor('simulator-professional');
    await dev.node.deps.line.push(id, [{ type: 'text', text: 'センターの担当です。折り返しお電話します。' }], crypto.randomUUID());
    const later = await view(await waiting);
    expect(texts(later.items)).toEqual(['センターの担当です。折り返しお電話します。']);
  });

  it("keeps each user's history apart", async () => {
    await post('/dev/api/users/resident/open');
    await post('/dev/api/users/family/open');
    await post('/dev/api/users/resident/send', { type: 'text', text: 'メニュー' });
    const family = await view(await dev.app.request('/dev/api/users/family/history?after=0'));
    expect(texts(family.items)).not.toContain('メニュー');
    const resident = await view(await dev.app.request('/dev/api/users/resident/history?after=0'));
    expect(texts(resident.items)).toContain('メニュー');
  });

  it('reset clears the history shown and, by default, unfollows and follows again', async () => {
    await post('/dev/api/users/resident/open');
    await post('/dev/api/users/resident/send', { type: 'text', text: 'メニュー' });
    const reset = await view(await post('/dev/api/users/resident/reset'));
    expect(texts(reset.items)[0]).toBe('ブロックして、もう一度友だち追加しました');
    expect(texts(reset.items)).not.toContain('メニュー');
    expect(texts(reset.items).join('\n')).toContain('友だち追加ありがとうございます');
    const quiet = await view(await post('/dev/api/users/resident/reset', { refollow: false }));
    expect(quiet.items).toEqual([]);
  });

  it('refuses unknown users, non-JSON posts and malformed messages', async () => {
    expect((await post('/dev/api/users/stranger/open')).status).toBe(404);
    const form = await dev.app.request('/dev/api/users/resident/send', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=text&text=hi',
    });
    expect(form.status).toBe(400);
    expect((await post('/dev/api/users/resident/send', { type: 'text', text: '   ' })).status).toBe(400);
    expect((await post('/dev/api/users/resident/send', { type: 'postback', data: 'x'.repeat(301) })).status).toBe(400);
    expect((await post('/dev/api/users/resident/send', { type: 'sticker' })).status).toBe(400);
  });

  it('sends a shared location, and the demo directory answers it with no settings', async () => {
    const opened = await view(await post('/dev/api/users/family/open'));
    const asked = await view(await post('/dev/api/users/family/send', { type: 'text', text: '近くの訪問看護', after: opened.lastId }));
    const shared = await view(await post('/dev/api/users/family/send', { type: 'location', lat: 35.7265, lng: 139.497, after: asked.lastId }));
    const shown = texts(shared.items);
    expect(shown[0]).toBe('📍 位置情報');
    expect(shown.join('\n')).toContain('近くの訪問看護: デモ北訪問看護ステーション（デモ）');
    expect((await post('/dev/api/users/family/send', { type: 'location', lat: 'north', lng: 139 })).status).toBe(400);
  });
});
