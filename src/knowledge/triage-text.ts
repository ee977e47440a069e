// The two forms a message is matched in by the triage model. PURE.
//
// Japanese form: NFKC (full-width → half-width ASCII, half-width kana → full-width),
// lower case, katakana → hiragana, small kana → large, long-vowel marks and spaces
// dropped, sentence ends (。！？ and line breaks) → 「。」 so that a gap in a word
// never reaches into the next sentence.
//
// English form: NFKC, lower case, apostrophes dropped (can't → cant), every other
// symbol a space, sentence ends → ` . `, padded with one space on each side so that
// whole words can be matched with a space before and after.

import { expandIterationMarks, foldKana } from './normalize.ts';

const JA_SENTENCE_END = /[。．.!！?？\n\r]+/g;
const JA_DROP = /[\s\u3000「」『』（）()【】［］[\]・…‥"'“”‘’`~〜～:：;；/／*＊]+/g;

export function triageJaForm(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  s = expandIterationMarks(s).replace(/[ヶヵ]/g, 'か');
  s = foldKana(s);
  // A decimal point is not the end of a sentence: 38.5度 → 38点5度.
  s = s.replace(/(\d)[.．](\d)/g, '$1点$2');
  s = s.replace(JA_SENTENCE_END, '。').replace(JA_DROP, '').replace(/,/g, '、');
  return s;
}

/**
 * The Japanese form, and where the writer left a space (やさしい日本語 and casual
 * messages put one between phrases): a conditional ending is only read within a phrase,
 * so 「息してない　呼んでも動かない」 stays a statement.
 */
export function triageJaChunks(text: string): { form: string; breaks: number[] } {
  const breaks: number[] = [];
  let form = '';
  for (const chunk of text.split(/[\s\u3000]+/)) {
    if (!chunk) continue;
    if (form) breaks.push(form.length);
    form += triageJaForm(chunk);
  }
  return { form, breaks };
}

export function triageEnForm(text: string): string {
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`]/g, '')
    .replace(/[.!?;\n\r]+/g, ' . ')
    .replace(/[^a-z0-9.#]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return ` ${s} `;
}

const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
/** Words that show a Latin-script message is English rather than romanised Japanese. */
const ENGLISH_MARKERS =
  /\b(i|im|my|me|we|our|you|your|he|hes|she|shes|his|her|they|their|it|its|the|a|an|is|are|was|were|be|been|am|do|does|did|dont|doesnt|cant|cannot|wont|isnt|not|no|and|or|but|with|of|to|in|on|at|for|from|what|how|when|where|who|why|which|can|could|should|would|will|please|help|need|want|have|has|had|there|this|that|after|about|call|mother|father|mum|mom|dad|wife|husband|pain|hurts)\b/;

/**
 * Is this message written in English (Latin script, English words)? Romanised Japanese
 * ("kyukyusha yonde") is not: it has no English word in it.
 */
export function isEnglishMessage(text: string): boolean {
  if (JAPANESE_SCRIPT.test(text)) return false;
  const en = triageEnForm(text);
  if (!/[a-z]{2,}/.test(en)) return false;
  return ENGLISH_MARKERS.test(en);
}

/** The language a message is written in, when that is clear: Japanese script → 'ja', English → 'en'. */
export function messageLanguage(text: string): 'ja' | 'en' | null {
  if (JAPANESE_SCRIPT.test(text)) return 'ja';
  return isEnglishMessage(text) ? 'en' : null;
}
