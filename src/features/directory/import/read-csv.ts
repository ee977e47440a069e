/**
 * Reads an open-data CSV file into rows keyed by header, each with the line it starts on (a
 * quoted field may span lines), so every error can name its file and line. The national files
 * are UTF-8 with a BOM; older downloads and files saved from Excel may be Shift_JIS, so a file
 * that is not valid UTF-8 is read as Shift_JIS.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  line: number;
  get(column: string): string;
}

export interface CsvFile {
  header: string[];
  rows: CsvRow[];
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export function readCsv(text: string): CsvFile {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === 'number' ? (e as { lines: number }).lines : 0;
    throw new CsvFormatError(line, e instanceof Error ? e.message : String(e));
  }
  const [first, ...rest] = records;
  if (!first) throw new CsvFormatError(1, 'the file is empty');
  const header = first.record;
  const index = new Map(header.map((h, i) => [h, i]));
  // info.lines is the line a record ends on; the line it starts on is one past the previous end.
  let previousEnd = first.info.lines;
  const rows = rest.map(({ record, info }) => {
    const row: CsvRow = { line: previousEnd + 1, get: (c) => record[index.get(c) ?? -1] ?? '' };
    previousEnd = info.lines;
    return row;
  });
  return { header, rows };
}
