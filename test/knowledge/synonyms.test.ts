import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/knowledge/normalize.ts';
import { compileSynonyms, matchSynonyms, parseSynonyms } from '../../src/knowledge/synonyms.ts';
import { buildKnowledgeIndex, searchKnowledge } from '../../src/knowledge/index.ts';
import { FIXTURE_DOCS, FIXTURE_SYNONYMS } from './fixtures/corpus.ts';

const groupsIn = (text: string, groups: string[][]) => {
  const syn = compileSynonyms(groups);
  const a = analyzeText(text);
  const out = new Set<number>();
  matchSynonyms(syn, a.compact, a.wordSeq, out);
  return [...out].map((g) => groups[g]![0]);
};

describe('synonym dictionary', () => {
  it.each([
    ['ケアマネさんに相談したい', ['ケアマネ']],
    ['ケアマネージャーを変えたい', ['ケアマネ']],
    ['けあまねじゃー', ['ケアマネ']],
    ['介護支援専門員とは', ['ケアマネ']],
    ['my care managers', ['ケアマネ']],
    ['お泊まりのサービス', ['ショートステイ']],
    ['短期入所生活介護', ['ショートステイ']],
    ['ほうかつに電話', ['地域包括支援センター']],
    ['地域包括支援センターの場所', ['地域包括支援センター']],
    ['義歯が痛い', ['入れ歯']],
    ['my denture is loose', ['入れ歯']],
    ['caring for my mother', []],
    // English terms match whole words only
    ['respiteful', []],
  ])('%s → %j', (text, expected) => {
    expect(groupsIn(text, FIXTURE_SYNONYMS).sort()).toEqual([...expected].sort());
  });

  it('expands a query to documents that use another word of the group', () => {
    const index = buildKnowledgeIndex(FIXTURE_DOCS, FIXTURE_SYNONYMS);
    const without = buildKnowledgeIndex(FIXTURE_DOCS, []);
    // 「ショートステイ」 never appears in the documents; the group links it to 短期入所.
    expect(searchKnowledge(index, 'ショートステイを使いたい').hits[0]?.id).toBe('shortstay');
    expect(searchKnowledge(without, 'ショートステイを使いたい').hits[0]?.id).not.toBe('shortstay');
    // 「ケアマネ」 → 介護支援専門員
    expect(searchKnowledge(index, 'ケアマネの仕事は').hits[0]?.id).toBe('caremanager');
  });

  it('parses YAML and reports problems with their path', () => {
    const ok = parseSynonyms('groups:\n  - [ケアマネ, 介護支援専門員]\n  - [包括, 地域包括支援センター, 7119]\n');
    expect(ok.errors).toEqual([]);
    expect(ok.groups).toEqual([
      ['ケアマネ', '介護支援専門員'],
      ['包括', '地域包括支援センター', '7119'],
    ]);
    const one = parseSynonyms('groups:\n  - [ケアマネ]\n');
    expect(one.errors[0]).toMatchObject({ path: 'groups › 0' });
    const short = parseSynonyms('groups:\n  - [いし, 医師]\n');
    expect(short.errors[0]).toMatchObject({ path: 'groups › 0 › 0' });
    expect(short.errors[0]!.message).toMatch(/too short/);
    const bad = parseSynonyms('groups: [\n');
    expect(bad.errors[0]!.message).toMatch(/^YAML/);
    const extra = parseSynonyms('groups: []\nextra: 1\n');
    expect(extra.errors.length).toBeGreaterThan(0);
  });

  it('the project dictionary is valid', () => {
    const text = readFileSync(new URL('../../content/knowledge/synonyms.yaml', import.meta.url), 'utf8');
    const parsed = parseSynonyms(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.groups.length).toBeGreaterThan(50);
    const labels = (t: string) => groupsIn(t, parsed.groups);
    expect(labels('ケアマネージャー')).toContain('ケアマネ');
    expect(labels('包括に相談')).toContain('地域包括支援センター');
    expect(labels('在支診')).toContain('在支診');
    expect(labels('お泊まり')).toContain('ショートステイ');
  });
});
