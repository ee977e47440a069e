/**
 * The simulator's rich menu is a copy (the app cannot read content files on Workers), so it
 * must match content/richmenu/richmenu.yaml, the menu `renkei richmenu deploy` puts on LINE.
 */
import { describe, expect, it } from 'vitest';
import { loadRichMenu } from '../../src/cli/richmenu.ts';
import { RICH_MENU_AREAS } from '../../src/dev/rich-menu.ts';

describe('simulator rich menu', () => {
  it('matches the deployed rich menu area for area', async () => {
    const spec = await loadRichMenu();
    expect(RICH_MENU_AREAS.map(({ label, sub, colour, action }) => ({ label, sub, colour, action }))).toEqual(
      spec.areas.map(({ label, sub, colour, action }) => ({ label, sub, colour, action })),
    );
  });
});
