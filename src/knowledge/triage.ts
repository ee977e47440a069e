// Emergency triage: how urgent does this message sound? PURE: no I/O, no clock.
//
// The medicine is data: content/triage/red-flags.yaml, compiled when content is built
// (triage-model.ts) into a TriageModel of regular-expression sources that travels in
// the bundle. This file applies it:
//   1. every concept (a symptom of a body area, or a crisis) is looked for in the
//      Japanese and the English form of the message (triage-text.ts);
//   2. a mention that is denied (痛くない, "no chest pain") does not count; one inside a
//      conditional clause (倒れたら, "if he collapses") counts only as a mention;
//   3. the concept's level rises with its modifiers (sudden, worst ever, continuing,
//      cold sweat, 大量, black stool…) found anywhere in the message;
//   4. a message in a calm frame (past, plan, ACP, services, general knowledge, a
//      long-standing condition) with nothing that says "now" keeps only level (c).
//
// Levels: 'a' 119 now · 'b' urgent but not 119 (#7119, the home doctor's 24-hour line,
// the night clinic) · 'c' a symptom mentioned (the normal answer plus a line with 119).

import { aroundEn, aroundJa, framesOf, type Frame } from './triage-frame.ts';
import { triageEnForm, triageJaChunks, triageJaForm } from './triage-text.ts';
import { expandMarks } from './triage-words.ts';

export type TriageLevel = 'a' | 'b' | 'c';
export type TriageKind = 'emergency' | 'crisis';

export interface CompiledConcept {
  id: string;
  kind: TriageKind;
  /** The level the symptom implies on its own. */
  level: TriageLevel;
  /** Regular-expression sources (alternations of the concept's words). */
  ja?: string;
  en?: string;
  /** Look-alike phrases removed before this concept is looked for (家で死にたい). */
  notJa?: string;
  notEn?: string;
  /** Look-alike phrases that lower this concept to (c) when it is found only there (家で死にたい). */
  gentleJa?: string;
  gentleEn?: string;
  /** Raise to `level` when one of `with` (and, if given, one of `and`) is also present: modifier or concept ids. */
  raise: { with: string[]; and?: string[]; level: TriageLevel }[];
  /** Frames that calm this concept (default: all). */
  calm?: Frame[];
}

export interface TriageModel {
  format: 'renkei-triage/1';
  reviewed: string;
  modifiers: Record<string, { ja?: string; en?: string }>;
  /** [Japanese word (regex source), English word]: mixed messages are also read as English. */
  bridge: [string, string][];
  concepts: CompiledConcept[];
}

export interface TriageResult {
  level: TriageLevel;
  kind: TriageKind;
  /** The concept that decided the level (for counts and tests; never the text). */
  concept: string;
  /** A calm frame or a conditional clause lowered the level to (c). */
  calmed: boolean;
}

const RANK: Record<TriageLevel, number> = { a: 3, b: 2, c: 1 };

interface Ready {
  concepts: {
    c: CompiledConcept;
    ja: RegExp | null;
    en: RegExp | null;
    notJa: RegExp | null;
    notEn: RegExp | null;
    gentleJa: RegExp | null;
    gentleEn: RegExp | null;
  }[];
  modifiers: Map<string, { ja: RegExp | null; en: RegExp | null }>;
  bridge: [RegExp, string][];
}

const ready = new WeakMap<TriageModel, Ready>();

function prepare(model: TriageModel): Ready {
  let r = ready.get(model);
  if (r) return r;
  const re = (src: string | undefined, flags: string) => (src ? new RegExp(expandMarks(src), flags) : null);
  r = {
    concepts: model.concepts.map((c) => ({
      c,
      ja: re(c.ja, 'gu'),
      en: re(c.en, 'g'),
      notJa: re(c.notJa, 'gu'),
      notEn: re(c.notEn, 'g'),
      gentleJa: re(c.gentleJa, 'gu'),
      gentleEn: re(c.gentleEn, 'g'),
    })),
    modifiers: new Map(Object.entries(model.modifiers).map(([id, m]) => [id, { ja: re(m.ja, 'u'), en: re(m.en, '') }])),
    bridge: (model.bridge ?? []).map(([ja, en]) => [new RegExp(expandMarks(ja), 'gu'), en] as [RegExp, string]),
  };
  ready.set(model, r);
  return r;
}

/** null: not mentioned; false: mentioned only in a conditional clause; true: mentioned. */
function find(jaRe: RegExp | null, enRe: RegExp | null, ja: string, en: string, breaks: readonly number[] = []): boolean | null {
  let seen: boolean | null = null;
  if (jaRe) {
    jaRe.lastIndex = 0;
    for (let m = jaRe.exec(ja); m; m = jaRe.exec(ja)) {
      const a = aroundJa(ja, m.index, m.index + m[0].length, breaks);
      if (!a.negated && !a.conditional) return true;
      if (!a.negated) seen = false;
      // Another word may still match here (「呼んでも返事が」 denied, 「返事がありません」 not).
      jaRe.lastIndex = m.index + 1;
    }
  }
  if (enRe) {
    enRe.lastIndex = 0;
    for (let m = enRe.exec(en); m; m = enRe.exec(en)) {
      const a = aroundEn(en, m.index);
      if (!a.negated && !a.conditional) return true;
      if (!a.negated) seen = false;
      enRe.lastIndex = m.index + 1;
    }
  }
  return seen;
}

const blank = (s: string) => ' '.repeat(s.length);

const JA_CHAR = /[^\x00-\x7f]/;
const EN_WORD = /[a-z]/;
const MIXED_LATIN = /[a-zA-Z]{2,}/;
const MIXED_JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** A mixed message with its Japanese runs replaced by the English words they contain (胸がpain → chest pain). */
function bridged(r: Ready, text: string): string {
  return text.replace(/[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f々〜ー]+/g, (run) => {
    const form = triageJaForm(run);
    const found: [number, string][] = [];
    for (const [re, en] of r.bridge) {
      re.lastIndex = 0;
      const m = re.exec(form);
      if (m) found.push([m.index, en]);
    }
    return ` ${found
      .sort((a, b) => a[0] - b[0])
      .map((f) => f[1])
      .join(' ')} `;
  });
}

/** How urgent the message sounds, or null when it mentions no symptom or crisis. */
export function triage(model: TriageModel, text: string): TriageResult | null {
  if (!text?.trim()) return null;
  const r = prepare(model);
  const { form: ja, breaks } = triageJaChunks(text);
  const en = triageEnForm(MIXED_LATIN.test(text) && MIXED_JAPANESE.test(text) ? bridged(r, text) : text);
  // A message in one script skips the other script's expressions (most of the time saved).
  const hasEn = EN_WORD.test(en);
  const hasJa = !hasEn || JA_CHAR.test(ja);
  const hits = new Map<string, boolean>();
  for (const x of r.concepts) {
    const j = hasJa && x.notJa ? ja.replace(x.notJa, blank) : ja;
    const e = hasEn && x.notEn ? en.replace(x.notEn, blank) : en;
    // A look-alike phrase is looked past first; found only there, the concept counts as
    // mentioned but not live, which lowers it to (c) as a conditional clause does.
    const gj = hasJa && x.gentleJa ? j.replace(x.gentleJa, blank) : j;
    const ge = hasEn && x.gentleEn ? e.replace(x.gentleEn, blank) : e;
    let hit = find(hasJa ? x.ja : null, hasEn ? x.en : null, gj, ge, breaks);
    if (hit === null && (gj !== j || ge !== e) && find(hasJa ? x.ja : null, hasEn ? x.en : null, j, e, breaks) !== null) hit = false;
    if (hit !== null) hits.set(x.c.id, hit);
  }
  if (hits.size === 0) return null;
  const frames = framesOf(ja, en);
  const present = (id: string): boolean => {
    const m = r.modifiers.get(id);
    if (m) return Boolean(m.ja?.test(ja) || m.en?.test(en));
    return hits.get(id) === true;
  };
  let best: TriageResult | null = null;
  for (const x of r.concepts) {
    const live = hits.get(x.c.id);
    if (live === undefined) continue;
    let level = x.c.level;
    for (const up of x.c.raise) if (RANK[up.level] > RANK[level] && up.with.some(present) && (!up.and || up.and.some(present))) level = up.level;
    const calmFrames = x.c.calm ?? frames.frames;
    const calmByFrame = !frames.now && frames.frames.some((f) => calmFrames.includes(f));
    const calmed = !live || calmByFrame;
    const result: TriageResult = { level: calmed ? 'c' : level, kind: x.c.kind, concept: x.c.id, calmed };
    if (!best || better(result, best)) best = result;
  }
  return best;
}

function better(a: TriageResult, b: TriageResult): boolean {
  if (RANK[a.level] !== RANK[b.level]) return RANK[a.level] > RANK[b.level];
  // A physical emergency comes before a crisis (an overdose with suicidal words needs 119 first).
  return a.kind === 'emergency' && b.kind === 'crisis';
}

/** Every concept found, with its level before frames (for tests and `renkei ask --explain`). */
export function explainTriage(model: TriageModel, text: string): { concepts: string[]; frames: Frame[]; now: boolean } {
  const r = prepare(model);
  const ja = triageJaForm(text);
  const en = triageEnForm(text);
  const concepts = r.concepts
    .filter((x) => find(x.ja, x.en, x.notJa ? ja.replace(x.notJa, blank) : ja, x.notEn ? en.replace(x.notEn, blank) : en) !== null)
    .map((x) => x.c.id);
  const f = framesOf(ja, en);
  return { concepts, frames: f.frames, now: f.now };
}
