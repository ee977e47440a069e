// Emergency and crisis detection. PURE: no I/O, no clock.
//
// detectEmergency runs on every message, before anything else, in every state.
// The rules are data (emergency-rules.ts); this file only prepares the text
// and applies them. Recall comes first.

import { EMERGENCY_RULES, PLANNING, PLANNING_EN, type EmergencyRule } from './emergency-rules.ts';
import { katakanaToHiragana } from './normalize.ts';

export type EmergencyKind = 'emergency' | 'crisis';

export interface EmergencyAlarm {
  kind: EmergencyKind;
  /** The id of the rule that fired (e.g. 'not-breathing', 'suicide'). */
  reason: string;
}

interface CompiledRule {
  rule: EmergencyRule;
  ja: RegExp[];
  en: RegExp[];
  unless: RegExp[];
  strip: RegExp[];
}

const re = (src: string, flags = 'u') => new RegExp(src, flags);

function compileRules(rules: readonly EmergencyRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    ja: (rule.ja ?? []).map((s) => re(s)),
    en: (rule.en ?? []).map((s) => re(s)),
    unless: (rule.unless ?? []).map((s) => re(s)),
    strip: (rule.strip ?? []).map((s) => re(s, 'gu')),
  }));
}

const COMPILED = compileRules(EMERGENCY_RULES);
const PLANNING_RE = [...PLANNING.map((s) => re(s)), ...PLANNING_EN.map((s) => re(s))];

/** The Japanese form: NFKC, lower case, katakana → hiragana (small kana kept), no whitespace. */
export function emergencyJaForm(text: string): string {
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[ヶヵ]/g, 'か')
    .replace(/[\s\u3000]+/g, '');
  return katakanaToHiragana(s).replace(/ゔ/g, 'ぶ');
}

/** The English form: NFKC, lower case, curly quotes straightened, single spaces. */
export function emergencyEnForm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function anyMatch(list: readonly RegExp[], ...texts: string[]): boolean {
  for (const r of list) for (const t of texts) if (r.test(t)) return true;
  return false;
}

function fires(c: CompiledRule, ja: string, en: string, planning: boolean): boolean {
  if (c.rule.planning && planning) return false;
  let j = ja;
  let e = en;
  for (const s of c.strip) {
    j = j.replace(s, '');
    e = e.replace(s, '');
  }
  if (!anyMatch(c.ja, j) && !anyMatch(c.en, e)) return false;
  if (c.unless.length > 0 && anyMatch(c.unless, j, e)) return false;
  return true;
}

/**
 * Is this message an emergency (→ 119 advice) or a crisis (→ crisis lines)?
 * Physical emergencies win over crisis when both match (an overdose with
 * suicidal words needs 119 first).
 */
export function detectEmergency(text: string): EmergencyAlarm | null {
  if (!text || !text.trim()) return null;
  const ja = emergencyJaForm(text);
  const en = emergencyEnForm(text);
  const planning = anyMatch(PLANNING_RE, ja, en);
  let crisis: EmergencyAlarm | null = null;
  for (const c of COMPILED) {
    if (!fires(c, ja, en, planning)) continue;
    if (c.rule.kind === 'emergency') return { kind: 'emergency', reason: c.rule.id };
    crisis ??= { kind: 'crisis', reason: c.rule.id };
  }
  return crisis;
}

/** All rules that fire, for tests and debugging. */
export function explainEmergency(text: string): string[] {
  const ja = emergencyJaForm(text);
  const en = emergencyEnForm(text);
  const planning = anyMatch(PLANNING_RE, ja, en);
  return COMPILED.filter((c) => fires(c, ja, en, planning)).map((c) => c.rule.id);
}
