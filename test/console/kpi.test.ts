/**
 * The KPI report in the console: the page with its chart and table, and the CSV (opened and
 * checked), from records seeded directly in the outreach tables. Includes the issue's
 * "done when": a lecture with 25 participants shows beside the plan's 18 lectures and 340.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lectureRequests, outreachEvents, registrations } from '../../src/features/outreach/schema.ts';
import { metrics } from '../../src/db/schema.ts';
import { parseCsv } from '../../src/features/kpi/report/csv.ts';
import { COORDINATOR, createConsoleHarness, type ConsoleHarness, type Jar } from './support.ts';

const jst = (s: string) => Date.parse(`${s}+09:00`);

let ch: ConsoleHarness;
let jar: Jar;
beforeAll(async () => {
  ch = await createConsoleHarness({ env: { RENKEI_NOW: '2026-11-30T10:00:00+09:00' } });
  jar = (await ch.login(COORDINATOR)).jar;
  const db = ch.h.node.deps.store.db;
  const t = jst('2026-10-01T09:00:00');
  const lecture = { chatId: 'U-seed', topic: 'acp' as const, detailsSealed: 'x', preferredDates: '[]', createdAt: t, updatedAt: t };
  await db.insert(lectureRequests).values([
    // The lecture held on 20 November: the coordinator entered 25 participants.
    { ...lecture, ref: 'L-2611-0001', status: 'done', scheduledAt: jst('2026-11-20T14:00:00'), actualParticipants: 25, sourceEventId: 'e1' },
    { ...lecture, ref: 'L-2611-0002', status: 'confirmed', scheduledAt: jst('2026-12-10T14:00:00'), sourceEventId: 'e2' },
    { ...lecture, ref: 'L-2503-0003', status: 'done', scheduledAt: jst('2026-03-15T14:00:00'), actualParticipants: 30, sourceEventId: 'e3' },
  ]);
  const ev = { audience: 'professionals' as const, title: '研修会', place: '市民会館', capacity: 50, createdAt: t, updatedAt: t };
  const [training] = await db
    .insert(outreachEvents)
    .values({ ...ev, kind: 'training', startsAt: jst('2026-10-20T18:00:00') })
    .returning({ id: outreachEvents.id });
  await db.insert(outreachEvents).values({ ...ev, kind: 'training', startsAt: jst('2027-01-20T18:00:00') });
  await db.insert(registrations).values([
    { eventId: training!.id, chatId: 'U-a', status: 'registered', attended: true, createdAt: t, updatedAt: t },
    { eventId: training!.id, chatId: 'U-b', status: 'registered', attended: true, createdAt: t, updatedAt: t },
    { eventId: training!.id, chatId: 'U-c', status: 'registered', attended: false, createdAt: t, updatedAt: t },
  ]);
  await db.insert(metrics).values([
    { name: 'faq-none', at: t, detail: null },
    { name: 'person-requested', at: t, detail: null },
  ]);
});
afterAll(async () => {
  await ch?.close();
});

describe('/console/kpi', () => {
  it('shows the chart and the table for the current fiscal year', async () => {
    const res = await ch.request('/console/kpi', {}, jar);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('実績報告 令和8年度');
    expect(html).toContain('<svg');
    expect(html).toContain('<title id="kpi-chart-title">令和8年度の計画と実績</title>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('出前講座 参加者数: 実績 25人、計画 340人');
    expect(html).toContain('href="/console/kpi.csv?fy=2026"');
  });

  it('shows another year and refuses a malformed one', async () => {
    const res = await ch.request('/console/kpi?fy=2025', {}, jar);
    expect(await res.text()).toContain('令和7年度');
    for (const bad of ['26', '2026%3Cscript%3E', '1900', '99999']) {
      const r = await ch.request(`/console/kpi?fy=${bad}`, {}, jar);
      expect(r.status).toBe(400);
      expect(await r.text()).toContain('年度の指定が正しくありません');
    }
  });
});

describe('/console/kpi.csv', () => {
  it('is a UTF-8 CSV with a BOM that shows the lecture beside the plan', async () => {
    const res = await ch.request('/console/kpi.csv?fy=2026', {}, jar);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="renkei-kpi-FY2026.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toContain('\r\n');
    const [header, ...rows] = parseCsv(text);
    const col = (name: string) => header!.indexOf(name);
    const row = (group: string, item: string) => rows.find((r) => r[0] === group && r[1] === item)!;
    expect(col('R8 計画')).toBeGreaterThan(0);
    expect(row('出前講座', '回数')[col('R8 計画')]).toBe('18');
    expect(row('出前講座', '回数')[col('R8 実績')]).toBe('1');
    expect(row('出前講座', '参加者数')[col('R8 計画')]).toBe('340');
    expect(row('出前講座', '参加者数')[col('R8 実績')]).toBe('25');
    // Training: one session held so far, two attended (the January one is still ahead).
    expect(row('多職種協働のための研修会', '回数')[col('R8 実績')]).toBe('1');
    expect(row('多職種協働のための研修会', '参加者数')[col('R8 実績')]).toBe('2');
    expect(row('多職種協働のための研修会', '参加者数')[col('R8 計画')]).toBe('320');
    // Past actuals from the city file as reference columns.
    expect(row('普及啓発イベント', '参加者数')[col('R4 実績')]).toBe('1400');
    expect(row('答えられなかった質問', '該当なし')[col('R8 実績')]).toBe('1');
    expect(row('引き継ぎ', '「相談したい」の件数')[col('R8 実績')]).toBe('1');
    // Every row has as many fields as the header.
    for (const r of rows) expect(r).toHaveLength(header!.length);
  });

  it('counts the previous year’s lecture in FY2025', async () => {
    const res = await ch.request('/console/kpi.csv?fy=2025', {}, jar);
    const [header, ...rows] = parseCsv(await res.text());
    const lecture = rows.find((r) => r[0] === '出前講座' && r[1] === '参加者数')!;
    expect(lecture[header!.indexOf('R7 実績')]).toBe('30');
    expect(lecture[header!.indexOf('R7 計画')]).toBe('320');
  });

  it('is recorded in the audit log', async () => {
    const { rows } = await ch.store.auditPage(20, 0);
    expect(rows.some((r) => r.action === 'kpi.export' && r.target === 'fy:2026')).toBe(true);
  });
});
