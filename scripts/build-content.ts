/**
 * Validates content and writes dist/worker-assets/content.json: flows, messages, articles and
 * the prebuilt knowledge index in one file, which the Worker (no filesystem) reads through
 * its static-assets binding (wrangler.toml [assets]). wrangler runs this as the [build]
 * command before every `deploy` and `dev`; `npm test` and `npm run bench` run it first.
 *
 * Safe to run while tests read the file, and several times at once: a file that is already
 * up to date is left alone, and a new one is written beside it and renamed into place, so a
 * reader sees the old file or the new one, never half of one.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatContentError, readContent } from '../src/content/read-content.ts';
import { PROJECT_ROOT } from '../src/runtime/node-deps.ts';

/** wrangler.toml's [assets] directory, and the file runtime/worker.ts fetches from it. */
const ASSETS_DIR = join(PROJECT_ROOT, 'dist/worker-assets');
const CONTENT_FILE = 'content.json';

const { bundle, errors } = await readContent(PROJECT_ROOT);
if (!bundle) {
  for (const e of errors) console.error(formatContentError(e));
  process.exit(1);
}
// The Worker only renders articles; the question variants and keywords are already in the
// prebuilt index, so they are left out.
const runtime = {
  ...bundle,
  synonyms: [], // compiled into the index already
  topics: bundle.topics.map((t) => ({
    ...t,
    byLang: Object.fromEntries(Object.entries(t.byLang).map(([lang, v]) => [lang, { ...v, questions: [], keywords: [] }])),
  })),
};
const json = JSON.stringify(runtime);
const target = join(ASSETS_DIR, CONTENT_FILE);
const current = await readFile(target, 'utf8').catch(() => undefined);
const where = `dist/worker-assets/${CONTENT_FILE} (${bundle.version}, ${(Buffer.byteLength(json) / 1024).toFixed(0)} KB)`;
if (current === json) {
  console.log(`${where} is up to date`);
} else {
  await mkdir(ASSETS_DIR, { recursive: true });
  // Outside the assets directory, so that nothing serving or uploading it sees a partial file.
  const temp = join(ASSETS_DIR, '..', `.${CONTENT_FILE}.${process.pid}.tmp`);
  try {
    await writeFile(temp, json);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  console.log(`wrote ${where}`);
}
