/**
 * scripts/build-content.ts is wrangler's [build] command, so it also runs (through
 * `wrangler deploy --dry-run`) while the workerd tests read the asset it writes. An
 * up-to-date asset must be left alone, also by builds running at the same time.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const ASSET = join(PROJECT_ROOT, 'dist/worker-assets/content.json');
const build = async () => (await promisify(execFile)(TSX, ['scripts/build-content.ts'], { cwd: PROJECT_ROOT })).stdout;

describe('npm run build:content', () => {
  it('leaves an up-to-date content asset alone, also when two builds run at once', async () => {
    await build(); // brings it up to date (by renaming a complete file into place) if it was not
    const before = statSync(ASSET);
    const outputs = await Promise.all([build(), build()]);
    for (const out of outputs) expect(out).toContain('is up to date');
    const after = statSync(ASSET);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    const bundle = JSON.parse(readFileSync(ASSET, 'utf8')) as { version: string; knowledge: { format: string } };
    expect(bundle.knowledge.format).toBe('renkei-knowledge/4');
  }, 60_000);
});
