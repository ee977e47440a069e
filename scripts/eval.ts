/**
 * `npm run eval`: retrieval and safety figures.
 *
 * 1. ../shared/eval/faq-dev.jsonl against the articles in content/:
 *    hit@1 / hit@3 (first candidate / top three), answered (confident and right),
 *    confidently wrong, emergency recall, false alarms (NOT_EMERGENCY and topic
 *    questions), out-of-scope declined (no confident answer).
 *    Emergency recall and false alarms count the 119 / crisis card (triage level a).
 *    Then the same figures for the project's own development questions
 *    (test/knowledge/fixtures/faq-dev-project.jsonl: topics added after the shared set).
 * 2. ../shared/eval/localgovfaq (development half): hit@1 / hit@3 (a grade-2
 *    document first / in the top three) for this engine (title → title field,
 *    answer → body field, as `renkei rank` does) beside a plain character-bigram
 *    BM25 over question + answer, computed in the same run. The data is read
 *    from ../shared at run time and never copied into the repository.
 *
 * 3. triage (scripts/eval-triage.ts): recall per level, style and concept, near-miss
 *    false alarms, on test/triage/ and, separately, on the blind set test/triage/blind/.
 *
 *   --cv        also 5-fold cross-validation over the articles' own question
 *               variants (each fold's questions removed from the index and asked)
 *   --verbose   list every miss
 *   --shared D  the shared folder (default ../shared, or $RENKEI_SHARED)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readKnowledgeSources } from '../src/content/read-articles.ts';
import type { Topic } from '../src/content/article.ts';
import { triage, type TriageModel } from '../src/knowledge/triage.ts';
import { loadTriageModel, triageEval } from './eval-triage.ts';
import { buildKnowledgeIndex, searchKnowledge, topicDocsFromTopics, type KnowledgeDoc, type KnowledgeIndex } from '../src/knowledge/index.ts';
import { parseSynonyms } from '../src/knowledge/synonyms.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const verbose = argv.includes('--verbose');
const SHARED = resolve(opt('--shared') ?? process.env.RENKEI_SHARED ?? join(ROOT, '..', 'shared'));

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const frac = (a: number, b: number) => `${a}/${b} = ${b ? pct(a / b) : '—'}`;

interface DevLine {
  id: string;
  q: string;
  expect: string;
}

async function main(): Promise<void> {
  const { topics, synonyms, errors } = await readKnowledgeSources(join(ROOT, 'content'));
  if (errors.length) {
    console.log(`content: ${errors.length} problem(s) (run npm run check); first: ${errors[0]!.file} ${errors[0]!.path}: ${errors[0]!.message}`);
  }
  const t0 = performance.now();
  const index = buildKnowledgeIndex(topicDocsFromTopics(topics), synonyms);
  const buildMs = performance.now() - t0;
  console.log(`knowledge: ${topics.length} topics, index built in ${buildMs.toFixed(0)} ms, ${(JSON.stringify(index).length / 1024).toFixed(0)} KB as JSON`);

  lookupTime(topics, synonyms);

  const devPath = join(SHARED, 'eval', 'faq-dev.jsonl');
  if (existsSync(devPath)) faqDev(index, loadTriageModel(ROOT), readFileSync(devPath, 'utf8'), 'faq-dev.jsonl');
  // The project's own development questions (the topics added since the shared set was written).
  const projectDev = join(ROOT, 'test', 'knowledge', 'fixtures', 'faq-dev-project.jsonl');
  if (existsSync(projectDev)) faqDev(index, loadTriageModel(ROOT), readFileSync(projectDev, 'utf8'), 'faq-dev-project.jsonl (test/knowledge/fixtures/)');
  else console.log(`(no ${devPath})`);

  if (argv.includes('--cv')) crossValidate(topics, synonyms);

  const lgDir = join(SHARED, 'eval', 'localgovfaq');
  if (existsSync(join(lgDir, 'corpus.json'))) localgov(lgDir);
  else console.log(`(no ${lgDir})`);

  // Emergency triage: the development set and the blind set (scripts/eval-triage.ts).
  triageEval(verbose);
}

function faqDev(index: KnowledgeIndex, model: TriageModel, text: string, label: string): void {
  const lines = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevLine);
  let topicN = 0;
  let h1 = 0;
  let h3 = 0;
  let answered = 0;
  let wrongConfident = 0;
  let emN = 0;
  let emHit = 0;
  let faN = 0;
  let fa = 0;
  let oosN = 0;
  let oosDeclined = 0;
  const misses: string[] = [];
  for (const d of lines) {
    // The 119 or crisis card (triage level a); levels b and c are not alarms.
    const t = triage(model, d.q);
    const alarm = t?.level === 'a' ? t : null;
    const r = searchKnowledge(index, d.q, { limit: 5 });
    const ids = r.hits.map((h) => h.id);
    const confident = r.outcome === 'confident';
    if (d.expect === 'EMERGENCY') {
      emN++;
      if (alarm) emHit++;
      else misses.push(`MISSED EMERGENCY ${d.id} ${d.q}`);
      continue;
    }
    faN++;
    if (alarm) {
      fa++;
      misses.push(`FALSE ALARM ${d.id} ${d.q} (${alarm.kind}:${alarm.concept})`);
    }
    if (d.expect === 'NOT_EMERGENCY') continue;
    if (d.expect === 'OUT_OF_SCOPE') {
      oosN++;
      if (!confident) oosDeclined++;
      else misses.push(`ANSWERED OUT-OF-SCOPE ${d.id} ${d.q} → ${ids[0]} (${r.confidence.toFixed(2)})`);
      continue;
    }
    topicN++;
    if (ids[0] === d.expect) h1++;
    if (ids.slice(0, 3).includes(d.expect)) h3++;
    if (confident && ids[0] === d.expect) answered++;
    if (confident && ids[0] !== d.expect) wrongConfident++;
    if (ids[0] !== d.expect || !confident) {
      misses.push(
        `${ids[0] === d.expect ? 'UNSURE' : 'MISS'} ${d.id} ${d.q} → [${ids.slice(0, 3).join(', ')}] want ${d.expect} (${r.outcome} ${r.confidence.toFixed(2)})`,
      );
    }
  }
  console.log(`\n${label}`);
  console.log(`  hit@1                 ${frac(h1, topicN)}`);
  console.log(`  hit@3                 ${frac(h3, topicN)}`);
  console.log(`  answered (confident)  ${frac(answered, topicN)}   confidently wrong: ${wrongConfident}`);
  console.log(`  emergency recall      ${frac(emHit, emN)}`);
  console.log(`  false alarms          ${frac(fa, faN)}   (NOT_EMERGENCY + topic + out-of-scope questions)`);
  console.log(`  out-of-scope declined ${frac(oosDeclined, oosN)}`);
  if (verbose) for (const m of misses) console.log(`    ${m}`);
}

/** 5-fold cross-validation over the articles' question variants (a tuning aid). */
function crossValidate(topics: Topic[], synonyms: string[][]): void {
  const folds = 5;
  let n = 0;
  let h1 = 0;
  let h3 = 0;
  let conf = 0;
  let confRight = 0;
  const buckets = new Map<number, [number, number]>();
  for (let f = 0; f < folds; f++) {
    const held: { q: string; id: string }[] = [];
    const trimmed = topics.map((t) => {
      const byLang: Record<string, unknown> = {};
      for (const [lang, v] of Object.entries(t.byLang)) {
        if (!v) continue;
        const keep: string[] = [];
        v.questions.forEach((q, i) => {
          if ((i + f) % folds === 0) held.push({ q, id: t.id });
          else keep.push(q);
        });
        byLang[lang] = { ...v, questions: keep };
      }
      return { ...t, byLang } as Topic;
    });
    const index = buildKnowledgeIndex(topicDocsFromTopics(trimmed), synonyms);
    for (const { q, id } of held) {
      const r = searchKnowledge(index, q, { limit: 3 });
      const ids = r.hits.map((h) => h.id);
      n++;
      if (ids[0] === id) h1++;
      if (ids.includes(id)) h3++;
      if (r.outcome === 'confident') {
        conf++;
        if (ids[0] === id) confRight++;
      }
      const b = Math.min(9, Math.floor(r.confidence * 10));
      const cur = buckets.get(b) ?? [0, 0];
      cur[0]++;
      if (ids[0] === id) cur[1]++;
      buckets.set(b, cur);
      if (verbose && ids[0] !== id) console.log(`    CV MISS ${q} → [${ids.join(', ')}] want ${id}`);
    }
  }
  console.log('\ncross-validation over article question variants (5 folds)');
  console.log(`  hit@1 ${frac(h1, n)}   hit@3 ${frac(h3, n)}   confident ${frac(conf, n)}, of which right ${frac(confRight, conf)}`);
  console.log(
    `  calibration (confidence bucket: n, right): ${[...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([b, [c, r]]) => `${(b / 10).toFixed(1)}: ${c}, ${c ? pct(r / c) : '—'}`)
      .join(' | ')}`,
  );
}

/** Lookup time over about 220 articles (the topics four times over, ids made distinct). */
function lookupTime(topics: Topic[], synonyms: string[][]): void {
  const docs = [0, 1, 2, 3].flatMap((k) => topicDocsFromTopics(topics).map((d) => ({ ...d, id: `${d.id}#${k}` })));
  const index = buildKnowledgeIndex(docs, synonyms);
  const queries = topics.flatMap((t) => Object.values(t.byLang).flatMap((v) => v?.questions ?? []));
  for (const q of queries.slice(0, 50)) searchKnowledge(index, q); // warm up
  const rounds = 3;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const q of queries) searchKnowledge(index, q, { limit: 5 });
  const per = (performance.now() - t0) / (rounds * queries.length);
  console.log(`lookup: ${(per * 1000).toFixed(0)} µs per query over ${docs.length} articles (${queries.length} article questions × ${rounds})`);
}

function localgov(dir: string): void {
  const data = readLocalgovFaq(dir);
  const docs: KnowledgeDoc[] = data.docs.map((d) => ({ id: d.id, fields: { questions: [], title: [d.title], keywords: [], body: [d.body] } }));
  const synText = readFileSync(join(ROOT, 'content', 'knowledge', 'synonyms.yaml'), 'utf8');
  const index = buildKnowledgeIndex(docs, parseSynonyms(synText).groups);
  const base = bigramBm25(data.docs);
  const ours = lgHits(data, (q) => searchKnowledge(index, q, { limit: 3 }).hits.map((h) => h.id));
  const plain = lgHits(data, (q) => base(q, 3));
  // Lookup time on this corpus (1,786 documents), for information only.
  const t0 = performance.now();
  for (const { q } of data.queries) searchKnowledge(index, q, { limit: 10 });
  const perQuery = (performance.now() - t0) / data.queries.length;
  console.log(`\nLocalgovFAQ development half (${data.docs.length} documents, ${ours.n} queries with a grade-2 document)`);
  console.log(`  renkei engine          hit@1 ${ours.hit1.toFixed(3)}   hit@3 ${ours.hit3.toFixed(3)}`);
  console.log(`  plain bigram BM25      hit@1 ${plain.hit1.toFixed(3)}   hit@3 ${plain.hit3.toFixed(3)}`);
  console.log(`  (engine lookup ${perQuery.toFixed(2)} ms per query on this corpus)`);
}

// ---------------------------------------------------------------------------
// LocalgovFAQ: read at run time from ../shared (never copied into the repository)

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
    const good = new Set(
      Object.entries(rel)
        .filter(([, g]) => g === 2)
        .map(([d]) => d),
    );
    if (good.size === 0) continue;
    n++;
    const r = rank(q);
    if (r[0] !== undefined && good.has(r[0])) h1++;
    if (r.slice(0, 3).some((d) => good.has(d))) h3++;
  }
  return { hit1: n ? h1 / n : 0, hit3: n ? h3 / n : 0, n };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
