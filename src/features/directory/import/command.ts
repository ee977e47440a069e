/**
 * `npm run renkei -- directory <import|status>`: loads the directory into DATABASE_URL.
 *
 *   directory import --city                       the city's own list (content/city.yaml)
 *   directory import --kaigo FILE [--date DATE]   介護サービス情報公表システム open-data CSV (repeatable)
 *   directory status                              what was imported, from which file and date
 *
 * Nothing is written unless every row of every file is valid; errors are printed as
 * `file:line: message`. Exit status: 0 done, 1 invalid data, 2 a usage error.
 */
import { join } from 'node:path';
import { createDb } from '../../../db/client.ts';
import { migrateDatabase, nodeConfig, openDatabase, PROJECT_ROOT } from '../../../runtime/node-deps.ts';
import { createDirectoryStore } from '../store.ts';
import { dateFromFileName, importDirectory, type ImportRequest } from './import-directory.ts';
import { formatImportError } from './scope.ts';

const USAGE = `usage: npm run renkei -- directory import [--city] [--kaigo FILE [--date YYYY-MM-DD]]...
       npm run renkei -- directory status

  --city          import the city's own list (directory: in content/city.yaml)
  --kaigo FILE    a 介護サービス情報公表システム open-data CSV (訪問看護, 訪問介護, 居宅介護支援, 通所…);
                  repeat for each file; all of them replace the previous open data together
  --date DATE     the date the data describes (公表日), for the --kaigo file before it;
                  taken from the file name when it ends in a date (…_20260630.csv)
`;

export interface DirectoryIo {
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: Record<string, string | undefined>;
  root?: string;
}

class UsageError extends Error {}

function parseImportArgs(argv: string[], cityFile: string): ImportRequest {
  const req: ImportRequest = { cityFile, city: false, kaigo: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--city') req.city = true;
    else if (a === '--kaigo') {
      const path = argv[++i];
      if (!path) throw new UsageError('--kaigo needs a file');
      const date = dateFromFileName(path);
      req.kaigo.push({ path, date: date ?? '' });
    } else if (a === '--date') {
      const date = argv[++i];
      const last = req.kaigo[req.kaigo.length - 1];
      if (!last) throw new UsageError('--date goes after the --kaigo file it dates');
      if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date needs YYYY-MM-DD');
      last.date = date;
    } else throw new UsageError(a === '--help' || a === '-h' ? '' : `unknown option ${a}`);
  }
  const undated = req.kaigo.find((k) => !k.date);
  if (undated) throw new UsageError(`${undated.path}: give the date its data describes with --date YYYY-MM-DD`);
  if (!req.city && !req.kaigo.length) throw new UsageError('nothing to import: give --city and/or --kaigo FILE');
  return req;
}

export async function run(argv: string[], io: DirectoryIo): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const root = io.root ?? PROJECT_ROOT;
  const [sub, ...rest] = argv;
  let req: ImportRequest | undefined;
  try {
    if (sub === 'import') req = parseImportArgs(rest, join(root, 'content/city.yaml'));
    else if (sub !== 'status') throw new UsageError(sub ? `unknown command ${sub}` : '');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr.write(`${e.message ? `renkei directory: ${e.message}\n\n` : ''}${USAGE}`);
    return e.message ? 2 : 0;
  }
  const config = nodeConfig(io.env ?? process.env);
  const client = openDatabase(config);
  try {
    await migrateDatabase(client);
    const store = createDirectoryStore(createDb(client));
    if (req) {
      // Wall time: when the import ran is machinery (the console shows it), not a business date.
      const outcome = await importDirectory(store, req, Date.now());
      if (!outcome.ok) {
        for (const e of outcome.errors) stderr.write(`${formatImportError(e)}\n`);
        stderr.write(`renkei directory: ${outcome.errors.length} error(s); nothing was imported\n`);
        return 1;
      }
      for (const s of outcome.imported) {
        const skipped = s.skipped ? ` (left out: ${s.skipped.otherMunicipality} of other municipalities, ${s.skipped.otherService} of other services)` : '';
        io.stdout.write(`${s.source}: ${s.rows} places from ${s.file}, data of ${s.dataDate}${skipped}\n`);
      }
    } else {
      const sources = await store.sources();
      if (!sources.length) io.stdout.write('the directory is empty: npm run renkei -- directory import --city --kaigo FILE\n');
      for (const s of sources)
        io.stdout.write(`${s.source}: ${s.rows} places, data of ${s.dataDate}, from ${s.file}, imported ${new Date(s.importedAt).toISOString()}\n`);
    }
  } finally {
    client.close();
  }
  return 0;
}
