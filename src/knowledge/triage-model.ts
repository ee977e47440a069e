// content/triage/red-flags.yaml: its schema and its compilation into a TriageModel.
// Used when content is built and by `npm run check`; the Worker only gets the result.

import { parseDocument } from 'yaml';
import { z } from 'zod';
import { FRAMES } from './triage-frame.ts';
import type { CompiledConcept, TriageModel } from './triage.ts';
import { compileEnWord, compileJaWord, enAlternation, expandMarks, WordError } from './triage-words.ts';
import { triageJaForm } from './triage-text.ts';

const level = z.enum(['a', 'b', 'c']);
const words = z.array(z.string().trim().min(1)).default([]);

const wordSet = z
  .object({
    /** kanji with {readings}; the kana forms come from the readings */
    ja: words,
    /** やさしい日本語: plain words, often in kana with spaces */
    easy: words,
    /** Kansai and other regional forms */
    dialect: words,
    en: words,
  })
  .strict();

const conceptSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'kebab-case id'),
    area: z.enum([
      'head',
      'face',
      'eyes',
      'speech',
      'chest',
      'back',
      'abdomen',
      'limbs',
      'breathing',
      'consciousness',
      'whole-body',
      'skin',
      'injury',
      'swallowing',
      'mind',
      'request',
    ]),
    symptom: z.string().min(1),
    kind: z.enum(['emergency', 'crisis']).default('emergency'),
    level,
    source: z.array(z.string()).min(1),
    words: wordSet,
    not: z.object({ ja: words, en: words }).strict().optional(),
    /**
     * Look-alike phrases that most likely mean something else but may not (家で死にたい: "die at
     * home", probably; a wish to die, possibly): found only there, the concept is lowered to (c),
     * so the answer comes first and a gentle line with the crisis numbers follows it.
     */
    gentle: z.object({ ja: words, en: words }).strict().optional(),
    raise: z.array(z.object({ with: z.array(z.string()).min(1), and: z.array(z.string()).min(1).optional(), level }).strict()).default([]),
    calm: z.array(z.enum(FRAMES as [string, ...string[]])).optional(),
  })
  .strict()
  .refine((c) => c.words.ja.length > 0 && c.words.en.length > 0, { message: 'a concept needs Japanese (ja) and English (en) words', path: ['words'] });

export const redFlagFileSchema = z
  .object({
    reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    reviewer: z.string().min(1),
    sources: z.array(z.object({ id: z.string(), title: z.string().min(1), url: z.string().url() }).strict()).min(1),
    modifiers: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.object({ meaning: z.string().min(1), ja: words, en: words }).strict()),
    /** English word → the Japanese words for it, to read mixed messages (胸がpainって) as English too. */
    bridge: z.record(z.string().regex(/^[a-z][a-z ]*$/), z.array(z.string().trim().min(1)).min(1)).default({}),
    concepts: z.array(conceptSchema).min(1),
  })
  .strict();

export type RedFlagFile = z.infer<typeof redFlagFileSchema>;

export interface TriageError {
  path: string;
  message: string;
  line?: number;
}

function alternation(list: string[], compile: (w: string) => string, path: string, errors: TriageError[]): string | undefined {
  const parts: string[] = [];
  const english = compile === compileEnWord;
  list.forEach((w, i) => {
    try {
      parts.push(compile(w));
    } catch (e) {
      errors.push({ path: `${path} › ${i}`, message: e instanceof WordError || e instanceof SyntaxError ? e.message : String(e) });
    }
  });
  if (!parts.length) return undefined;
  return english ? enAlternation(parts) : parts.map((p) => `(?:${p})`).join('|');
}

const SYNTAX = /[{}…()|~〜～$?]|\.\.\./;

/**
 * The words to ship: the patterns, and the plain words and やさしい日本語 / dialect
 * phrasings that the others do not already match (they stay in the file as examples for reviewers, and
 * the tests still read them). Keeps the Worker bundle small.
 */
function shipped(base: string[], examples: string[]): string[] {
  const kept = [...base];
  for (const w of examples) {
    if (!SYNTAX.test(w)) {
      try {
        const covered = new RegExp(kept.map((k) => `(?:${expandMarks(compileJaWord(k))})`).join('|'), 'u');
        if (covered.test(triageJaForm(w))) continue;
      } catch {
        // an invalid word is reported when it is compiled
      }
    }
    kept.push(w);
  }
  return kept;
}

/** Validates and compiles the file's data. */
export function compileRedFlags(data: unknown): { model?: TriageModel; errors: TriageError[] } {
  const parsed = redFlagFileSchema.safeParse(data);
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join(' › ') || '(root)', message: i.message })) };
  const file = parsed.data;
  const errors: TriageError[] = [];
  const sourceIds = new Set(file.sources.map((s) => s.id));
  const conceptIds = new Set<string>();
  for (const [i, c] of file.concepts.entries()) {
    if (conceptIds.has(c.id)) errors.push({ path: `concepts › ${i} › id`, message: `duplicate concept id "${c.id}"` });
    conceptIds.add(c.id);
    for (const s of c.source) if (!sourceIds.has(s)) errors.push({ path: `concepts › ${i} › source`, message: `unknown source "${s}"` });
  }
  const modifiers: TriageModel['modifiers'] = {};
  for (const [id, m] of Object.entries(file.modifiers)) {
    if (conceptIds.has(id)) errors.push({ path: `modifiers › ${id}`, message: 'a modifier and a concept share this id' });
    const ja = alternation(m.ja, compileJaWord, `modifiers › ${id} › ja`, errors);
    const en = alternation(m.en, compileEnWord, `modifiers › ${id} › en`, errors);
    modifiers[id] = { ...(ja ? { ja } : {}), ...(en ? { en } : {}) };
  }
  const bridge: [string, string][] = [];
  for (const [en, list] of Object.entries(file.bridge)) {
    const ja = alternation(list, compileJaWord, `bridge › ${en}`, errors);
    if (ja) bridge.push([ja, en]);
  }
  const concepts: CompiledConcept[] = file.concepts.map((c, i) => {
    const at = `concepts › ${i}`;
    for (const [k, up] of c.raise.entries()) {
      for (const w of [...up.with, ...(up.and ?? [])])
        if (!modifiers[w] && !conceptIds.has(w)) errors.push({ path: `${at} › raise › ${k}`, message: `unknown modifier or concept "${w}"` });
    }
    const patterns = c.words.ja.filter((w) => SYNTAX.test(w));
    const plain = c.words.ja.filter((w) => !SYNTAX.test(w));
    const ja = alternation(shipped(patterns, [...plain, ...c.words.easy, ...c.words.dialect]), compileJaWord, `${at} › words`, errors);
    const en = alternation(c.words.en, compileEnWord, `${at} › words › en`, errors);
    const notJa = c.not ? alternation(c.not.ja, compileJaWord, `${at} › not › ja`, errors) : undefined;
    const notEn = c.not ? alternation(c.not.en, compileEnWord, `${at} › not › en`, errors) : undefined;
    const gentleJa = c.gentle ? alternation(c.gentle.ja, compileJaWord, `${at} › gentle › ja`, errors) : undefined;
    const gentleEn = c.gentle ? alternation(c.gentle.en, compileEnWord, `${at} › gentle › en`, errors) : undefined;
    return {
      id: c.id,
      kind: c.kind,
      level: c.level,
      ...(ja ? { ja } : {}),
      ...(en ? { en } : {}),
      ...(notJa ? { notJa } : {}),
      ...(notEn ? { notEn } : {}),
      ...(gentleJa ? { gentleJa } : {}),
      ...(gentleEn ? { gentleEn } : {}),
      raise: c.raise,
      ...(c.calm ? { calm: c.calm as CompiledConcept['calm'] } : {}),
    };
  });
  if (errors.length) return { errors };
  return { model: { format: 'renkei-triage/1', reviewed: file.reviewed, modifiers, bridge, concepts }, errors };
}

/** Parses and compiles the YAML text of red-flags.yaml (line numbers for YAML errors). */
export function parseRedFlags(text: string): { model?: TriageModel; errors: TriageError[] } {
  const doc = parseDocument(text);
  if (doc.errors.length)
    return { errors: doc.errors.map((e) => ({ path: '(yaml)', message: e.message.split('\n')[0]!, ...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}) })) };
  return compileRedFlags(doc.toJS());
}
