/**
 * `renkei rank --corpus FILE --k 10`: the knowledge engine over an external corpus.
 *
 *   FILE    {"id","title","body"} per line (title → title field, body → body field)
 *   stdin   {"id","q"} per line
 *   stdout  {"id","ranking":[doc ids, best first, at most k]} per line
 *
 *   --synonyms FILE   synonym dictionary (default: the project's
 *                     content/knowledge/synonyms.yaml; "none" for none)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildKnowledgeIndex, searchKnowledge, type KnowledgeDoc } from '../knowledge/index.ts';
import { parseSynonyms, type SynonymGroup } from '../knowledge/synonyms.ts';
import { eachQuery, option, ROOT, runIfMain, writer, type CliIo } from './jsonl-io.ts';

export function corpusDocs(text: string): KnowledgeDoc[] {
  const docs: KnowledgeDoc[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { id?: unknown; title?: unknown; body?: unknown };
    const id = String(o.id);
    if (seen.has(id)) continue;
    seen.add(id);
    docs.push({
      id,
      fields: {
        questions: [],
        title: typeof o.title === 'string' && o.title ? [o.title] : [],
        keywords: [],
        body: typeof o.body === 'string' && o.body ? [o.body] : [],
      },
    });
  }
  return docs;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = argv[0] === 'rank' ? argv.slice(1) : argv;
  const corpus = option(args, '--corpus');
  const k = Math.max(1, Number(option(args, '--k') ?? 10) || 10);
  if (!corpus) {
    process.stderr.write('usage: renkei rank --corpus FILE [--k 10] < queries.jsonl\n');
    return 2;
  }
  const synFile = option(args, '--synonyms') ?? join(ROOT, 'content', 'knowledge', 'synonyms.yaml');
  let synonyms: SynonymGroup[] = [];
  if (synFile !== 'none') {
    try {
      synonyms = parseSynonyms(await readFile(synFile, 'utf8')).groups;
    } catch {
      process.stderr.write(`renkei rank: synonyms not read (${synFile}); ranking without them\n`);
    }
  }
  const index = buildKnowledgeIndex(corpusDocs(await readFile(corpus, 'utf8')), synonyms);
  const out = writer(io.stdout);
  await eachQuery(io.stdin, 'rank', (id, q) => {
    const ranking = q ? searchKnowledge(index, q, { limit: k }).hits.map((h) => h.id) : [];
    out.line(JSON.stringify({ id, ranking }));
  });
  await out.flush();
  return 0;
}

runIfMain(import.meta.url, run);
