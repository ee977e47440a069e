import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeTopics, parseArticleFile, parseArticles, splitBody, type ArticleFile } from '../../src/content/article.ts';
import { readArticles } from '../../src/content/read-articles.ts';

const master = (id: string, extra = '') => `---
id: ${id}
scene: daily
audience: resident
title: 介護保険の申請はどこでできますか
questions:
  - 介護保険を使いたいけどどこに申し込むの
  - かいごほけんの しんせいは どこで しますか
  - 親に介護サービスを受けさせたい。手続きは？
  - 要介護認定の申請窓口を教えてください
  - 介護保険の申請って本人が行かないとだめ？
keywords: [介護保険, 申請]
sources:
  - title: WAM NET
    url: https://www.wam.go.jp/
reviewed: 2026-11-01
related: []
contacts: [care_insurance_desk]
${extra}---
市の介護保険の窓口で申請します。

<!-- more -->
- 代わりに申請することもできます。
`;

const translation = (id: string, extra = '') => `---
id: ${id}
title: How do I apply?
questions:
  - where do i apply
  - how to apply for care insurance
  - who can apply for my father
  - what to bring to apply
  - can I apply online
keywords: [apply]
reviewed: 2026-11-01
${extra}---
At the city's care insurance desk.
`;

const parse = (path: string, text: string) => parseArticleFile(path, text);

describe('parseArticleFile', () => {
  it('reads front matter, the main answer and the 「くわしく」 part', () => {
    const r = parse('content/faq/ja/kaigo-hoken-apply.md', master('kaigo-hoken-apply'));
    expect(r.errors).toEqual([]);
    expect(r.article?.lang).toBe('ja');
    expect(r.article?.meta.id).toBe('kaigo-hoken-apply');
    expect(r.article?.content.summary).toBe('市の介護保険の窓口で申請します。');
    expect(r.article?.content.more).toBe('- 代わりに申請することもできます。');
    expect(r.article?.content.reviewed).toBe('2026-11-01');
  });

  it('accepts a translation without the master-only fields; more is empty without the marker', () => {
    const r = parse('content/faq/en/kaigo-hoken-apply.md', translation('kaigo-hoken-apply'));
    expect(r.errors).toEqual([]);
    expect(r.article?.lang).toBe('en');
    expect(r.article?.content.more).toBe('');
  });

  it('splitBody', () => {
    expect(splitBody('a\n<!-- more -->\nb')).toEqual({ summary: 'a', more: 'b' });
    expect(splitBody('only')).toEqual({ summary: 'only', more: '' });
  });

  type Case = [name: string, path: string, text: string, errorPath: string, message: RegExp];
  const cases: Case[] = [
    ['bad YAML', 'content/faq/ja/x.md', '---\nid: [x\n---\nbody\n', 'front matter', /YAML/],
    ['no front matter', 'content/faq/ja/x.md', 'just text', 'front matter', /front matter/],
    [
      'too few questions',
      'content/faq/ja/x.md',
      master('x').replace(/questions:\n( {2}- .*\n){5}/, 'questions:\n  - 一つだけの質問\n'),
      'front matter › questions',
      /at least 5/,
    ],
    ['missing sources', 'content/faq/ja/x.md', master('x').replace(/sources:\n {2}- title: WAM NET\n {4}url: .*\n/, ''), 'front matter › sources', /required/],
    ['bad date', 'content/faq/ja/x.md', master('x').replace('2026-11-01', '2026-02-30'), 'front matter › reviewed', /calendar date/],
    ['date format', 'content/faq/ja/x.md', master('x').replace('2026-11-01', '"1 Nov 2026"'), 'front matter › reviewed', /YYYY-MM-DD/],
    ['unknown scene', 'content/faq/ja/x.md', master('x').replace('scene: daily', 'scene: shopping'), 'front matter › scene', /./],
    ['unknown contact', 'content/faq/ja/x.md', master('x').replace('[care_insurance_desk]', '[pizza]'), 'front matter › contacts › 0', /./],
    ['bad source url', 'content/faq/ja/x.md', master('x').replace('https://www.wam.go.jp/', 'not a url'), 'front matter › sources › 0 › url', /URL/],
    ['bad id', 'content/faq/ja/x.md', master('Bad_Id'), 'front matter › id', /lower-case/],
    ['id ≠ file name', 'content/faq/ja/other.md', master('x'), 'front matter › id', /file name/],
    ['self-related', 'content/faq/ja/x.md', master('x').replace('related: []', 'related: [x]'), 'front matter › related', /itself/],
    ['master field in a translation', 'content/faq/en/x.md', translation('x', 'scene: daily\n'), 'front matter › scene', /only in the ja master/],
    ['unknown field', 'content/faq/en/x.md', translation('x', 'colour: blue\n'), 'front matter › colour', /unknown field/],
    ['empty main answer', 'content/faq/ja/x.md', master('x').replace('市の介護保険の窓口で申請します。', ''), 'body', /main answer/],
    ['unknown language folder', 'content/faq/fr/x.md', translation('x'), '(file)', /ja, ja-easy, en/],
    [
      'duplicate question',
      'content/faq/ja/x.md',
      master('x').replace('  - かいごほけんの しんせいは どこで しますか', '  - 介護保険を使いたいけどどこに申し込むの'),
      'front matter › questions › 1',
      /twice/,
    ],
  ];

  it.each(cases)('%s → error at %s', (_name, path, text, errorPath, message) => {
    const r = parse(path, text);
    expect(r.article).toBeUndefined();
    const e = r.errors.find((x) => x.path === errorPath);
    expect(e, JSON.stringify(r.errors)).toBeDefined();
    expect(e!.file).toBe(path);
    expect(e!.message).toMatch(message);
  });

  it('gives the line of the offending field', () => {
    const r = parse('content/faq/ja/x.md', master('x').replace('2026-11-01', '2026-13-01'));
    const lines = master('x').split('\n');
    const expected = lines.findIndex((l) => l.startsWith('reviewed:')) + 1;
    expect(r.errors[0]!.line).toBe(expected);
  });
});

describe('mergeTopics', () => {
  const ok = (path: string, text: string): ArticleFile => {
    const r = parseArticleFile(path, text);
    if (!r.article) throw new Error(JSON.stringify(r.errors));
    return r.article;
  };
  const full = (id: string, related = '[]') => [
    ok(`content/faq/ja/${id}.md`, master(id).replace('related: []', `related: ${related}`)),
    ok(`content/faq/ja-easy/${id}.md`, translation(id)),
    ok(`content/faq/en/${id}.md`, translation(id)),
  ];

  it('produces one topic per id with every language', () => {
    const { topics, errors } = mergeTopics([...full('b-topic', '[a-topic]'), ...full('a-topic')]);
    expect(errors).toEqual([]);
    expect(topics.map((t) => t.id)).toEqual(['a-topic', 'b-topic']);
    const t = topics[1]!;
    expect(t.scene).toBe('daily');
    expect(t.related).toEqual(['a-topic']);
    expect(t.contacts).toEqual(['care_insurance_desk']);
    expect(t.sources).toEqual([{ title: 'WAM NET', url: 'https://www.wam.go.jp/' }]);
    expect(Object.keys(t.byLang).sort()).toEqual(['en', 'ja', 'ja-easy']);
    expect(t.byLang.en?.title).toBe('How do I apply?');
  });

  it('reports duplicate ids', () => {
    const dup = ok('content/faq/ja/copy/a-topic.md'.replace('/copy', ''), master('a-topic'));
    const { errors } = mergeTopics([...full('a-topic'), { ...dup, file: 'content/faq/ja/a-topic-copy.md' }]);
    expect(errors).toContainEqual(
      expect.objectContaining({ file: 'content/faq/ja/a-topic-copy.md', path: 'front matter › id', message: expect.stringMatching(/duplicate/) }),
    );
  });

  it('reports a translation without a ja master', () => {
    const { topics, errors } = mergeTopics([ok('content/faq/en/lonely.md', translation('lonely'))]);
    expect(topics).toEqual([]);
    expect(errors).toContainEqual(expect.objectContaining({ file: 'content/faq/en/lonely.md', message: expect.stringMatching(/no ja master/) }));
  });

  it('reports missing languages', () => {
    const [ja] = full('a-topic');
    const { topics, errors } = mergeTopics([ja!]);
    expect(topics).toHaveLength(1);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/ja-easy version is missing/), expect.stringMatching(/en version is missing/)]);
    expect(errors[0]!.file).toBe('content/faq/ja/a-topic.md');
  });

  it('reports related ids that do not exist', () => {
    const { errors } = mergeTopics(full('a-topic', '[nowhere]'));
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'content/faq/ja/a-topic.md',
        path: 'front matter › related › 0',
        message: expect.stringMatching(/"nowhere" does not exist/),
      }),
    ]);
  });

  it('parseArticles combines file errors and merge errors', () => {
    const r = parseArticles([
      { path: 'content/faq/ja/a.md', text: master('a') },
      { path: 'content/faq/ja/b.md', text: 'broken' },
    ]);
    expect(r.topics.map((t) => t.id)).toEqual(['a']);
    expect(r.errors.map((e) => e.file)).toContain('content/faq/ja/b.md');
    expect(r.errors.map((e) => e.message)).toContain('the en version is missing (content/faq/en/a.md)');
  });
});

describe('readArticles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-articles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads content/faq/<lang>/*.md from disk', async () => {
    for (const lang of ['ja', 'ja-easy', 'en', 'xx']) mkdirSync(join(dir, 'faq', lang), { recursive: true });
    writeFileSync(join(dir, 'faq', 'ja', 'a-topic.md'), master('a-topic'));
    writeFileSync(join(dir, 'faq', 'ja-easy', 'a-topic.md'), translation('a-topic'));
    writeFileSync(join(dir, 'faq', 'en', 'a-topic.md'), translation('a-topic'));
    writeFileSync(join(dir, 'faq', 'en', 'notes.txt'), 'ignored');
    const { topics, errors } = await readArticles(dir);
    expect(topics.map((t) => t.id)).toEqual(['a-topic']);
    expect(errors).toEqual([expect.objectContaining({ file: join(dir, 'faq', 'xx'), message: expect.stringMatching(/unknown language folder/) })]);
  });

  it('the project articles parse cleanly, in every language', async () => {
    const { topics, errors } = await readArticles(new URL('../../content', import.meta.url).pathname);
    expect(errors).toEqual([]);
    expect(topics.length).toBeGreaterThanOrEqual(55);
    for (const t of topics) expect(Object.keys(t.byLang).sort()).toEqual(['en', 'ja', 'ja-easy']);
  });
});
