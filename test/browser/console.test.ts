/**
 * The coordinator console in a real browser (Debian's Chromium through playwright-core), under
 * the app's strict CSP: the login, the home page, role checks, axe, keyboard-only sign-in.
 * Saves docs/screenshots/console-login.png and console-home.png.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.ts';
import { hasChromium, launchChromium, SKIP_REASON } from './support/chromium.ts';
import { startConsoleServer, type ConsoleServer } from './support/console-server.ts';

const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 375, height: 812 };
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
    await page.getByRole('heading', { name: '相談の一覧（準備中）' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('相談の一覧はまだできていません');
    expect(await page.getByRole('navigation', { name: 'コンソールのメニュー' }).innerText()).not.toContain('担当者の管理');
    await saveScreenshot('home');
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
    for (const path of ['/console/admin/staff', '/console/admin/audit']) {
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
    await page.getByRole('heading', { name: '相談の一覧（準備中）' }).waitFor();
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
