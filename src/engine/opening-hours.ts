/**
 * Whether the center is open at an instant, and when it next opens: weekday hours from the
 * city file, closed on national holidays and during the year-end closure. Pure: the instant
 * is passed in; all calendar arithmetic is in Japan time (UTC+9, no daylight saving).
 */
import { japanDate, japanInstant, japanIsoDate } from '../shared/japan-time.ts';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface OpeningRules {
  /** "HH:MM-HH:MM" per weekday, null when closed all day. */
  hours: Record<Weekday, string | null>;
  /** Closed dates as YYYY-MM-DD (national holidays). */
  holidays: ReadonlySet<string>;
  /** Year-end closure as MM-DD, spanning the new year (e.g. 12-29 … 01-03). */
  yearEnd: { from: string; to: string };
}

interface JstDay {
  ymd: string;
  md: string;
  weekday: Weekday;
  /** UTC ms of 00:00 JST on that day. */
  midnight: number;
}

function jstDay(at: number): JstDay {
  const { year, month, day, weekday } = japanDate(at);
  const ymd = japanIsoDate(at);
  return { ymd, md: ymd.slice(5), weekday: WEEKDAYS[weekday]!, midnight: japanInstant(year, month, day) };
}

function inYearEnd(md: string, yearEnd: OpeningRules['yearEnd']): boolean {
  return yearEnd.from <= yearEnd.to ? md >= yearEnd.from && md <= yearEnd.to : md >= yearEnd.from || md <= yearEnd.to;
}

/** Opening and closing instants (UTC ms) on that day, or null when closed all day. */
function window(day: JstDay, rules: OpeningRules): { open: number; close: number } | null {
  if (rules.holidays.has(day.ymd) || inYearEnd(day.md, rules.yearEnd)) return null;
  const spec = rules.hours[day.weekday];
  if (!spec) return null;
  const [from, to] = spec.split('-') as [string, string];
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return { open: day.midnight + minutes(from) * 60_000, close: day.midnight + minutes(to) * 60_000 };
}

export interface OpeningState {
  open: boolean;
  /** While open: when it closes today. */
  closesAt?: Date;
  /** While closed: when it opens next (within the next 30 days), else undefined. */
  opensAt?: Date;
}

export function openingState(now: Date, rules: OpeningRules): OpeningState {
  const t = now.getTime();
  const today = window(jstDay(t), rules);
  if (today && t >= today.open && t < today.close) return { open: true, closesAt: new Date(today.close) };
  for (let i = 0; i <= 30; i++) {
    const w = window(jstDay(t + i * 86_400_000), rules);
    if (w && w.open > t) return { open: false, opensAt: new Date(w.open) };
  }
  return { open: false };
}

/** Builds the rules from the city file's `center.hours` and `holidays`. */
export function openingRulesFromCity(city: {
  center: { hours: Record<Weekday, string | null> };
  holidays: { year_end_closure: { from: string; to: string }; dates: Record<string, string[]> };
}): OpeningRules {
  return {
    hours: city.center.hours,
    holidays: new Set(Object.values(city.holidays.dates).flat()),
    yearEnd: city.holidays.year_end_closure,
  };
}
