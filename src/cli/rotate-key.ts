/**
 * `npm run renkei -- rotate-key [--dry-run] [--batch-size N] [--limit N]`: re-seals every
 * encrypted value in DATABASE_URL under DATA_ENCRYPTION_KEY (the new key), opening old values
 * with DATA_ENCRYPTION_KEY_PREVIOUS (the old key or keys, comma-separated).
 *
 * Prints counts per sealed column and the key ids (8 hex chars of SHA-256 of a key: enough
 * to tell keys apart, nothing about the key), never a key or a value. Run it again until it
 * reports 0 remaining; it is idempotent and resumable. The procedure is in docs/operations.md.
 *
 * Exit status: 0 when nothing remains under an old key; 1 when something remains (run again,
 * or a value no given key opens); 2 on a usage or configuration error.
 */
import { createSealer } from '../shared/crypto.ts';
import { isValidEncryptionKey } from '../app/config.ts';
import { createDb } from '../db/client.ts';
import { MissingTableError, rotateKey, type ColumnReport } from '../db/rotate-key.ts';
import { nodeConfig, openDatabase } from '../runtime/node-deps.ts';

export interface RotateKeyIo {
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** the environment to read (default: process.env) */
  env?: Record<string, string | undefined>;
}

const USAGE = `usage: npm run renkei -- rotate-key [--dry-run] [--batch-size N] [--limit N]

  DATA_ENCRYPTION_KEY            the new key (values are re-sealed under it)
  DATA_ENCRYPTION_KEY_PREVIOUS   the old key(s), comma-separated (values sealed under them are opened)
  DATABASE_URL, DATABASE_AUTH_TOKEN as for the app (default: the local ./data/renkei.db)

  --dry-run       count what is left under old keys; change nothing
  --batch-size N  values per transaction (default 200)
  --limit N       re-seal at most N values in this run
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { dryRun: boolean; batchSize: number; limit?: number } {
  let dryRun = false;
  let batchSize = 200;
  let limit: number | undefined;
  const count = (flag: string, raw: string | undefined): number => {
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a whole number ≥ 1`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') dryRun = true;
    else if (a === '--batch-size') batchSize = count(a, argv[++i]);
    else if (a === '--limit') limit = count(a, argv[++i]);
    else if (a === '--help' || a === '-h') throw new UsageError('');
    else throw new UsageError(`unknown option ${a}`);
  }
  return { dryRun, batchSize, ...(limit !== undefined ? { limit } : {}) };
}

function line(r: ColumnReport): string {
  const name = `${r.table}.${r.column}`.padEnd(28);
  return `  ${name} ${String(r.total).padStart(7)} sealed  ${String(r.resealed).padStart(7)} re-sealed  ${String(r.unreadable).padStart(5)} unreadable  ${String(r.remaining).padStart(7)} remaining`;
}

export async function run(argv: string[], io: RotateKeyIo): Promise<number> {
  const env = io.env ?? process.env;
  const err = (s: string) => (io.stderr ?? io.stdout).write(s);

  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) err(`rotate-key: ${e.message}\n`);
    err(USAGE);
    return e.message ? 2 : 0;
  }

  // Checked before nodeConfig: without a key it would generate a development key.
  const current = env.DATA_ENCRYPTION_KEY?.trim();
  if (!current) {
    err('rotate-key: DATA_ENCRYPTION_KEY (the new key) is required\n');
    return 2;
  }
  const previous = [
    ...new Set(
      (env.DATA_ENCRYPTION_KEY_PREVIOUS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ].filter((k) => k !== current);
  const bad = previous.findIndex((k) => !isValidEncryptionKey(k));
  if (bad >= 0) {
    err(`rotate-key: DATA_ENCRYPTION_KEY_PREVIOUS: key ${bad + 1} is not base64 of exactly 32 bytes\n`);
    return 2;
  }
  let config: ReturnType<typeof nodeConfig>;
  try {
    config = nodeConfig(env, { warn: (m) => err(`warning: ${m}\n`) });
  } catch (e) {
    err(`rotate-key: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }

  const sealer = await createSealer(config.encryptionKey, previous);
  const old = await Promise.all(previous.map(async (k) => (await createSealer(k)).keyId));
  const client = openDatabase(config);
  try {
    io.stdout.write(
      `${opts.dryRun ? 'counting values not yet under' : 're-sealing under'} key ${sealer.keyId}` +
        ` (previous: ${old.length ? old.join(', ') : 'none'}) in ${config.database.url.replace(/\/\/[^@/]*@/, '//***@')}\n`,
    );
    const report = await rotateKey(createDb(client), sealer, {
      batchSize: opts.batchSize,
      dryRun: opts.dryRun,
      ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
    });
    for (const c of report.columns) io.stdout.write(`${line(c)}\n`);
    io.stdout.write(`re-sealed ${report.resealed}, unreadable ${report.unreadable}, remaining ${report.remaining}\n`);
    if (report.remaining === 0) {
      io.stdout.write(`done: every sealed value is under key ${sealer.keyId}; the previous key(s) can be removed from the app\n`);
      return 0;
    }
    if (report.unreadable > 0) {
      io.stdout.write('some values open with none of the given keys: add the key that sealed them to DATA_ENCRYPTION_KEY_PREVIOUS\n');
    } else {
      io.stdout.write('values remain under old keys: run rotate-key again\n');
    }
    return 1;
  } catch (e) {
    if (e instanceof MissingTableError) {
      err(`rotate-key: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    client.close();
  }
}
