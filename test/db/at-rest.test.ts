/**
 * Privacy at rest: what people write never sits in the database file in plain text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('encryption at rest', () => {
  it('keeps message text out of the database file (and its WAL)', async () => {
    const u = await h.user('private');
    const secret = 'ひみつの相談ナカムラタロウ0901234';
    await u.say(secret);
    await u.say('データを削除'); // leaves a pending confirmation in the sealed state
    const dir = dirname(h.dbFile);
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('test.db'))
      .map((f) => readFileSync(join(dir, f)));
    expect(bytes.length).toBeGreaterThan(0);
    const needle = Buffer.from('ナカムラタロウ', 'utf8');
    for (const b of bytes) expect(b.includes(needle)).toBe(false);
  });
});
