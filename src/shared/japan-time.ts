/**
 * Japan time and Japanese fiscal years (年度), the one place renkei does calendar arithmetic.
 * Pure: no I/O and no clock reads; the instant is always passed in (business time comes from
 * the injected clock, app/clock.ts), so the engine may import it as well as the shell.
 *
 * Japan has had no daylight saving time since 1951, so Japan Standard Time is UTC+9 at every
 * instant renkei handles and a fixed offset is exact. Each function shifts the instant by it
 * and reads the shifted Date's UTC fields: the result is the same whatever the server's time
 * zone (Workers run in UTC, a laptop may not), which Date's local getters would not give.
 */

/** The IANA name, for Intl formatting and the city file. */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';
export const JAPAN_OFFSET_MS = 9 * 3_600_000;

export interface JapanDate {
  year: number;
  /** 1 (January) to 12. */
  month: number;
  day: number;
  /** 0 (Sunday) to 6 (Saturday). */
  weekday: number;
  hour: number;
  minute: number;
}

/** The calendar date and wall-clock time in Japan at an instant (ms since the epoch). */
export function japanDate(ms: number): JapanDate {
  const d = new Date(ms + JAPAN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/**
 * The instant of a wall-clock time in Japan. Fields out of range roll over as in Date.UTC,
 * so day + n is n days later across month and year ends.
 */
export function japanInstant(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - JAPAN_OFFSET_MS;
}

/** 00:00 in Japan on the Japanese date of the instant. */
export function startOfJapanDay(ms: number): number {
  const { year, month, day } = japanDate(ms);
  return japanInstant(year, month, day);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 「2026-12-03」: the Japanese date as ISO text (compares as text, as the date inputs expect). */
export function japanIsoDate(ms: number): string {
  const { year, month, day } = japanDate(ms);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** 「09:05」: the wall-clock time in Japan, as a time input expects it. */
export function japanHhmm(ms: number): string {
  const { hour, minute } = japanDate(ms);
  return `${pad2(hour)}:${pad2(minute)}`;
}

/** 「2026/12/3」: a date as Japanese documents write it, the same in every language. */
export function japanSlashDate(ms: number): string {
  const { year, month, day } = japanDate(ms);
  return `${year}/${month}/${day}`;
}

/** A date (YYYY-MM-DD) and a time (HH:MM) read as Japan time; NaN when they do not parse. */
export function parseJapanDateTime(date: string, time = '00:00'): number {
  return Date.parse(`${date}T${time}:00+09:00`);
}

/** Days in a month (1–12) of a year: 29 for February 2028, 28 for February 2027. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The fiscal year (年度) an instant falls in, by the date in Japan. Fiscal years run April to
 * March and are named by the calendar year they start in (FY2026 = 令和8年度 = April 2026 –
 * March 2027).
 */
export function fiscalYearOf(ms: number): number {
  const { year, month } = japanDate(ms);
  return month >= 4 ? year : year - 1;
}

/** [start, end) of a fiscal year in ms: 1 April 00:00 in Japan to the next 1 April 00:00. */
export function fiscalYearRange(fy: number): { start: number; end: number } {
  return { start: japanInstant(fy, 4, 1), end: japanInstant(fy + 1, 4, 1) };
}

/** Whether an instant (possibly missing) lies within a fiscal year. */
export function inFiscalYear(ms: number | null | undefined, fy: number): ms is number {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return false;
  const { start, end } = fiscalYearRange(fy);
  return ms >= start && ms < end;
}
