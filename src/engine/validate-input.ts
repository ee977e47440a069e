/**
 * Checks and normalises a typed answer to an `ask` step. Pure: "today" comes from the caller.
 */
import type { Json } from './types.ts';
import { daysInMonth, japanIsoDate } from '../shared/japan-time.ts';
import { parseTypedDate } from './typed-date.ts';

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
      // A birthday without the year (the ACP note's reminder): 「3月15日」, 3/15 → "03-15"; a
      // whole date (LINE's date picker, 1950-03-15) gives its month and day.
      const m = /^(?:\d{4}-)?(\d{1,2})[/月.-](\d{1,2})日?$/.exec(folded);
      const month = m ? Number(m[1]) : 0;
      const day = m ? Number(m[2]) : 0;
      const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2024, month);
      return valid ? { ok: true, value: `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` } : { ok: false, reason: 'month-day' };
    }
    case 'date': {
      const date = parseDate(text, now);
      if (!date) return { ok: false, reason: 'date' };
      // ISO dates compare as text; "today" is the Japan date.
      if (rules.future && date <= jstToday(now)) return { ok: false, reason: 'past' };
      return { ok: true, value: date };
    }
  }
}

/** The date in a typed answer (see typed-date.ts for what is understood), or null. */
export function parseDate(text: string, now: Date): string | null {
  return parseTypedDate(text, now)?.date ?? null;
}

/** Today's date in Japan (YYYY-MM-DD). */
export function jstToday(now: Date): string {
  return japanIsoDate(now.getTime());
}
