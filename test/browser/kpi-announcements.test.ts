/**
 * The KPI report and the announcements pages in Chromium under the app's strict CSP: no CSP
 * error (the chart is inline SVG without script or style attributes), no serious axe
 * violation, the form usable. Saves docs/screenshots/console-kpi.png and
 * console-announcement-preview.png.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { lectureRequests } from '../../src/features/outreach/schema.ts';
import { seriousViolations } from './support/axe.ts';
import { hasChromium, SKIP_REASON } from './support/chromium.ts';
import type { ConsoleServer } from './support/console-server.ts';
import { consoleInChromium } from './support/console-session.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/console-${name}.png`, import.meta.url));

describe.skipIf(!hasChromium)(`KPI report and announcements in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, { timeout: 60_000 }, () => {
  const ui = consoleInChromium({ RENKEI_NOW: '2026-11-30T10:00:00+09:00' });
  let server: ConsoleServer;
  let page: Page;
  beforeEach(() => {
    server = ui.server;
  });

  async function open(opts: { bypassCSP?: boolean } = {}): Promise<void> {
    page = await ui.open(opts);
  }

  it('shows the report with its chart under the CSP, reachable from the menu', async () => {
    const t = Date.parse('2026-11-20T14:00:00+09:00');
    await server.node.deps.store.db.insert(lectureRequests).values({
      ref: 'L-2611-0001',
      chatId: 'U-seed',
      topic: 'acp',
      detailsSealed: 'x',
      preferredDates: '[]',
      status: 'done',
      scheduledAt: t,
      actualParticipants: 25,
      createdAt: t,
      updatedAt: t,
      sourceEventId: 'browser-seed',
    });
    await open();
    await page.getByRole('link', { name: '実績報告' }).click();
    await page.waitForURL(/\/console\/kpi$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('令和8年度');
    const chart = page.getByRole('img', { name: '令和8年度の計画と実績' });
    expect(await chart.isVisible()).toBe(true);
    const row = page.getByRole('row', { name: /出前講座 参加者数/ });
    await expect(row.textContent()).resolves.toMatch(/340.*25/);
    await page.getByLabel('年度（西暦）').fill('2025');
    await page.getByRole('button', { name: '表示する' }).click();
    await page.waitForURL(/fy=2025/);
    await page.goto(`${server.url}/console/kpi`);
    await page.screenshot({ path: screenshot('kpi'), fullPage: false });
    expect(statSync(screenshot('kpi')).size).toBeLessThan(240 * 1024);
  });

  it('writes and previews an announcement; both pages pass axe', async () => {
    await open({ bypassCSP: true });
    await page.goto(`${server.url}/console/kpi`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'お知らせ' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel(/件名/).fill('在宅医療講演会のご案内');
    await page.getByLabel(/本文/).fill('12月10日（木）14時から市民会館で講演会を開きます。\n問い合わせ：000-0000-0001');
    await page.getByLabel(/市民のみなさん/).check();
    await page.getByRole('button', { name: 'プレビューを見る' }).click();
    await page.waitForURL(/\/console\/announcements\/\d+$/);
    await expect(page.locator('#line-text').textContent()).resolves.toContain('在宅医療講演会のご案内');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshot('announcement-preview') });
    expect(statSync(screenshot('announcement-preview')).size).toBeLessThan(240 * 1024);
  });
});
