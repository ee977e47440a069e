/**
 * Japan time and fiscal years (src/shared/japan-time.ts): every date a person or the KPI report
 * reads is the date in Japan, whatever the UTC date and the server's time zone.
 */
import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  fiscalYearOf,
  fiscalYearRange,
  inFiscalYear,
  japanDate,
  japanHhmm,
  japanInstant,
  japanIsoDate,
  japanSlashDate,
  parseJapanDateTime,
  startOfJapanDay,
} from '../../src/shared/japan-time.ts';

const jst = (s: string) => Date.parse(`${s}+09:00`);
const utc = (s: string) => Date.parse(`${s}Z`);

describe('the date in Japan', () => {
  it('turns at midnight in Japan, 15:00 UTC the day before', () => {
    // 23:59:59 UTC on 2 Dec is already 3 Dec 08:59:59 in Japan.
    expect(japanDate(utc('2026-12-02T23:59:59'))).toEqual({ year: 2026, month: 12, day: 3, weekday: 4, hour: 8, minute: 59 });
    expect(japanIsoDate(utc('2026-12-02T14:59:59'))).toBe('2026-12-02');
    expect(japanIsoDate(utc('2026-12-02T15:00:00'))).toBe('2026-12-03');
    expect(japanDate(jst('2026-12-03T00:00:00'))).toMatchObject({ day: 3, hour: 0, minute: 0 });
  });

  it('crosses the year end on New Year in Japan, not in UTC', () => {
    expect(japanIsoDate(utc('2026-12-31T14:59:59'))).toBe('2026-12-31');
    expect(japanIsoDate(utc('2026-12-31T15:00:00'))).toBe('2027-01-01');
    expect(japanDate(jst('2027-01-01T00:00:00'))).toMatchObject({ year: 2027, month: 1, day: 1, weekday: 5 });
  });

  it('knows the leap day', () => {
    expect(japanIsoDate(jst('2028-02-29T12:00:00'))).toBe('2028-02-29');
    expect(japanIsoDate(jst('2028-02-28T12:00:00') + 86_400_000)).toBe('2028-02-29');
    expect(japanIsoDate(jst('2027-02-28T12:00:00') + 86_400_000)).toBe('2027-03-01');
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2027, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(daysInMonth(2026, 4)).toBe(30);
  });

  it('is written as people and inputs read it', () => {
    const at = jst('2026-04-05T09:05:00');
    expect(japanIsoDate(at)).toBe('2026-04-05');
    expect(japanSlashDate(at)).toBe('2026/4/5');
    expect(japanHhmm(at)).toBe('09:05');
    expect(japanHhmm(jst('2026-04-05T23:59:00'))).toBe('23:59');
    expect(japanSlashDate(utc('2026-12-31T15:00:00'))).toBe('2027/1/1');
  });
});

describe('instants of Japanese wall-clock times', () => {
  it('are nine hours before the same wall-clock time in UTC', () => {
    expect(new Date(japanInstant(2026, 12, 3)).toISOString()).toBe('2026-12-02T15:00:00.000Z');
    expect(new Date(japanInstant(2026, 12, 3, 10, 30)).toISOString()).toBe('2026-12-03T01:30:00.000Z');
  });

  it('roll over month and year ends like Date.UTC', () => {
    expect(japanInstant(2026, 12, 32, 14)).toBe(jst('2027-01-01T14:00:00'));
    expect(japanInstant(2028, 2, 30)).toBe(jst('2028-03-01T00:00:00'));
    expect(japanInstant(2027, 2, 29)).toBe(jst('2027-03-01T00:00:00'));
  });

  it('start a day at 00:00 in Japan, whatever the UTC date', () => {
    // 08:00 in Japan on 1 April is 23:00 UTC on 31 March.
    expect(startOfJapanDay(utc('2026-03-31T23:00:00'))).toBe(jst('2026-04-01T00:00:00'));
    expect(startOfJapanDay(jst('2026-04-01T00:00:00'))).toBe(jst('2026-04-01T00:00:00'));
    expect(startOfJapanDay(jst('2026-03-31T23:59:59'))).toBe(jst('2026-03-31T00:00:00'));
    expect(startOfJapanDay(jst('2028-02-29T18:00:00'))).toBe(jst('2028-02-29T00:00:00'));
  });

  it('parse from a typed date and time, NaN when malformed', () => {
    expect(parseJapanDateTime('2026-12-15', '14:00')).toBe(utc('2026-12-15T05:00:00'));
    expect(parseJapanDateTime('2026-12-15')).toBe(utc('2026-12-14T15:00:00'));
    expect(parseJapanDateTime('2026-12-1', '14:00')).toBeNaN();
    expect(parseJapanDateTime('tomorrow')).toBeNaN();
  });
});

describe('fiscal years', () => {
  it('start on 1 April in Japan time, whatever the UTC date', () => {
    expect(fiscalYearOf(jst('2026-04-01T00:00:00'))).toBe(2026);
    // 31 March 23:59 JST is still FY2025.
    expect(fiscalYearOf(jst('2026-03-31T23:59:59'))).toBe(2025);
    // 1 April 08:00 JST is 31 March 23:00 UTC: Japan's date decides.
    expect(fiscalYearOf(utc('2026-03-31T23:00:00'))).toBe(2026);
    expect(fiscalYearOf(jst('2027-03-31T12:00:00'))).toBe(2026);
    expect(fiscalYearOf(jst('2027-04-01T00:00:00'))).toBe(2027);
    // The calendar year end is not a fiscal year end.
    expect(fiscalYearOf(jst('2026-12-31T23:59:59'))).toBe(2026);
    expect(fiscalYearOf(jst('2027-01-01T00:00:00'))).toBe(2026);
    expect(fiscalYearOf(jst('2028-02-29T12:00:00'))).toBe(2027);
  });

  it('run from 1 April 00:00 to the next 1 April 00:00 in Japan', () => {
    const { start, end } = fiscalYearRange(2026);
    expect(new Date(start).toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2027-03-31T15:00:00.000Z');
    expect(inFiscalYear(start, 2026)).toBe(true);
    expect(inFiscalYear(start - 1, 2026)).toBe(false);
    expect(inFiscalYear(end - 1, 2026)).toBe(true);
    expect(inFiscalYear(end, 2026)).toBe(false);
    expect(inFiscalYear(end, 2027)).toBe(true);
    for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) expect(inFiscalYear(missing, 2026)).toBe(false);
  });
});
