import { describe, expect, it } from 'vitest';
import { analyzeText, expandIterationMarks, foldKana, foldOkurigana, katakanaToHiragana, normalizeText, stemEnglish } from '../../src/knowledge/normalize.ts';

describe('normalizeText', () => {
  it.each([
    // the same word written different ways normalises to the same string
    ['ケアマネージャー', 'けあまねじや'],
    ['ケアマネジャー', 'けあまねじや'],
    ['けあまねーじゃー', 'けあまねじや'],
    ['ｹｱﾏﾈｰｼﾞｬｰ', 'けあまねじや'],
    // okurigana variants
    ['申し込み', '申込み'],
    ['申込み', '申込み'],
    ['取り扱い', '取扱い'],
    ['払い戻し', '払戻し'],
    ['引き落とし', '引落とし'],
    // NFKC: full-width letters and digits, half-width katakana
    ['ＡＣＰ　２４時間', 'acp 24時間'],
    ['ﾃﾞｲｻｰﾋﾞｽ', 'でいさびす'],
    // iteration marks
    ['人々', '人人'],
    ['こゝろ', 'こころ'],
    // counters
    ['3ヶ月', '3か月'],
    ['3ケ月', '3か月'],
    // punctuation and spaces between Japanese words go, English words stay apart
    ['かいごほけんの しんせいは どこで しますか？', 'かいごほけんのしんせいはどこでしますか'],
    ['「介護保険」、申請！', '介護保険申請'],
    ['Care  Manager?', 'care manager'],
    // small kana folded
    ['ショートステイ', 'しよとすてい'],
    ['ヴ', 'ぶ'],
    // Latin diacritics
    ['yōkaigo nintei', 'yokaigo nintei'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('kana helpers', () => {
  it.each([
    ['カタカナ', 'かたかな'],
    ['ケアマネ', 'けあまね'],
    ['ひらがな', 'ひらがな'],
    ['漢字', '漢字'],
  ])('katakanaToHiragana(%s) = %s', (a, b) => expect(katakanaToHiragana(a)).toBe(b));

  it('foldKana drops long-vowel marks and enlarges small kana', () => {
    expect(foldKana('ケアマネージャー')).toBe('けあまねじや');
    expect(foldKana('ティッシュ')).toBe('ていつしゆ');
  });

  it('foldOkurigana only removes kana between two kanji', () => {
    expect(foldOkurigana('申し込み')).toBe('申込み');
    expect(foldOkurigana('しんせい')).toBe('しんせい');
    expect(foldOkurigana('介護の申請')).toBe('介護の申請'); // particles stay
  });

  it('expandIterationMarks', () => {
    expect(expandIterationMarks('時々')).toBe('時時');
    expect(expandIterationMarks('いすゞ')).toBe('いすず');
  });
});

describe('stemEnglish', () => {
  it.each([
    ['managers', 'manager'],
    ['visiting', 'visit'],
    ['applied', 'apply'],
    ['families', 'family'],
    ['stopped', 'stop'],
    ['nurses', 'nurs'],
    ['nurse', 'nurs'],
    ['bus', 'bus'],
    ['care', 'care'],
  ])('%s → %s', (w, s) => expect(stemEnglish(w)).toBe(s));
});

describe('analyzeText', () => {
  it('finds kanji and katakana words, okurigana folded', () => {
    const a = analyzeText('介護保険の申し込みはケアマネに');
    expect(a.units).toEqual(['介護保険', '申込', 'けあまね']);
  });

  it('keeps a lone kanji noun but not a verb stem', () => {
    expect(analyzeText('歯の治療').units).toContain('歯');
    expect(analyzeText('教えてください').units).not.toContain('教');
  });

  it('splits English into stemmed words without stop words', () => {
    const a = analyzeText('How do I find a care manager for my mother?');
    expect(a.words).toEqual(['how', 'find', 'care', 'manager', 'mother']);
    expect(a.wordSeq).toBe('how do i find a care manager for my mother');
  });

  it('keeps numbers next to Japanese in the Japanese run', () => {
    expect(analyzeText('65歳以上').jaRuns).toEqual(['65歳以上']);
    expect(analyzeText('call 119 now').words).toEqual(['call', '119', 'now']);
  });
});
