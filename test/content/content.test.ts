/**
 * The same checks as `npm run check`: the shipped content is valid, every message key
 * exists in every locale, and broken files are reported with their file, line and path.
 */
import { mkdtempSync, cpSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../src/content/read-content.ts';
import { leafKeys } from '../../src/content/i18n.ts';
import { LOCALES } from '../../src/engine/types.ts';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';

describe('shipped content', () => {
  it('validates with no errors', async () => {
    const { bundle, errors } = await readContent(PROJECT_ROOT);
    expect(errors).toEqual([]);
    expect(bundle).toBeDefined();
  });

  it('has every message key in every locale', () => {
    const keys = Object.fromEntries(
      LOCALES.map((l) => [l, new Set(leafKeys(JSON.parse(readFileSync(join(PROJECT_ROOT, 'content/locales', l, 'bot.json'), 'utf8'))))]),
    );
    const all = new Set(Object.values(keys).flatMap((s) => [...s]));
    for (const locale of LOCALES) {
      const missing = [...all].filter((k) => !keys[locale]!.has(k));
      expect(missing, `missing in ${locale}`).toEqual([]);
    }
  });
});

describe('broken content is reported with file, line and path', () => {
  function copyProject(): string {
    const dir = mkdtempSync(join(tmpdir(), 'renkei-content-'));
    for (const d of ['content', 'flows']) cpSync(join(PROJECT_ROOT, d), join(dir, d), { recursive: true });
    return dir;
  }

  it('a dangling step reference, a missing message key, a bad city value, a missing translation', async () => {
    const dir = copyProject();
    try {
      const main = join(dir, 'flows/main.yaml');
      writeFileSync(main, readFileSync(main, 'utf8').replace('next: flow:faq', 'next: nowhere').replace('label: menu.help', 'label: menu.nothing'));
      const city = join(dir, 'content/city.yaml');
      writeFileSync(city, readFileSync(city, 'utf8').replace('phone: 000-0000-0001', 'phone: call us'));
      const en = join(dir, 'content/locales/en/bot.json');
      const enJson = JSON.parse(readFileSync(en, 'utf8'));
      delete enJson.menu.prompt;
      writeFileSync(en, JSON.stringify(enJson));
      const { bundle, errors } = await readContent(dir);
      expect(bundle).toBeUndefined();
      const text = errors.map((e) => `${e.file}:${e.line ?? ''} ${e.path}: ${e.message}`);
      expect(text.some((t) => /^flows\/main\.yaml:\d+ steps › 0 › options › 0 › next: unknown step "nowhere"/.test(t))).toBe(true);
      expect(text.some((t) => /^flows\/main\.yaml:\d+ steps › 0 › options › 3 › label: message key "menu.nothing"/.test(t))).toBe(true);
      expect(text.some((t) => /^content\/city\.yaml:\d+ center › phone/.test(t))).toBe(true);
      expect(text.some((t) => t.startsWith('content/locales/en/bot.json: menu.prompt'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('YAML syntax errors carry the line', async () => {
    const dir = copyProject();
    try {
      writeFileSync(join(dir, 'flows/faq.yaml'), 'id: faq\nversion: 1\nstart: intro\nsteps:\n  - id: intro\n    type: say\n   say: [oops\n');
      const { errors } = await readContent(dir);
      const e = errors.find((x) => x.file === 'flows/faq.yaml');
      expect(e?.line).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
