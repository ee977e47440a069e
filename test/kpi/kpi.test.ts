/**
 * The pure KPI module: fiscal years' 令和 labels (the year an instant falls in: test/shared), the CSV writer, the
 * report computed from records against the city's plan, and the chart.
 */
import { describe, expect, it } from 'vitest';
import { testBundle } from '../support/harness.ts';
import {
  computeReport,
  eraLabel,
  eraShort,
  parseCsv,
  parseFiscalYear,
  planActualChart,
  reportTable,
  toCsv,
  type KpiInput,
} from '../../src/features/kpi/report/index.ts';

const jst = (s: string) => Date.parse(`${s}+09:00`);

describe('fiscal years', () => {
  it('are labelled in 令和 (元年 for 2019) and 平成 before', () => {
    expect(eraLabel(2026)).toBe('令和8年度');
    expect(eraShort(2026)).toBe('R8');
    expect(eraLabel(2019)).toBe('令和元年度');
    expect(eraShort(2021)).toBe('R3');
    expect(eraLabel(2020)).toBe('令和2年度');
    expect(eraLabel(2018)).toBe('平成30年度');
  });

  it('parse only four digits within range', () => {
    expect(parseFiscalYear('2026')).toBe(2026);
    for (const bad of ['26', '20266', '2026a', ' 2026', '1999', '2100', '', undefined, null, '-2026']) expect(parseFiscalYear(bad)).toBeUndefined();
  });
});

describe('CSV', () => {
  it('starts with a BOM, ends lines with CRLF and quotes per RFC 4180', () => {
    const csv = toCsv([
      ['a', 'b,c', 'say "hi"'],
      ['line\nbreak', 12, null],
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFFa,"b,c","say ""hi"""\r\n"line\nbreak",12,\r\n');
    expect(parseCsv(csv)).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['line\nbreak', '12', ''],
    ]);
  });

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    const csv = toCsv([['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', 'ok', -3]]);
    expect(parseCsv(csv)[0]).toEqual([`'=HYPERLINK("x")`, "'+1", "'-2", "'@SUM(A1)", "'\tx", 'ok', '-3']);
  });
});

async function input(over: Partial<KpiInput> = {}): Promise<KpiInput> {
  const bundle = await testBundle();
  return { fy: 2026, now: jst('2026-11-30T10:00:00'), plan: bundle.city.plan, lectures: [], events: [], cases: [], metrics: [], unansweredKept: 0, ...over };
}

describe('the report', () => {
  it('counts a done lecture with 25 participants against the plan of 18 lectures and 340 participants', async () => {
    const r = computeReport(
      await input({
        lectures: [
          { status: 'done', scheduledAt: jst('2026-11-20T14:00:00'), actualParticipants: 25 },
          // Not counted: confirmed but not held yet, done in the previous year, cancelled.
          { status: 'confirmed', scheduledAt: jst('2026-12-20T14:00:00'), actualParticipants: null },
          { status: 'done', scheduledAt: jst('2026-03-31T14:00:00'), actualParticipants: 40 },
          { status: 'cancelled', scheduledAt: jst('2026-10-01T14:00:00'), actualParticipants: null },
        ],
      }),
    );
    const lecture = r.activities.find((a) => a.id === 'lecture')!;
    expect(lecture.name).toBe('出前講座');
    expect(lecture.plan).toEqual({ times: 18, participants: 340 });
    expect(lecture.actual).toEqual({ times: 1, participants: 25 });
    expect(r.label).toBe('令和8年度');
    const { header, rows } = reportTable(r);
    expect(header.slice(0, 5)).toEqual(['区分', '項目', 'R8 計画', 'R8 実績', '達成率(%)']);
    expect(header).toContain('R3 実績');
    expect(header).toContain('R7 計画');
    expect(rows.find((row) => row[0] === '出前講座' && row[1] === '回数')!.slice(2, 5)).toEqual([18, 1, 5.6]);
    expect(rows.find((row) => row[0] === '出前講座' && row[1] === '参加者数')!.slice(2, 5)).toEqual([340, 25, 7.4]);
    // The past actuals from the city file are reference columns: R3 出前講座 12 times.
    expect(rows.find((row) => row[0] === '出前講座' && row[1] === '回数')![header.indexOf('R3 実績')]).toBe(12);
  });

  it('counts events and training held so far, preferring the entered count to attendance', async () => {
    const r = computeReport(
      await input({
        events: [
          { kind: 'event', status: 'open', startsAt: jst('2026-10-10T13:00:00'), actualParticipants: 650, attended: 3 },
          { kind: 'training', status: 'open', startsAt: jst('2026-07-01T18:00:00'), actualParticipants: null, attended: 42 },
          { kind: 'training', status: 'open', startsAt: jst('2026-09-01T18:00:00'), actualParticipants: 0, attended: 5 },
          // Not held: cancelled, or still ahead of "now".
          { kind: 'training', status: 'cancelled', startsAt: jst('2026-08-01T18:00:00'), actualParticipants: null, attended: 0 },
          { kind: 'event', status: 'open', startsAt: jst('2027-02-01T13:00:00'), actualParticipants: null, attended: 0 },
        ],
      }),
    );
    expect(r.activities.find((a) => a.id === 'event')!.actual).toEqual({ times: 1, participants: 650 });
    expect(r.activities.find((a) => a.id === 'training')!.actual).toEqual({ times: 2, participants: 42 });
  });

  it('breaks consultations down by requester, category and outcome with response times', async () => {
    const t0 = jst('2026-06-01T10:00:00');
    const min = 60_000;
    const base = { afterHours: false, closedAt: null, closedBy: null, firstResponseAt: null, category: null } as const;
    const r = computeReport(
      await input({
        cases: [
          { ...base, kind: 'resident', status: 'resolved', createdAt: t0, firstResponseAt: t0 + 10 * min, closedAt: t0 + 60 * min, closedBy: 'staff' },
          { ...base, kind: 'resident', status: 'waiting', createdAt: t0, afterHours: true },
          { ...base, kind: 'pro', category: 'discharge', status: 'open', createdAt: t0, firstResponseAt: t0 + 30 * min },
          {
            ...base,
            kind: 'pro',
            category: 'discharge',
            status: 'resolved',
            createdAt: t0,
            firstResponseAt: t0 + 20 * min,
            closedAt: t0 + 120 * min,
            closedBy: 'user',
          },
          { ...base, kind: 'pro', category: 'acp', status: 'open', createdAt: t0 },
          { ...base, kind: 'pro', category: 'acp', status: 'open', createdAt: jst('2027-04-02T10:00:00') }, // next year
        ],
        metrics: [
          { name: 'person-requested', at: t0, detail: null },
          { name: 'person-requested', at: t0, detail: null },
          { name: 'person-requested', at: jst('2026-03-01T10:00:00'), detail: null }, // previous year
          { name: 'faq-none', at: t0, detail: null },
          { name: 'faq-unsure', at: t0, detail: null },
          { name: 'faq-unsure', at: t0, detail: null },
          { name: 'flow-started', at: t0, detail: 'acp-note' },
          { name: 'flow-started', at: t0, detail: 'consult' },
          { name: 'acp-completed', at: t0, detail: null },
        ],
        unansweredKept: 2,
      }),
    );
    const c = r.consultations;
    expect(c.total).toBe(5);
    expect(c.byKind).toEqual({ resident: 2, pro: 3 });
    expect(c.byCategory).toEqual([
      { category: 'discharge', count: 2 },
      { category: 'acp', count: 1 },
    ]);
    expect(c.byOutcome).toEqual({ open: 2, waiting: 1, 'resolved-staff': 1, 'resolved-user': 1 });
    expect(c.afterHours).toBe(1);
    expect(c.firstResponse).toEqual({ count: 3, median: 20, p90: 30, mean: 20 });
    expect(c.resolution).toEqual({ count: 2, median: 60, p90: 120, mean: 90 });
    expect(r.handoffs).toEqual({ requested: 2, opened: 2 });
    expect(r.acp).toEqual({ started: 1, completed: 1, startedSource: 'flow-started' });
    expect(r.unanswered).toEqual({ none: 1, unsure: 2, kept: 2 });
  });

  it('prefers the ACP flow’s own counter to flow starts once it exists', async () => {
    const t0 = jst('2026-06-01T10:00:00');
    const r = computeReport(
      await input({
        metrics: [
          { name: 'flow-started', at: t0, detail: 'acp-note' },
          { name: 'flow-started', at: t0, detail: 'acp-note' },
          { name: 'acp-started', at: t0, detail: null },
        ],
      }),
    );
    expect(r.acp).toEqual({ started: 1, completed: 0, startedSource: 'acp-started' });
  });

  it('draws an SVG chart with a title and description and nothing executable', async () => {
    const r = computeReport(await input({ lectures: [{ status: 'done', scheduledAt: jst('2026-11-20T14:00:00'), actualParticipants: 25 }] }));
    const svg = planActualChart(r);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<title id="kpi-chart-title">令和8年度の計画と実績</title>');
    expect(svg).toMatch(/<desc[^>]*>[^<]*出前講座 参加者数: 実績 25人、計画 340人（7.4%）/);
    expect(svg).not.toMatch(/<script|on[a-z]+=|style=|href=/i);
    // Three activities × two rows, each with a plan track.
    expect(svg.match(/fill="#dde6f0"/g)).toHaveLength(6);
  });
});
