/** `npm run renkei -- kpi`: the same report as the console, as a table or CSV on stdout. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignedTable, run } from '../../src/cli/kpi.ts';
import { lectureRequests } from '../../src/features/outreach/schema.ts';
import { parseCsv } from '../../src/features/kpi/report/csv.ts';
import { createHarness, TEST_KEY, type Harness } from '../support/harness.ts';

const jst = (s: string) => Date.parse(`${s}+09:00`);
let h: Harness;
let env: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  const t = jst('2026-10-01T09:00:00');
  await h.node.deps.store.db.insert(lectureRequests).values({
    ref: 'L-2611-0001',
    chatId: 'U-seed',
    topic: 'acp',
    detailsSealed: 'x',
    preferredDates: '[]',
    status: 'done',
    scheduledAt: jst('2026-11-20T14:00:00'),
    actualParticipants: 25,
    createdAt: t,
    updatedAt: t,
    sourceEventId: 'e1',
  });
  env = { DATABASE_URL: `file:${h.dbFile}`, DATA_ENCRYPTION_KEY: TEST_KEY, RENKEI_NOW: '2026-11-30T10:00:00+09:00' };
});
afterAll(async () => {
  await h?.close();
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new Writable({
    write: (c, _e, cb) => {
      out += c;
      cb();
    },
  });
  const stderr = new Writable({
    write: (c, _e, cb) => {
      err += c;
      cb();
    },
  });
  const code = await run(argv, { stdout, stderr, env });
  return { code, out, err };
}

describe('renkei kpi', () => {
  it('prints the CSV for --fy 2026 --csv with the lecture beside the plan', async () => {
    const { code, out } = await cli(['--fy', '2026', '--csv']);
    expect(code).toBe(0);
    expect(out.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(out);
    const times = rows.find((r) => r[0] === '出前講座' && r[1] === '回数')!;
    const people = rows.find((r) => r[0] === '出前講座' && r[1] === '参加者数')!;
    expect([times[header!.indexOf('R8 計画')], times[header!.indexOf('R8 実績')]]).toEqual(['18', '1']);
    expect([people[header!.indexOf('R8 計画')], people[header!.indexOf('R8 実績')]]).toEqual(['340', '25']);
  });

  it('prints an aligned table for the current fiscal year by default', async () => {
    const { code, out } = await cli([]);
    expect(code).toBe(0);
    expect(out).toContain('令和8年度（2026年4月〜2027年3月）');
    const line = out.split('\n').find((l) => l.startsWith('出前講座') && l.includes('参加者数'))!;
    expect(line.split(/\s+/).slice(0, 5)).toEqual(['出前講座', '参加者数', '340', '25', '7.4']);
  });

  it('refuses a malformed year with a usage message', async () => {
    for (const bad of [['--fy', '26'], ['--fy'], ['--fy', '2026x'], ['--year', '2026']]) {
      const { code, err, out } = await cli(bad);
      expect(code).toBe(2);
      expect(err).toContain('usage: npm run renkei -- kpi');
      expect(out).toBe('');
    }
  });

  it('aligns columns by display width (full-width characters count double)', () => {
    const text = alignedTable(
      ['区分', '項目', 'a', 'b', '備考'],
      [
        ['出前講座', '回数', 1, 22, null],
        ['x', 'y', 333, 4, null],
      ],
    );
    const lines = text.split('\n');
    expect(lines[1]).toBe('出前講座  回数    1  22');
    expect(lines[2]).toBe('x         y     333   4');
  });
});
