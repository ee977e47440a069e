/**
 * `npm run renkei -- richmenu <image|deploy>`
 *   image    draws content/richmenu/richmenu.png (2500×1686, Japanese text) in Chromium
 *   deploy   creates the rich menu on the channel, uploads the image, makes it the default
 *            (in dev mode: on the in-process fake LINE API, to try it without a channel)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { createLineClient } from '../line/client.ts';
import { createDevFakeLine, nodeConfig, PROJECT_ROOT } from '../runtime/node-deps.ts';

const MENU_DIR = join(PROJECT_ROOT, 'content/richmenu');

const menuSchema = z
  .object({
    name: z.string().max(300),
    chatBarText: z.string().max(14),
    size: z.object({ width: z.literal(2500), height: z.union([z.literal(1686), z.literal(843)]) }),
    areas: z
      .array(
        z.object({
          label: z.string(),
          sub: z.string(),
          colour: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
          action: z.union([
            z.object({ type: z.literal('postback'), data: z.string().max(300), displayText: z.string().max(300) }),
            z.object({ type: z.literal('message'), text: z.string().max(300) }),
          ]),
        }),
      )
      .length(6),
  })
  .strict();
export type RichMenuSpec = z.infer<typeof menuSchema>;

export async function loadRichMenu(): Promise<RichMenuSpec> {
  return menuSchema.parse(parse(await readFile(join(MENU_DIR, 'richmenu.yaml'), 'utf8')));
}

/** The LINE API body: six areas in a 3×2 grid. */
export function richMenuRequest(spec: RichMenuSpec) {
  const w = spec.size.width / 3;
  const h = spec.size.height / 2;
  return {
    size: spec.size,
    selected: true,
    name: spec.name,
    chatBarText: spec.chatBarText,
    areas: spec.areas.map((a, i) => ({
      bounds: { x: Math.round((i % 3) * w), y: Math.round(Math.floor(i / 3) * h), width: Math.round(w), height: Math.round(h) },
      action:
        a.action.type === 'postback'
          ? { type: 'postback', label: a.label, data: a.action.data, displayText: a.action.displayText }
          : { type: 'message', label: a.label, text: a.action.text },
    })),
  };
}

function menuHtml(spec: RichMenuSpec): string {
  const cells = spec.areas
    .map((a) => `<div class="cell" style="background:${a.colour}"><div class="label">${a.label}</div><div class="sub">${a.sub}</div></div>`)
    .join('');
  return `<!doctype html><html lang="ja"><meta charset="utf-8"><style>
    html,body{margin:0;width:${spec.size.width}px;height:${spec.size.height}px;font-family:"IPAPGothic","IPAGothic",sans-serif}
    .grid{display:grid;grid-template-columns:repeat(3,1fr);grid-template-rows:repeat(2,1fr);width:100%;height:100%;gap:12px;background:#fff}
    .cell{display:flex;flex-direction:column;align-items:center;justify-content:center;color:#fff}
    .label{font-size:108px;font-weight:bold;white-space:nowrap}.sub{font-size:66px;margin-top:40px;white-space:nowrap}
  </style><div class="grid">${cells}</div></html>`;
}

async function drawImage(spec: RichMenuSpec, out: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: spec.size, deviceScaleFactor: 1 });
    await page.setContent(menuHtml(spec));
    await writeFile(out, await page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...spec.size } }));
  } finally {
    await browser.close();
  }
}

export async function run(argv: string[], io: { stdout: NodeJS.WritableStream }): Promise<number> {
  const say = (s: string) => io.stdout.write(`${s}\n`);
  const spec = await loadRichMenu();
  const imagePath = join(MENU_DIR, 'richmenu.png');
  if (argv[0] === 'image') {
    await drawImage(spec, imagePath);
    say(`wrote ${imagePath}`);
    return 0;
  }
  if (argv[0] !== 'deploy') {
    say('usage: npm run renkei -- richmenu <image|deploy>');
    return 2;
  }
  const config = nodeConfig(process.env);
  const fake = config.mode === 'dev' ? await createDevFakeLine() : undefined;
  const line = createLineClient({
    accessToken: config.line.accessToken,
    apiBaseUrl: config.line.apiBaseUrl,
    dataApiBaseUrl: config.line.dataApiBaseUrl,
    ...(fake ? { fetch: fake.fetch } : {}),
  });
  const image = new Uint8Array(await readFile(imagePath));
  const created = await line.call('POST', '/v2/bot/richmenu', richMenuRequest(spec));
  const richMenuId = (created.body as { richMenuId?: string } | undefined)?.richMenuId;
  if (!created.ok || !richMenuId) {
    say(`creating the rich menu failed: HTTP ${created.status} ${created.error ?? ''}`);
    return 1;
  }
  const uploaded = await line.call('POST', `/v2/bot/richmenu/${richMenuId}/content`, image, { data: true, contentType: 'image/png' });
  if (!uploaded.ok) {
    say(`uploading the image failed: HTTP ${uploaded.status} ${uploaded.error ?? ''}`);
    return 1;
  }
  const made = await line.call('POST', `/v2/bot/user/all/richmenu/${richMenuId}`);
  if (!made.ok) {
    say(`setting the default rich menu failed: HTTP ${made.status} ${made.error ?? ''}`);
    return 1;
  }
  say(`rich menu ${richMenuId} deployed and set as default${fake ? ' (dev mode: on the in-process fake LINE API)' : ''}`);
  return 0;
}
