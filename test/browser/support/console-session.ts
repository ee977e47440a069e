/**
 * A coordinator signed in to the console in a fresh Chromium context (tablet-sized, Japanese),
 * with the page's console errors collected so a test can assert that the CSP blocked nothing.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ConsoleServer } from './console-server.ts';

export const TABLET = { width: 1024, height: 768 };

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors, in order */
  errors: string[];
}

/** `bypassCSP`: only for injecting axe-core, which the strict CSP (rightly) refuses. */
export async function signInAsCoordinator(browser: Browser, server: ConsoleServer, opts: { bypassCSP?: boolean } = {}): Promise<ConsoleSession> {
  const context = await browser.newContext({ viewport: TABLET, locale: 'ja-JP', ...(opts.bypassCSP ? { bypassCSP: true } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/console/login`);
  await page.getByLabel('メールアドレス').fill(server.demo.coordinator.loginId);
  await page.getByLabel('パスワード').fill(server.demo.coordinator.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(/\/console(\?|$)/);
  return { context, page, errors };
}
