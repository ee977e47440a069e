import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadRichMenu, richMenuRequest, run } from '../../src/cli/richmenu.ts';
import { imageSize, validateLineRequest } from '../../fakes/line/validator.ts';
import { decodeAction } from '../../src/line/postback.ts';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';

describe('rich menu', () => {
  it('is a valid LINE rich menu whose postbacks the bot understands', async () => {
    const body = richMenuRequest(await loadRichMenu());
    expect(validateLineRequest('POST', '/v2/bot/richmenu', { 'content-type': 'application/json' }, body)).toEqual([]);
    expect(body.areas.map((a) => a.action.label)).toEqual(['困ったとき', '人生会議ノート', '相談する', '講座・イベント', '緊急のとき', '使い方']);
    for (const a of body.areas) if (a.action.type === 'postback') expect(decodeAction((a.action as { data: string }).data)).not.toBeNull();
  });

  it("ships an image of the right size, under LINE's 1 MB", () => {
    const png = readFileSync(join(PROJECT_ROOT, 'content/richmenu/richmenu.png'));
    expect(imageSize(new Uint8Array(png))).toEqual({ width: 2500, height: 1686 });
    expect(png.length).toBeLessThan(1024 * 1024);
  });

  it('deploys to the (fake) LINE API in dev mode', async () => {
    let out = '';
    const stdout = new Writable({
      write: (c, _e, cb) => {
        out += c;
        cb();
      },
    });
    const saved = { ...process.env };
    delete process.env.LINE_CHANNEL_SECRET;
    delete process.env.LINE_CHANNEL_ACCESS_TOKEN;
    try {
      expect(await run(['deploy'], { stdout })).toBe(0);
    } finally {
      process.env = saved;
    }
    expect(out).toMatch(/rich menu richmenu-\w+ deployed and set as default/);
  });
});
