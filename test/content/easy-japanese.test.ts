// The やさしい日本語 rules npm run check enforces on content/faq/ja-easy/.
import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../src/content/article.ts';
import { checkEasyJapanese, EASY_MAX_SENTENCE, easyLength } from '../../src/content/easy-japanese.ts';

describe('やさしい日本語 rules', () => {
  it('counts a sentence without spaces and readings, a placeholder as one character', () => {
    expect(easyLength('在宅医（ざいたくい）に 電話 します。')).toBe(10);
    expect(easyLength('{{center.name}}に 電話 します。')).toBe(8);
  });

  it('reports a sentence longer than the limit, and accepts the same words split in two', () => {
    const long = `${'あいうえお、'.repeat(9)}です。`;
    expect(easyLength(long)).toBeGreaterThan(EASY_MAX_SENTENCE);
    expect(checkEasyJapanese('題', long, '')).toEqual([expect.objectContaining({ part: 'body', message: expect.stringContaining('split it') })]);
    expect(checkEasyJapanese('題', `${'あいうえお、'.repeat(4)}です。\n${'あいうえお、'.repeat(4)}です。`, '')).toEqual([]);
  });

  it('wants a reading right after the first appearance of a listed difficult word, in the title or the text', () => {
    expect(checkEasyJapanese('救急隊が 来ます', '', '')).toEqual([
      expect.objectContaining({ part: 'title', message: expect.stringContaining('救急隊（きゅうきゅうたい）') }),
    ]);
    expect(checkEasyJapanese('題', '救急隊（きゅうきゅうたい）が 来ます。救急隊に 話します。', '')).toEqual([]);
    expect(checkEasyJapanese('題', '死亡診断書〈しぼうしんだんしょ〉を もらいます。', '')).toEqual([]);
    // A compound that starts with the word takes the reading after the whole compound.
    expect(checkEasyJapanese('題', '訪問看護ステーション（ほうもんかんごステーション）に 聞きます。', '')).toEqual([]);
    expect(checkEasyJapanese('題', '人工透析を します。', '')).toHaveLength(1);
  });

  it('makes a ja-easy article without readings fail the content check, with the file and line', () => {
    const text = [
      '---',
      'id: x-topic',
      'title: 家で 死亡診断書を もらう',
      'questions: [a1, a2, a3, a4, a5]',
      'keywords: [k]',
      'reviewed: 2026-12-03',
      '---',
      '葬儀社に 電話します。',
      '',
    ].join('\n');
    const { errors } = parseArticleFile('content/faq/ja-easy/x-topic.md', text);
    expect(errors.map((e) => e.message).join(' / ')).toContain('死亡診断書（しぼうしんだんしょ）');
    expect(errors.map((e) => e.message).join(' / ')).toContain('葬儀社（そうぎしゃ）');
    // The standard Japanese file is not held to these rules.
    expect(parseArticleFile('content/faq/ja/x-topic.md', text).errors.some((e) => e.message.includes('やさしい日本語'))).toBe(false);
  });

  it('asks for a short button label when an article title is longer than a button shows', () => {
    const text = (title: string, label = '') =>
      [
        '---',
        'id: x-topic',
        `title: ${title}`,
        ...(label ? [`label: ${label}`] : []),
        'questions: [a1, a2, a3, a4, a5]',
        'keywords: [k]',
        'reviewed: 2026-12-03',
        '---',
        'ほんぶん。',
        '',
      ].join('\n');
    const long = 'とても ながい タイトルの 記事は ボタンに 入りません';
    expect(parseArticleFile('content/faq/ja-easy/x-topic.md', text(long)).errors.map((e) => e.path)).toContain('front matter › label');
    expect(parseArticleFile('content/faq/ja-easy/x-topic.md', text(long, 'みじかい 名前')).errors).toEqual([]);
    expect(parseArticleFile('content/faq/ja-easy/x-topic.md', text(long, 'これは ながすぎる ボタンの 名前の れいです')).errors.map((e) => e.path)).toContain(
      'front matter › label',
    );
  });
});
