// Behaviour of the knowledge engine on the project's own articles.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Topic } from '../../src/content/article.ts';
import { readKnowledgeSources } from '../../src/content/read-articles.ts';
import { triage } from '../../src/knowledge/triage.ts';
import { projectTriageModel } from '../support/triage-model.ts';
import { buildKnowledgeIndex, searchKnowledge, topicDocsFromTopics, type KnowledgeIndex } from '../../src/knowledge/index.ts';

const contentDir = fileURLToPath(new URL('../../content', import.meta.url));
const outOfScope = readFileSync(new URL('./fixtures/out-of-scope.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

let topics: Topic[];
let index: KnowledgeIndex;

beforeAll(async () => {
  const src = await readKnowledgeSources(contentDir);
  expect(src.errors).toEqual([]);
  topics = src.topics;
  index = buildKnowledgeIndex(topicDocsFromTopics(topics), src.synonyms);
});

describe('knowledge on the project content', () => {
  it('finds every topic from its own titles (top 3)', () => {
    const misses: string[] = [];
    for (const t of topics) {
      for (const [lang, v] of Object.entries(t.byLang)) {
        const ids = searchKnowledge(index, v!.title, { limit: 3 }).hits.map((h) => h.id);
        if (!ids.includes(t.id)) misses.push(`${t.id} (${lang}): ${v!.title} → ${ids.join(', ')}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('finds the topic for its own English phrasings (top 3), as well as for the Japanese ones', () => {
    const misses: string[] = [];
    let n = 0;
    for (const t of topics) {
      for (const q of t.byLang.en?.questions ?? []) {
        n++;
        const ids = searchKnowledge(index, q, { limit: 3 }).hits.map((h) => h.id);
        if (!ids.includes(t.id)) misses.push(`${t.id}: ${q} → ${ids.join(', ')}`);
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(misses.length / n, misses.join(' / ')).toBeLessThanOrEqual(0.01);
  });

  it("answers the project's development questions (people's own phrasings of the newer topics): top 3 for 95%, first for 85%", () => {
    const lines = readFileSync(new URL('./fixtures/faq-dev-project.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { q: string; expect: string });
    const ids = (q: string) => searchKnowledge(index, q, { limit: 3 }).hits.map((h) => h.id);
    const first = lines.filter((l) => ids(l.q)[0] === l.expect).length;
    const top3 = lines.filter((l) => ids(l.q).includes(l.expect)).length;
    expect(lines.length).toBeGreaterThanOrEqual(40);
    expect(top3 / lines.length).toBeGreaterThanOrEqual(0.95);
    expect(first / lines.length).toBeGreaterThanOrEqual(0.85);
  });

  it('declines at least 80% of out-of-scope questions', () => {
    const answered = outOfScope.filter((q) => searchKnowledge(index, q).outcome === 'confident');
    expect(answered.length / outOfScope.length, answered.join(' / ')).toBeLessThanOrEqual(0.2);
  });

  it('raises almost no emergency alarms on the articles’ own questions', () => {
    const all = topics.flatMap((t) => Object.values(t.byLang).flatMap((v) => v!.questions));
    const model = projectTriageModel();
    const alarms = all.filter((q) => triage(model, q)?.level === 'a');
    expect(alarms.length / all.length, alarms.join(' / ')).toBeLessThanOrEqual(0.02);
  });

  it('builds a plain-JSON index', () => {
    const json = JSON.stringify(index);
    const copy = JSON.parse(json) as KnowledgeIndex;
    expect(searchKnowledge(copy, 'ケアマネを変えたい')).toEqual(searchKnowledge(index, 'ケアマネを変えたい'));
  });
});
