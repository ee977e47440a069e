/**
 * Admin pages for the case work (invite codes, canned replies) and the coordinators' list of
 * questions the bot could not answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema-console.ts';
import { cannedReplies, inviteCodes } from '../../src/features/consultation/schema.ts';
import { unanswered } from '../../src/db/schema.ts';
import { ADMIN, COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness, type Jar } from './support.ts';

let ch: ConsoleHarness;
beforeEach(async () => {
  ch = await createConsoleHarness({ env: { RENKEI_NOW: '2026-11-30T10:00:00+09:00' } });
});
afterEach(async () => {
  await ch?.close();
});

async function html(path: string, jar: Jar): Promise<string> {
  return (await ch.request(path, {}, jar)).text();
}
async function post(path: string, jar: Jar, fields: Record<string, string>, from: string): Promise<Response> {
  return ch.request(path, form({ _csrf: csrfOf(await html(from, jar)), ...fields }), jar);
}

describe('invite codes', () => {
  it('an admin issues a code shown once; a professional registers with it; the list shows it used, without the user', async () => {
    const { jar } = await ch.login(ADMIN);
    const res = await post('/console/admin/invites', jar, { label: 'デモ訪問看護ステーション', days: '14' }, '/console/admin/invites');
    expect(res.status).toBe(200);
    const page = await res.text();
    const code = /<p class="code" id="new-code">([^<]+)<\/p>/.exec(page)![1]!.trim();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    // Only the hash is stored, and the code never shows again.
    const [row] = await ch.h.node.deps.store.db.select().from(inviteCodes);
    expect(row!.codeHash).not.toContain(code.replace('-', ''));
    expect(row!.expiresAt - row!.createdAt).toBe(14 * 86_400_000);
    expect(await html('/console/admin/invites', jar)).not.toContain(code);

    const nurse = await ch.h.user('nurse');
    await nurse.say('招待コード');
    await nurse.say(code);
    await nurse.tap('看護師');
    await nurse.say('デモ訪問看護ステーション');
    const list = await html('/console/admin/invites', jar);
    expect(list).toContain('使用済み');
    expect(list).not.toContain(nurse.id);
    const audits = await ch.h.node.deps.store.db.select().from(auditLog).where(eq(auditLog.action, 'invite.create'));
    expect(audits).toHaveLength(1);
  });

  it('refuses a bad validity and revokes an unused code (which then cannot be used)', async () => {
    const { jar } = await ch.login(ADMIN);
    expect((await post('/console/admin/invites', jar, { label: 'x', days: '0' }, '/console/admin/invites')).status).toBe(400);
    expect((await post('/console/admin/invites', jar, { label: '', days: '7' }, '/console/admin/invites')).status).toBe(400);
    const page = await (await post('/console/admin/invites', jar, { label: 'デモ薬局', days: '7' }, '/console/admin/invites')).text();
    const code = /<p class="code" id="new-code">([^<]+)<\/p>/.exec(page)![1]!.trim();
    const [row] = await ch.h.node.deps.store.db.select().from(inviteCodes);
    const res = await post(`/console/admin/invites/${row!.id}/revoke`, jar, {}, '/console/admin/invites');
    expect(res.headers.get('location')).toBe('/console/admin/invites?notice=revoked');
    expect(await html('/console/admin/invites', jar)).toContain('取り消し');
    const pharmacist = await ch.h.user('pharmacist');
    await pharmacist.say('招待コード');
    await pharmacist.say(code);
    const [after] = await ch.h.node.deps.store.db.select().from(inviteCodes);
    expect(after!.usedBy).toBeNull();
  });

  it('coordinators cannot issue codes or manage canned replies', async () => {
    const { jar } = await ch.login(COORDINATOR);
    expect((await ch.request('/console/admin/invites', {}, jar)).status).toBe(403);
    expect((await ch.request('/console/admin/canned', {}, jar)).status).toBe(403);
    expect(await html('/console', jar)).not.toContain('/console/admin/');
  });
});

describe('canned replies', () => {
  it('an admin creates, edits and deletes one', async () => {
    const { jar } = await ch.login(ADMIN);
    expect((await post('/console/admin/canned', jar, { title: '', body: 'x' }, '/console/admin/canned')).status).toBe(400);
    const created = await post('/console/admin/canned', jar, { title: '受付のお礼', body: 'ご相談ありがとうございます。' }, '/console/admin/canned');
    expect(created.headers.get('location')).toBe('/console/admin/canned?notice=canned-created');
    const [row] = await ch.h.node.deps.store.db.select().from(cannedReplies);
    expect(await html(`/console/admin/canned?edit=${row!.id}`, jar)).toContain('「受付のお礼」を編集');
    await post(
      `/console/admin/canned/${row!.id}`,
      jar,
      { title: '受付のお礼', body: 'ご相談ありがとうございます。担当からご連絡します。' },
      '/console/admin/canned',
    );
    expect(await html('/console/admin/canned', jar)).toContain('担当からご連絡します。');
    await post(`/console/admin/canned/${row!.id}/delete`, jar, {}, '/console/admin/canned');
    expect(await ch.h.node.deps.store.db.select().from(cannedReplies)).toHaveLength(0);
  });
});

describe('questions the bot could not answer', () => {
  it('lists them newest first, masked, for coordinators, and records the view', async () => {
    const u = await ch.h.user('asker');
    await u.say('明日の天気は？');
    await u.say('090-1234-5678に電話できますか、火星の天気');
    const rows = await ch.h.node.deps.store.db.select().from(unanswered);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const { jar } = await ch.login(COORDINATOR);
    const page = await html('/console/unanswered', jar);
    expect(page).toContain('明日の天気は？');
    expect(page).toContain('〈番号〉');
    expect(page).not.toContain('1234-5678');
    expect(page.indexOf('火星')).toBeLessThan(page.indexOf('明日の天気は？'));
    const audits = await ch.h.node.deps.store.db.select().from(auditLog).where(eq(auditLog.action, 'unanswered.view'));
    expect(audits).toHaveLength(1);
  });
});
