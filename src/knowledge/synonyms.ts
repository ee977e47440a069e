// The synonym dictionary: data in content/knowledge/synonyms.yaml, parsed and
// compiled here. PURE: the caller reads the file.

import { parseDocument } from 'yaml';
import { z } from 'zod';
import { normalizeText, stemEnglish } from './normalize.ts';

const term = z.union([z.string().trim().min(1, 'empty term'), z.number().transform(String)]);

export const synonymGroupSchema = z.array(term).min(2, 'a group needs at least two terms');

export const synonymFileSchema = z
  .object({
    groups: z.array(synonymGroupSchema),
  })
  .strict();

export type SynonymGroup = string[];

export interface SynonymError {
  path: string;
  message: string;
  line?: number;
}

/** Parses synonyms.yaml text: `groups: [[ケアマネ, ケアマネジャー, …], …]`. */
export function parseSynonyms(text: string): { groups: SynonymGroup[]; errors: SynonymError[] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return {
      groups: [],
      errors: doc.errors.map((e) => ({
        path: '',
        message: `YAML: ${e.message.split('\n')[0]}`,
        ...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}),
      })),
    };
  }
  const parsed = synonymFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      groups: [],
      errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join(' › '), message: i.message })),
    };
  }
  const errors: SynonymError[] = [];
  parsed.data.groups.forEach((g, gi) => {
    g.forEach((t, ti) => {
      const n = normalizeText(t);
      if (n.length === 0) errors.push({ path: `groups › ${gi} › ${ti}`, message: `term "${t}" is empty after normalisation` });
      else if (/^[^\p{Script=Han}a-z0-9]{1,2}$/u.test(n))
        errors.push({ path: `groups › ${gi} › ${ti}`, message: `kana term "${t}" is too short to match safely` });
    });
  });
  return { groups: parsed.data.groups, errors };
}

/** Compiled, JSON-serialisable synonym matcher. */
export interface CompiledSynonyms {
  /** [normalised Japanese variant (substring match), group index] */
  ja: [string, number][];
  /** [stemmed English phrase (whole-word match), group index] */
  en: [string, number][];
  /** The first term of each group, for display and debugging. */
  labels: string[];
}

function isLatinPhrase(normalised: string): boolean {
  return /^[a-z0-9 ]+$/.test(normalised);
}

export function compileSynonyms(groups: readonly SynonymGroup[]): CompiledSynonyms {
  const ja: [string, number][] = [];
  const en: [string, number][] = [];
  const seenJa = new Set<string>();
  const seenEn = new Set<string>();
  groups.forEach((g, gi) => {
    for (const t of g) {
      const n = normalizeText(t);
      if (!n) continue;
      if (isLatinPhrase(n)) {
        const phrase = n.split(' ').map(stemEnglish).join(' ');
        const key = `${phrase}\u0000${gi}`;
        if (!seenEn.has(key)) {
          seenEn.add(key);
          en.push([phrase, gi]);
        }
      } else {
        const key = `${n}\u0000${gi}`;
        if (!seenJa.has(key)) {
          seenJa.add(key);
          ja.push([n, gi]);
        }
      }
    }
  });
  return { ja, en, labels: groups.map((g) => g[0] ?? '') };
}

/**
 * The synonym groups present in a text, given its normalised compact form and
 * its stemmed English word sequence (see analyzeText).
 */
export function matchSynonyms(syn: CompiledSynonyms, compact: string, wordSeq: string, out: Set<number>): void {
  for (const [v, g] of syn.ja) {
    if (compact.includes(v)) out.add(g);
  }
  if (wordSeq.length > 0) {
    const padded = ` ${wordSeq} `;
    for (const [v, g] of syn.en) {
      if (padded.includes(` ${v} `)) out.add(g);
    }
  }
}
