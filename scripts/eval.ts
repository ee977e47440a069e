/**
 * `npm run eval`: retrieval and safety figures.
 *
 * 1. ../shared/eval/faq-dev.jsonl against the articles in content/:
 *    hit@1 / hit@3 (first candidate / top three), answered (confident and right),
 *    confidently wrong, emergency recall, false alarms (NOT_EMERGENCY and topic
 *    questions), out-of-scope declined (no confident answer).
 * 2. ../shared/eval/localgovfaq (development half): hit@1 / hit@3 (a grade-2
 *    document first / in the top three) for this engine (title → title field,
 *    answer → body field, as `renkei rank` does) beside a plain character-bigram
 *    BM25 over question + answer, computed in the same run. The data is read
 *    from ../shared at run time and never copied into the repository.
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
import { detectEmergency } from '../src/knowledge/emergency.ts';
import {
  buildKnowledgeIndex,
  searchKnowledge,
  topicDocsFromTopics,
  type KnowledgeDoc,
  type KnowledgeIndex,
} from '../src/knowledge/index.ts';
import { parseSynonyms } from '../src/knowledge/synonyms.ts';
import { bigramBm25, lgHits, readLocalgovFaq } from './eval-lib.ts';

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

  const devPath = join(SHARED, 'eval', 'faq-dev.jsonl');
  if (existsSync(devPath)) faqDev(index, readFileSync(devPath, 'utf8'));
  else console.log(`(no ${devPath})`);

  if (argv.includes('--cv')) crossValidate(topics, synonyms);

  const lgDir = join(SHARED, 'eval', 'localgovfaq');
  if (existsSync(join(lgDir, 'corpus.json'))) localgov(lgDir);
  else console.log(`(no ${lgDir})`);
}

function faqDev(index: KnowledgeIndex, text: string): void {
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
    const alarm = detectEmergency(d.q);
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
      misses.push(`FALSE ALARM ${d.id} ${d.q} (${alarm.kind}:${alarm.reason})`);
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
      misses.push(`${ids[0] === d.expect ? 'UNSURE' : 'MISS'} ${d.id} ${d.q} → [${ids.slice(0, 3).join(', ')}] want ${d.expect} (${r.outcome} ${r.confidence.toFixed(2)})`);
    }
  }
  console.log('\nfaq-dev.jsonl');
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

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
