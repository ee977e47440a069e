/**
 * When the ACP note's reminder is next due. Pure: the scheduler (features/acp-note/send-reminders.ts) stores
 * the instant and sends the reminder once it has passed.
 *
 * Reminders go out at 10:00 Japan time: late enough not to wake anyone, early enough to talk
 * with the family the same day. Japan has no daylight saving time, so JST is UTC+9 always.
 */
import type { AcpReminderKind } from './types.ts';
import { daysInMonth, japanDate, japanInstant } from '../../../shared/japan-time.ts';

const SEND_HOUR_JST = 10;
/** 「半年後」: 182 days, so it falls on the same weekday as the day it was chosen. */
export const HALF_YEAR_DAYS = 182;

/** The instant of 10:00 JST on the given Japanese calendar date. */
function jstMorning(year: number, month: number, day: number): number {
  return japanInstant(year, month, day, SEND_HOUR_JST);
}

/** 2/29 falls on 2/28 in years without it. */
function dayIn(year: number, month: number, day: number): number {
  return Math.min(day, daysInMonth(year, month));
}

/**
 * The next time after `after` (ms) that a reminder of this kind is due. `birthday` needs the
 * month and day (no year is ever asked for).
 */
export function nextReminderAt(kind: AcpReminderKind, after: number, birthday?: { month: number; day: number }): number | null {
  const { year } = japanDate(after);
  switch (kind) {
    case 'half-year': {
      const d = japanDate(after + HALF_YEAR_DAYS * 86_400_000);
      return jstMorning(d.year, d.month, d.day);
    }
    case 'nov30':
    case 'birthday': {
      const md = kind === 'nov30' ? { month: 11, day: 30 } : birthday;
      if (!md) return null;
      for (const y of [year, year + 1]) {
        const at = jstMorning(y, md.month, dayIn(y, md.month, md.day));
        if (at > after) return at;
      }
      return null;
    }
  }
}
