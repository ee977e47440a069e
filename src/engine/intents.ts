/**
 * Global intents ("menu", "cancel", "back", "talk to a person", "delete my data",
 * "change language", "help") recognised in typed text before the current step sees it.
 * The phrases are data (flows/intents.yaml); matching is on a folded form of the text.
 */
// Types only from the schema module: zod stays out of the Worker bundle.
import type { IntentFile } from './intent-schema.ts';
import { GLOBAL_COMMANDS, type GlobalCommand } from './types.ts';

export type { IntentFile };

/** Features whose typed commands are listed in intents.yaml. */
export type FeatureWords = 'acp-note' | 'directory';

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
  /** A flow whose start words the text is (see `start:` in intents.yaml). */
  matchFlow(text: string): string | null;
  /** A feature's own command the text is (see `acp-note:` in intents.yaml): the op's name. */
  matchFeature(feature: FeatureWords, text: string): string | null;
}

interface Phrases {
  exact: Map<string, string>;
  contains: Array<[string, string]>;
}

function compilePhrases(entries: Array<[string, { exact: string[]; contains: string[] } | undefined]>): Phrases {
  const exact = new Map<string, string>();
  const contains: Array<[string, string]> = [];
  for (const [name, spec] of entries) {
    if (!spec) continue;
    for (const p of spec.exact) exact.set(foldForIntent(p), name);
    for (const p of spec.contains) contains.push([foldForIntent(p), name]);
  }
  // Longest phrase first, so 「データを削除」 wins over a shorter phrase it contains.
  contains.sort((a, b) => b[0].length - a[0].length);
  return { exact, contains };
}

function matchPhrases(p: Phrases, text: string): string | null {
  const folded = foldForIntent(text);
  if (!folded || folded.length > 60) return null;
  const hit = p.exact.get(folded);
  if (hit) return hit;
  for (const [phrase, name] of p.contains) if (folded.includes(phrase)) return name;
  return null;
}

export function compileIntents(file: Partial<IntentFile>): IntentMatcher {
  const commands = compilePhrases(GLOBAL_COMMANDS.map((c) => [c, file[c]]));
  const flows = compilePhrases(Object.entries(file.start ?? {}));
  const features: Record<FeatureWords, Phrases> = {
    'acp-note': compilePhrases(Object.entries(file['acp-note'] ?? {})),
    directory: compilePhrases(Object.entries(file.directory ?? {})),
  };
  return {
    match: (text) => matchPhrases(commands, text) as GlobalCommand | null,
    matchFlow: (text) => matchPhrases(flows, text),
    matchFeature: (feature, text) => matchPhrases(features[feature], text),
  };
}
