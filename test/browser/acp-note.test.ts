/**
 * The ACP note as a new user would try it, on a phone-sized simulator (the issue's "done
 * when"): start the note from the rich menu, stop halfway to make tea, come back and continue
 * at the same question, change a treatment from the review, open the printable page for the
 * home doctor (under the app's strict CSP, A4 print media), share it with the daughter (the
 * simulator's family user), then delete everything.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { hasChromium, launchChromium, SKIP_REASON } from './support/chromium.ts';
import { startDevServer, type DevServer } from './support/dev-server.ts';

const PHONE = { width: 375, height: 812 };
const screenshot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url));

if (!hasChromium) console.warn(`test/browser/acp-note.test.ts ${SKIP_REASON}`);

describe.skipIf(!hasChromium)(`the ACP note in the simulator${hasChromium ? '' : ` (${SKIP_REASON})`}`, { timeout: 120_000 }, () => {
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
    server = await startDevServer({ RENKEI_NOW: '2026-11-24T10:00:00+09:00' });
  });
  afterEach(async () => {
    await context?.close();
    await server?.close();
  });

  type User = 'resident' | 'family';
  const panel = (user: User): Locator => page.locator(`#${user}-panel`);
  const chat = (user: User) => panel(user).locator('.log');
  const botRows = (user: User) => chat(user).locator('.row-bot');
  const lastBot = async (user: User) => (await botRows(user).allInnerTexts()).slice(-6).join('\n');

  async function settle(user: User, before: number): Promise<void> {
    await expect.poll(() => botRows(user).count()).toBeGreaterThan(before);
    await expect.poll(() => page.locator('.log[aria-busy="true"]').count()).toBe(0);
  }
  async function say(user: User, text: string): Promise<void> {
    const before = await botRows(user).count();
    await panel(user).getByRole('textbox').fill(text);
    await panel(user).getByRole('textbox').press('Enter');
    await settle(user, before);
  }
  async function tap(user: User, label: string): Promise<void> {
    const before = await botRows(user).count();
    await panel(user).locator('.quick').getByRole('button', { name: label, exact: true }).click();
    await settle(user, before);
  }
  async function show(user: User): Promise<void> {
    await page
      .locator('.switcher')
      .getByRole('button', { name: user === 'family' ? '家族' : '住民' })
      .click();
    await expect.poll(() => panel(user).isVisible()).toBe(true);
  }

  it('start, pause for tea, continue, change a treatment, print, share with the daughter, delete', async () => {
    context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', bypassCSP: true });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/dev`);
    await chat('resident').getByText('友だち追加ありがとうございます').waitFor();

    // Start from the rich menu.
    let before = await botRows('resident').count();
    await panel('resident')
      .getByRole('navigation', { name: /リッチメニュー/ })
      .getByRole('button', { name: '人生会議ノート' })
      .click();
    await settle('resident', before);
    expect(await lastBot('resident')).toContain('法的な効力のある書類ではありません');
    await tap('resident', 'はじめる');
    await tap('resident', '本人');
    await tap('resident', '家族や友人のそばにいる');
    await tap('resident', '住み慣れた場所で過ごす');
    await tap('resident', '決定');
    await say('resident', '家で孫の声を聞いていたい');
    await tap('resident', 'ほぼ一日中ベッドで過ごす');
    await tap('resident', '決定');
    expect(await lastBot('resident')).toContain('どんな関係の方ですか');

    // Tea.
    await say('resident', '中断');
    expect(await lastBot('resident')).toContain('同じ質問から再開できます');

    // Back later: the same question.
    await say('resident', '想いノート');
    await tap('resident', '続きから');
    expect(await lastBot('resident')).toContain('どんな関係の方ですか');
    await tap('resident', '子');
    await tap('resident', '決定');
    await say('resident', '長女の由美');
    await tap('resident', '状況に応じて任せる');
    await tap('resident', 'すべて知りたい');
    await tap('resident', '自宅');
    await tap('resident', '自宅');
    await tap('resident', '希望しない'); // CPR
    await tap('resident', '希望しない'); // ventilator
    await tap('resident', '希望する'); // tube feeding
    await tap('resident', '医師と相談したい'); // drip
    await tap('resident', 'わからない'); // dialysis
    await tap('resident', '自宅などで過ごしたい');
    await tap('resident', '苦痛をできるだけ取り除く（眠くなっても）');
    await tap('resident', '家族');
    await tap('resident', '決定');
    await tap('resident', '書かない');
    await tap('resident', '書かない');
    expect(await lastBot('resident')).toContain('見直す時期');

    // Change of mind about tube feeding, from the review's carousel.
    await say('resident', '見直す');
    const card = chat('resident').locator('.flex-bubble').filter({ hasText: '医療・ケアの希望' }).last();
    await card.scrollIntoViewIfNeeded();
    before = await botRows('resident').count();
    await card.getByRole('button', { name: '変更' }).nth(2).click();
    await settle('resident', before);
    expect(await lastBot('resident')).toContain('胃ろう');
    await tap('resident', '希望しない');
    expect(await lastBot('resident')).toContain('答えを変更しました');
    // The changed section at the top of the chat, for the screenshot (docs/acp-note.md).
    const review = chat('resident')
      .locator('.row-bot')
      .filter({ has: page.locator('.flex-carousel') })
      .last();
    await review.locator('.flex-bubble').filter({ hasText: '医療・ケアの希望' }).scrollIntoViewIfNeeded();
    await review.evaluate((el: HTMLElement) => el.parentElement!.scrollTo({ top: el.offsetTop - 8 }));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshot('acp-review-phone') });
    expect(statSync(screenshot('acp-review-phone')).size).toBeLessThan(240 * 1024);
    await tap('resident', '質問にもどる');
    await tap('resident', '不要');

    // The printable page for the home doctor, under the strict CSP.
    await say('resident', '想いノート');
    await tap('resident', '印刷用');
    const url = /http:\/\/\S+\/note\/[A-Za-z0-9_-]+/.exec(await lastBot('resident'))![0];
    const printable = await browser.newContext({ viewport: { width: 794, height: 1123 }, locale: 'ja-JP' });
    try {
      const p = await printable.newPage();
      const cspErrors: string[] = [];
      p.on('console', (m) => m.type() === 'error' && cspErrors.push(m.text()));
      // The link names the public origin; the test server listens elsewhere.
      const res = await p.goto(`${server.url}${new URL(url).pathname}`);
      expect(res?.status()).toBe(200);
      await p.emulateMedia({ media: 'print' });
      const text = await p.locator('body').innerText();
      expect(text).toContain('わたしの想いノート（まとめ）');
      expect(text).toContain('胃ろう・経管栄養');
      expect(text).toContain('家で孫の声を聞いていたい');
      expect(text).toContain('医師と相談したいこと');
      // Large type: the body is set at 15pt (20px).
      expect(await p.locator('body').evaluate((b) => getComputedStyle(b).fontSize)).toBe('20px');
      // (The browser's own favicon request may 404; only policy violations matter here.)
      expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
      expect(await p.locator('link[rel="stylesheet"]').evaluate((l) => (l as HTMLLinkElement).sheet !== null)).toBe(true);
      const pdf = await p.pdf({ format: 'A4' });
      expect(pdf.byteLength).toBeGreaterThan(1000);
    } finally {
      await printable.close();
    }

    // Share with the daughter.
    await tap('resident', '共有する');
    const code = /[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}/.exec(await lastBot('resident'))![0];
    await show('family');
    await chat('family').getByText('友だち追加ありがとうございます').waitFor();
    await say('family', '共有コード');
    await say('family', code);
    const seen = await lastBot('family');
    expect(seen).toContain('共有された想いノート');
    expect(seen).toContain('長女の由美');
    expect(await chat('family').getByRole('button', { name: '変更' }).count()).toBe(0);

    // Delete everything.
    await show('resident');
    await say('resident', 'ノートを削除');
    await tap('resident', '削除する');
    expect(await lastBot('resident')).toContain('ノートを削除しました');
    expect((await page.request.get(url.replace(/^http:\/\/[^/]+/, server.url))).status()).toBe(404);
    await show('family');
    await say('family', '共有ノート');
    expect(await lastBot('family')).toContain('共有コードを入力してください');
    expect(errors).toEqual([]);
  });
});
