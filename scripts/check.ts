/**
 * `npm run check`: validates all flows and content (city file, articles, messages in every
 * locale, synonyms) and prints each problem with its file, line and path.
 */
import { formatContentError, readContent } from '../src/content/read-content.ts';
import { PROJECT_ROOT } from '../src/runtime/node-deps.ts';

const { bundle, errors } = await readContent(PROJECT_ROOT);
if (errors.length) {
  for (const e of errors) console.error(formatContentError(e));
  console.error(`\n${errors.length} problem(s) found.`);
  process.exit(1);
}
const b = bundle!;
console.log(
  `content ok (${b.version}): ${Object.keys(b.flows).length} flows, ${b.topics.length} topics in ${Object.keys(b.locales).length} languages, ${b.synonyms.length} synonym groups`,
);
