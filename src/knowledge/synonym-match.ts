// Synonym matching at search time. PURE, and free of YAML / zod so that the
// Worker's run-time path stays small (parsing lives in synonyms.ts, used when
// content is built).

import { normalizeText, stemEnglish } from './normalize.ts';

/** One group of words for the same concept (a line of content/knowledge/synonyms.yaml). */
export type SynonymGroup = string[];

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

interface SynonymLookup {
  ja: Map<string, [string, number][]>;
  en: Map<string, [string, number][]>;
}

const lookups = new WeakMap<CompiledSynonyms, SynonymLookup>();

/** Variants bucketed by their first character / first word (built once per dictionary). */
function lookupOf(syn: CompiledSynonyms): SynonymLookup {
  let l = lookups.get(syn);
  if (l) return l;
  l = { ja: new Map(), en: new Map() };
  for (const [v, g] of syn.ja) {
    const k = v[0]!;
    let b = l.ja.get(k);
    if (!b) l.ja.set(k, (b = []));
    b.push([v, g]);
  }
  for (const [v, g] of syn.en) {
    const k = v.split(' ')[0]!;
    let b = l.en.get(k);
    if (!b) l.en.set(k, (b = []));
    b.push([v, g]);
  }
  lookups.set(syn, l);
  return l;
}

/**
 * The synonym groups present in a text, given its normalised compact form and
 * its stemmed English word sequence (see analyzeText). Japanese variants match
 * anywhere; English variants match whole words.
 */
export function matchSynonyms(syn: CompiledSynonyms, compact: string, wordSeq: string, out: Set<number>): void {
  const l = lookupOf(syn);
  for (let i = 0; i < compact.length; i++) {
    const bucket = l.ja.get(compact[i]!);
    if (!bucket) continue;
    for (const [v, g] of bucket) if (compact.startsWith(v, i)) out.add(g);
  }
  if (wordSeq.length > 0) {
    const words = wordSeq.split(' ');
    const padded = ` ${wordSeq} `;
    let pos = 0;
    for (const w of words) {
      const bucket = l.en.get(w);
      if (bucket) for (const [v, g] of bucket) if (padded.startsWith(` ${v} `, pos)) out.add(g);
      pos += w.length + 1;
    }
  }
}
