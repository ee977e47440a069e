/**
 * The LINE simulator (/dev) in a real browser: the page talks to the simulator API, which
 * posts signed webhooks to the app and shows what the fake LINE API received. Saves the
 * screenshots used by the README (docs/screenshots/simulator-*.png).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.ts';
import { hasChromium, launchChromium, SKIP_REASON } from './support/chromium.ts';
import { startDevServer, type DevServer } from './support/dev-server.ts';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1200, height: 760 };
const screenshot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/simulator-${name}.png`, import.meta.url));
/** The README embeds these: keep them well under 300 KB. */
const MAX_SCREENSHOT_BYTES = 240 * 1024;

// Said out loud: a skipped suite is otherwise easy to miss in the summary.
if (!hasChromium) console.warn(`test/browser/simulator.test.ts ${SKIP_REASON}`);

describe.skipIf(!hasChromium)(`LINE simulator in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, { timeout: 60_000 }, () => {
  let browser: Browser;
  let server: DevServer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    // A frozen business clock (a weekday morning) keeps the screenshots the same from run to run.
    server = await startDevServer({ RENKEI_NOW: '2026-11-30T10:00:00+09:00' });
  });
  afterEach(async () => {
    await context?.close();
    await server?.close();
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    // bypassCSP lets the tests inject axe-core and a screenshot style; the app's own pages
    // run under the strict policy (test/app/security-headers.test.ts).
    context = await browser.newContext({ viewport, locale: 'ja-JP', bypassCSP: true });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/dev`);
    // The first open of a chat is a follow: the welcome and the menu arrive.
    await panel('resident').locator('.log').getByText('友だち追加ありがとうございます').waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  it('works under the strict Content-Security-Policy the app sends (no bypass)', async () => {
    const strict = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
    try {
      const p = await strict.newPage();
      const violations: string[] = [];
      p.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
      await p.goto(`${server.url}/dev`);
      const log = p.locator('#resident-panel .log');
      await log.getByText('友だち追加ありがとうございます').waitFor();
      await p.locator('#resident-panel').getByRole('textbox').fill('ケアマネを変えたい');
      await p.locator('#resident-panel').getByRole('textbox').press('Enter');
      await log.getByText('ケアマネジャー').first().waitFor();
      expect(violations.filter((v) => /Content Security Policy/i.test(v))).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  const panel = (user: 'resident' | 'family' | 'professional'): Locator => page.locator(`#${user}-panel`);
  const chat = (user: Parameters<typeof panel>[0]) => panel(user).locator('.log');
  const richMenu = (user: Parameters<typeof panel>[0], label: string) =>
    panel(user)
      .getByRole('navigation', { name: /リッチメニュー/ })
      .getByRole('button', { name: label });
  const chip = (user: Parameters<typeof panel>[0], label: string) => panel(user).locator('.quick').getByRole('button', { name: label });
  const botRows = (user: Parameters<typeof panel>[0]) => chat(user).locator('.row-bot');

  async function say(user: Parameters<typeof panel>[0], text: string): Promise<void> {
    const before = await botRows(user).count();
    await panel(user).getByRole('textbox').fill(text);
    await panel(user).getByRole('textbox').press('Enter');
    await expect.poll(() => botRows(user).count()).toBeGreaterThan(before);
  }

  /** Scrolls a chat so that this row is at the top (the start of an answer, for screenshots). */
  async function scrollChatTo(row: Locator): Promise<void> {
    await row.evaluate((el: HTMLElement) => el.parentElement!.scrollTo({ top: el.offsetTop - 8 }));
  }

  async function saveScreenshot(name: string): Promise<void> {
    await page.mouse.move(0, 0); // no hover highlight, no focus ring
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // Scrollbars fade in and out on their own clock: leave them out so the PNG only changes with the page.
    await page.addStyleTag({ content: '* { scrollbar-width: none !important; }' });
    await expect.poll(() => page.locator('.log[aria-busy="true"]').count()).toBe(0);
    const path = screenshot(name);
    await page.screenshot({ path });
    expect(statSync(path).size).toBeLessThan(MAX_SCREENSHOT_BYTES);
  }

  it('a resident asks a question and taps a quick reply (phone width)', async () => {
    await open(PHONE);
    // At phone width one chat shows at a time.
    await expect.poll(() => panel('family').isVisible()).toBe(false);
    await say('resident', '介護保険の申請はどこで');
    await expect.poll(() => chat('resident').innerText()).toContain('要介護認定');
    const chips = panel('resident').getByRole('group', { name: '住民への返信の候補' }).getByRole('button');
    await expect.poll(() => chips.count()).toBeGreaterThan(0);
    const label = (await chips.first().innerText()).trim();
    const before = await botRows('resident').count();
    await chips.first().click();
    // The postback's displayText is shown as what the user said, and the bot answers it.
    await chat('resident')
      .locator('.row-user')
      .filter({ hasText: label.replace(/…$/, '') })
      .last()
      .waitFor();
    await expect.poll(() => botRows('resident').count()).toBeGreaterThan(before);
  });

  it("a lecture request's date is picked in LINE's date picker, shown as a date input", async () => {
    await open(PHONE);
    await say('resident', '出前講座');
    await say('resident', 'ひまわり会');
    await say('resident', '佐藤');
    await say('resident', '0312345678');
    await expect.poll(() => chat('resident').innerText()).toContain('第1希望');
    // The datetimepicker quick reply is a date input; the earliest day offered is tomorrow.
    const picker = panel('resident').locator('.quick').getByLabel('日付を選ぶ');
    await expect.poll(() => picker.getAttribute('type')).toBe('date');
    expect(await picker.getAttribute('min')).toBe('2026-12-01');
    const before = await botRows('resident').count();
    await picker.fill('2026-12-15');
    // The picked day is the answer: shown as what the user sent, and the next question follows.
    await chat('resident').locator('.row-user').filter({ hasText: '2026-12-15' }).waitFor();
    await expect.poll(() => botRows('resident').count()).toBeGreaterThan(before);
    await expect.poll(() => chat('resident').innerText()).toContain('第2希望');
  });

  it('the emergency button of the rich menu shows 119 as a tel: link', async () => {
    await open(PHONE);
    await richMenu('resident', '緊急のとき').click();
    const call119 = chat('resident').locator('a[href="tel:119"]');
    await call119.waitFor();
    expect(await call119.innerText()).toContain('119');
    expect(await call119.evaluate((a) => getComputedStyle(a).backgroundColor)).toBe('rgb(198, 40, 40)');
    // The whole emergency card in view, from its red header down.
    await scrollChatTo(
      chat('resident')
        .locator('.row-bot')
        .filter({ has: page.locator('a[href="tel:119"]') }),
    );
    await saveScreenshot('phone');
  });

  it('shows three users side by side on a desktop, each with its own history', async () => {
    await open(DESKTOP);
    for (const user of ['family', 'professional'] as const) await chat(user).getByText('友だち追加ありがとうございます').waitFor();
    await say('family', '使い方');
    await richMenu('professional', '困ったとき').click();
    await chip('professional', 'ふだんの療養・介護').click();
    await chat('professional').locator('.flex-bubble').first().waitFor();
    await say('resident', '介護保険の申請はどこで');

    // What each user said stays in that user's chat.
    const said = (user: Parameters<typeof panel>[0]) => chat(user).locator('.row-user .bubble').allInnerTexts();
    expect(await said('resident')).toEqual(['介護保険の申請はどこで']);
    expect(await said('family')).toEqual(['使い方']);
    expect(await said('professional')).toEqual(['困ったとき', 'ふだんの療養・介護']);
    expect(await chat('resident').innerText()).not.toContain('使い方');
    const ids = await page.locator('.phone-uid code').allInnerTexts();
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^U[0-9a-f]{32}$/);
    await expect.poll(() => page.locator('.log[aria-busy="true"]').count()).toBe(0);
    await scrollChatTo(chat('resident').locator('.row-user').last());
    await scrollChatTo(chat('family').locator('.row-user').last());
    await scrollChatTo(
      chat('professional')
        .locator('.row-bot')
        .filter({ has: page.locator('.flex-carousel, .flex-bubble') })
        .last(),
    );
    await saveScreenshot('desktop');
  });

  it("reset clears one user's history and greets again, leaving the others alone", async () => {
    await open(DESKTOP);
    await chat('family').getByText('友だち追加ありがとうございます').waitFor();
    await say('resident', 'メニュー');
    await say('family', '使い方');
    await panel('resident').getByRole('button', { name: '最初からやり直す' }).click();
    await chat('resident').getByText('ブロックして、もう一度友だち追加しました').waitFor();
    await chat('resident').getByText('友だち追加ありがとうございます').waitFor();
    expect(await chat('resident').locator('.row-user').count()).toBe(0);
    expect(await chat('family').innerText()).toContain('使い方');
  });

  it('has no serious or critical axe violations, with text, Flex, a carousel and quick replies on screen', async () => {
    await open(DESKTOP);
    await richMenu('resident', '緊急のとき').click();
    await chat('resident').locator('a[href="tel:119"]').waitFor();
    await richMenu('family', '困ったとき').click();
    await chip('family', 'ふだんの療養・介護').click();
    await chat('family').locator('.flex-bubble').first().waitFor();
    await say('professional', '使い方');
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize(PHONE);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('works with the keyboard alone: Tab to the input, type, Enter sends', async () => {
    await open(PHONE);
    const input = panel('resident').getByRole('textbox');
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await input.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    const before = await botRows('resident').count();
    await page.keyboard.type('メニュー');
    await page.keyboard.press('Enter');
    await chat('resident').locator('.row-user').filter({ hasText: 'メニュー' }).waitFor();
    await expect.poll(() => botRows('resident').count()).toBeGreaterThan(before);
    // Focus stays in the input, ready for the next message.
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    // A quick reply is a <button> reachable with Shift+Tab and pressed with Enter.
    await panel('resident').locator('.quick .chip').last().waitFor();
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => document.activeElement?.className ?? '');
    expect(focused).toContain('chip');
    const rows = await chat('resident').locator('.row-user').count();
    await page.keyboard.press('Enter');
    await expect.poll(() => chat('resident').locator('.row-user').count()).toBeGreaterThan(rows);
    // The chips go away once used; focus goes back to the input rather than being lost.
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
