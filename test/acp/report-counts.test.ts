/**
 * What the ACP note contributes to the yearly report: a note is counted as started at the
 * first 「はじめる」 and as completed the first time it is gone through to the end — not again
 * when the person revisits, changes an answer or goes through it a second time.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness.ts';
import { metrics } from '../../src/db/schema.ts';
import { writeNote } from './support.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h.close());

async function counts(): Promise<Record<string, number>> {
  const rows = await h.node.deps.store.db
    .select()
    .from(metrics)
    .where(inArray(metrics.name, ['acp-started', 'acp-completed']));
  const out: Record<string, number> = { 'acp-started': 0, 'acp-completed': 0 };
  for (const r of rows) out[r.name] = (out[r.name] ?? 0) + 1;
  return out;
}

it('counts a note once as started and once as completed', async () => {
  const u = await h.user('report');
  await writeNote(u);
  expect(await counts()).toEqual({ 'acp-started': 1, 'acp-completed': 0 });
  await u.tap('半年後');
  expect(await counts()).toEqual({ 'acp-started': 1, 'acp-completed': 1 });

  // Coming back, and changing the reminder at the end again, counts nothing new.
  await u.say('想いノート');
  await u.say('見直す');
  await u.say('想いノート');
  expect(await counts()).toEqual({ 'acp-started': 1, 'acp-completed': 1 });

  // A second person is counted on their own.
  const other = await h.user('report-2');
  await writeNote(other);
  await other.tap('不要');
  expect(await counts()).toEqual({ 'acp-started': 2, 'acp-completed': 2 });
});
