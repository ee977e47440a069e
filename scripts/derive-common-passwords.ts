/**
 * Derives src/console/common-passwords.json, the list new staff passwords are checked
 * against, from the frequency-ordered password list of zxcvbn-ts (@zxcvbn-ts/language-common,
 * src/passwords.json, MIT: see src/console/common-passwords.NOTICE).
 *
 *   npx tsx scripts/derive-common-passwords.ts [path/to/passwords.json]          # write
 *   npx tsx scripts/derive-common-passwords.ts [path/to/passwords.json] --check  # exit 1 if stale
 *
 * What is kept: the 5,000 most frequent passwords (the console strips digits and symbols
 * from both ends of a new password and compares what is left, so `Password2024!` counts as
 * `password`), and every listed password of 12 characters or more (the console's minimum),
 * lower-cased, without duplicates, in the source's order.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeOrCheck } from './lib/derived-file.ts';

export const TOP = 5_000;
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../src/console/common-passwords.json');

export function deriveCommonPasswords(sourceText: string): string {
  const all = JSON.parse(sourceText) as unknown;
  if (!Array.isArray(all) || !all.every((p) => typeof p === 'string')) throw new Error('expected a JSON array of strings');
  const kept = new Set<string>();
  (all as string[]).forEach((p, rank) => {
    if (rank < TOP || p.length >= 12) kept.add(p.toLowerCase());
  });
  return `${JSON.stringify([...kept])}\n`;
}

function main(argv: string[]): void {
  writeOrCheck({
    argv,
    defaultInput: 'node_modules/@zxcvbn-ts/language-common/src/passwords.json',
    envVar: 'COMMON_PASSWORDS_JSON',
    outPath: OUT,
    script: 'scripts/derive-common-passwords.ts',
    derive: deriveCommonPasswords,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
