/**
 * Shared by `renkei ask` and `renkei rank`: argument helpers and JSON-lines I/O.
 */
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

/** The project root (two levels above this file). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
}

/** Calls `handle` for each non-empty stdin line, in order. */
export async function eachLine(stdin: NodeJS.ReadableStream, handle: (line: string) => void): Promise<void> {
  const rl = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim()) handle(line);
  }
}

/** Writes a line, waiting when the stream asks us to. */
export function writer(stdout: NodeJS.WritableStream): { line(s: string): void; flush(): Promise<void> } {
  let pending: string[] = [];
  return {
    line(s: string) {
      pending.push(s);
      if (pending.length >= 256) {
        stdout.write(`${pending.join('\n')}\n`);
        pending = [];
      }
    },
    flush() {
      const chunk = pending.length ? `${pending.join('\n')}\n` : '';
      pending = [];
      return new Promise((resolve) => {
        if (!chunk) return resolve();
        if (stdout.write(chunk)) resolve();
        else stdout.once('drain', () => resolve());
      });
    },
  };
}

export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fileURLToPath(metaUrl) === entry || fileURLToPath(metaUrl).replace(/\.ts$/, '') === entry.replace(/\.ts$/, '');
  } catch {
    return false;
  }
}
