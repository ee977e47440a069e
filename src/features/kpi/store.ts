/**
 * Reads what the KPI report counts for one fiscal year, as plain records for the pure
 * report in src/features/kpi/. Only plain columns are read (no sealed text, nothing that names a
 * user), so the report never touches personal data.
 */
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { metrics, unanswered } from '../../db/schema.ts';
import { cases } from '../consultation/schema.ts';
import { lectureRequests, outreachEvents, registrations } from '../outreach/schema.ts';
import { fiscalYearRange } from '../../shared/japan-time.ts';
import { computeReport, type CaseRecord, type EventRecord, type KpiInput, type KpiReport, type LectureRecord, type MetricRecord } from './report/report.ts';

/** The counters the report reads (other metrics are for monitoring). */
export const KPI_METRICS = ['person-requested', 'faq-none', 'faq-unsure', 'acp-started', 'acp-completed', 'flow-started'] as const;

export async function loadKpiRecords(db: Db, fy: number): Promise<Omit<KpiInput, 'plan' | 'now'>> {
  const { start, end } = fiscalYearRange(fy);

  const lectures: LectureRecord[] = await db
    .select({ status: lectureRequests.status, scheduledAt: lectureRequests.scheduledAt, actualParticipants: lectureRequests.actualParticipants })
    .from(lectureRequests)
    .where(and(eq(lectureRequests.status, 'done'), gte(lectureRequests.scheduledAt, start), lt(lectureRequests.scheduledAt, end)));

  const eventRows = await db
    .select({
      id: outreachEvents.id,
      kind: outreachEvents.kind,
      status: outreachEvents.status,
      startsAt: outreachEvents.startsAt,
      actualParticipants: outreachEvents.actualParticipants,
    })
    .from(outreachEvents)
    .where(and(gte(outreachEvents.startsAt, start), lt(outreachEvents.startsAt, end)));
  const attended = new Map<number, number>();
  if (eventRows.length) {
    const rows = await db
      .select({ eventId: registrations.eventId, n: sql<number>`count(*)` })
      .from(registrations)
      .where(
        and(
          inArray(
            registrations.eventId,
            eventRows.map((e) => e.id),
          ),
          eq(registrations.attended, true),
        ),
      )
      .groupBy(registrations.eventId);
    for (const r of rows) attended.set(r.eventId, Number(r.n));
  }
  const events: EventRecord[] = eventRows.map((e) => ({
    kind: e.kind,
    status: e.status,
    startsAt: e.startsAt,
    actualParticipants: e.actualParticipants,
    attended: attended.get(e.id) ?? 0,
  }));

  const caseRecords: CaseRecord[] = await db
    .select({
      kind: cases.kind,
      category: cases.category,
      status: cases.status,
      createdAt: cases.createdAt,
      firstResponseAt: cases.firstResponseAt,
      closedAt: cases.closedAt,
      closedBy: cases.closedBy,
      afterHours: cases.afterHours,
    })
    .from(cases)
    .where(and(gte(cases.createdAt, start), lt(cases.createdAt, end)));

  const metricRecords: MetricRecord[] = await db
    .select({ name: metrics.name, at: metrics.at, detail: metrics.detail })
    .from(metrics)
    .where(and(inArray(metrics.name, [...KPI_METRICS]), gte(metrics.at, start), lt(metrics.at, end)));

  const [kept] = await db
    .select({ n: sql<number>`count(*)` })
    .from(unanswered)
    .where(and(gte(unanswered.at, start), lt(unanswered.at, end)));

  return { fy, lectures, events, cases: caseRecords, metrics: metricRecords, unansweredKept: Number(kept?.n ?? 0) };
}

/** Loads the year's records and computes the report against the city's plan. */
export async function kpiReport(db: Db, plan: KpiInput['plan'], fy: number, now: number): Promise<KpiReport> {
  return computeReport({ ...(await loadKpiRecords(db, fy)), plan, now });
}
