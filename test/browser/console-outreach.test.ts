/**
 * The outreach pages of the console in Chromium under the strict CSP: a coordinator creates
 * an event with the form, confirms a lecture request's date, ticks attendance; no CSP error,
 * no serious axe violation. Saves docs/screenshots/console-lecture.png.
 */
import { eq } from 'drizzle-orm';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './support/axe.ts';
import { hasChromium, SKIP_REASON } from './support/chromium.ts';
import type { ConsoleServer } from './support/console-server.ts';
import { consoleInChromium } from './support/console-session.ts';
import { lectureRequests, outreachEvents } from '../../src/features/outreach/schema.ts';
import { aad } from '../../src/db/sealed-bindings.ts';

const MAX_SCREENSHOT_BYTES = 240 * 1024;

describe.skipIf(!hasChromium)(`console outreach pages in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, { timeout: 60_000 }, () => {
  const ui = consoleInChromium({ RENKEI_NOW: '2026-11-30T10:00:00+09:00' });
  let server: ConsoleServer;
  let page: Page;
  beforeEach(() => {
    server = ui.server;
  });

  async function open(opts: { bypassCSP?: boolean } = {}): Promise<void> {
    page = await ui.open(opts);
  }

  async function seedLecture(): Promise<number> {
    const { deps } = server.node;
    const [row] = await deps.store.db
      .insert(lectureRequests)
      .values({
        ref: 'L-2611-0001',
        chatId: `U${'b'.repeat(32)}`,
        topic: 'acp',
        detailsSealed: await deps.sealer.seal(
          JSON.stringify({ group: 'さくら町老人クラブ', contact: '山田花子', phone: '09012345678', place: 'さくら町公民館' }),
          aad('lecture_requests.details_sealed', 'browser-seed'),
        ),
        preferredDates: '["2026-12-15","2026-12-22"]',
        expectedParticipants: 25,
        createdAt: Date.now(),
        updatedAt: Date.now(),
        sourceEventId: 'browser-seed',
      })
      .returning({ id: lectureRequests.id });
    return row!.id;
  }

  it('creates an event with the form and confirms a lecture date, within the CSP', async () => {
    await open();
    await page.getByRole('navigation', { name: 'コンソールのメニュー' }).getByRole('link', { name: 'イベント・研修' }).click();
    await page.getByRole('link', { name: '新しいイベント・研修を作る' }).click();
    await page.getByLabel('種類').selectOption('training');
    await page.getByLabel('対象').selectOption('professionals');
    await page.getByLabel('名称').fill('ACP研修会');
    await page.getByLabel('日付').fill('2026-12-12');
    await page.getByLabel('開始時刻').fill('13:30');
    await page.getByLabel('定員（人）').fill('40');
    await page.getByLabel('会場', { exact: true }).fill('市役所 会議室');
    await page.getByRole('button', { name: '作成する' }).click();
    await page.getByRole('status').getByText('イベントを作成しました').waitFor();
    // Dev mode also seeds demo events; this is the one just made.
    const [event] = await server.node.deps.store.db.select().from(outreachEvents).where(eq(outreachEvents.title, 'ACP研修会'));
    expect(event).toMatchObject({ kind: 'training', audience: 'professionals', capacity: 40, startsAt: Date.parse('2026-12-12T13:30:00+09:00') });

    const id = await seedLecture();
    await page.goto(`${server.url}/console/outreach/lectures/${id}`);
    await page.getByText('さくら町老人クラブ').waitFor();
    await page.getByLabel('日付').fill('2026-12-15');
    await page.getByLabel('開始時刻').fill('14:00');
    await page.getByRole('button', { name: '確定する' }).click();
    await page.getByRole('status').getByText('依頼者にLINEでお知らせしました').waitFor();
    await page.getByRole('button', { name: '実施済にする' }).click();
    await page.getByLabel('実際の参加者数（人）').fill('25');
    await page.getByRole('button', { name: '記録する' }).click();
    await page.getByRole('status').getByText('参加者数を記録しました').waitFor();
    await page.mouse.move(0, 0);
    const path = fileURLToPath(new URL('../../docs/screenshots/console-lecture.png', import.meta.url));
    await page.screenshot({ path });
    expect(statSync(path).size).toBeLessThan(MAX_SCREENSHOT_BYTES);
  });

  it('has no serious or critical axe violations on the outreach pages', async () => {
    const id = await seedLecture();
    await open({ bypassCSP: true });
    for (const path of ['/console/outreach/lectures', `/console/outreach/lectures/${id}`, '/console/outreach/events', '/console/outreach/events/new']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
});
