/**
 * Dates and times of lectures and events as people read them, always in Japan time (JST has
 * no daylight saving, so a fixed offset is exact). Pure: used by the engine for notices, by
 * the request handlers for their results and by the renderer for event cards.
 */
import type { Locale } from './types.ts';
import { japanDate, parseJapanDateTime } from '../shared/japan-time.ts';

const WEEKDAYS: Record<Locale, readonly string[]> = {
  ja: ['日', '月', '火', '水', '木', '金', '土'],
  'ja-easy': ['にちようび', 'げつようび', 'かようび', 'すいようび', 'もくようび', 'きんようび', 'どようび'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 「12月15日（火） 14:00」, 「12がつ15にち（かようび） 14:00」, "Tue 15 Dec 14:00"; the time is left out when `dateOnly`. */
export function formatWhen(ms: number, locale: Locale, dateOnly = false): string {
  const { month, day, weekday, hour, minute } = japanDate(ms);
  const wd = WEEKDAYS[locale][weekday]!;
  const time = dateOnly ? '' : ` ${hour}:${String(minute).padStart(2, '0')}`;
  if (locale === 'en') return `${wd} ${day} ${MONTHS[month - 1]}${time}`;
  if (locale === 'ja-easy') return `${month}がつ${day}にち（${wd}）${time}`;
  return `${month}月${day}日（${wd}）${time}`;
}

/** The same moment in every locale, for request results that messages of any locale read. */
export function whenInEveryLocale(ms: number, dateOnly = false): Record<Locale, string> {
  return { ja: formatWhen(ms, 'ja', dateOnly), 'ja-easy': formatWhen(ms, 'ja-easy', dateOnly), en: formatWhen(ms, 'en', dateOnly) };
}

/** A YYYY-MM-DD date (a preferred lecture date) as a Japan-time day. */
export function formatIsoDate(date: string, locale: Locale): string {
  const ms = parseJapanDateTime(date);
  return Number.isFinite(ms) ? formatWhen(ms, locale, true) : date;
}
