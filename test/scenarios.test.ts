/**
 * Scenario tests: scripted conversations as data (test/scenarios/*.yaml) run through the
 * whole app — signed webhook in, engine, database, fake LINE out. After every scenario the
 * contract check runs: every call the bot made must satisfy LINE's schema and limits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { allText, createHarness, type Harness } from './support/harness.ts';
import type { DescribedMessage } from '../src/line/describe.ts';

const expectation = z
  .object({
    contains: z.array(z.string()).optional(),
    not_contains: z.array(z.string()).optional(),
    first: z.string().optional(),
    quick: z.array(z.string()).optional(),
    /** The last message offers LINE's date picker (a datetimepicker action) as its first quick reply. */
    picker: z.boolean().optional(),
    buttons: z.array(z.string()).optional(),
    silent: z.boolean().optional(),
  })
  .strict();
const step = z
  .object({
    follow: z.null().optional(),
    say: z.string().optional(),
    tap: z.string().optional(),
    postback: z.string().optional(),
    /** A value picked in the date picker under the last message (YYYY-MM-DD or YYYY-MM-DDTHH:MM). */
    pick: z.string().optional(),
    expect: expectation.default({}),
  })
  .strict()
  .refine((s) => ['follow', 'say', 'tap', 'postback', 'pick'].filter((k) => k in s).length === 1, 'exactly one of follow, say, tap, postback, pick');
const scenario = z
  .object({
    name: z.string(),
    user: z.string().default('resident'),
    profile_language: z.string().optional(),
    /** Extra settings, e.g. RENKEI_NOW to fix the business clock. */
    env: z.record(z.string(), z.string()).optional(),
    steps: z.array(step).min(1),
  })
  .strict();

const dir = join(import.meta.dirname, 'scenarios');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function check(ms: DescribedMessage[], e: z.infer<typeof expectation>, where: string): void {
  const text = allText(ms);
  if (e.silent) expect(ms, `${where}: expected no reply`).toEqual([]);
  else expect(ms.length, `${where}: expected a reply`).toBeGreaterThan(0);
  for (const c of e.contains ?? []) expect(text, where).toContain(c);
  for (const c of e.not_contains ?? []) expect(text, where).not.toContain(c);
  if (e.first) expect(ms[0] ? allText([ms[0]]) : '', `${where}: first message`).toContain(e.first);
  const quick = ms.at(-1)?.quickReplies.map((q) => q.label) ?? [];
  for (const q of e.quick ?? []) expect(quick, `${where}: quick replies`).toContain(q);
  if (e.picker !== undefined) expect(ms.at(-1)?.quickReplies[0]?.kind === 'datetimepicker', `${where}: date picker first`).toBe(e.picker);
  const buttons = ms.flatMap((m) => m.buttons.map((b) => b.label));
  for (const b of e.buttons ?? []) expect(buttons, `${where}: buttons`).toContain(b);
}

describe.each(files)('scenario %s', (file) => {
  const spec = scenario.parse(parse(readFileSync(join(dir, file), 'utf8')));
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      ...(spec.profile_language ? { profiles: () => ({ displayName: 'Test', language: spec.profile_language! }) } : {}),
      ...(spec.env ? { env: spec.env } : {}),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it(spec.name, async () => {
    const u = await h.user(spec.user);
    for (const [i, s] of spec.steps.entries()) {
      const where = `${file} step ${i + 1}`;
      const ms =
        'follow' in s
          ? await u.follow()
          : s.say !== undefined
            ? await u.say(s.say)
            : s.tap !== undefined
              ? await u.tap(s.tap)
              : s.pick !== undefined
                ? await u.pick(s.pick)
                : await u.postback(s.postback!);
      check(ms, s.expect, where);
    }
    // Contract: nothing the bot sent broke LINE's schema or limits.
    expect(h.fake.invalidCalls().map((c) => ({ path: c.path, violations: c.violations }))).toEqual([]);
  });
});
