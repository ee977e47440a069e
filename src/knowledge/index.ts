// The retrieval index. PURE: no I/O, no clock; the index is plain JSON so it
// can be built ahead of time and bundled (the Worker has no filesystem).
//
// Scoring: BM25 per field over character bi/tri-grams of the normalised text,
// word-like units (kanji runs with okurigana folded, katakana runs, English
// stems) and synonym groups. Question variants are scored one by one and the
// best variant counts (query–question similarity), beside the title, the
// keywords and the body. A calibrated confidence comes from how much of the
// query the best topic explains and how far it is ahead of the next one.

import { analyzeText } from './normalize.ts';
import { compileSynonyms, matchSynonyms, type CompiledSynonyms, type SynonymGroup } from './synonyms.ts';

export interface KnowledgeDoc {
  id: string;
  fields: {
    questions: string[];
    title: string[];
    keywords: string[];
    body: string[];
  };
}

export type SourceField = keyof KnowledgeDoc['fields'];

/** One scored field of the index. */
export interface FieldIndex {
  name: string;
  /** 'max': each text is its own unit and the best unit counts; 'sum': one unit per document. */
  mode: 'max' | 'sum';
  weight: number;
  /** BM25 length normalisation for this field */
  b: number;
  /** unit → document index */
  unitDoc: number[];
  /** unit → length (number of terms) */
  unitLen: number[];
  /** term → [unit, tf, unit, tf, …] (units ascending) */
  postings: Record<string, number[]>;
  /** term → number of documents with the term in this field */
  df: Record<string, number>;
}

export interface KnowledgeIndex {
  format: 'renkei-knowledge/1';
  docIds: string[];
  synonyms: CompiledSynonyms;
  fields: FieldIndex[];
  /** term → number of documents with the term in any field */
  df: Record<string, number>;
  params: IndexParams;
}

export interface IndexParams {
  k1: number;
  b: number;
  /** Query-term weights by kind. */
  kindWeight: { uni: number; bi: number; tri: number; unit: number; word: number; syn: number; hira: number };
  /** Confidence model (see confidenceOf). */
  confidence: { bias: number; coverage: number; margin: number; strength: number; confident: number; unsure: number };
}

export const DEFAULT_PARAMS: IndexParams = {
  k1: 1.2,
  b: 0.75,
  kindWeight: { uni: 0.5, bi: 1, tri: 1, unit: 1, word: 1.5, syn: 2, hira: 1 },
  confidence: { bias: -6, coverage: 8, margin: 4, strength: 0, confident: 0.6, unsure: 0.25 },
};

interface FieldSpec {
  name: string;
  source: SourceField;
  mode: 'max' | 'sum';
  weight: number;
  b?: number;
}

const FIELD_SPECS: FieldSpec[] = [
  { name: 'question', source: 'questions', mode: 'max', weight: 3 },
  { name: 'questions', source: 'questions', mode: 'sum', weight: 1 },
  { name: 'title', source: 'title', mode: 'max', weight: 2 },
  { name: 'keywords', source: 'keywords', mode: 'sum', weight: 1 },
  { name: 'body', source: 'body', mode: 'sum', weight: 0.5 },
];

export interface BuildOptions {
  params?: Partial<IndexParams>;
  fieldWeights?: Partial<Record<string, number>>;
  fieldB?: Partial<Record<string, number>>;
}

/** The parts of a topic the index reads (structurally a Topic from src/content/article.ts). */
export interface TopicLike {
  id: string;
  byLang: Partial<Record<string, { title: string; questions: string[]; keywords: string[]; summary: string; more: string } | undefined>>;
}

/** Removes {{city.placeholders}} and {{#if}}…{{/if}} markers from article prose. */
function stripTemplate(text: string): string {
  return text.replace(/\{\{[^}]*\}\}/g, ' ');
}

/** One document per topic, all languages merged (a topic is language-independent). */
export function topicDocsFromTopics(topics: readonly TopicLike[]): KnowledgeDoc[] {
  return topics.map((t) => {
    const fields: KnowledgeDoc['fields'] = { questions: [], title: [], keywords: [], body: [] };
    for (const view of Object.values(t.byLang)) {
      if (!view) continue;
      fields.title.push(view.title);
      fields.questions.push(...view.questions);
      fields.keywords.push(...view.keywords);
      fields.body.push(stripTemplate(view.summary), stripTemplate(view.more));
    }
    return { id: t.id, fields };
  });
}

// ---------------------------------------------------------------------------
// Terms

const enum Kind {
  Uni,
  Bi,
  Tri,
  Unit,
  Word,
  Syn,
}

/** Terms of a text, with their kind, in order (duplicates kept for tf). */
export function termsOf(
  text: string,
  syn: CompiledSynonyms | null,
  isKnownUnit: ((unit: string) => boolean) | null = null,
  out: string[] = [],
): string[] {
  const a = analyzeText(text);
  for (const run of a.jaRuns) {
    const chars = Array.from(run);
    if (chars.length === 1) out.push(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    for (let i = 0; i + 2 < chars.length; i++) out.push(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  for (const u of a.units) {
    out.push(`_${u}`);
    // Compound kanji words: also the known shorter words inside (免除申請 → 免除, 申請).
    if (isKnownUnit && u.length >= 3 && HAN_START.test(u)) {
      for (let i = 0; i < u.length - 1; i++) {
        for (let j = i + 2; j <= u.length; j++) {
          if (j - i === u.length) continue;
          const sub = u.slice(i, j);
          if (isKnownUnit(sub)) out.push(`_${sub}`);
        }
      }
    }
  }
  for (const w of a.words) out.push(`_${w}`);
  if (syn) {
    const groups = new Set<number>();
    matchSynonyms(syn, a.compact, a.wordSeq, groups);
    for (const g of groups) out.push(`~${g}`);
  }
  return out;
}

const HAN_START = /^\p{Script=Han}/u;
const HIRAGANA_ONLY = /^[\u3041-\u309f]+$/;

function kindOf(term: string): Kind {
  const c = term.charCodeAt(0);
  if (c === 0x5f /* _ */) return /^_[a-z0-9]/.test(term) ? Kind.Word : Kind.Unit;
  if (c === 0x7e /* ~ */) return Kind.Syn;
  const n = Array.from(term).length;
  return n === 1 ? Kind.Uni : n === 2 ? Kind.Bi : Kind.Tri;
}

// ---------------------------------------------------------------------------
// Build

export function buildKnowledgeIndex(
  docs: readonly KnowledgeDoc[],
  synonyms: readonly SynonymGroup[] | CompiledSynonyms,
  options: BuildOptions = {},
): KnowledgeIndex {
  const syn = Array.isArray(synonyms) ? compileSynonyms(synonyms as SynonymGroup[]) : (synonyms as CompiledSynonyms);
  const params: IndexParams = { ...DEFAULT_PARAMS, ...options.params };
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new Error(`duplicate document id ${d.id}`);
    seen.add(d.id);
  }
  // Vocabulary of kanji words seen as whole runs anywhere, to split compounds.
  const vocab = new Set<string>();
  for (const d of docs) {
    for (const texts of Object.values(d.fields)) {
      for (const t of texts) for (const u of analyzeText(t).units) vocab.add(u);
    }
  }
  const known = (u: string): boolean => vocab.has(u);
  const globalDf: Record<string, number> = Object.create(null);
  const docTerms: Set<string>[] = docs.map(() => new Set<string>());
  const fields: FieldIndex[] = FIELD_SPECS.map((spec) => {
    const f: FieldIndex = {
      name: spec.name,
      mode: spec.mode,
      weight: options.fieldWeights?.[spec.name] ?? spec.weight,
      b: options.fieldB?.[spec.name] ?? spec.b ?? params.b,
      unitDoc: [],
      unitLen: [],
      postings: Object.create(null),
      df: Object.create(null),
    };
    docs.forEach((doc, di) => {
      const texts = doc.fields[spec.source] ?? [];
      const unitsTexts = spec.mode === 'max' ? texts : texts.length ? [texts.join('\n')] : [];
      const inDoc = new Set<string>();
      for (const text of unitsTexts) {
        const terms = spec.mode === 'max' ? termsOf(text, syn, known) : texts.flatMap((t) => termsOf(t, syn, known));
        if (terms.length === 0) continue;
        const unit = f.unitDoc.length;
        f.unitDoc.push(di);
        f.unitLen.push(terms.length);
        const tf = new Map<string, number>();
        for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
        for (const [t, n] of tf) {
          (f.postings[t] ??= []).push(unit, n);
          inDoc.add(t);
        }
      }
      for (const t of inDoc) {
        f.df[t] = (f.df[t] ?? 0) + 1;
        docTerms[di]!.add(t);
      }
    });
    return f;
  });
  docTerms.forEach((set) => {
    for (const t of set) globalDf[t] = (globalDf[t] ?? 0) + 1;
  });
  return { format: 'renkei-knowledge/1', docIds: docs.map((d) => d.id), synonyms: syn, fields, df: globalDf, params };
}

// ---------------------------------------------------------------------------
// Search

export type SearchOutcome = 'confident' | 'unsure' | 'none';

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  confidence: number;
  outcome: SearchOutcome;
}

export interface SearchOptions {
  limit?: number;
}

interface CompiledField {
  mode: 'max' | 'sum';
  weight: number;
  unitDoc: Int32Array;
  unitNorm: Float64Array;
  postings: Map<string, Int32Array>;
  idf: Map<string, number>;
  unitScore: Float64Array;
  touched: Int32Array;
  nTouched: number;
  docScore: Float64Array;
}

interface Compiled {
  n: number;
  fields: CompiledField[];
  gidf: Map<string, number>;
  maxIdf: number;
  covered: Float64Array;
  stamp: Int32Array;
  epoch: number;
  total: Float64Array;
  docTouched: Int32Array;
  nDocTouched: number;
  inTouched: Uint8Array;
}

const cache = new WeakMap<KnowledgeIndex, Compiled>();

function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function compile(index: KnowledgeIndex): Compiled {
  let c = cache.get(index);
  if (c) return c;
  const n = index.docIds.length;
  const { k1 } = index.params;
  const fields = index.fields.map((f): CompiledField => {
    const b = f.b;
    const units = f.unitDoc.length;
    let total = 0;
    for (const l of f.unitLen) total += l;
    const avg = units > 0 ? total / units : 1;
    const unitNorm = new Float64Array(units);
    for (let u = 0; u < units; u++) unitNorm[u] = k1 * (1 - b + (b * f.unitLen[u]!) / avg);
    const postings = new Map<string, Int32Array>();
    for (const t of Object.keys(f.postings)) postings.set(t, Int32Array.from(f.postings[t]!));
    const idf = new Map<string, number>();
    for (const t of Object.keys(f.df)) idf.set(t, idfOf(n, f.df[t]!));
    return {
      mode: f.mode,
      weight: f.weight,
      unitDoc: Int32Array.from(f.unitDoc),
      unitNorm,
      postings,
      idf,
      unitScore: new Float64Array(units),
      touched: new Int32Array(units),
      nTouched: 0,
      docScore: new Float64Array(n),
    };
  });
  const gidf = new Map<string, number>();
  for (const t of Object.keys(index.df)) gidf.set(t, idfOf(n, index.df[t]!));
  c = {
    n,
    fields,
    gidf,
    maxIdf: idfOf(n, 0),
    covered: new Float64Array(n),
    stamp: new Int32Array(n),
    epoch: 0,
    total: new Float64Array(n),
    docTouched: new Int32Array(n),
    nDocTouched: 0,
    inTouched: new Uint8Array(n),
  };
  cache.set(index, c);
  return c;
}

/** The distinct terms of a query with their weights. */
function queryTerms(index: KnowledgeIndex, query: string): { terms: string[]; weights: number[] } {
  const c = compile(index);
  const all = termsOf(query, index.synonyms, (u) => c.gidf.has(`_${u}`));
  const kw = index.params.kindWeight;
  const terms: string[] = [];
  const weights: number[] = [];
  const seen = new Set<string>();
  for (const t of all) {
    if (seen.has(t)) continue;
    seen.add(t);
    const k = kindOf(t);
    let w =
      k === Kind.Uni ? kw.uni : k === Kind.Bi ? kw.bi : k === Kind.Tri ? kw.tri : k === Kind.Unit ? kw.unit : k === Kind.Word ? kw.word : kw.syn;
    if (w <= 0) continue;
    if (k <= Kind.Tri && HIRAGANA_ONLY.test(t)) w *= kw.hira;
    terms.push(t);
    weights.push(w);
  }
  return { terms, weights };
}

export interface SearchDebug {
  coverage: number;
  top: number;
  second: number;
  /** Score the query would get against itself, for scale. */
  self: number;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function confidenceOf(params: IndexParams, coverage: number, top: number, second: number): number {
  if (top <= 0) return 0;
  const margin = (top - second) / top;
  const p = params.confidence;
  return sigmoid(p.bias + p.coverage * coverage + p.margin * margin + p.strength * Math.log1p(top));
}

export function outcomeOf(params: IndexParams, confidence: number, hasHits: boolean): SearchOutcome {
  if (!hasHits) return 'none';
  if (confidence >= params.confidence.confident) return 'confident';
  if (confidence >= params.confidence.unsure) return 'unsure';
  return 'none';
}

/** Searches the index. `debug`, when given, receives the confidence features. */
export function searchKnowledge(
  index: KnowledgeIndex,
  query: string,
  options: SearchOptions = {},
  debug?: SearchDebug,
): SearchResult {
  const limit = Math.max(1, options.limit ?? 5);
  const c = compile(index);
  const { k1 } = index.params;
  const { terms, weights } = queryTerms(index, query);
  let queryMass = 0;
  const { covered, stamp, total, docTouched, inTouched } = c;
  c.nDocTouched = 0;

  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti]!;
    const w = weights[ti]!;
    const g = c.gidf.get(t);
    queryMass += w * (g ?? c.maxIdf);
    if (g === undefined) continue;
    const epoch = ++c.epoch;
    for (const f of c.fields) {
      const p = f.postings.get(t);
      if (!p) continue;
      const wi = w * f.idf.get(t)!;
      const { unitScore, unitNorm, unitDoc, touched } = f;
      for (let i = 0; i < p.length; i += 2) {
        const u = p[i]!;
        const tf = p[i + 1]!;
        if (unitScore[u] === 0) touched[f.nTouched++] = u;
        unitScore[u] += (wi * tf * (k1 + 1)) / (tf + unitNorm[u]!);
        const d = unitDoc[u]!;
        if (stamp[d] !== epoch) {
          stamp[d] = epoch;
          covered[d] += w * g;
          if (!inTouched[d]) {
            inTouched[d] = 1;
            docTouched[c.nDocTouched++] = d;
          }
        }
      }
    }
  }

  // Fold unit scores into document scores.
  for (const f of c.fields) {
    const { unitScore, unitDoc, touched, docScore } = f;
    for (let i = 0; i < f.nTouched; i++) {
      const u = touched[i]!;
      const d = unitDoc[u]!;
      const s = unitScore[u]!;
      if (f.mode === 'max') {
        if (s > docScore[d]!) docScore[d] = s;
      } else docScore[d] += s;
      unitScore[u] = 0;
    }
    f.nTouched = 0;
  }

  // Combine fields, pick the top documents.
  const k = Math.max(limit, 2);
  const topDocs: number[] = [];
  const topScores: number[] = [];
  for (let i = 0; i < c.nDocTouched; i++) {
    const d = docTouched[i]!;
    let s = 0;
    for (const f of c.fields) {
      s += f.weight * f.docScore[d]!;
      f.docScore[d] = 0;
    }
    total[d] = s;
    if (s <= 0) continue;
    if (topDocs.length < k || s > topScores[topDocs.length - 1]!) {
      let j = Math.min(topDocs.length, k - 1);
      if (topDocs.length < k) {
        topDocs.push(d);
        topScores.push(s);
      }
      while (j > 0 && topScores[j - 1]! < s) {
        topDocs[j] = topDocs[j - 1]!;
        topScores[j] = topScores[j - 1]!;
        j--;
      }
      topDocs[j] = d;
      topScores[j] = s;
    }
  }
  const best = topDocs[0];
  const coverage = best !== undefined && queryMass > 0 ? covered[best]! / queryMass : 0;
  const top = topScores[0] ?? 0;
  const second = topScores[1] ?? 0;

  // Reset scratch.
  for (let i = 0; i < c.nDocTouched; i++) {
    const d = docTouched[i]!;
    covered[d] = 0;
    total[d] = 0;
    inTouched[d] = 0;
  }
  c.nDocTouched = 0;
  if (c.epoch > 1e9) {
    c.epoch = 0;
    stamp.fill(0);
  }

  const confidence = confidenceOf(index.params, coverage, top, second);
  if (debug) {
    debug.coverage = coverage;
    debug.top = top;
    debug.second = second;
    debug.self = queryMass;
  }
  const hits: SearchHit[] = [];
  for (let i = 0; i < Math.min(limit, topDocs.length); i++) hits.push({ id: index.docIds[topDocs[i]!]!, score: topScores[i]! });
  return { hits, confidence, outcome: outcomeOf(index.params, confidence, hits.length > 0) };
}
