/**
 * `npm run check`: validates all flows and content (city file, articles, messages in every
 * locale, synonyms) and prints each problem with its file, line and path. Flows must also be
 * the only place routes are written: a step that no edge reaches is reported with the flows'
 * other problems, and a step id named in the code under src/ here
 * (scripts/lib/step-names-in-code.ts has the rule).
 */
import { join } from 'node:path';
import { formatContentError, readContent } from '../src/content/read-content.ts';
import { PROJECT_ROOT } from '../src/runtime/node-deps.ts';
import { findStepNamesInCode, readSourceFiles } from './lib/step-names-in-code.ts';

const { bundle, errors } = await readContent(PROJECT_ROOT);
if (errors.length) {
  for (const e of errors) console.error(formatContentError(e));
  console.error(`\n${errors.length} problem(s) found.`);
  process.exit(1);
}
const b = bundle!;
const stepIds = new Set(Object.values(b.flows).flatMap((f) => Object.keys(f.steps)));
const named = findStepNamesInCode(await readSourceFiles(join(PROJECT_ROOT, 'src'), PROJECT_ROOT), stepIds);
if (named.length) {
  for (const n of named) console.error(`${n.file}:${n.line} ${n.message}`);
  console.error(`\n${named.length} problem(s) found.`);
  process.exit(1);
}
console.log(
  `content ok (${b.version}): ${Object.keys(b.flows).length} flows, ${b.topics.length} topics in ${Object.keys(b.locales).length} languages, ${b.synonyms.length} synonym groups; no step named in src/`,
);
