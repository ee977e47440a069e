// Text normalisation and term extraction for retrieval. PURE: no I/O, no clock.
//
// Japanese text is written by residents in many ways: katakana or hiragana
// (ケアマネ / けあまね), with or without long-vowel marks (ケアマネージャー /
// ケアマネジャー), with different okurigana (申し込み / 申込み / 申込), full-width
// or half-width characters, and with spaces between words (やさしい日本語).
// Everything here folds those differences away so the same thing written two
// ways produces the same terms.

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[a-z0-9]/;

/** Hiragana kept as okurigana when it sits between two kanji (申し込み → 申込み). */
const OKURIGANA = 'いきしちひみりぎじびけせめれえ';
const OKURIGANA_RE = new RegExp(`(\\p{Script=Han})[${OKURIGANA}](?=\\p{Script=Han})`, 'gu');

const SMALL_TO_LARGE: Record<string, string> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
};
const SMALL_RE = /[ぁぃぅぇぉっゃゅょゎゕゖ]/g;

/** Voiced forms for ゞ / ヾ. */
const VOICED: Record<string, string> = {
  か: 'が',
  き: 'ぎ',
  く: 'ぐ',
  け: 'げ',
  こ: 'ご',
  さ: 'ざ',
  し: 'じ',
  す: 'ず',
  せ: 'ぜ',
  そ: 'ぞ',
  た: 'だ',
  ち: 'ぢ',
  つ: 'づ',
  て: 'で',
  と: 'ど',
  は: 'ば',
  ひ: 'び',
  ふ: 'ぶ',
  へ: 'べ',
  ほ: 'ぼ',
};

/** Katakana (U+30A1–U+30F6) → hiragana; ヴ → ぶ. Other characters unchanged. */
export function katakanaToHiragana(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x30f4) out += 'ぶ';
    else if (c >= 0x30a1 && c <= 0x30f6) out += String.fromCodePoint(c - 0x60);
    else if (c === 0x30fd) out += 'ゝ';
    else if (c === 0x30fe) out += 'ゞ';
    else out += ch;
  }
  return out;
}

/** Expands iteration marks: 人々 → 人人, いすゞ → いすず, こゝろ → こころ. */
export function expandIterationMarks(s: string): string {
  if (!/[々ゝゞヽヾ]/.test(s)) return s;
  const chars = Array.from(s);
  for (let i = 1; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1]!;
    if (ch === '々' || ch === 'ゝ' || ch === 'ヽ') chars[i] = prev;
    else if (ch === 'ゞ' || ch === 'ヾ') {
      const base = katakanaToHiragana(prev);
      chars[i] = VOICED[base] ?? prev;
    }
  }
  return chars.join('');
}

/**
 * Step 1 of normalisation, keeping the script of each character: NFKC
 * (full-width → half-width ASCII, half-width katakana → full-width), lower
 * case, iteration marks expanded, ヶ/ヵ as a counter → か.
 */
export function preNormalize(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  // Latin letters with diacritics (yōkaigo, café) → plain letters.
  s = s.replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, (ch) => ch.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  s = expandIterationMarks(s);
  // 3ヶ月 / 3ヵ月 / 3ケ月 / 3カ月 → 3か月; 1ヶ所 → 1か所
  s = s.replace(/([0-9一二三四五六七八九十何数])[ヶヵケカ](?=[月所国年条])/g, '$1か');
  s = s.replace(/[ヶヵ]/g, 'か');
  return s;
}

/** Folds kana for matching: katakana → hiragana, small kana → large, ー dropped. */
export function foldKana(s: string): string {
  return katakanaToHiragana(s)
    .replace(SMALL_RE, (m) => SMALL_TO_LARGE[m] ?? m)
    .replace(/[ーｰ〜～]/g, '');
}

/** Removes okurigana between kanji: 申し込み → 申込み, 取り扱い → 取扱い, 払い戻し → 払戻し. */
export function foldOkurigana(s: string): string {
  // Applied twice so that 引き落とし-like chains (kanji, kana, kanji, kana, kanji) fold fully.
  return s.replace(OKURIGANA_RE, '$1').replace(OKURIGANA_RE, '$1');
}

function isLatinOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && LATIN_OR_DIGIT.test(ch);
}

/**
 * Full normalisation to the form used for matching: NFKC, lower case,
 * katakana → hiragana, small kana and long-vowel marks folded, iteration marks
 * expanded, okurigana between kanji removed, punctuation and symbols removed.
 * Spaces survive only between Latin letters / digits (English words);
 * Japanese text becomes one run without spaces.
 */
export function normalizeText(text: string): string {
  let s = foldKana(preNormalize(text));
  s = foldOkurigana(s);
  // Punctuation, symbols and control characters become spaces.
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ');
  // Keep a space only where both neighbours are Latin letters or digits.
  let out = '';
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === ' ') {
      const prev = out[out.length - 1];
      // find next non-space
      let j = i + 1;
      while (j < chars.length && chars[j] === ' ') j++;
      const next = chars[j];
      if (prev !== undefined && next !== undefined && isLatinOrDigit(prev) && isLatinOrDigit(next)) out += ' ';
      i = j - 1;
      continue;
    }
    out += ch;
  }
  return out.trim();
}

// ---------------------------------------------------------------------------
// English

const STOP_WORDS = new Set(
  (
    'a an the is are am was were be been being do does did doing i me my mine myself we us our ours you your yours ' +
    'he him his she her hers it its they them their theirs this that these those there here to of in on at for with ' +
    'and or but if so as by from about into than then too very just also please would could should will shall can ' +
    'may might must have has had having some any such own same other s t don doesn didn isn aren wasn weren won ' +
    're ve ll d m o y hi hello thank thanks tell know let get got'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** A light suffix-stripping stemmer (enough to fold plural / -ing / -ed forms). */
export function stemEnglish(word: string): string {
  let w = word.replace(/'s$/, '').replace(/'/g, '');
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) {
    w = w.slice(0, -3);
    if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ed') && w.length > 4) {
    w = w.slice(0, -2);
    if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

// ---------------------------------------------------------------------------
// Term extraction

export interface TextAnalysis {
  /** Normalised Japanese runs (no spaces), for character n-grams and synonym matching. */
  jaRuns: string[];
  /** The whole normalised text, Japanese compacted (for synonym matching). */
  compact: string;
  /** Word-like units: kanji runs (okurigana folded) and katakana runs, in hiragana. */
  units: string[];
  /** English words, stemmed, stop words removed. */
  words: string[];
  /** English words, stemmed, stop words kept (for phrase matching), joined by spaces. */
  wordSeq: string;
}

const PARTICLE_AFTER = /[のがをにはでともやへ、。，．,.!?！？\s「」()（）・]/u;
const PARTICLE_AFTER_2 = new Set(['まで', 'から', 'より', 'だけ', 'など', 'って', 'さん', 'ちゃ', 'くら', 'ぐら']);
const OKURIGANA_CHARS = new RegExp(`[${OKURIGANA}]`, 'g');
const UNIT_RE = new RegExp(`\\p{Script=Han}(?:[${OKURIGANA}]?\\p{Script=Han})*|[\\p{Script=Katakana}ー]{2,}`, 'gu');

export function analyzeText(text: string, minHan = 2, singleKanji = true): TextAnalysis {
  const pre = preNormalize(text);
  const units: string[] = [];
  for (const m of pre.matchAll(UNIT_RE)) {
    const raw = m[0];
    if (HAN.test(raw[0]!)) {
      const u = raw.replace(OKURIGANA_CHARS, '');
      if (u.length >= minHan) units.push(u);
      else if (u.length === 1 && singleKanji) {
        // A lone kanji counts as a word when a particle or the end follows
        // (歯の, 薬を, 熱が), not when it is a verb or adjective stem (教えて).
        const at = m.index + raw.length;
        const next = pre[at];
        if (next === undefined || PARTICLE_AFTER.test(next) || PARTICLE_AFTER_2.has(pre.slice(at, at + 2))) units.push(u);
      }
    } else {
      const folded = foldKana(raw);
      if (folded.length >= 2) units.push(folded);
    }
  }
  const compact = normalizeText(text);
  const jaRuns: string[] = [];
  const words: string[] = [];
  const seq: string[] = [];
  for (const m of compact.matchAll(/[a-z][a-z0-9]*|[^a-z ]+/g)) {
    const t = m[0];
    const c = t[0]!;
    if (c >= 'a' && c <= 'z') {
      const st = stemEnglish(t);
      seq.push(st);
      if (!isStopWord(t) && !isStopWord(st) && st.length > 0) words.push(st);
    } else if (/^[0-9]+$/.test(t)) {
      // A number on its own is a word; next to Japanese it stays in the run (24時間, 65歳).
      words.push(t);
      seq.push(t);
    } else {
      jaRuns.push(t);
    }
  }
  return { jaRuns, compact, units, words, wordSeq: seq.join(' ') };
}
