import { describe, expect, it } from 'vitest';
import { openingRulesFromCity, openingState } from '../../src/engine/opening-hours.ts';
import { testBundle } from '../support/harness.ts';

const rules = openingRulesFromCity(await testBundle().then((b) => b.city));
const at = (jst: string) => new Date(`${jst}+09:00`);

describe('opening hours (demo city: weekdays 8:30–17:15, holidays and 12/29–1/3 closed)', () => {
  it.each([
    ['2026-11-24T10:00:00', true, 'Tuesday morning'],
    ['2026-11-24T08:29:59', false, 'just before opening'],
    ['2026-11-24T08:30:00', true, 'at opening'],
    ['2026-11-24T17:15:00', false, 'at closing'],
    ['2026-11-28T22:00:00', false, 'Saturday night'],
    ['2026-11-23T10:00:00', false, '勤労感謝の日 (a Monday holiday)'],
    ['2026-12-29T10:00:00', false, 'year-end closure (Tuesday)'],
    ['2027-01-04T10:00:00', true, 'first working day of the year'],
    ['2026-09-22T10:00:00', false, '国民の休日 between two holidays'],
  ])('%s → open %s (%s)', (jst, open) => {
    expect(openingState(at(jst), rules).open).toBe(open);
  });

  it('a Saturday night request waits for Monday morning', () => {
    expect(openingState(at('2026-11-28T22:00:00'), rules).opensAt?.toISOString()).toBe(at('2026-11-30T08:30:00').toISOString());
  });

  it('skips the holiday Monday and the year-end closure', () => {
    expect(openingState(at('2026-11-21T12:00:00'), rules).opensAt?.toISOString()).toBe(at('2026-11-24T08:30:00').toISOString());
    expect(openingState(at('2026-12-28T18:00:00'), rules).opensAt?.toISOString()).toBe(at('2027-01-04T08:30:00').toISOString());
  });

  it('tells when it closes while open', () => {
    expect(openingState(at('2026-11-24T10:00:00'), rules).closesAt?.toISOString()).toBe(at('2026-11-24T17:15:00').toISOString());
  });
});
