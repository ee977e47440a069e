/**
 * One import run: the city file gives the scope (municipality, 町名) and the city's own list;
 * each open-data file is parsed and checked row by row. Only when every file is clean is
 * anything written, each source replaced whole in one batch (features/directory/store.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DirectoryStore } from '../store.ts';
import { CITY_SOURCE, parseCityList } from './city-list.ts';
import { KAIGO_SOURCE, parseKaigoOpenData } from './kaigo-opendata.ts';
import { decodeText } from './read-csv.ts';
import type { ImportError } from './scope.ts';

export interface ImportRequest {
  /** content/city.yaml (its `directory:` section is always read: it gives the scope). */
  cityFile: string;
  /** Also replace the city's own list. */
  city: boolean;
  /** 介護サービス情報公表システム open-data files, each with the date its data describes. */
  kaigo: Array<{ path: string; date: string }>;
}

export interface ImportSummary {
  source: string;
  file: string;
  dataDate: string;
  rows: number;
  skipped?: { otherMunicipality: number; otherService: number };
}

export type ImportOutcome = { ok: true; imported: ImportSummary[] } | { ok: false; errors: ImportError[] };

/** The date in an open-data file's name (…_20250630.csv), when it has one. */
export function dateFromFileName(path: string): string | undefined {
  const m = /(20\d{2})(\d{2})(\d{2})(?!\d)/.exec(basename(path));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export async function importDirectory(store: DirectoryStore, req: ImportRequest, now: number): Promise<ImportOutcome> {
  const city = parseCityList(await readFile(req.cityFile, 'utf8'), req.cityFile);
  if (city.errors.length || !city.scope || !city.section) return { ok: false, errors: city.errors };
  const errors: ImportError[] = [];
  const batches: Array<{ summary: ImportSummary; places: typeof city.places }> = [];
  if (req.city) {
    batches.push({
      summary: { source: CITY_SOURCE, file: basename(req.cityFile), dataDate: city.section.list_date, rows: city.places.length },
      places: city.places,
    });
  }
  // Several files of one kind (訪問看護, 訪問介護, 居宅介護支援…) make one source together.
  if (req.kaigo.length) {
    const places = [];
    const skipped = { otherMunicipality: 0, otherService: 0 };
    const ids = new Set<string>();
    for (const f of req.kaigo) {
      const parsed = parseKaigoOpenData(decodeText(await readFile(f.path)), f.path, city.scope);
      errors.push(...parsed.errors);
      skipped.otherMunicipality += parsed.skipped.otherMunicipality;
      skipped.otherService += parsed.skipped.otherService;
      for (const p of parsed.places) {
        if (ids.has(p.id)) errors.push({ file: f.path, line: p.sourceLine ?? 0, message: `${p.name}: the same office and service is in another file` });
        ids.add(p.id);
        places.push(p);
      }
    }
    // The oldest file's date: the data is no newer than that.
    const dataDate = req.kaigo.map((f) => f.date).sort()[0]!;
    batches.push({
      summary: { source: KAIGO_SOURCE, file: req.kaigo.map((f) => basename(f.path)).join(', '), dataDate, rows: places.length, skipped },
      places,
    });
  }
  if (errors.length) return { ok: false, errors };
  for (const b of batches) {
    await store.replaceSource(
      { source: b.summary.source, file: b.summary.file, dataDate: b.summary.dataDate, importedAt: now, rows: b.summary.rows },
      b.places,
    );
  }
  return { ok: true, imported: batches.map((b) => b.summary) };
}
