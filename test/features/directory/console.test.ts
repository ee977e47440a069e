/**
 * The directory in the console: looking places up by kind and word, what was imported when,
 * and a phone check that is recorded and audited (with the CSRF token, as every console form).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../src/db/schema-console.ts';
import { importDirectory } from '../../../src/features/directory/import/import-directory.ts';
import { PROJECT_ROOT } from '../../../src/runtime/node-deps.ts';
import { COORDINATOR, createConsoleHarness, csrfOf, form, type ConsoleHarness, type Jar } from '../../console/support.ts';

let ch: ConsoleHarness;
let jar: Jar;
beforeAll(async () => {
  ch = await createConsoleHarness();
  jar = (await ch.login(COORDINATOR)).jar;
  const outcome = await importDirectory(
    ch.h.node.deps.stores.directory,
    {
      cityFile: join(PROJECT_ROOT, 'content/city.yaml'),
      city: true,
      kaigo: [{ path: join(PROJECT_ROOT, 'content/directory/demo/kaigo-opendata-demo.csv'), date: '2026-06-30' }],
    },
    ch.clock.now,
  );
  expect(outcome.ok).toBe(true);
});
afterAll(async () => {
  await ch.close();
});

describe('the directory page', () => {
  it('is for signed-in staff only', async () => {
    const res = await ch.request('/console/directory');
    expect(res.status).toBe(302);
  });

  it('looks places up by kind and a word, and says when the data was imported', async () => {
    const res = await ch.request(`/console/directory?kind=nurse&q=${encodeURIComponent('桜町')}`, {}, jar);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('さくら訪問看護ステーション（デモ）');
    expect(html).not.toContain('デモ中央訪問看護ステーション（デモ）');
    expect(html).toContain('介護サービス情報公表システム オープンデータ：2026/06/30 時点のデータ、14件');
    expect(html).toContain('未確認');
  });

  it('records a phone check, audited, and shows it', async () => {
    const page = await (await ch.request('/console/directory?q=%E6%A1%9C%E7%94%BA', {}, jar)).text();
    const place = /name="place" value="([^"]+)"/.exec(page)![1]!;
    const res = await ch.request('/console/directory/checked', form({ _csrf: csrfOf(page), place, q: '桜町', kind: '' }), jar);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('notice=checked');
    const after = await (await ch.request(res.headers.get('location')!, {}, jar)).text();
    expect(after).toContain('電話で確認したことを記録しました');
    expect(after).toContain('確認済み');
    const rows = await ch.h.node.deps.store.db.select().from(auditLog);
    expect(rows.some((r) => r.action === 'directory.checked' && r.target === `place:${place}`)).toBe(true);
  });

  it('refuses a check without the CSRF token, and an unknown place', async () => {
    const page = await (await ch.request('/console/directory', {}, jar)).text();
    expect((await ch.request('/console/directory/checked', form({ place: 'city:dr-kita' }), jar)).status).toBe(403);
    expect((await ch.request('/console/directory/checked', form({ _csrf: csrfOf(page), place: 'nope' }), jar)).status).toBe(404);
  });
});
