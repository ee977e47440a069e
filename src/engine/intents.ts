/**
 * Global intents ("menu", "cancel", "back", "talk to a person", "delete my data",
 * "change language", "help") recognised in typed text before the current step sees it.
 * The phrases are data (flows/intents.yaml); matching is on a folded form of the text.
 */
import type { IntentFile } from './intent-schema.ts';
import type { GlobalCommand } from './types.ts';

export type { IntentFile };

/** Folds width, case, katakana→hiragana and drops spaces and punctuation. */
export function foldForIntent(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export interface IntentMatcher {
  match(text: string): GlobalCommand | null;
}

export function compileIntents(file: IntentFile): IntentMatcher {
  const exact = new Map<string, GlobalCommand>();
  const contains: Array<[string, GlobalCommand]> = [];
  for (const [command, spec] of Object.entries(file) as Array<[GlobalCommand, IntentFile[GlobalCommand]]>) {
    if (!spec) continue;
    for (const p of spec.exact) exact.set(foldForIntent(p), command);
    for (const p of spec.contains) contains.push([foldForIntent(p), command]);
  }
  // Longest phrase first, so 「データを削除」 wins over a shorter phrase it contains.
  contains.sort((a, b) => b[0].length - a[0].length);
  return {
    match(text) {
      const folded = foldForIntent(text);
      if (!folded || folded.length > 60) return null;
      const hit = exact.get(folded);
      if (hit) return hit;
      for (const [phrase, command] of contains) if (folded.includes(phrase)) return command;
      return null;
    },
  };
}
