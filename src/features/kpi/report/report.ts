/**
 * The yearly KPI report, computed from plain record arrays (the loader in
 * src/features/kpi/store.ts reads them; tests pass them directly). Pure: no I/O, no clock.
 *
 * What counts, and for which fiscal year:
 * - 出前講座: a lecture request with status 'done', in the year of its scheduled date;
 *   participants = the number entered after the lecture (0 when not yet entered).
 * - 普及啓発イベント / 研修会: an outreach event of kind 'event' / 'training' that was not
 *   cancelled and whose start lies before `now`, in the year of its start; participants =
 *   the number entered after the day when set, else the registrations marked attended.
 * - Consultations: cases opened in the year (by created_at), by requester type (resident
 *   handoff / professional), category and outcome; response times from opening to the first
 *   coordinator reply and to closing.
 * - Handoffs: 「相談したい」 requests ('person-requested' counter) and the cases they opened.
 * - ACP notes: started = 'acp-started' counters when the year has any, otherwise flow starts
 *   of the ACP note ('flow-started' with detail 'acp-note'), so the figure exists both before
 *   and after the ACP flow emits its own counter and is never the two added together;
 *   completed = 'acp-completed' counters.
 * - Unanswered: the bot's 'faq-none' (nothing found) and 'faq-unsure' (only guesses) counters,
 *   and how many of those questions are still kept for review.
 */
import type { City } from '../../../content/city-schema.ts';
import { eraLabel, eraShort } from './fiscal-year.ts';
import { inFiscalYear } from '../../../shared/japan-time.ts';

export const ACTIVITIES = ['lecture', 'event', 'training'] as const;
export type ActivityId = (typeof ACTIVITIES)[number];

export interface LectureRecord {
  status: string;
  scheduledAt: number | null;
  actualParticipants: number | null;
}

export interface EventRecord {
  kind: 'event' | 'training';
  status: string;
  startsAt: number;
  actualParticipants: number | null;
  /** Registrations marked attended (used when no participant count was entered). */
  attended: number;
}

export interface CaseRecord {
  kind: 'resident' | 'pro';
  category: string | null;
  status: string;
  createdAt: number;
  firstResponseAt: number | null;
  closedAt: number | null;
  closedBy: 'staff' | 'user' | null;
  afterHours: boolean;
}

export interface MetricRecord {
  name: string;
  at: number;
  detail: string | null;
}

export type Plan = City['plan'];

export interface KpiInput {
  fy: number;
  /** Business time: events starting later have not been held yet. */
  now: number;
  plan: Plan;
  lectures: LectureRecord[];
  events: EventRecord[];
  cases: CaseRecord[];
  metrics: MetricRecord[];
  /** Questions currently kept for review that were asked in the year. */
  unansweredKept: number;
}

export interface Figures {
  times: number;
  participants: number;
  note?: string;
}

export interface ReferenceYear extends Figures {
  fy: number;
  label: string;
  kind: 'actual' | 'plan';
}

export interface ActivityReport {
  id: ActivityId;
  name: string;
  plan: Figures | undefined;
  actual: Figures;
  /** Other years from the city file (past actuals and plans), oldest first, for reference. */
  reference: ReferenceYear[];
}

export interface Duration {
  count: number;
  /** Minutes; undefined when there is nothing to measure. */
  median?: number;
  p90?: number;
  mean?: number;
}

export interface KpiReport {
  fy: number;
  label: string;
  short: string;
  planSource: string;
  activities: ActivityReport[];
  consultations: {
    total: number;
    byKind: Record<'resident' | 'pro', number>;
    byCategory: Array<{ category: string; count: number }>;
    byOutcome: Record<'open' | 'waiting' | 'resolved-staff' | 'resolved-user', number>;
    afterHours: number;
    firstResponse: Duration;
    resolution: Duration;
  };
  handoffs: { requested: number; opened: number };
  acp: { started: number; completed: number; startedSource: 'acp-started' | 'flow-started' };
  unanswered: { none: number; unsure: number; kept: number };
}

const ACTIVITY_KIND: Record<Exclude<ActivityId, 'lecture'>, EventRecord['kind']> = { event: 'event', training: 'training' };

function nonNegative(n: number | null | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

export function actualFigures(input: Pick<KpiInput, 'fy' | 'now' | 'lectures' | 'events'>, id: ActivityId): Figures {
  if (id === 'lecture') {
    const held = input.lectures.filter((l) => l.status === 'done' && inFiscalYear(l.scheduledAt, input.fy));
    return { times: held.length, participants: held.reduce((s, l) => s + nonNegative(l.actualParticipants), 0) };
  }
  const held = input.events.filter((e) => e.kind === ACTIVITY_KIND[id] && e.status === 'open' && e.startsAt < input.now && inFiscalYear(e.startsAt, input.fy));
  return {
    times: held.length,
    participants: held.reduce(
      (s, e) => s + (e.actualParticipants !== null && e.actualParticipants !== undefined ? nonNegative(e.actualParticipants) : nonNegative(e.attended)),
      0,
    ),
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function durationOf(minutes: number[]): Duration {
  const sorted = minutes.filter((m) => Number.isFinite(m) && m >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0 };
  const mean = sorted.reduce((s, m) => s + m, 0) / sorted.length;
  return { count: sorted.length, median: Math.round(percentile(sorted, 50)), p90: Math.round(percentile(sorted, 90)), mean: Math.round(mean) };
}

const MINUTE = 60_000;

export function computeReport(input: KpiInput): KpiReport {
  const { fy } = input;
  const activities: ActivityReport[] = ACTIVITIES.map((id) => {
    const entry = input.plan.activities.find((a) => a.id === id);
    const planned = entry?.plan[String(fy)];
    const reference: ReferenceYear[] = [];
    for (const [kind, table] of [
      ['actual', entry?.actual ?? {}],
      ['plan', entry?.plan ?? {}],
    ] as const) {
      for (const [year, f] of Object.entries(table)) {
        const y = Number(year);
        if (y === fy && kind === 'plan') continue; // shown as this year's plan
        reference.push({ fy: y, label: eraShort(y), kind, times: f.times, participants: f.participants, ...(f.note ? { note: f.note } : {}) });
      }
    }
    reference.sort((a, b) => a.fy - b.fy || (a.kind === 'actual' ? -1 : 1));
    const name = entry ? (typeof entry.name === 'string' ? entry.name : entry.name.ja) : id;
    return {
      id,
      name,
      plan: planned ? { times: planned.times, participants: planned.participants, ...(planned.note ? { note: planned.note } : {}) } : undefined,
      actual: actualFigures(input, id),
      reference,
    };
  });

  const cases = input.cases.filter((c) => inFiscalYear(c.createdAt, fy));
  const byCategory = new Map<string, number>();
  for (const c of cases) {
    if (c.kind !== 'pro') continue;
    const key = c.category ?? 'other';
    byCategory.set(key, (byCategory.get(key) ?? 0) + 1);
  }
  const byOutcome = { open: 0, waiting: 0, 'resolved-staff': 0, 'resolved-user': 0 };
  for (const c of cases) {
    if (c.status === 'resolved') byOutcome[c.closedBy === 'user' ? 'resolved-user' : 'resolved-staff']++;
    else if (c.status === 'waiting') byOutcome.waiting++;
    else byOutcome.open++;
  }

  const metrics = input.metrics.filter((m) => inFiscalYear(m.at, fy));
  const count = (name: string, detail?: string) => metrics.filter((m) => m.name === name && (detail === undefined || m.detail === detail)).length;
  const acpStarted = count('acp-started');

  return {
    fy,
    label: eraLabel(fy),
    short: eraShort(fy),
    planSource: input.plan.source,
    activities,
    consultations: {
      total: cases.length,
      byKind: { resident: cases.filter((c) => c.kind === 'resident').length, pro: cases.filter((c) => c.kind === 'pro').length },
      byCategory: [...byCategory].map(([category, n]) => ({ category, count: n })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      byOutcome,
      afterHours: cases.filter((c) => c.afterHours).length,
      firstResponse: durationOf(cases.filter((c) => c.firstResponseAt !== null).map((c) => (c.firstResponseAt! - c.createdAt) / MINUTE)),
      resolution: durationOf(cases.filter((c) => c.status === 'resolved' && c.closedAt !== null).map((c) => (c.closedAt! - c.createdAt) / MINUTE)),
    },
    handoffs: { requested: count('person-requested'), opened: cases.filter((c) => c.kind === 'resident').length },
    acp:
      acpStarted > 0
        ? { started: acpStarted, completed: count('acp-completed'), startedSource: 'acp-started' }
        : { started: count('flow-started', 'acp-note'), completed: count('acp-completed'), startedSource: 'flow-started' },
    unanswered: { none: count('faq-none'), unsure: count('faq-unsure'), kept: input.unansweredKept },
  };
}
