/**
 * The coordinator console in a real browser (Debian's Chromium through playwright-core), under
 * the app's strict CSP: the login, the queue, a case from the chat (the LINE simulator in a
 * second window) replied to and closed, role checks, CSRF, axe, keyboard-only sign-in.
 * Saves docs/screenshots/console-login.png, console-queue.png and console-case.png.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.ts';
import { hasChromium, launchChromium, SKIP_REASON } from './support/chromium.ts';
import { startConsoleServer, type ConsoleServer } from './support/console-server.ts';
import { insertCase } from '../support/cases.ts';
import { simUsers } from '../../src/dev/sim-users.ts';

const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1200, height: 760 };
const screenshot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/console-${name}.png`, import.meta.url));
const MAX_SCREENSHOT_BYTES = 240 * 1024;

if (!hasChromium) console.warn(`test/browser/console.test.ts ${SKIP_REASON}`);

describe.skipIf(!hasChromium)(`coordinator console in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, { timeout: 60_000 }, () => {
  let browser: Browser;
  let server: ConsoleServer;
  let context: BrowserContext;
  let page: Page;
  let cspErrors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    server = await startConsoleServer({ RENKEI_NOW: '2026-11-30T10:00:00+09:00' });
  });
  afterEach(async () => {
    // The app's own pages must not break its CSP (no bypass below except for axe injection).
    expect(cspErrors.filter((v) => /Content Security Policy/i.test(v))).toEqual([]);
    await context?.close();
    await server?.close();
  });

  async function open(viewport = TABLET, opts: { bypassCSP?: boolean } = {}): Promise<Page> {
    context = await browser.newContext({ viewport, locale: 'ja-JP', ...(opts.bypassCSP ? { bypassCSP: true } : {}) });
    page = await context.newPage();
    cspErrors = [];
    page.on('console', (m) => m.type() === 'error' && cspErrors.push(m.text()));
    page.on('pageerror', (e) => cspErrors.push(String(e)));
    return page;
  }

  async function login(email: string, password: string): Promise<void> {
    await page.goto(`${server.url}/console/login`);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(/\/console(\?|$)/);
  }

  async function saveScreenshot(name: string): Promise<void> {
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const path = screenshot(name);
    await page.screenshot({ path });
    expect(statSync(path).size).toBeLessThan(MAX_SCREENSHOT_BYTES);
  }

  it('sends an anonymous visitor to the login, then signs in (tablet) and shows the home page', async () => {
    await open();
    await page.goto(`${server.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.getByRole('heading', { name: 'ログイン', level: 1 }).waitFor();
    // The style sheet applied (large type), though nothing is inline.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
    await saveScreenshot('login');

    await login(server.demo.coordinator.loginId, server.demo.coordinator.password);
    await page.getByRole('heading', { name: '相談の一覧', level: 1 }).waitFor();
    expect(await page.locator('main').innerText()).toContain('この条件の相談はありません');
    expect(await page.getByRole('navigation', { name: 'コンソールのメニュー' }).innerText()).not.toContain('担当者の管理');
  });

  it('a case opened in the chat is in the queue with the user’s words; the reply reaches that user; closing hands them back to the bot', {
    timeout: 120_000,
  }, async () => {
    // The family member, in the LINE simulator (its own window, as the user's phone would be).
    const sim = await browser.newContext({ viewport: DESKTOP, locale: 'ja-JP' });
    try {
      const chatPage = await sim.newPage();
      await chatPage.goto(`${server.url}/dev`);
      const family = chatPage.locator('#family-panel');
      const log = family.locator('.log');
      const bot = log.locator('.row-bot');
      await chatPage
        .locator('.switcher-item[data-target="family-panel"]')
        .click()
        .catch(() => undefined);
      await log.getByText('友だち追加ありがとうございます').waitFor();
      const say = async (text: string) => {
        await family.getByRole('textbox').fill(text);
        await family.getByRole('textbox').press('Enter');
      };
      const tap = async (label: string) => family.locator('.quick').getByRole('button', { name: label }).click();
      await say('人と話したい');
      await tap('LINEで相談する');
      await tap('家族');
      await tap('ふだんの療養・介護');
      const words = '退院した母の入浴をどうしたらよいか相談したいです';
      await say(words);
      await log.getByText('受け付けました', { exact: false }).waitFor();

      // The coordinator, on a tablet.
      await open();
      await login(server.demo.coordinator.loginId, server.demo.coordinator.password);
      const row = page.locator('table.queue tbody tr').filter({ hasText: 'ふだんの療養・介護' });
      await row.waitFor();
      expect(await row.innerText()).toContain('未割り当て');
      expect(await row.innerText()).toContain('住民の相談');
      await saveScreenshot('queue');
      await row.getByRole('button', { name: '担当する' }).click();
      await page.getByRole('status').getByText('担当になりました').waitFor();
      await page
        .locator('table.queue')
        .getByRole('link', { name: /ふだんの療養・介護/ })
        .click();
      await page.getByRole('heading', { name: /住民の相談/, level: 1 }).waitFor();
      expect(await page.locator('main').innerText()).toContain(words);

      const reply = 'ご相談ありがとうございます。訪問入浴のサービスについてご説明しますね。';
      await page.getByLabel(/相談者へのメッセージ/).fill(reply);
      await page.getByRole('button', { name: '送信' }).click();
      await page.getByRole('status').getByText('返信を送りました').waitFor();
      const { userId } = (await simUsers()).find((u) => u.key === 'family')!;
      await expect
        .poll(
          () => server.fake.calls.filter((c) => c.path === '/v2/bot/message/push' && c.userId === userId && JSON.stringify(c.body).includes('訪問入浴')).length,
        )
        .toBe(1);
      const push = server.fake.calls.find((c) => c.path === '/v2/bot/message/push' && JSON.stringify(c.body).includes('訪問入浴'))!;
      expect(push.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
      await log.getByText('【相談員より】', { exact: false }).waitFor();
      const caseUrl = page.url().replace(/\?.*$/, '');
      await expect.poll(() => page.goto(caseUrl).then(() => page.locator('ol.transcript').innerText())).toContain('送信済み');
      await saveScreenshot('case');

      await page.getByRole('button', { name: '対応終了' }).click();
      await page.getByRole('status').getByText('相談を終了しました').waitFor();
      await log.getByText('相談員との相談を終了しました', { exact: false }).waitFor();
      // The bot answers the user again.
      const before = await bot.count();
      await say('メニュー');
      await expect.poll(() => bot.count()).toBeGreaterThan(before);
    } finally {
      await sim.close();
    }
  });

  it('a wrong password shows the error on the page and keeps the visitor out', async () => {
    await open();
    await page.goto(`${server.url}/console/login`);
    await page.getByLabel('メールアドレス').fill(server.demo.coordinator.loginId);
    await page.getByLabel('パスワード').fill('not-the-password-0');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('alert').getByText('メールアドレスまたはパスワードが違います').waitFor();
    await page.goto(`${server.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
  });

  it('a coordinator cannot open admin pages; an admin can, and logout ends the session', async () => {
    await open();
    await login(server.demo.coordinator.loginId, server.demo.coordinator.password);
    for (const path of ['/console/admin/staff', '/console/admin/audit', '/console/admin/invites', '/console/admin/canned']) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status()).toBe(403);
      await page.getByRole('heading', { name: 'このページは表示できません' }).waitFor();
    }
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/console\/login$/);

    await login(server.demo.admin.loginId, server.demo.admin.password);
    const staff = await page.goto(`${server.url}/console/admin/staff`);
    expect(staff?.status()).toBe(200);
    await page.getByRole('cell', { name: server.demo.coordinator.loginId }).waitFor();
    const log = await page.goto(`${server.url}/console/admin/audit`);
    expect(log?.status()).toBe(200);
    await page.getByRole('cell', { name: 'ログアウト' }).first().waitFor();
  });

  it('refuses a form post without a CSRF token (403)', async () => {
    await open();
    await login(server.demo.admin.loginId, server.demo.admin.password);
    const status = await page.evaluate(async () => {
      const res = await fetch('/console/admin/staff', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x&email=x%40center.example.jp&role=admin&password=long-enough-password',
      });
      return res.status;
    });
    expect(status).toBe(403);
    // The same for a coordinator's reply to a case.
    const caseId = await insertCase(server, { chatId: 'U00000000000000000000000000000001' });
    await page.goto(`${server.url}/console/cases/${caseId}`);
    const replyStatus = await page.evaluate(async (id) => {
      const res = await fetch(`/console/cases/${id}/reply`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'text=hello&key=6f1c1c3e-55a4-4c4e-9d7e-0a2b3c4d5e6f',
      });
      return res.status;
    }, caseId);
    expect(replyStatus).toBe(403);
    expect(server.fake.calls.filter((c) => c.path === '/v2/bot/message/push')).toEqual([]);
  });

  it('has no serious or critical axe violations on the login, home and admin pages', async () => {
    await open(TABLET, { bypassCSP: true }); // axe is injected as a script
    await page.goto(`${server.url}/console/login`);
    expect(await seriousViolations(page)).toEqual([]);
    await login(server.demo.admin.loginId, server.demo.admin.password);
    expect(await seriousViolations(page)).toEqual([]);
    for (const path of ['/console/admin/staff', '/console/admin/audit']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousViolations(page)).toEqual([]);
    }
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/console/admin/staff`);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('has no serious or critical axe violations on the queue, case, unanswered and admin case pages', async () => {
    await open(TABLET, { bypassCSP: true });
    const caseId = await insertCase(server, { chatId: 'U00000000000000000000000000000002', message: 'テストの相談です' });
    await insertCase(server, { chatId: 'U00000000000000000000000000000003', kind: 'pro', priority: 'high' });
    await login(server.demo.admin.loginId, server.demo.admin.password);
    expect(await seriousViolations(page)).toEqual([]);
    for (const path of [`/console/cases/${caseId}`, '/console/unanswered', '/console/admin/invites', '/console/admin/canned', '/console?status=waiting']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/console/cases/${caseId}`);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('signs in with the keyboard alone', async () => {
    await open();
    await page.goto(`${server.url}/console/login`);
    const email = page.getByLabel('メールアドレス');
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      reached = await email.evaluate((el) => el === document.activeElement);
      if (!reached) await page.keyboard.press('Tab');
    }
    expect(reached).toBe(true);
    await page.keyboard.type(server.demo.coordinator.loginId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(server.demo.coordinator.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console$/);
    await page.getByRole('heading', { name: '相談の一覧', level: 1 }).waitFor();
    // Tab reaches the logout button, and Enter on it signs out.
    let onLogout = false;
    for (let i = 0; i < 15 && !onLogout; i++) {
      await page.keyboard.press('Tab');
      onLogout = await page.evaluate(() => document.activeElement?.textContent === 'ログアウト');
    }
    expect(onLogout).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/login$/);
  });
});
