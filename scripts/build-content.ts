/**
 * Validates content and writes src/generated/bundle.json for the Worker, which has no
 * filesystem: flows, messages, articles and the prebuilt knowledge index in one module.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatContentError, readContent } from '../src/content/read-content.ts';
import { PROJECT_ROOT } from '../src/runtime/node-deps.ts';

const { bundle, errors } = await readContent(PROJECT_ROOT);
if (!bundle) {
  for (const e of errors) console.error(formatContentError(e));
  process.exit(1);
}
// The Worker only renders articles; the question variants and keywords are already in the
// prebuilt index, so they are left out to keep the bundle small.
const runtime = {
  ...bundle,
  synonyms: [], // compiled into the index already
  topics: bundle.topics.map((t) => ({
    ...t,
    byLang: Object.fromEntries(Object.entries(t.byLang).map(([lang, v]) => [lang, { ...v, questions: [], keywords: [] }])),
  })),
};
const outDir = join(PROJECT_ROOT, 'src/generated');
await mkdir(outDir, { recursive: true });
const json = JSON.stringify(runtime);
await writeFile(join(outDir, 'bundle.json'), json);
console.log(`wrote src/generated/bundle.json (${bundle.version}, ${(json.length / 1024).toFixed(0)} KB)`);
