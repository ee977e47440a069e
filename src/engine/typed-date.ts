/**
 * Dates as people type them in a chat: 「2027年1月20日 14時」, 「1月20日の午後」, 「来週の水曜」,
 * 「令和9年1月20日」, full-width digits, "20 Jan", "next Wednesday". Pure: "today" is the Japan
 * date of the instant the caller passes in (the business clock), never the machine's.
 *
 * A time of day or 午前 / 午後 after the date is read and handed back beside it, so a date
 * with a time is never refused for having one.
 */
import { japanDate, japanInstant, japanIsoDate } from '../shared/japan-time.ts';

export interface TypedDate {
  /** YYYY-MM-DD (Japan). */
  date: string;
  /** HH:MM, when a clock time was given. */
  time?: string;
  /** 午前 / 午後 (morning / afternoon) without a clock time. */
  part?: 'am' | 'pm';
}

const DAY_MS = 86_400_000;
const JA_WEEKDAYS = '日月火水木金土';
const EN_WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** The year before each era's first year (令和元年 = 2019). */
const ERAS: Record<string, number> = { 令和: 2018, r: 2018, 平成: 1988, h: 1988, 昭和: 1925, s: 1925 };

const pad2 = (n: number) => String(n).padStart(2, '0');

function isoOf(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** The day `days` after today in Japan. */
function plusDays(now: Date, days: number): string {
  const { year, month, day } = japanDate(now.getTime());
  return japanIsoDate(japanInstant(year, month, day) + days * DAY_MS);
}

/** A month and day without a year: this year's, or next year's once it has passed. */
function nextMonthDay(now: Date, m: number, d: number): string | null {
  const today = japanIsoDate(now.getTime());
  const year = japanDate(now.getTime()).year;
  const thisYear = isoOf(year, m, d);
  // Once passed (or 2/29 in a year without it), next year's; null if that has none either.
  return thisYear && thisYear >= today ? thisYear : isoOf(year + 1, m, d);
}

/**
 * A weekday: `week` 0 this week, 1 next week, 2 the week after (weeks start on Monday, as
 * 「来週の水曜」 is read), or null for the next such day after today.
 */
function weekdayDate(now: Date, weekday: number, week: number | null): string {
  const today = japanDate(now.getTime()).weekday;
  if (week === null) return plusDays(now, ((weekday - today + 6) % 7) + 1);
  const monday = -((today + 6) % 7);
  return plusDays(now, monday + week * 7 + ((weekday + 6) % 7));
}

/** Splits a clock time or 午前 / 午後 off the text. */
function splitTime(text: string): { rest: string; time?: string; part?: 'am' | 'pm' } {
  const clock = /(午前|午後|ごぜん|ごご|am|pm)?(\d{1,2})(?:時|じ|:)(?:(\d{1,2})分?|(半))?(am|pm)?/.exec(text);
  if (clock) {
    const before = clock[1];
    const after = clock[5];
    let hour = Number(clock[2]);
    const minute = clock[4] ? 30 : clock[3] ? Number(clock[3]) : 0;
    const pm = before === '午後' || before === 'ごご' || before === 'pm' || after === 'pm';
    const am = before === '午前' || before === 'ごぜん' || before === 'am' || after === 'am';
    if ((pm || am) && hour > 12) return { rest: text };
    if (pm && hour < 12) hour += 12;
    if (am && hour === 12) hour = 0;
    if (hour > 23 || minute > 59) return { rest: text };
    return { rest: text.replace(clock[0], ''), time: `${pad2(hour)}:${pad2(minute)}` };
  }
  const english = /(\d{1,2})(am|pm)/.exec(text);
  if (english) {
    let hour = Number(english[1]);
    if (hour < 1 || hour > 12) return { rest: text };
    if (english[2] === 'pm' && hour < 12) hour += 12;
    if (english[2] === 'am' && hour === 12) hour = 0;
    return { rest: text.replace(english[0], ''), time: `${pad2(hour)}:00` };
  }
  const part = /(午前中|午前|ごぜん|午後|ごご|朝|夕方|morning|afternoon|evening|am|pm)/.exec(text);
  if (part) {
    const am = ['午前中', '午前', 'ごぜん', '朝', 'morning', 'am'].includes(part[1]!);
    return { rest: text.replace(part[0], ''), part: am ? 'am' : 'pm' };
  }
  return { rest: text };
}

function japaneseDate(s: string, now: Date): string | null {
  let m = /^(令和|平成|昭和|r|h|s)(\d{1,2}|元)[年./-](\d{1,2})[月./-](\d{1,2})日?$/.exec(s);
  if (m) return isoOf(ERAS[m[1]!]! + (m[2] === '元' ? 1 : Number(m[2])), Number(m[3]), Number(m[4]));
  m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/.exec(s);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/月](\d{1,2})日?$/.exec(s);
  if (m) return nextMonthDay(now, Number(m[1]), Number(m[2]));
  if (/^(今日|きょう|本日)$/.test(s)) return plusDays(now, 0);
  if (/^(明日|あした|あす)$/.test(s)) return plusDays(now, 1);
  if (/^(明後日|あさって)$/.test(s)) return plusDays(now, 2);
  m = /^(\d{1,3})日後$/.exec(s);
  if (m) return plusDays(now, Number(m[1]));
  m = /^(今週|来週|再来週)の?([日月火水木金土])(?:曜日?)?$/.exec(s) ?? /^(次|今度)?の?([日月火水木金土])曜日?$/.exec(s);
  if (m) {
    const week = m[1] === '今週' ? 0 : m[1] === '来週' ? 1 : m[1] === '再来週' ? 2 : null;
    return weekdayDate(now, JA_WEEKDAYS.indexOf(m[2]!), week);
  }
  return null;
}

function englishDate(s: string, now: Date): string | null {
  const words = s
    .replace(/[,.]/g, ' ')
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1')
    .split(/\s+/)
    .filter((w) => w && w !== 'the' && w !== 'of' && w !== 'on');
  // A weekday before a whole date ("Tue 15 Dec") adds nothing.
  if (words.length > 1 && /\d/.test(s) && EN_WEEKDAYS.some((d) => words[0]!.startsWith(d))) words.shift();
  const text = words.join(' ');
  if (text === 'today') return plusDays(now, 0);
  if (text === 'tomorrow') return plusDays(now, 1);
  let m = /^(?:(this|next) )?(sun|mon|tue|wed|thu|fri|sat)[a-z]*$/.exec(text);
  if (m) return weekdayDate(now, EN_WEEKDAYS.indexOf(m[2]!), m[1] === 'next' ? 1 : m[1] === 'this' ? 0 : null);
  const month = (w: string | undefined) => (w ? EN_MONTHS.findIndex((name) => w.startsWith(name)) + 1 : 0);
  m = /^(\d{1,2}) ([a-z]+)(?: (\d{4}))?$/.exec(text);
  const dayFirst = m && month(m[2]) ? { d: Number(m[1]), mo: month(m[2]), y: m[3] } : null;
  m = /^([a-z]+) (\d{1,2})(?: (\d{4}))?$/.exec(text);
  const monthFirst = m && month(m[1]) ? { d: Number(m[2]), mo: month(m[1]), y: m[3] } : null;
  const parts = dayFirst ?? monthFirst;
  if (!parts) return null;
  return parts.y ? isoOf(Number(parts.y), parts.mo, parts.d) : nextMonthDay(now, parts.mo, parts.d);
}

/** The date (and time of day) in what was typed, or null when it is not a date. */
export function parseTypedDate(raw: string, now: Date): TypedDate | null {
  const text = raw
    .normalize('NFKC')
    .toLowerCase()
    // A weekday after the date, as in 「1月20日（水）」, adds nothing.
    .replace(/[(（][日月火水木金土](?:曜日?)?[)）]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const { rest, time, part } = splitTime(text);
  // Particles and 「ごろ」 around the parts (「1月20日の午後2時ごろ」).
  const compact = rest
    .replace(/\s+/g, '')
    .replace(/^(の|に)+/, '')
    .replace(/(の|に|で|ごろ|頃|くらい|ぐらい|から|、|,)+$/, '');
  const date = japaneseDate(compact, now) ?? englishDate(rest.replace(/\b(at|in|the)\b/g, ' ').trim(), now);
  if (!date) return null;
  return { date, ...(time ? { time } : {}), ...(part ? { part } : {}) };
}
