/**
 * Node only: reads content/ and flows/ from disk into a RawContent and compiles it.
 * Used at start-up on Node, by `npm run check`, by the CLI and by the Workers build.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { readArticles } from './read-articles.ts';
import { parseSynonyms } from '../knowledge/synonyms.ts';
import { parseRedFlags } from '../knowledge/triage-model.ts';
import { compileContent, type ContentBundle, type ContentError, type RawContent } from './bundle.ts';

interface YamlFile {
  doc: Document;
  lines: LineCounter;
}

export async function readRawContent(root: string): Promise<{ raw: RawContent; locate: (errors: ContentError[]) => ContentError[] }> {
  const errors: ContentError[] = [];
  const yamlFiles = new Map<string, YamlFile>();
  const rel = (p: string) => relative(root, p) || p;

  async function yamlFile(path: string): Promise<{ file: string; data: unknown }> {
    const file = rel(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      errors.push({ file, path: '(file)', message: 'cannot be read' });
      return { file, data: undefined };
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    for (const e of doc.errors) errors.push({ file, path: '(yaml)', message: e.message.split('\n')[0]!, line: lines.linePos(e.pos[0]).line });
    yamlFiles.set(file, { doc, lines });
    return { file, data: doc.errors.length ? undefined : doc.toJS() };
  }

  const city = await yamlFile(join(root, 'content/city.yaml'));
  const intents = await yamlFile(join(root, 'flows/intents.yaml'));
  const flowNames = (await readdir(join(root, 'flows')).catch(() => [] as string[])).filter((f) => f.endsWith('.yaml') && f !== 'intents.yaml').sort();
  const flows = await Promise.all(flowNames.map((f) => yamlFile(join(root, 'flows', f))));

  const locales: RawContent['locales'] = [];
  const localeDirs = (await readdir(join(root, 'content/locales'), { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory());
  for (const dir of localeDirs) {
    const path = join(root, 'content/locales', dir.name, 'bot.json');
    const file = rel(path);
    try {
      locales.push({ file, locale: dir.name, data: JSON.parse(await readFile(path, 'utf8')) });
    } catch (e) {
      errors.push({ file, path: '(json)', message: e instanceof Error ? e.message : 'invalid JSON' });
    }
  }

  const articles = await readArticles(join(root, 'content'));
  errors.push(...articles.errors.map((e) => ({ ...e, file: rel(e.file) })));

  let synonyms: RawContent['synonyms'] = [];
  const synPath = join(root, 'content/knowledge/synonyms.yaml');
  try {
    const parsed = parseSynonyms(await readFile(synPath, 'utf8'));
    synonyms = parsed.groups;
    errors.push(...parsed.errors.map((e) => ({ file: rel(synPath), path: String(e.path ?? '(root)'), message: e.message })));
  } catch {
    errors.push({ file: rel(synPath), path: '(file)', message: 'cannot be read' });
  }

  // The triage model (content/triage/red-flags.yaml): validated and compiled here.
  const triageFile = await yamlFile(join(root, 'content/triage/red-flags.yaml'));
  let triage: RawContent['triage'];
  if (triageFile.data !== undefined) {
    const parsed = parseRedFlags(await readFile(join(root, 'content/triage/red-flags.yaml'), 'utf8'));
    triage = parsed.model;
    errors.push(...parsed.errors.map((e) => ({ file: triageFile.file, path: e.path, message: e.message, ...(e.line ? { line: e.line } : {}) })));
  }

  const locate = (list: ContentError[]) => locateLines(list, yamlFiles);
  return { raw: { city, flows, intents, locales, topics: articles.topics, synonyms, triage, errors: locate(errors) }, locate };
}

/** Adds line numbers to errors whose path points into a YAML file we parsed. */
function locateLines(errors: ContentError[], files: Map<string, YamlFile>): ContentError[] {
  return errors.map((e) => {
    if (e.line !== undefined) return e;
    const f = files.get(e.file);
    if (!f || e.path.startsWith('(')) return e;
    const path = e.path.split(' › ').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    for (let n = path.length; n > 0; n--) {
      const node = f.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return { ...e, line: f.lines.linePos(node.range[0]).line };
    }
    return e;
  });
}

export async function readContent(root: string): Promise<{ bundle?: ContentBundle; errors: ContentError[] }> {
  const { raw, locate } = await readRawContent(root);
  const result = compileContent(raw);
  return { ...(result.bundle ? { bundle: result.bundle } : {}), errors: locate(result.errors) };
}

export function formatContentError(e: ContentError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''} ${e.path}: ${e.message}`;
}
