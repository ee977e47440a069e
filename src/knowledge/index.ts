// The retrieval index. PURE: no I/O, no clock. The index is plain JSON (per
// field, the sorted terms and, beside them, their postings as arrays of
// numbers) so it can be built ahead of time: the Worker reads it from a static
// asset (scripts/build-content.ts) and searches it as it is, without decoding
// anything. Terms are found by binary search: keyed objects of ~19,000 terms
// took twice as long to parse (a cost every fresh Worker isolate pays).
//
// Terms: character bigrams of the normalised text (optionally trigrams), word-
// like units (kanji runs with okurigana folded, katakana runs, English stems;
// a kanji compound also yields the known words inside it: 免除申請 → 免除, 申請)
// and synonym groups (content/knowledge/synonyms.yaml).
//
// Scoring: BM25 per field. Question variants are scored one by one and the
// best variant counts (query–question similarity), beside all variants
// together, the title, the keywords and the body.
//
// Confidence: a logistic model over how much of the query the best topic
// explains (anywhere, and within its single best question), the margin over
// the next topic and the score per unit of query weight. Unknown words in the
// query ("粗大ごみ", "パスポート") lower the coverage, so out-of-scope
// questions are declined.

import { analyzeText } from './normalize.ts';
import { compileSynonyms, matchSynonyms, type CompiledSynonyms, type SynonymGroup } from './synonym-match.ts';

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

/** One scored field of the index (JSON). */
export interface FieldIndex {
  name: string;
  /** 'max': each text is its own unit and the best unit counts; 'sum': one unit per document. */
  mode: 'max' | 'sum';
  weight: number;
  /** BM25 length normalisation. */
  b: number;
  /** 'max' fields: the number of units of each document, in order. */
  units?: number[];
  /** unit → length in terms (not for a field with `from`) */
  unitLen?: number[];
  /**
   * The field's terms, sorted by UTF-16 code units (the order of `<`); only terms with a
   * positive weight. Not for a field with `from`.
   */
  terms?: string[];
  /** postings[i]: where terms[i] occurs, [unit, tf, unit, tf, …] with units ascending. */
  postings?: number[][];
  /** A 'sum' field computed at load time from the named 'max' field (its postings summed per document). */
  from?: string;
}

export interface KnowledgeIndex {
  format: 'renkei-knowledge/4';
  docIds: string[];
  fields: FieldIndex[];
  params: IndexParams;
  /** The synonym matcher, applied to queries as it was to the documents. */
  synonyms: CompiledSynonyms;
}

export interface ConfidenceModel {
  /** logit = bias + Σ weight × feature */
  bias: number;
  /** share of the query's weight found anywhere in the best topic (0–1) */
  coverage: number;
  /** share of the query's weight found in the best topic's single best question or title (0–1) */
  questionCoverage: number;
  /** (top − second) / top (0–1) */
  margin: number;
  /** weight of log(1 + top score / query weight) */
  strength: number;
  /** confident when confidence ≥ this */
  confident: number;
  /** unsure ("もしかして") when confidence ≥ this, else none */
  unsure: number;
  /**
   * A query carrying little information (total query-term weight below `lightMass`, e.g. one
   * common word such as 「介護」 or 「病院」) is answered outright only when one topic stands
   * out by at least `lightMargin`; otherwise the person is offered the closest topics.
   */
  lightMass: number;
  lightMargin: number;
}

export interface IndexParams {
  k1: number;
  b: number;
  /** Query-term weights by kind; a kind with weight 0 is not indexed. */
  kindWeight: { uni: number; bi: number; tri: number; unit: number; sub: number; word: number; syn: number; hira: number };
  confidence: ConfidenceModel;
}

export const DEFAULT_PARAMS: IndexParams = {
  k1: 2,
  b: 0.75,
  kindWeight: { uni: 0.5, bi: 0.5, tri: 0, unit: 2, sub: 1.5, word: 1.5, syn: 2, hira: 1 },
  // Fitted (logistic regression) on held-out question variants of the articles,
  // the dev questions and out-of-scope questions (scripts/eval.ts --cv shows
  // the calibration; refit when the articles change a lot).
  confidence: { bias: -5.2, coverage: 4.65, questionCoverage: 0, margin: 2.25, strength: 1.0, confident: 0.4, unsure: 0.12, lightMass: 8, lightMargin: 0.3 },
};

interface FieldSpec {
  name: string;
  source: SourceField;
  mode: 'max' | 'sum';
  weight: number;
  b?: number;
  from?: string;
}

const FIELD_SPECS: FieldSpec[] = [
  { name: 'question', source: 'questions', mode: 'max', weight: 3 },
  { name: 'questions', source: 'questions', mode: 'sum', weight: 1, from: 'question' },
  { name: 'title', source: 'title', mode: 'max', weight: 2, b: 0.9 },
  { name: 'keywords', source: 'keywords', mode: 'sum', weight: 1.6 },
  { name: 'body', source: 'body', mode: 'sum', weight: 1.4, b: 0.6 },
];

export interface BuildOptions {
  params?: Partial<Omit<IndexParams, 'kindWeight' | 'confidence'>> & {
    kindWeight?: Partial<IndexParams['kindWeight']>;
    confidence?: Partial<ConfidenceModel>;
  };
  fieldWeights?: Partial<Record<string, number>>;
  fieldB?: Partial<Record<string, number>>;
}

// ---------------------------------------------------------------------------
// Topics → documents

/** The parts of a topic the index reads (structurally a Topic from src/content/article.ts). */
export interface TopicLike {
  id: string;
  byLang: Partial<Record<string, { title: string; questions: string[]; keywords: string[]; summary: string; more: string } | undefined>>;
}

/**
 * Replaces {{path}} placeholders (via `resolve`, e.g. city values) and drops
 * {{#if}} / {{else}} / {{/if}} markers.
 */
function expandTemplate(text: string, lang: string, resolve?: (path: string, lang: string) => string | undefined): string {
  return text.replace(/\{\{\s*([#/]?)([^}]*)\}\}/g, (_m, sigil: string, inner: string) => {
    if (sigil || inner.trim() === 'else' || !resolve) return ' ';
    return ` ${resolve(inner.trim(), lang) ?? ''} `;
  });
}

/**
 * One document per topic, all languages merged (a topic is language-independent).
 * `resolve` may supply the city's values for {{placeholders}} so that, e.g., the
 * name of the city's ICT tool is searchable; without it placeholders are dropped.
 */
export function topicDocsFromTopics(topics: readonly TopicLike[], resolve?: (path: string, lang: string) => string | undefined): KnowledgeDoc[] {
  return topics.map((t) => {
    const fields: KnowledgeDoc['fields'] = { questions: [], title: [], keywords: [], body: [] };
    for (const [lang, view] of Object.entries(t.byLang)) {
      if (!view) continue;
      fields.title.push(view.title);
      fields.questions.push(...view.questions);
      fields.keywords.push(...view.keywords.map(String));
      fields.body.push(expandTemplate(view.summary, lang, resolve), expandTemplate(view.more, lang, resolve));
    }
    return { id: t.id, fields };
  });
}

// ---------------------------------------------------------------------------
// Terms

enum Kind {
  Uni,
  Bi,
  Tri,
  Unit,
  Word,
  Syn,
}

const HAN_START = /^\p{Script=Han}/u;
const HIRAGANA_ONLY = /^[\u3041-\u309f]+$/;

/** Terms of a text in order (duplicates kept, for term frequency). */
export function termsOf(
  text: string,
  syn: CompiledSynonyms | null,
  isKnownUnit: ((unit: string) => boolean) | null = null,
  trigrams = false,
  out: string[] = [],
  subPrefix = '_',
): string[] {
  const a = analyzeText(text);
  for (const run of a.jaRuns) {
    const chars = Array.from(run);
    if (chars.length === 1) out.push(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    if (trigrams) for (let i = 0; i + 2 < chars.length; i++) out.push(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  for (const u of a.units) {
    out.push(`_${u}`);
    // A kanji compound also yields the known words inside it (免除申請 → 免除, 申請).
    if (isKnownUnit && u.length >= 3 && HAN_START.test(u)) {
      for (let i = 0; i < u.length - 1; i++) {
        for (let j = i + 2; j <= u.length; j++) {
          if (j - i === u.length) continue;
          const sub = u.slice(i, j);
          if (isKnownUnit(sub)) out.push(`${subPrefix}${sub}`);
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

function kindOf(term: string): Kind {
  const c = term.charCodeAt(0);
  if (c === 0x5f /* _ */) return /^_[a-z0-9]/.test(term) ? Kind.Word : Kind.Unit;
  if (c === 0x7e /* ~ */) return Kind.Syn;
  const n = Array.from(term).length;
  return n === 1 ? Kind.Uni : n === 2 ? Kind.Bi : Kind.Tri;
}

function termWeight(params: IndexParams, term: string): number {
  const kw = params.kindWeight;
  const k = kindOf(term);
  let w = k === Kind.Uni ? kw.uni : k === Kind.Bi ? kw.bi : k === Kind.Tri ? kw.tri : k === Kind.Unit ? kw.unit : k === Kind.Word ? kw.word : kw.syn;
  if (k <= Kind.Tri && HIRAGANA_ONLY.test(term)) w *= kw.hira;
  return w;
}

// ---------------------------------------------------------------------------
// Build

function mergeParams(options: BuildOptions): IndexParams {
  const p = options.params ?? {};
  return {
    k1: p.k1 ?? DEFAULT_PARAMS.k1,
    b: p.b ?? DEFAULT_PARAMS.b,
    kindWeight: { ...DEFAULT_PARAMS.kindWeight, ...p.kindWeight },
    confidence: { ...DEFAULT_PARAMS.confidence, ...p.confidence },
  };
}

/**
 * Builds the index. `synonyms` are the groups from synonyms.yaml (or already
 * compiled). Document ids must be unique.
 */
export function buildKnowledgeIndex(
  docs: readonly KnowledgeDoc[],
  synonyms: readonly SynonymGroup[] | CompiledSynonyms,
  options: BuildOptions = {},
): KnowledgeIndex {
  const syn = Array.isArray(synonyms) ? compileSynonyms(synonyms as SynonymGroup[]) : (synonyms as CompiledSynonyms);
  const params = mergeParams(options);
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new Error(`duplicate document id ${d.id}`);
    seen.add(d.id);
  }
  // Kanji words seen as whole runs anywhere, to split compounds.
  const vocab = new Set<string>();
  for (const d of docs) {
    for (const texts of Object.values(d.fields)) for (const t of texts) for (const u of analyzeText(t).units) vocab.add(u);
  }
  const known = (u: string): boolean => vocab.has(u);
  const trigrams = params.kindWeight.tri > 0;
  const cache = new Map<string, string[]>();
  const terms = (text: string): string[] => {
    let t = cache.get(text);
    if (!t) cache.set(text, (t = termsOf(text, syn, known, trigrams)));
    return t;
  };

  const fields: FieldIndex[] = FIELD_SPECS.map((spec) => {
    const weight = options.fieldWeights?.[spec.name] ?? spec.weight;
    const b = options.fieldB?.[spec.name] ?? spec.b ?? params.b;
    if (spec.from) return { name: spec.name, mode: spec.mode, weight, b, from: spec.from };
    const unitDoc: number[] = [];
    const unitLen: number[] = [];
    const pairs = new Map<string, number[]>();
    docs.forEach((doc, di) => {
      const texts = doc.fields[spec.source] ?? [];
      const groups = spec.mode === 'max' ? texts.map((t) => terms(t)) : [texts.flatMap((t) => terms(t))];
      for (const list of groups) {
        if (spec.mode === 'max' && list.length === 0) continue;
        const unit = unitLen.length;
        unitDoc.push(di);
        unitLen.push(list.length);
        const tf = new Map<string, number>();
        for (const t of list) if (termWeight(params, t) > 0) tf.set(t, (tf.get(t) ?? 0) + 1);
        for (const [t, n] of tf) {
          let p = pairs.get(t);
          if (!p) pairs.set(t, (p = []));
          p.push(unit, n);
        }
      }
    });
    // Array.prototype.sort compares UTF-16 code units, as `<` does in findTerm.
    const sorted = [...pairs.keys()].sort();
    const postings = sorted.map((t) => pairs.get(t)!);
    if (spec.mode === 'sum') return { name: spec.name, mode: spec.mode, weight, b, unitLen, terms: sorted, postings };
    const units = docs.map(() => 0);
    for (const d of unitDoc) units[d]!++;
    return { name: spec.name, mode: spec.mode, weight, b, units, unitLen, terms: sorted, postings };
  });
  return { format: 'renkei-knowledge/4', docIds: docs.map((d) => d.id), fields, params, synonyms: syn };
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
  /** 0–1: how likely the first hit is the right answer. */
  confidence: number;
  outcome: SearchOutcome;
}

export interface SearchOptions {
  limit?: number;
}

/** The confidence features of the last search (for calibration and tests). */
export interface SearchFeatures {
  coverage: number;
  questionCoverage: number;
  margin: number;
  strength: number;
  top: number;
  second: number;
}

interface CompiledField {
  name: string;
  mode: 'max' | 'sum';
  weight: number;
  /** the field's terms and postings as stored in the index (a field derived from another: null) */
  stored: { terms: readonly string[]; postings: readonly (readonly number[])[] } | null;
  /** the 'max' field a derived field sums up */
  source: CompiledField | null;
  unitDoc: Int32Array;
  /** unit → length in terms */
  unitLen: Float64Array;
  unitNorm: Float64Array;
  /** postings found so far (a derived field: summed on first use), indexed terms only */
  found: Map<string, readonly number[]>;
  idf: Map<string, number>;
  unitScore: Float64Array;
  unitCov: Float64Array;
  touched: Int32Array;
  nTouched: number;
  docScore: Float64Array;
  /** 'max' fields: best unit coverage per document */
  docCov: Float64Array;
}

interface Compiled {
  n: number;
  k1: number;
  synonyms: CompiledSynonyms;
  fields: CompiledField[];
  /** global idf per term (documents with the term in any field), filled on first use */
  gidf: Map<string, number>;
  maxIdf: number;
  covered: Float64Array;
  stamp: Int32Array;
  epoch: number;
  docTouched: Int32Array;
  nDocTouched: number;
  inTouched: Uint8Array;
  /** scratch for counting distinct documents */
  seen: Int32Array;
  seenEpoch: number;
}

const compiledCache = new WeakMap<KnowledgeIndex, Compiled>();

function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Prepares the index for searching (once per index object). Cheap: the
 * postings are searched as they are; only the per-unit lengths are turned
 * into BM25 norms and scratch arrays are allocated.
 */
function compile(index: KnowledgeIndex): Compiled {
  const cached = compiledCache.get(index);
  if (cached) return cached;
  if (index.format !== 'renkei-knowledge/4') throw new Error(`unsupported knowledge index format ${String(index.format)}`);
  const n = index.docIds.length;
  const { k1 } = index.params;
  const byName = new Map<string, CompiledField>();
  const fields = index.fields.map((f): CompiledField => {
    const source = f.from ? (byName.get(f.from) ?? null) : null;
    if (f.from && source?.mode !== 'max') throw new Error(`field ${f.name}: unknown source field ${f.from}`);
    let unitDoc: Int32Array;
    let unitLen: Float64Array;
    if (source) {
      unitDoc = Int32Array.from({ length: n }, (_, i) => i);
      unitLen = new Float64Array(n);
      const srcLen = source.unitLen;
      for (let u = 0; u < srcLen.length; u++) {
        const d = source.unitDoc[u]!;
        unitLen[d] = unitLen[d]! + srcLen[u]!;
      }
    } else {
      if (f.mode === 'max') {
        const units = f.units ?? [];
        if (units.length !== n) throw new Error(`field ${f.name}: units of ${units.length} documents, not ${n}`);
        unitDoc = new Int32Array(units.reduce((a, x) => a + x, 0));
        let u = 0;
        units.forEach((count, d) => {
          unitDoc.fill(d, u, u + count);
          u += count;
        });
      } else unitDoc = Int32Array.from({ length: n }, (_, i) => i);
      if (f.unitLen?.length !== unitDoc.length) throw new Error(`field ${f.name}: unitLen does not match its units`);
      if (!f.terms || f.postings?.length !== f.terms.length) throw new Error(`field ${f.name}: terms and postings do not match`);
      unitLen = Float64Array.from(f.unitLen);
    }
    const units = unitLen.length;
    let total = 0;
    for (let u = 0; u < units; u++) total += unitLen[u]!;
    const avg = units > 0 && total > 0 ? total / units : 1;
    const unitNorm = new Float64Array(units);
    for (let u = 0; u < units; u++) unitNorm[u] = k1 * (1 - f.b + (f.b * unitLen[u]!) / avg);
    const cf: CompiledField = {
      name: f.name,
      mode: f.mode,
      weight: f.weight,
      stored: source ? null : { terms: f.terms!, postings: f.postings! },
      source,
      unitDoc,
      unitLen,
      unitNorm,
      found: new Map(),
      idf: new Map(),
      unitScore: new Float64Array(units),
      unitCov: new Float64Array(units),
      touched: new Int32Array(units),
      nTouched: 0,
      docScore: new Float64Array(n),
      docCov: new Float64Array(n),
    };
    byName.set(f.name, cf);
    return cf;
  });
  const c: Compiled = {
    n,
    k1,
    synonyms: index.synonyms,
    fields,
    gidf: new Map(),
    maxIdf: idfOf(n, 0),
    covered: new Float64Array(n),
    stamp: new Int32Array(n),
    epoch: 0,
    docTouched: new Int32Array(n),
    nDocTouched: 0,
    inTouched: new Uint8Array(n),
    seen: new Int32Array(n),
    seenEpoch: 0,
  };
  compiledCache.set(index, c);
  return c;
}

/** Position of `t` in sorted `terms`, or -1. */
function findTerm(terms: readonly string[], t: string): number {
  let lo = 0;
  let hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = terms[mid]!;
    if (m < t) lo = mid + 1;
    else if (m > t) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Postings of a term in a field ([unit, tf, …]), or null when the field does not have it. */
function postingsOf(f: CompiledField, t: string): readonly number[] | null {
  const hit = f.found.get(t);
  if (hit) return hit;
  let p: readonly number[] | null = null;
  if (f.stored) {
    const i = findTerm(f.stored.terms, t);
    if (i >= 0) p = f.stored.postings[i]!;
  } else {
    // Sum of the term frequency over a document's units, per document.
    const sp = f.source ? postingsOf(f.source, t) : null;
    if (sp) {
      const q: number[] = [];
      for (let i = 0; i < sp.length; i += 2) {
        const d = f.source!.unitDoc[sp[i]!]!;
        if (q.length && q[q.length - 2] === d) q[q.length - 1] = q[q.length - 1]! + sp[i + 1]!;
        else q.push(d, sp[i + 1]!);
      }
      p = q;
    }
  }
  // Only terms of the index are kept: unknown query terms would grow the map without bound.
  if (p) f.found.set(t, p);
  return p;
}

/** Number of distinct documents in the postings of `t` over the given fields. */
function docFreq(c: Compiled, fields: readonly CompiledField[], t: string): number {
  const epoch = ++c.seenEpoch;
  let df = 0;
  for (const f of fields) {
    const p = postingsOf(f, t);
    if (!p) continue;
    for (let i = 0; i < p.length; i += 2) {
      const d = f.unitDoc[p[i]!]!;
      if (c.seen[d] !== epoch) {
        c.seen[d] = epoch;
        df++;
      }
    }
  }
  return df;
}

function fieldIdf(c: Compiled, f: CompiledField, t: string): number {
  let v = f.idf.get(t);
  if (v === undefined) f.idf.set(t, (v = idfOf(c.n, docFreq(c, [f], t))));
  return v;
}

/** Global idf of a term, or undefined when no document has it. */
function globalIdf(c: Compiled, t: string): number | undefined {
  const v = c.gidf.get(t);
  if (v !== undefined) return v;
  const df = docFreq(c, c.fields, t);
  if (df === 0) return undefined; // not cached (see postingsOf)
  const idf = idfOf(c.n, df);
  c.gidf.set(t, idf);
  return idf;
}

/** Prepares an index for searching (otherwise done on the first search); cheap. */
export function warmKnowledgeIndex(index: KnowledgeIndex): void {
  compile(index);
}

/** The distinct terms of a query with their weights. */
function queryTerms(index: KnowledgeIndex, c: Compiled, query: string): { terms: string[]; weights: number[] } {
  // Known words inside a compound come back as "=word": they match "_word"
  // with their own (lower) weight, so an unknown compound still counts as unknown.
  const all = termsOf(query, c.synonyms, (u) => globalIdf(c, `_${u}`) !== undefined, index.params.kindWeight.tri > 0, [], '=');
  const at = new Map<string, number>();
  const terms: string[] = [];
  const weights: number[] = [];
  for (const raw of all) {
    const sub = raw.charCodeAt(0) === 0x3d; /* = */
    const t = sub ? `_${raw.slice(1)}` : raw;
    const w = sub ? index.params.kindWeight.sub : termWeight(index.params, t);
    if (w <= 0) continue;
    const i = at.get(t);
    if (i === undefined) {
      at.set(t, terms.length);
      terms.push(t);
      weights.push(w);
    } else if (w > weights[i]!) weights[i] = w;
  }
  return { terms, weights };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The calibrated confidence (0–1) that the first hit is the right answer. */
export function confidenceOf(model: ConfidenceModel, f: Omit<SearchFeatures, 'top' | 'second'>): number {
  return sigmoid(
    model.bias + model.coverage * f.coverage + model.questionCoverage * f.questionCoverage + model.margin * f.margin + model.strength * Math.log1p(f.strength),
  );
}

export function outcomeOf(model: ConfidenceModel, confidence: number, hasHits: boolean): SearchOutcome {
  if (!hasHits) return 'none';
  if (confidence >= model.confident) return 'confident';
  if (confidence >= model.unsure) return 'unsure';
  return 'none';
}

/**
 * Searches the index: the best topics first (at most `limit`, default 5), a
 * confidence and the outcome ('confident' → answer; 'unsure' → 「もしかして」;
 * 'none' → say so). `features`, when given, receives the confidence features.
 */
export function searchKnowledge(index: KnowledgeIndex, query: string, options: SearchOptions = {}, features?: SearchFeatures): SearchResult {
  const limit = Math.max(1, Math.floor(options.limit ?? 5));
  const c = compile(index);
  const { k1 } = index.params;
  const { terms, weights } = queryTerms(index, c, query);
  let queryMass = 0;
  const { covered, stamp, docTouched, inTouched } = c;
  c.nDocTouched = 0;

  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti]!;
    const w = weights[ti]!;
    const g = globalIdf(c, t);
    queryMass += w * (g ?? c.maxIdf);
    if (g === undefined) continue;
    const mass = w * g;
    const epoch = ++c.epoch;
    for (const f of c.fields) {
      const p = postingsOf(f, t);
      if (!p) continue;
      const wi = w * fieldIdf(c, f, t);
      const { unitScore, unitCov, unitNorm, unitDoc, touched } = f;
      for (let i = 0; i < p.length; i += 2) {
        const u = p[i]!;
        const tf = p[i + 1]!;
        if (unitScore[u] === 0) touched[f.nTouched++] = u;
        unitScore[u] = unitScore[u]! + (wi * tf * (k1 + 1)) / (tf + unitNorm[u]!);
        unitCov[u] = unitCov[u]! + mass;
        const d = unitDoc[u]!;
        if (stamp[d] !== epoch) {
          stamp[d] = epoch;
          covered[d] = covered[d]! + mass;
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
    const { unitScore, unitCov, unitDoc, touched, docScore, docCov } = f;
    for (let i = 0; i < f.nTouched; i++) {
      const u = touched[i]!;
      const d = unitDoc[u]!;
      const s = unitScore[u]!;
      if (f.mode === 'max') {
        if (s > docScore[d]!) docScore[d] = s;
        if (unitCov[u]! > docCov[d]!) docCov[d] = unitCov[u]!;
      } else docScore[d] = docScore[d]! + s;
      unitScore[u] = 0;
      unitCov[u] = 0;
    }
    f.nTouched = 0;
  }

  // Combine fields and keep the best documents.
  const k = Math.max(limit, 2);
  const topDocs: number[] = [];
  const topScores: number[] = [];
  let topQCov = 0;
  let topCov = 0;
  for (let i = 0; i < c.nDocTouched; i++) {
    const d = docTouched[i]!;
    let s = 0;
    for (const f of c.fields) s += f.weight * f.docScore[d]!;
    if (s > 0 && (topDocs.length < k || s > topScores[topDocs.length - 1]!)) {
      if (topDocs.length < k) {
        topDocs.push(d);
        topScores.push(s);
      }
      let j = topDocs.length - 1;
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
  if (best !== undefined && queryMass > 0) {
    topCov = covered[best]! / queryMass;
    for (const f of c.fields) if (f.mode === 'max' && f.docCov[best]! > topQCov) topQCov = f.docCov[best]!;
    topQCov /= queryMass;
  }

  // Reset the scratch arrays (only what this query touched).
  for (let i = 0; i < c.nDocTouched; i++) {
    const d = docTouched[i]!;
    covered[d] = 0;
    inTouched[d] = 0;
    for (const f of c.fields) {
      f.docScore[d] = 0;
      f.docCov[d] = 0;
    }
  }
  c.nDocTouched = 0;
  if (c.epoch > 1e9) {
    c.epoch = 0;
    stamp.fill(0);
  }

  const top = topScores[0] ?? 0;
  const second = topScores[1] ?? 0;
  const feat = {
    coverage: topCov,
    questionCoverage: topQCov,
    margin: top > 0 ? (top - second) / top : 0,
    strength: queryMass > 0 ? top / queryMass : 0,
  };
  const confidence = top > 0 ? confidenceOf(index.params.confidence, feat) : 0;
  if (features) Object.assign(features, feat, { top, second });
  const hits: SearchHit[] = [];
  for (let i = 0; i < Math.min(limit, topDocs.length); i++) hits.push({ id: index.docIds[topDocs[i]!]!, score: topScores[i]! });
  const model = index.params.confidence;
  let outcome = outcomeOf(model, confidence, hits.length > 0);
  if (outcome === 'confident' && queryMass < model.lightMass && feat.margin < model.lightMargin) outcome = 'unsure';
  return { hits, confidence, outcome };
}
