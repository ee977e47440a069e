// The project's red-flag model, compiled from content/triage/red-flags.yaml, for tests.
import { readFileSync } from 'node:fs';
import { parseRedFlags } from '../../src/knowledge/triage-model.ts';
import type { TriageModel } from '../../src/knowledge/triage.ts';

let cached: TriageModel | undefined;

export function projectTriageModel(): TriageModel {
  if (cached) return cached;
  const { model, errors } = parseRedFlags(readFileSync(new URL('../../content/triage/red-flags.yaml', import.meta.url), 'utf8'));
  if (!model) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return (cached = model);
}
