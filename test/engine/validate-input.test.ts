import { describe, expect, it } from 'vitest';
import { parseDate, validateAnswer } from '../../src/engine/validate-input.ts';

const now = new Date('2026-11-24T03:00:00Z'); // 12:00 JST

describe('validateAnswer', () => {
  it.each([
    ['number', '25', 25],
    ['number', '２５人', 25],
    ['number', '30名程度', 30],
    ['number', '１５にん', 15],
    ['phone', '090-1234-5678', '09012345678'],
    ['phone', '０３ー１２３４ー５６７８', '0312345678'],
    ['date', '12月3日', '2026-12-03'],
    ['date', '2027/1/9', '2027-01-09'],
    ['date', '1/5', '2027-01-05'],
    ['text', '  こんにちは\u0007  ', 'こんにちは'],
  ] as const)('%s %j → %j', (kind, raw, value) => {
    expect(validateAnswer(kind, raw, 100, now)).toEqual({ ok: true, value });
  });

  it.each([
    ['number', 'たくさん', 'number'],
    ['number', '-3', 'number'],
    ['phone', '12345', 'phone'],
    ['date', '2月30日', 'date'],
    ['date', '来週', 'date'],
    ['text', '   ', 'empty'],
    ['text', 'x'.repeat(101), 'too-long'],
  ] as const)('%s %j is refused (%s)', (kind, raw, reason) => {
    expect(validateAnswer(kind, raw, 100, now)).toEqual({ ok: false, reason });
  });

  it('future dates: today (JST) and earlier are refused as past; a typed day without a year is always ahead', () => {
    expect(validateAnswer('date', '2026/11/24', 100, now, { future: true })).toEqual({ ok: false, reason: 'past' });
    expect(validateAnswer('date', '2026/11/23', 100, now, { future: true })).toEqual({ ok: false, reason: 'past' });
    expect(validateAnswer('date', '2026/11/25', 100, now, { future: true })).toEqual({ ok: true, value: '2026-11-25' });
    // 11/24 without a year is today: still today, so refused.
    expect(validateAnswer('date', '11/24', 100, now, { future: true })).toEqual({ ok: false, reason: 'past' });
    // 23:30 JST on the 24th is 14:30 UTC: "today" is the Japan date.
    expect(validateAnswer('date', '2026/11/25', 100, new Date('2026-11-24T14:30:00Z'), { future: true })).toEqual({ ok: true, value: '2026-11-25' });
    expect(validateAnswer('date', '2026/11/24', 100, new Date('2026-11-24T15:30:00Z'), { future: true })).toEqual({ ok: false, reason: 'past' });
  });

  it('a minimum for numbers', () => {
    expect(validateAnswer('number', '0', 100, now, { min: 1 })).toEqual({ ok: false, reason: 'number' });
    expect(validateAnswer('number', '1人', 100, now, { min: 1 })).toEqual({ ok: true, value: 1 });
  });

  it('a date earlier in the year means next year', () => {
    expect(parseDate('11/23', now)).toBe('2027-11-23');
    expect(parseDate('11/24', now)).toBe('2026-11-24');
  });
});
