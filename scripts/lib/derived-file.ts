/**
 * The command-line part shared by the scripts that derive committed files from LINE's
 * OpenAPI descriptions: write the file, or with --check fail when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface DerivedFile {
  argv: string[];
  /** The source used when none is given on the command line or in `envVar`. */
  defaultInput: string;
  envVar: string;
  outPath: string;
  script: string;
  derive(sourceText: string): string;
}

export function writeOrCheck(o: DerivedFile): void {
  const check = o.argv.includes('--check');
  const input = o.argv.find((a) => !a.startsWith('--')) ?? process.env[o.envVar] ?? o.defaultInput;
  const text = o.derive(readFileSync(resolve(input), 'utf8'));
  if (check) {
    let current = '';
    try {
      current = readFileSync(o.outPath, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error(`${o.outPath} is stale; run: npx tsx ${o.script} ${input}`);
      process.exit(1);
    }
    console.log(`${o.outPath} is up to date`);
    return;
  }
  writeFileSync(o.outPath, text);
  console.log(`wrote ${o.outPath} (${text.length} bytes)`);
}
