/**
 * やさしい日本語 (ja-easy) rules that a machine can check, after the city-hall guides
 * (short sentences with one idea each; a reading for every difficult word):
 *
 * - a sentence (up to 。！？ or a line end; a label before ：counts apart from its list)
 *   has at most EASY_MAX_SENTENCE characters, not counting spaces, readings in （…）/〈…〉
 *   or a `{{placeholder}}` (one character);
 * - each word of EASY_DIFFICULT_WORDS carries its reading in （かな） or 〈かな〉 right after
 *   its first appearance in the text (title first, then the answer, then くわしく).
 *
 * PURE: works on the text handed in. Used by the article parser (npm run check).
 */

export const EASY_MAX_SENTENCE = 50;

/** Words a reader of やさしい日本語 needs a reading for, with the reading the guides expect. */
export const EASY_DIFFICULT_WORDS: Readonly<Record<string, string>> = {
  在宅医: 'ざいたくい',
  死亡診断書: 'しぼうしんだんしょ',
  死体検案書: 'したいけんあんしょ',
  葬儀社: 'そうぎしゃ',
  救急隊: 'きゅうきゅうたい',
  心肺蘇生: 'しんぱいそせい',
  人工呼吸器: 'じんこうこきゅうき',
  人工透析: 'じんこうとうせき',
  延命: 'えんめい',
  緩和ケア: 'かんわケア',
  主治医: 'しゅじい',
  誤嚥: 'ごえん',
  胃ろう: 'いろう',
  医療費控除: 'いりょうひこうじょ',
  訪問看護: 'ほうもんかんご',
  地域包括支援センター: 'ちいきほうかつしえんセンター',
  介護保険: 'かいごほけん',
  認定: 'にんてい',
  虐待: 'ぎゃくたい',
  施設: 'しせつ',
};

export interface EasyProblem {
  part: 'title' | 'body';
  message: string;
}

const READING_AFTER = /^(（[ぁ-んァ-ヶー・\s]+）|〈[ぁ-んァ-ヶー・\s]+〉)/;
const PLACEHOLDER = /\{\{[^}]*\}\}/g;
const READING = /（[ぁ-んァ-ヶー・\s]+）|〈[ぁ-んァ-ヶー・\s]+〉/g;

/** The sentences of a text, as the length rule counts them. */
export function easySentences(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/<!-- more -->/g, '\n').split('\n')) {
    const line = raw.trim().replace(/^- /, '');
    for (const piece of line.split(/(?<=[。！？])|：/)) {
      const s = piece.trim();
      if (s) out.push(s);
    }
  }
  return out;
}

/** How long a sentence is for the rule: no spaces, no readings, a placeholder counts one. */
export function easyLength(sentence: string): number {
  return sentence
    .replace(PLACEHOLDER, '〇')
    .replace(READING, '')
    .replace(/[\s\u3000]/g, '').length;
}

/** The rule's problems for one ja-easy text (title, main answer, くわしく). */
export function checkEasyJapanese(title: string, summary: string, more: string): EasyProblem[] {
  const problems: EasyProblem[] = [];
  const body = `${summary}\n${more}`;
  for (const s of easySentences(body)) {
    const n = easyLength(s);
    if (n > EASY_MAX_SENTENCE)
      problems.push({ part: 'body', message: `a sentence of ${n} characters (at most ${EASY_MAX_SENTENCE}; split it): 「${s.slice(0, 30)}…」` });
  }
  const parts: [EasyProblem['part'], string][] = [
    ['title', title],
    ['body', body],
  ];
  for (const [word, reading] of Object.entries(EASY_DIFFICULT_WORDS)) {
    for (const [part, text] of parts) {
      const i = text.indexOf(word);
      if (i < 0) continue;
      // A compound that starts with the word (訪問看護ステーション, 介護保険料) takes the reading after it.
      const rest = text.slice(i + word.length).replace(/^[\u4e00-\u9fff々ァ-ヶー]+/, '');
      if (!READING_AFTER.test(rest)) problems.push({ part, message: `「${word}」 needs its reading right after its first appearance: ${word}（${reading}）` });
      break;
    }
  }
  return problems;
}
