/**
 * A coordinator signed in to the console in a fresh Chromium context (tablet-sized, Japanese),
 * with the page's console errors collected so a test can assert that the CSP blocked nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startConsoleServer, type ConsoleServer } from './console-server.ts';

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

/**
 * A describe block's console in Chromium: one browser for the block, a fresh app (dev mode,
 * `env`) per test, and after each test the check that the page's CSP blocked nothing.
 * `open()` signs the demo coordinator in and returns the page.
 */
export function consoleInChromium(env: Record<string, string>) {
  let browser: Browser;
  let server: ConsoleServer | undefined;
  let session: ConsoleSession | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    server = await startConsoleServer(env);
  });
  afterEach(async () => {
    expect(session?.errors.filter((v) => /Content Security Policy/i.test(v)) ?? []).toEqual([]);
    await session?.context.close();
    session = undefined;
    await server?.close();
  });
  return {
    get server(): ConsoleServer {
      return server!;
    },
    async open(opts: { bypassCSP?: boolean } = {}): Promise<Page> {
      session = await signInAsCoordinator(browser, server!, opts);
      return session.page;
    },
  };
}
