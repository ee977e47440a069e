/**
 * fakes/ (the fake LINE API and its validator) is dev and test tooling: production code may
 * name its types, and the Node entry loads it on demand in dev mode, but nothing in src/
 * imports it statically, so a live start and the Worker bundle never carry it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('fakes/ stays out of the product', () => {
  const files = sources(join(PROJECT_ROOT, 'src')).map((f) => ({ file: relative(PROJECT_ROOT, f), text: readFileSync(f, 'utf8') }));

  it('no static value import of fakes/ anywhere in src/', () => {
    // `import type` is erased; anything else (including `import { type X, y }`) runs.
    const statics = /^\s*(?:import|export)\s+(?!type\s)[^;]*?from\s+['"][^'"]*\/fakes\//m;
    const offenders = files.filter((f) => statics.test(f.text)).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('the only dynamic import of fakes/ is the dev-mode loader in runtime/node-deps.ts', () => {
    const dynamic = files.filter((f) => /import\(\s*['"][^'"]*\/fakes\//.test(f.text)).map((f) => f.file);
    expect(dynamic).toEqual(['src/runtime/node-deps.ts']);
  });
});
