import { describe, expect, it } from 'vitest';
import {
  buildKnowledgeIndex,
  confidenceOf,
  DEFAULT_PARAMS,
  searchKnowledge,
  topicDocsFromTopics,
  type KnowledgeDoc,
  type SearchFeatures,
} from '../../src/knowledge/index.ts';
import { FIXTURE_DOCS, FIXTURE_SYNONYMS } from './fixtures/corpus.ts';

const index = buildKnowledgeIndex(FIXTURE_DOCS, FIXTURE_SYNONYMS);
const top = (q: string) => searchKnowledge(index, q).hits[0]?.id;

describe('ranking on the fixture corpus', () => {
  it.each([
    ['介護保険を申し込みたい', 'apply'],
    ['介護保険の申込みはどこ', 'apply'],
    ['かいごほけん しんせい', 'apply'],
    ['カイゴホケンノシンセイ', 'apply'],
    ['How do I apply for care insurance', 'apply'],
    ['ケアプランは誰が作るんですか', 'caremanager'],
    ['ケアマネージャーって何をしてくれるの', 'caremanager'],
    ['介護に疲れた。少し休みたい', 'shortstay'],
    ['ショートステイを使いたい', 'shortstay'],
    ['I need respite', 'shortstay'],
    ['母の入れ歯を家で直してほしい', 'dentist'],
    ['義歯が合わない', 'dentist'],
    ['dentist home visit', 'dentist'],
    ['日曜日の夜に熱が出た。どこで診てもらえる？', 'night'],
    ['人生会議って何', 'acp'],
    ['じんせいかいぎ', 'acp'],
    ['What is ACP?', 'acp'],
  ])('%s → %s', (q, id) => {
    expect(top(q)).toBe(id);
  });

  it('returns hits best first, at most `limit`', () => {
    const r = searchKnowledge(index, '介護保険の申請', { limit: 3 });
    expect(r.hits.length).toBeLessThanOrEqual(3);
    expect(r.hits[0]!.id).toBe('apply');
    for (let i = 1; i < r.hits.length; i++) expect(r.hits[i - 1]!.score).toBeGreaterThanOrEqual(r.hits[i]!.score);
  });

  it('weights question variants above the body', () => {
    const docs: KnowledgeDoc[] = [
      { id: 'in-body', fields: { questions: ['デイサービスについて'], title: ['通所'], keywords: [], body: ['訪問リハビリの説明もあります'] } },
      { id: 'in-question', fields: { questions: ['訪問リハビリを受けたい'], title: ['リハビリ'], keywords: [], body: ['説明'] } },
    ];
    const idx = buildKnowledgeIndex(docs, []);
    expect(searchKnowledge(idx, '訪問リハビリ').hits[0]!.id).toBe('in-question');
  });

  it('scores the best single question variant, not only all of them together', () => {
    const docs: KnowledgeDoc[] = [
      {
        id: 'one-exact',
        fields: { questions: ['退院前カンファレンスとは何ですか', '病院の会議'], title: ['会議'], keywords: [], body: [] },
      },
      {
        id: 'many-partial',
        fields: {
          questions: ['退院の準備', '退院の日', 'カンファレンスの日程', '前の日に何をする', '何ですか'],
          title: ['退院'],
          keywords: [],
          body: [],
        },
      },
    ];
    const idx = buildKnowledgeIndex(docs, []);
    expect(searchKnowledge(idx, '退院前カンファレンスとは何ですか').hits[0]!.id).toBe('one-exact');
  });

  it('is deterministic and keeps no state between queries', () => {
    const a1 = searchKnowledge(index, '介護保険の申請');
    searchKnowledge(index, '人生会議');
    searchKnowledge(index, '');
    const a2 = searchKnowledge(index, '介護保険の申請');
    expect(a2).toEqual(a1);
  });

  it('survives a JSON round trip (built ahead, bundled, loaded on the Worker)', () => {
    const copy = JSON.parse(JSON.stringify(index)) as typeof index;
    for (const q of ['介護保険の申請', 'ケアマネ', 'dentist', '明日の天気']) {
      expect(searchKnowledge(copy, q)).toEqual(searchKnowledge(index, q));
    }
  });

  it('rejects duplicate document ids', () => {
    expect(() => buildKnowledgeIndex([FIXTURE_DOCS[0]!, FIXTURE_DOCS[0]!], [])).toThrow(/duplicate/);
  });
});

describe('confidence', () => {
  it('is confident for a question the corpus answers', () => {
    for (const q of ['介護保険の申請はどこでしますか', 'ケアプランは誰が作ってくれるの', '訪問歯科ってなんですか']) {
      const r = searchKnowledge(index, q);
      expect(r.outcome).toBe('confident');
      expect(r.confidence).toBeGreaterThan(DEFAULT_PARAMS.confidence.confident);
    }
  });

  it('declines questions outside the corpus', () => {
    for (const q of ['粗大ごみの出し方を教えて', '明日の天気は？', 'パスポートの申請場所', 'How do I renew my passport?']) {
      const r = searchKnowledge(index, q);
      expect(r.outcome).not.toBe('confident');
    }
    expect(searchKnowledge(index, '明日の天気は？').outcome).toBe('none');
  });

  it('has no hits and no confidence for an empty or unknown query', () => {
    for (const q of ['', '   ', '？？？', 'xyzzy']) {
      const r = searchKnowledge(index, q);
      expect(r.hits).toEqual([]);
      expect(r.confidence).toBe(0);
      expect(r.outcome).toBe('none');
    }
  });

  it('grows with coverage and margin and stays within 0–1', () => {
    const m = DEFAULT_PARAMS.confidence;
    const low = confidenceOf(m, { coverage: 0.1, questionCoverage: 0.1, margin: 0.05, strength: 1 });
    const mid = confidenceOf(m, { coverage: 0.6, questionCoverage: 0.4, margin: 0.3, strength: 6 });
    const high = confidenceOf(m, { coverage: 1, questionCoverage: 1, margin: 0.8, strength: 15 });
    expect(low).toBeLessThan(mid);
    expect(mid).toBeLessThan(high);
    for (const c of [low, mid, high]) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  it('reports its features', () => {
    const f = {} as SearchFeatures;
    searchKnowledge(index, '介護保険の申請はどこでしますか', {}, f);
    expect(f.coverage).toBeGreaterThan(0.8);
    expect(f.margin).toBeGreaterThan(0);
    const g = {} as SearchFeatures;
    searchKnowledge(index, '粗大ごみの出し方を教えて', {}, g);
    expect(g.coverage).toBeLessThan(f.coverage);
  });
});

describe('topicDocsFromTopics', () => {
  const topic = {
    id: 'ict-tool',
    byLang: {
      ja: {
        title: 'ICTツール',
        questions: ['連絡帳に参加したい'],
        keywords: ['ICT'],
        summary: '{{tools.ict.name}}に参加できます。',
        more: '{{#if x}}はい{{else}}いいえ{{/if}}',
      },
      en: { title: 'ICT tool', questions: ['how to join'], keywords: ['ict'], summary: 'Join {{tools.ict.name}}.', more: '' },
    },
  };

  it('merges every language into one document', () => {
    const [doc] = topicDocsFromTopics([topic]);
    expect(doc!.id).toBe('ict-tool');
    expect(doc!.fields.title).toEqual(['ICTツール', 'ICT tool']);
    expect(doc!.fields.questions).toEqual(['連絡帳に参加したい', 'how to join']);
    expect(doc!.fields.keywords).toEqual(['ICT', 'ict']);
    expect(doc!.fields.body.join(' ')).not.toContain('{{');
  });

  it('can resolve placeholders with the city values', () => {
    const [doc] = topicDocsFromTopics([topic], (path, lang) => (path === 'tools.ict.name' ? (lang === 'en' ? 'Denshi Renrakucho' : '電子連絡帳') : undefined));
    expect(doc!.fields.body.join(' ')).toContain('電子連絡帳');
    expect(doc!.fields.body.join(' ')).toContain('Denshi Renrakucho');
  });
});
