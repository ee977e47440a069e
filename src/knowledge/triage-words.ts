// The little word language of content/triage/red-flags.yaml, compiled to regular
// expressions. PURE; used when content is built (the bundle carries the result).
//
// Japanese words
//   頭痛{ずつう}        a kanji run with its reading: matches 頭痛 or ずつう (and, in a
//                       longer word, any mix: 頭{あたま}が痛{いた}い matches あたまが痛い)
//   胸{むね} … 痛{いた}  「…」 a gap of up to GAP_JA characters within one sentence
//   止{と}まら(ない|ん)  alternatives in brackets; (に)? optional; $ the end of the message
//   動{うご}か~ない     ~ない = any negative ending (ない, ません, へん, ひん, ん, ねえ…)
// Katakana and hiragana, full and half width, long-vowel marks and small kana are
// folded exactly as the message is (triage-text.ts), so write each word once.
// A reading of one kana next to a gap (血{ち} … ) would match almost anything, so such
// a part only matches in kanji; write 血{ち}が止{と}まらない to match ちがとまらない.
//
// English words
//   chest … pain        a gap of up to GAP_EN words within one sentence
//   vomit*              any ending (vomits, vomited, vomiting)
//   (cant|cannot) breathe  alternatives in brackets
// Apostrophes are dropped on both sides (can't → cant).

import { triageJaForm } from './triage-text.ts';

export const GAP_JA = 16;
export const GAP_EN = 6;

const HAN = /\p{Script=Han}/u;
const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

export class WordError extends Error {}

/**
 * 「~ない」: every way a Japanese verb or adjective says "not" — standard, polite, Kansai
 * (へん・ひん), western and Kyushu (ん・とらん), casual (ねえ), written (ず) — so a word like
 * 動{うご}か~ない also matches 動かへん, 動きません is written 動{うご}き~ない.
 */
export const NEGATIVE =
  '(?:ない|なく|無い|なし|無し|ません|まへん|へん|ひん|ねえ|ねぇ|ねー|ねぐ|ん|ず|なかつ|とらん|とらへん|ていない|てない|とらず|れん|れへん|ね)';

// The compiled sources travel in the Worker bundle; the long pieces that recur in many
// words stand there as one private-use character each and are expanded when the model is
// first used (expandMarks), which keeps the bundle small.
const NEGATIVE_MARK = '\ue000';
const GAP_JA_MARK = '\ue001';
const GAP_EN_MARK = '\ue002';

export function expandMarks(src: string): string {
  return src.replaceAll(NEGATIVE_MARK, NEGATIVE).replaceAll(GAP_JA_MARK, `[^。]{0,${GAP_JA}}?`).replaceAll(GAP_EN_MARK, `(?: [a-z0-9#]+){0,${GAP_EN}} `);
}

/** One part between gaps: text, kanji{reading}, ~ない, and (a|b) groups. */
function compileJaPart(part: string, kanaAllowed: boolean): string {
  let out = '';
  let i = 0;
  while (i < part.length) {
    const ch = part[i]!;
    if (/^[~〜～]ない/.test(part.slice(i, i + 3))) {
      out += NEGATIVE_MARK;
      i += 3;
      continue;
    }
    if (ch === '(') {
      out += '(?:';
      i++;
      continue;
    }
    if (ch === ')') {
      out += ')';
      i++;
      continue;
    }
    if (ch === '|' || ch === '?' || ch === '$') {
      // alternatives, an optional group, the end of the message
      out += ch;
      i++;
      continue;
    }
    if (ch === '{' || ch === '}') throw new WordError(`a reading {…} must follow kanji`);
    if (HAN.test(ch)) {
      let j = i;
      while (j < part.length && HAN.test(part[j]!)) j++;
      const kanji = part.slice(i, j);
      if (part[j] === '{') {
        const end = part.indexOf('}', j);
        if (end < 0) throw new WordError(`unclosed reading after ${kanji}`);
        const reading = triageJaForm(part.slice(j + 1, end));
        if (!reading || HAN.test(reading)) throw new WordError(`the reading of ${kanji} must be kana`);
        out += kanaAllowed ? `(?:${escapeRegex(triageJaForm(kanji))}|${escapeRegex(reading)})` : escapeRegex(triageJaForm(kanji));
        i = end + 1;
      } else {
        out += escapeRegex(triageJaForm(kanji));
        i = j;
      }
      continue;
    }
    let j = i;
    while (j < part.length && !'(){}|?$~〜～'.includes(part[j]!) && !HAN.test(part[j]!)) j++;
    out += escapeRegex(triageJaForm(part.slice(i, j)));
    i = j;
  }
  return out;
}

/** The shortest all-kana reading of a part (kanji replaced by their readings). */
function kanaLength(part: string): number {
  const plain = part.replace(/[~〜～]ない/g, 'ない').replace(/\p{Script=Han}+\{([^}]*)\}/gu, '$1');
  if (/[()|]/.test(plain)) return Infinity; // alternatives: the author chose the forms
  return HAN.test(plain) ? Infinity : triageJaForm(plain).length;
}

/** A Japanese word → a regular-expression source over the Japanese form. */
export function compileJaWord(word: string): string {
  const parts = word.split(/\s*(?:…|\.\.\.)\s*/).map((p) => p.replace(/\s+/g, ''));
  if (parts.some((p) => !p)) throw new WordError(`empty part in "${word}"`);
  const single = parts.length === 1;
  if (single && kanaLength(parts[0]!) < 2) throw new WordError(`"${word}" is too short to match safely`);
  const src = parts.map((p) => compileJaPart(p, single || kanaLength(p) >= 2)).join(GAP_JA_MARK);
  new RegExp(expandMarks(src), 'u');
  return src;
}

/** An English word → a regular-expression source over the English form (whole words: see enAlternation). */
export function compileEnWord(word: string): string {
  const w = word
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .trim();
  if (!/^[a-z0-9 #*()|?…\-.]+$/.test(w)) throw new WordError(`"${word}": English words use a–z, 0–9, * ( | ) ? and …`);
  const parts = w.split(/\s*(?:…|\.\.\.)\s*/);
  const part = (p: string) =>
    p
      .replace(/-/g, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .map((tok) => tok.replace(/\./g, '\\.').replace(/\*/g, '[a-z0-9]*'))
      .join(' ');
  const src = parts.map(part).join(GAP_EN_MARK);
  new RegExp(expandMarks(src));
  return src;
}

/** English words as one expression that matches whole words only (the form is padded with spaces). */
export function enAlternation(sources: string[]): string {
  return `(?<= )(?:${sources.map((x) => `(?:${x})`).join('|')})(?= )`;
}
