/**
 * `npm run renkei -- kpi [--fy 2026] [--csv]`: the yearly KPI report for DATABASE_URL,
 * as an aligned table (default) or the CSV the console downloads (UTF-8 with BOM), on stdout.
 * The fiscal year defaults to the current one (RENKEI_NOW fixes "now", as for the app).
 * Only reads: counts, never personal data.
 *
 * Exit status: 0 on success, 2 on a usage error (a bad --fy).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { citySchema } from '../content/city-schema.ts';
import { createDb } from '../db/client.ts';
import { kpiReport } from '../features/kpi/store.ts';
import { FY_MAX, FY_MIN, fiscalYearSpan, parseFiscalYear } from '../features/kpi/report/fiscal-year.ts';
import { fiscalYearOf } from '../shared/japan-time.ts';
import { toCsv, type Cell } from '../features/kpi/report/csv.ts';
import { reportTable } from '../features/kpi/report/table.ts';
import { businessClock } from '../app/clock.ts';
import { PROJECT_ROOT, StartupError, nodeConfig, openDatabase } from '../runtime/node-deps.ts';

export interface KpiIo {
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: Record<string, string | undefined>;
  root?: string;
}

const USAGE = `usage: npm run renkei -- kpi [--fy YYYY] [--csv]

  --fy YYYY   the fiscal year by the calendar year it starts in (2026 = 令和8年度); default: the current one
  --csv       print CSV (UTF-8 with BOM, CRLF) instead of a table
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { fy?: number; csv: boolean } {
  let fy: number | undefined;
  let csv = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--csv') csv = true;
    else if (a === '--fy' || a.startsWith('--fy=')) {
      const raw = a === '--fy' ? argv[++i] : a.slice(5);
      fy = parseFiscalYear(raw);
      if (fy === undefined) throw new UsageError(`--fy needs a year of four digits between ${FY_MIN} and ${FY_MAX}, e.g. --fy 2026`);
    } else if (a === '--help' || a === '-h') throw new UsageError('');
    else throw new UsageError(`unknown option ${a}`);
  }
  return { ...(fy !== undefined ? { fy } : {}), csv };
}

/** Display width: CJK and full-width characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}

export function alignedTable(header: string[], rows: Cell[][]): string {
  const text = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = header.map((_, i) => Math.max(...text.map((r) => width(r[i] ?? ''))));
  const numeric = header.map((_, i) => i >= 2 && i < header.length - 1);
  return text
    .map((r) =>
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i]! - width(c));
          return numeric[i] ? pad + c : c + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function run(argv: string[], io: KpiIo): Promise<number> {
  let args: { fy?: number; csv: boolean };
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    (io.stderr ?? process.stderr).write(`${e.message ? `renkei kpi: ${e.message}\n\n` : ''}${USAGE}`);
    return e.message ? 2 : 0;
  }
  const env = io.env ?? process.env;
  const config = nodeConfig(env);
  const root = io.root ?? PROJECT_ROOT;
  const city = citySchema.safeParse(parse(await readFile(join(root, 'content/city.yaml'), 'utf8')));
  if (!city.success) throw new StartupError('content/city.yaml is not valid: run npm run check');
  const now = businessClock(config.fixedNow).now().getTime();
  const fy = args.fy ?? fiscalYearOf(now);
  const client = openDatabase(config);
  try {
    const report = await kpiReport(createDb(client), city.data.plan, fy, now);
    const { header, rows } = reportTable(report);
    if (args.csv) io.stdout.write(toCsv([header, ...rows]));
    else io.stdout.write(`${report.label}（${fiscalYearSpan(fy)}） 計画: ${report.planSource}\n\n${alignedTable(header, rows)}\n`);
  } finally {
    client.close();
  }
  return 0;
}
