/**
 * Global intents ("menu", "cancel", "back", "talk to a person", "delete my data",
 * "change language", "help") recognised in typed text before the current step sees it.
 * The phrases are data (flows/intents.yaml); matching is on a folded form of the text.
 */
import { z } from 'zod';
import type { GlobalCommand } from './types.ts';

export const intentFileSchema = z
  .record(
    z.enum(['menu', 'cancel', 'back', 'person', 'delete-data', 'language', 'help']),
    z
      .object({
        /** The whole message must be one of these (short words like 「もどる」 inside a sentence mean nothing). */
        exact: z.array(z.string().min(1)).default([]),
        /** The message contains one of these (longer phrases that are unambiguous). */
        contains: z.array(z.string().min(2)).default([]),
      })
      .strict(),
  );
export type IntentFile = z.infer<typeof intentFileSchema>;

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
