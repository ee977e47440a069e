/**
 * What the line-oriented commands (`ask`, `rank`) share: options, reading `{"id","q"}`
 * lines from stdin, buffered JSON-line output, and running a command file directly.
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

/** `--name value` or `--name=value`. */
export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
}

/**
 * Calls `handle` for each non-empty stdin line with its `id` and `q`, in order. A line that
 * is not JSON is reported on stderr and still handled (id null, empty question), so the
 * output keeps exactly one line per input line.
 */
export async function eachQuery(stdin: NodeJS.ReadableStream, command: string, handle: (id: unknown, q: string) => void): Promise<void> {
  const rl = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let id: unknown = null;
    let q = '';
    try {
      const o = JSON.parse(line) as { id?: unknown; q?: unknown };
      id = o.id ?? null;
      q = typeof o.q === 'string' ? o.q : '';
    } catch {
      process.stderr.write(`renkei ${command}: not JSON: ${line.slice(0, 80)}\n`);
    }
    handle(id, q);
  }
}

/** Writes lines in chunks, waiting when the stream asks us to. */
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

function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fileURLToPath(metaUrl) === entry || fileURLToPath(metaUrl).replace(/\.ts$/, '') === entry.replace(/\.ts$/, '');
  } catch {
    return false;
  }
}

/** Runs a command when its file is executed directly (`tsx src/cli/ask.ts …`). */
export function runIfMain(metaUrl: string, run: (argv: string[], io: CliIo) => Promise<number>): void {
  if (!isMain(metaUrl)) return;
  run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout }).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
