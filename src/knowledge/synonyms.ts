// The synonym dictionary: data in content/knowledge/synonyms.yaml, parsed and
// validated here (used when content is built). PURE: the caller reads the file.
// Matching at search time is in synonym-match.ts.

import { parseDocument } from 'yaml';
import { z } from 'zod';
import { normalizeText } from './normalize.ts';
import type { SynonymGroup } from './synonym-match.ts';

export { compileSynonyms, matchSynonyms, type CompiledSynonyms, type SynonymGroup } from './synonym-match.ts';

const term = z.union([z.string().trim().min(1, 'empty term'), z.number().transform(String)]);

export const synonymGroupSchema = z.array(term).min(2, 'a group needs at least two terms');

export const synonymFileSchema = z
  .object({
    groups: z.array(synonymGroupSchema),
  })
  .strict();

export interface SynonymError {
  path: string;
  message: string;
  line?: number;
}

/** Parses synonyms.yaml text: `groups: [[ケアマネ, ケアマネジャー, …], …]`. */
export function parseSynonyms(text: string): { groups: SynonymGroup[]; errors: SynonymError[] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return {
      groups: [],
      errors: doc.errors.map((e) => ({
        path: '',
        message: `YAML: ${e.message.split('\n')[0]}`,
        ...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}),
      })),
    };
  }
  const parsed = synonymFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      groups: [],
      errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join(' › '), message: i.message })),
    };
  }
  const errors: SynonymError[] = [];
  parsed.data.groups.forEach((g, gi) => {
    g.forEach((t, ti) => {
      const n = normalizeText(t);
      if (n.length === 0) errors.push({ path: `groups › ${gi} › ${ti}`, message: `term "${t}" is empty after normalisation` });
      else if (/^[^\p{Script=Han}a-z0-9]{1,2}$/u.test(n))
        errors.push({ path: `groups › ${gi} › ${ti}`, message: `kana term "${t}" is too short to match safely` });
    });
  });
  return { groups: parsed.data.groups, errors };
}
