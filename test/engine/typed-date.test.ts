import { describe, expect, it } from 'vitest';
import { parseTypedDate } from '../../src/engine/typed-date.ts';
import { validateAnswer } from '../../src/engine/validate-input.ts';

// Tuesday 24 November 2026, 12:00 in Japan.
const now = new Date('2026-11-24T03:00:00Z');

describe('parseTypedDate', () => {
  it.each([
    ['2027年1月20日 14時', { date: '2027-01-20', time: '14:00' }],
    ['2027/1/20 14:30', { date: '2027-01-20', time: '14:30' }],
    ['1月20日の午後', { date: '2027-01-20', part: 'pm' }],
    ['1月20日 午前中', { date: '2027-01-20', part: 'am' }],
    ['1月20日の午後2時ごろ', { date: '2027-01-20', time: '14:00' }],
    ['1月20日（水）10時半', { date: '2027-01-20', time: '10:30' }],
    ['令和9年1月20日', { date: '2027-01-20' }],
    ['令和元年5月1日', { date: '2019-05-01' }],
    ['Ｒ９．１．２０', { date: '2027-01-20' }],
    ['２０２７年１月２０日', { date: '2027-01-20' }],
    ['１２／１５', { date: '2026-12-15' }],
    ['明日', { date: '2026-11-25' }],
    ['あさって', { date: '2026-11-26' }],
    ['3日後', { date: '2026-11-27' }],
    // Weeks start on Monday: this Wednesday is the 25th, next week's the 2nd.
    ['今週の水曜', { date: '2026-11-25' }],
    ['来週の水曜', { date: '2026-12-02' }],
    ['来週水曜日', { date: '2026-12-02' }],
    ['再来週の月曜', { date: '2026-12-07' }],
    ['金曜日', { date: '2026-11-27' }],
    ['火曜日', { date: '2026-12-01' }],
    ['tomorrow', { date: '2026-11-25' }],
    ['20 Jan 2027', { date: '2027-01-20' }],
    ['January 20th at 2pm', { date: '2027-01-20', time: '14:00' }],
    ['next Wednesday', { date: '2026-12-02' }],
    ['Friday afternoon', { date: '2026-11-27', part: 'pm' }],
    ['Wed 20 Jan 2pm', { date: '2027-01-20', time: '14:00' }],
  ])('%s', (typed, expected) => {
    expect(parseTypedDate(typed, now)).toEqual(expected);
  });

  it.each(['来週のどこか', '2月30日', '13月1日', '1月20日 25時', 'そのうち', '月', ''])('%j is not a date', (typed) => {
    expect(parseTypedDate(typed, now)).toBeNull();
  });

  it('"today" is the Japan date of the instant given, not the machine\'s', () => {
    // 23:30 on the 24th in Japan is still the 24th there (14:30 UTC).
    expect(parseTypedDate('明日', new Date('2026-11-24T14:30:00Z'))).toEqual({ date: '2026-11-25' });
    // 00:30 on the 25th in Japan (15:30 UTC on the 24th).
    expect(parseTypedDate('明日', new Date('2026-11-24T15:30:00Z'))).toEqual({ date: '2026-11-26' });
  });

  it('a future date question accepts a date with a time and refuses today', () => {
    expect(validateAnswer('date', '2027年1月20日 14時', 100, now, { future: true })).toEqual({ ok: true, value: '2027-01-20' });
    expect(validateAnswer('date', '今日の午後', 100, now, { future: true })).toEqual({ ok: false, reason: 'past' });
  });

  it('a birthday from the date picker keeps its month and day', () => {
    expect(validateAnswer('month-day', '1950-03-15', 10, now)).toEqual({ ok: true, value: '03-15' });
  });
});
