// The packed index (format renkei-knowledge/3: prefix-coded postings decoded
// block by block) must rank exactly as the plain one did. The reference is the
// previous implementation, frozen in reference-index.ts: both are built from
// the same documents and asked the same questions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Topic } from '../../src/content/article.ts';
import { readKnowledgeSources } from '../../src/content/read-articles.ts';
import {
  buildKnowledgeIndex,
  searchKnowledge,
  topicDocsFromTopics,
  type KnowledgeDoc,
  type KnowledgeIndex,
  type SearchFeatures,
} from '../../src/knowledge/index.ts';
import type { SynonymGroup } from '../../src/knowledge/synonym-match.ts';
import { FIXTURE_DOCS, FIXTURE_SYNONYMS } from './fixtures/corpus.ts';
import * as reference from './reference-index.ts';

const contentDir = fileURLToPath(new URL('../../content', import.meta.url));
const outOfScope = readFileSync(new URL('./fixtures/out-of-scope.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** Every text of the fixture corpus, asked as a question. */
const fixtureQueries = FIXTURE_DOCS.flatMap((d) => [...d.fields.questions, ...d.fields.title, ...d.fields.keywords]);

const TOLERANCE = 1e-9;

/** Differences between the packed index and the reference on these queries (empty: none). */
function differences(packed: KnowledgeIndex, ref: reference.KnowledgeIndex, queries: readonly string[]): string[] {
  const out: string[] = [];
  for (const q of queries) {
    for (const limit of [5, 1000]) {
      const fa = {} as SearchFeatures;
      const fb = {} as reference.SearchFeatures;
      const a = searchKnowledge(packed, q, { limit }, fa);
      const b = reference.searchKnowledge(ref, q, { limit }, fb);
      const ids = (r: { hits: { id: string }[] }) => r.hits.map((h) => h.id).join(' ');
      if (ids(a) !== ids(b)) out.push(`${q} (limit ${limit}): ${ids(a)} ≠ ${ids(b)}`);
      else if (a.hits.some((h, i) => Math.abs(h.score - b.hits[i]!.score) > TOLERANCE)) out.push(`${q}: scores differ`);
      else if (Math.abs(a.confidence - b.confidence) > TOLERANCE || a.outcome !== b.outcome) out.push(`${q}: confidence differs`);
      else {
        for (const k of Object.keys(fb) as (keyof SearchFeatures)[]) {
          if (Math.abs(fa[k] - fb[k]) > TOLERANCE) out.push(`${q}: feature ${k} differs`);
        }
      }
    }
  }
  return out;
}

/** What the bundle does with the index: JSON out, JSON in. */
const roundTrip = (index: KnowledgeIndex): KnowledgeIndex => JSON.parse(JSON.stringify(index)) as KnowledgeIndex;

describe('packed index on the project content', () => {
  let topics: Topic[];
  let synonyms: SynonymGroup[];
  let docs: KnowledgeDoc[];
  let packed: KnowledgeIndex;
  let ref: reference.KnowledgeIndex;

  beforeAll(async () => {
    const src = await readKnowledgeSources(contentDir);
    expect(src.errors).toEqual([]);
    topics = src.topics;
    synonyms = src.synonyms;
    docs = topicDocsFromTopics(topics);
    packed = roundTrip(buildKnowledgeIndex(docs, synonyms));
    ref = reference.buildKnowledgeIndex(docs, synonyms);
  });

  it('ranks every question variant, title and keyword of the articles exactly as before', () => {
    const queries = topics.flatMap((t) => Object.values(t.byLang).flatMap((v) => [...v!.questions, v!.title, v!.keywords.join(' ')]));
    expect(queries.length).toBeGreaterThan(1000);
    expect(differences(packed, ref, queries)).toEqual([]);
  });

  it('ranks the fixture queries exactly as before', () => {
    expect(differences(packed, ref, [...outOfScope, ...fixtureQueries])).toEqual([]);
  });

  it('ranks odd queries exactly as before', () => {
    const odd = ['', ' ', '？', 'a', 'the', '介', 'ー', '〜〜', '12345', '24時間', 'ｹｱﾏﾈ', 'ＡＣＰ', '👍', 'ケアマネ'.repeat(40), 'x'.repeat(300)];
    expect(differences(packed, ref, odd)).toEqual([]);
  });

  it('is much smaller than before', () => {
    const size = (x: unknown) => gzipSync(JSON.stringify(x)).length;
    expect(size(packed)).toBeLessThan(0.6 * size(ref));
    // ASCII (base64): the Worker bundler escapes anything else (\uXXXX, six bytes a character).
    expect(packed.data).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
  });

  it('ranks exactly as before with other parameters, fewer documents and fewer synonyms', () => {
    const options = { fieldWeights: { title: 1, body: 2 }, fieldB: { question: 0.5 }, params: { k1: 1.2, kindWeight: { tri: 0.3, hira: 0.5 } } };
    const a = roundTrip(buildKnowledgeIndex(docs.slice(0, 20), synonyms.slice(0, 30), options));
    const b = reference.buildKnowledgeIndex(docs.slice(0, 20), synonyms.slice(0, 30), options);
    const queries = topics.slice(0, 25).flatMap((t) => t.byLang.ja?.questions ?? []);
    expect(differences(a, b, queries)).toEqual([]);
  });
});

describe('packed index on the fixture corpus', () => {
  it('ranks exactly as before, with and without synonyms', () => {
    const queries = [...fixtureQueries, ...outOfScope];
    for (const syn of [FIXTURE_SYNONYMS, []]) {
      const packed = roundTrip(buildKnowledgeIndex(FIXTURE_DOCS, syn));
      expect(differences(packed, reference.buildKnowledgeIndex(FIXTURE_DOCS, syn), queries)).toEqual([]);
    }
  });

  it('handles an empty corpus and documents without text', () => {
    const empty = roundTrip(buildKnowledgeIndex([], []));
    expect(searchKnowledge(empty, '介護保険').hits).toEqual([]);
    const blank: KnowledgeDoc[] = [
      { id: 'a', fields: { questions: [], title: [''], keywords: [], body: [] } },
      { id: 'b', fields: { questions: ['介護保険は？'], title: [], keywords: [], body: ['。'] } },
    ];
    const a = roundTrip(buildKnowledgeIndex(blank, []));
    expect(differences(a, reference.buildKnowledgeIndex(blank, []), ['介護保険', 'なに'])).toEqual([]);
  });
});
