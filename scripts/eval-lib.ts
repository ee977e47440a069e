// Helpers for scripts/eval.ts: reading the LocalgovFAQ development half at run
// time (never copied into the repository) and a plain bigram BM25 baseline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LgCorpusDoc {
  id: string;
  title: string;
  body: string;
}

export interface LgData {
  docs: LgCorpusDoc[];
  queries: { id: string; q: string }[];
  qrels: Record<string, Record<string, number>>;
}

export function readLocalgovFaq(dir: string): LgData {
  const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as Record<string, string>;
  const queries = JSON.parse(readFileSync(join(dir, 'queries-dev.json'), 'utf8')) as Record<string, string>;
  const qrels = JSON.parse(readFileSync(join(dir, 'qrels-dev.json'), 'utf8')) as Record<string, Record<string, number>>;
  const docs = Object.entries(corpus).map(([id, text]) => {
    const m = /^Question:\s*([\s\S]*?)\nAnswer:\s*([\s\S]*)$/.exec(text);
    return { id, title: (m?.[1] ?? text).trim(), body: (m?.[2] ?? '').trim() };
  });
  return { docs, queries: Object.entries(queries).map(([id, q]) => ({ id, q })), qrels };
}

/** Plain character-bigram BM25 over question + answer (the reference baseline). */
export function bigramBm25(docs: LgCorpusDoc[]): (q: string, k: number) => string[] {
  const k1 = 1.2;
  const b = 0.75;
  const grams = (s: string): string[] => {
    const t = Array.from(s.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
    const out: string[] = [];
    for (let i = 0; i + 1 < t.length; i++) out.push(t[i]! + t[i + 1]!);
    return out;
  };
  const postings = new Map<string, [number, number][]>();
  const lens: number[] = [];
  docs.forEach((d, i) => {
    const g = grams(`${d.title}\n${d.body}`);
    lens.push(g.length);
    const tf = new Map<string, number>();
    for (const x of g) tf.set(x, (tf.get(x) ?? 0) + 1);
    for (const [x, n] of tf) {
      let p = postings.get(x);
      if (!p) postings.set(x, (p = []));
      p.push([i, n]);
    }
  });
  const avg = lens.reduce((a, x) => a + x, 0) / Math.max(1, lens.length);
  const N = docs.length;
  return (q, k) => {
    const scores = new Float64Array(N);
    for (const x of new Set(grams(q))) {
      const p = postings.get(x);
      if (!p) continue;
      const idf = Math.log(1 + (N - p.length + 0.5) / (p.length + 0.5));
      for (const [i, n] of p) scores[i] = scores[i]! + (idf * n * (k1 + 1)) / (n + k1 * (1 - b + (b * lens[i]!) / avg));
    }
    return Array.from(scores.keys())
      .filter((i) => scores[i]! > 0)
      .sort((a, z) => scores[z]! - scores[a]!)
      .slice(0, k)
      .map((i) => docs[i]!.id);
  };
}

/** hit@1 / hit@3 over queries that have at least one grade-2 document. */
export function lgHits(data: LgData, rank: (q: string) => string[]): { hit1: number; hit3: number; n: number } {
  let h1 = 0;
  let h3 = 0;
  let n = 0;
  for (const { id, q } of data.queries) {
    const rel = data.qrels[id] ?? {};
    const good = new Set(Object.entries(rel).filter(([, g]) => g === 2).map(([d]) => d));
    if (good.size === 0) continue;
    n++;
    const r = rank(q);
    if (r[0] !== undefined && good.has(r[0])) h1++;
    if (r.slice(0, 3).some((d) => good.has(d))) h3++;
  }
  return { hit1: n ? h1 / n : 0, hit3: n ? h3 / n : 0, n };
}

/** Variant: a hit is any document with grade ≥ minGrade; all queries with such a document. */
export function lgHitsGrade(data: LgData, rank: (q: string) => string[], minGrade: number): { hit1: number; hit3: number; n: number } {
  let h1 = 0, h3 = 0, n = 0;
  for (const { id, q } of data.queries) {
    const good = new Set(Object.entries(data.qrels[id] ?? {}).filter(([, g]) => g >= minGrade).map(([d]) => d));
    if (good.size === 0) continue;
    n++;
    const r = rank(q);
    if (r[0] !== undefined && good.has(r[0])) h1++;
    if (r.slice(0, 3).some((d) => good.has(d))) h3++;
  }
  return { hit1: h1 / n, hit3: h3 / n, n };
}
