/**
 * Checks and normalises a typed answer to an `ask` step. Pure: "today" comes from the caller.
 */
import type { Json } from './types.ts';
import { daysInMonth, japanDate, japanIsoDate } from '../shared/japan-time.ts';

export type InputKind = 'text' | 'number' | 'date' | 'phone' | 'month-day';
export type AnswerCheck = { ok: true; value: Json } | { ok: false; reason: 'empty' | 'too-long' | 'number' | 'date' | 'phone' | 'past' | 'month-day' };

export interface AnswerRules {
  /** Dates: must be after today in Japan time. */
  future?: boolean;
  /** Numbers: the smallest accepted value. */
  min?: number;
}

// Control characters (except line breaks) and bidi overrides never belong in an answer.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

export function validateAnswer(kind: InputKind, raw: string, max: number, now: Date, rules: AnswerRules = {}): AnswerCheck {
  const text = raw.replace(CONTROL, '').trim();
  if (!text) return { ok: false, reason: 'empty' };
  const folded = text.normalize('NFKC').replace(/\s+/g, '');
  switch (kind) {
    case 'text':
      return [...text].length > max ? { ok: false, reason: 'too-long' } : { ok: true, value: text };
    case 'number': {
      const m = /^(\d{1,6})(人|名|人くらい|人程度|名程度|くらい|程度|ぐらい|にん|にんくらい|にんぐらい|people|persons)?$/i.exec(folded);
      if (!m) return { ok: false, reason: 'number' };
      const n = Number(m[1]);
      return rules.min !== undefined && n < rules.min ? { ok: false, reason: 'number' } : { ok: true, value: n };
    }
    case 'phone': {
      const digits = folded.replace(/[-‐ー−()]/g, '');
      return /^0\d{9,10}$/.test(digits) ? { ok: true, value: digits } : { ok: false, reason: 'phone' };
    }
    case 'month-day': {
      // A birthday without the year (the ACP note's reminder): 「3月15日」, 3/15 → "03-15".
      const m = /^(\d{1,2})[/月.-](\d{1,2})日?$/.exec(folded);
      const month = m ? Number(m[1]) : 0;
      const day = m ? Number(m[2]) : 0;
      const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2024, month);
      return valid ? { ok: true, value: `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` } : { ok: false, reason: 'month-day' };
    }
    case 'date': {
      const date = parseDate(folded, now);
      if (!date) return { ok: false, reason: 'date' };
      // ISO dates compare as text; "today" is the Japan date.
      if (rules.future && date <= jstToday(now)) return { ok: false, reason: 'past' };
      return { ok: true, value: date };
    }
  }
}

/** Accepts 2026-12-03, 2026/12/3, 12/3, 12月3日 (the next such date from today, in JST). */
export function parseDate(text: string, now: Date): string | null {
  const jst = japanDate(now.getTime());
  const thisYear = jst.year;
  let y: number | undefined;
  let m: number;
  let d: number;
  let match = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/.exec(text);
  if (match) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else if ((match = /^(\d{1,2})[/月](\d{1,2})日?$/.exec(text))) {
    m = Number(match[1]);
    d = Number(match[2]);
  } else return null;
  const valid = (yy: number) => {
    const t = new Date(Date.UTC(yy, m - 1, d));
    return t.getUTCFullYear() === yy && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  };
  if (y === undefined) {
    // Calendar dates compared as UTC days: 2/29 in a year without it rolls to 3/1, as before.
    const today = Date.UTC(thisYear, jst.month - 1, jst.day);
    y = Date.UTC(thisYear, m - 1, d) < today ? thisYear + 1 : thisYear;
  }
  if (!valid(y)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Today's date in Japan (YYYY-MM-DD). */
export function jstToday(now: Date): string {
  return japanIsoDate(now.getTime());
}
