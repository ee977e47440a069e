/**
 * Dev mode's demo data: the invite code shown on the simulator page registers the simulated
 * professional, and a restart neither duplicates it nor changes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inviteCodes } from '../../src/features/consultation/schema.ts';
import { outreachEvents } from '../../src/features/outreach/schema.ts';
import { seedDemoData } from '../../src/dev/seed-demo.ts';
import type { SimItem } from '../../src/dev/transcript.ts';
import { createDevApp, type DevApp } from './dev-app.ts';

let dev: DevApp;
beforeEach(async () => {
  dev = await createDevApp();
});
afterEach(async () => dev.close());

const post = async (path: string, body: unknown = {}) => {
  const res = await dev.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: SimItem[]; lastId: number };
};
const botText = (items: SimItem[]) => items.map((i) => (i.from === 'bot' && i.message.type === 'text' ? i.message.text : '')).join('\n');

describe('demo data in dev mode', () => {
  it('shows an invite code on the simulator page that registers the simulated professional', async () => {
    const html = await (await dev.app.request('/dev')).text();
    const code = /デモ用コード <code>([2-9A-Z]{5}-[2-9A-Z]{5})<\/code>/.exec(html)?.[1];
    expect(code, 'the code on the page').toBeDefined();

    let v = await post('/dev/api/users/professional/open');
    v = await post('/dev/api/users/professional/send', { type: 'text', text: '招待コード', after: v.lastId });
    v = await post('/dev/api/users/professional/send', { type: 'text', text: code, after: v.lastId });
    v = await post('/dev/api/users/professional/send', { type: 'text', text: 'ケアマネジャー', after: v.lastId });
    v = await post('/dev/api/users/professional/send', { type: 'text', text: 'デモ居宅介護支援事業所', after: v.lastId });
    expect(botText(v.items)).toContain('専門職として登録しました');
  });

  it('is idempotent: seeding again keeps one code, the same one', async () => {
    const first = await seedDemoData(dev.node.deps);
    const second = await seedDemoData(dev.node.deps);
    expect(second.inviteCode).toBe(first.inviteCode);
    expect(await dev.node.deps.store.db.select().from(inviteCodes)).toHaveLength(1);
    // One event for residents and one training session for professionals, not added twice.
    const events = await dev.node.deps.store.db.select().from(outreachEvents);
    expect(events.map((e) => `${e.kind}/${e.audience}`).sort()).toEqual(['event/residents', 'training/professionals']);
    expect(events.every((e) => e.startsAt > dev.node.deps.clock.now().getTime())).toBe(true);
  });

  it("shows residents the demo event, and not the professionals' training", async () => {
    let v = await post('/dev/api/users/resident/open');
    v = await post('/dev/api/users/resident/send', { type: 'text', text: 'イベント', after: v.lastId });
    const seen = JSON.stringify(v.items);
    expect(seen).toContain('人生会議を考える市民のつどい');
    expect(seen).not.toContain('多職種連携研修会');
  });
});
