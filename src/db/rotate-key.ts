/**
 * Encryption key rotation: re-seals every sealed value under the sealer's current key, bound
 * to its table, column and row (db/sealed-bindings.ts). The same pass with `onlyUnbound` is
 * the migration that binds values sealed before binding existed (`v1.`).
 *
 * The sealer is built with the NEW key as current and the OLD key(s) as previous
 * (`createSealer(newKey, [oldKey])`), so it opens both and seals with the new one. Sealed
 * columns are found in the drizzle schema (every column whose name ends in `_sealed`), so a
 * table added later is covered without touching this file.
 *
 * - Batches: each batch reads up to `batchSize` values not yet under the new key (keyset
 *   pagination on the primary key) and writes them back in one transaction.
 * - Idempotent and resumable: values already under the new key id are skipped, so a second
 *   run changes nothing and an interrupted run continues where it stopped.
 * - Safe beside the running app: each write is a compare-and-swap on the old ciphertext, so a
 *   value the app rewrote meanwhile is left alone (the app writes with its current key).
 * - Values that no key opens (a key that was dropped too early, a corrupted value) are counted
 *   and left as they are; they keep the rotation "not finished".
 * - Reports counts only; never a value, plain or sealed.
 */
import { is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Sealer } from '../shared/crypto.ts';
import type { Db } from './client.ts';
import * as schema from './all-schema.ts';
import { aad, SEALED_BINDINGS, type SealedColumnName } from './sealed-bindings.ts';

export interface SealedColumn {
  table: string;
  column: string;
  /** The single-column primary key used to page through the table (else SQLite's rowid). */
  key: string;
}

/** The associated data of a stored value, from its row (see sealed-bindings.ts). */
function boundTo(col: SealedColumn, row: Record<string, unknown>): string {
  const name = `${col.table}.${col.column}`;
  if (!(name in SEALED_BINDINGS)) throw new Error(`${name} has no entry in db/sealed-bindings.ts`);
  const names = SEALED_BINDINGS[name as SealedColumnName];
  return aad(name as SealedColumnName, ...names.map((_, i) => row[`b${i}`] as string | number));
}

/** Every `*_sealed` column of every table in a drizzle schema module (default: ours). */
export function sealedColumns(tables: Record<string, unknown> = schema): SealedColumn[] {
  const out: SealedColumn[] = [];
  for (const value of Object.values(tables)) {
    if (!is(value, SQLiteTable)) continue;
    const cfg = getTableConfig(value);
    const primary = cfg.columns.filter((c) => c.primary).map((c) => c.name);
    const key = primary.length === 1 && cfg.primaryKeys.length === 0 ? primary[0]! : 'rowid';
    for (const c of cfg.columns) if (c.name.endsWith('_sealed')) out.push({ table: cfg.name, column: c.name, key });
  }
  return out.sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column));
}

export interface ColumnReport {
  table: string;
  column: string;
  /** non-null values */
  total: number;
  /** values re-sealed by this run */
  resealed: number;
  /** values no key could open (left unchanged) */
  unreadable: number;
  /** values the app rewrote between our read and our write (left to the app's write) */
  changedMeanwhile: number;
  /** values still not under the new key after this run */
  remaining: number;
}

export interface RotationReport {
  keyId: string;
  columns: ColumnReport[];
  resealed: number;
  unreadable: number;
  remaining: number;
  /** true when `limit` stopped the run before every value was tried */
  stopped: boolean;
}

export interface RotateOptions {
  /** values per read/write batch (default 200) */
  batchSize?: number;
  /** re-seal at most this many values in this run (the rest is left for the next run) */
  limit?: number;
  /** count only; write nothing */
  dryRun?: boolean;
  /** the columns to rotate (default: every sealed column of the schema) */
  columns?: SealedColumn[];
  /** called after each batch (e.g. to print progress) */
  onBatch?: (c: ColumnReport) => void;
  /**
   * Only values sealed before binding (`v1.`): the migration that binds existing rows to their
   * place, run at start (Node) and by `renkei migrate`. Without it every value not sealed
   * under the current key and bound (`v2.<keyId>.`) is re-sealed.
   */
  onlyUnbound?: boolean;
}

const ident = (name: string) => (name === 'rowid' ? sql.raw('rowid') : sql.identifier(name));

export async function rotateKey(db: Db, sealer: Sealer, opts: RotateOptions = {}): Promise<RotationReport> {
  const batchSize = Math.max(1, opts.batchSize ?? 200);
  let budget = opts.limit ?? Infinity;
  const prefix = `v2.${sealer.keyId}.`;
  const columns = opts.columns ?? sealedColumns();
  const reports: ColumnReport[] = [];
  let stopped = false;

  await assertTablesExist(db, columns);

  for (const col of columns) {
    const t = sql.identifier(col.table);
    const c = sql.identifier(col.column);
    const k = ident(col.key);
    const stale = opts.onlyUnbound
      ? sql`${c} is not null and substr(${c}, 1, 3) = 'v1.'`
      : sql`${c} is not null and substr(${c}, 1, ${prefix.length}) <> ${prefix}`;
    const bound = SEALED_BINDINGS[`${col.table}.${col.column}` as SealedColumnName] ?? [];
    const bindingColumns = sql.join(
      bound.map((b, i) => sql`, ${sql.identifier(b)} as ${sql.raw(`b${i}`)}`),
      sql``,
    );
    const report: ColumnReport = { table: col.table, column: col.column, total: 0, resealed: 0, unreadable: 0, changedMeanwhile: 0, remaining: 0 };
    const [totals] = await db.all<{ n: number }>(sql`select count(*) as n from ${t} where ${c} is not null`);
    report.total = Number(totals?.n ?? 0);

    let after: unknown;
    while (!opts.dryRun && budget > 0) {
      const take = Math.min(batchSize, budget);
      const rows = await db.all<{ k: unknown; v: string } & Record<string, unknown>>(
        sql`select ${k} as k, ${c} as v${bindingColumns} from ${t} where ${stale}${after === undefined ? sql`` : sql` and ${k} > ${after}`} order by ${k} limit ${take}`,
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.k;

      const writes: BatchItem<'sqlite'>[] = [];
      for (const row of rows) {
        let plain: string;
        try {
          plain = await sealer.open(row.v, boundTo(col, row));
        } catch {
          report.unreadable++;
          continue;
        }
        const resealed = await sealer.seal(plain, boundTo(col, row));
        // Compare-and-swap: only if the value is still the one we read.
        writes.push(db.run(sql`update ${t} set ${c} = ${resealed} where ${k} = ${row.k} and ${c} = ${row.v}`));
      }
      if (writes.length > 0) {
        const results = (await db.batch(writes as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])) as Array<{ rowsAffected?: number }>;
        for (const r of results) {
          if ((r.rowsAffected ?? 0) > 0) report.resealed++;
          else report.changedMeanwhile++;
        }
      }
      budget -= rows.length;
      opts.onBatch?.({ ...report });
      if (rows.length < take) break;
    }
    if (budget <= 0) stopped = true;

    const [left] = await db.all<{ n: number }>(sql`select count(*) as n from ${t} where ${stale}`);
    report.remaining = Number(left?.n ?? 0);
    reports.push(report);
  }

  return {
    keyId: sealer.keyId,
    columns: reports,
    resealed: reports.reduce((n, r) => n + r.resealed, 0),
    unreadable: reports.reduce((n, r) => n + r.unreadable, 0),
    remaining: reports.reduce((n, r) => n + r.remaining, 0),
    stopped,
  };
}

export class MissingTableError extends Error {
  constructor(readonly tables: string[]) {
    super(`table(s) missing from the database: ${tables.join(', ')} (apply the migrations first: renkei migrate)`);
    this.name = 'MissingTableError';
  }
}

async function assertTablesExist(db: Db, columns: SealedColumn[]): Promise<void> {
  const rows = await db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table'`);
  const present = new Set(rows.map((r) => r.name));
  const missing = [...new Set(columns.map((c) => c.table))].filter((t) => !present.has(t));
  if (missing.length) throw new MissingTableError(missing);
}
