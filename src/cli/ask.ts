/**
 * `renkei ask --jsonl`: answers questions the way the bot would.
 *
 *   stdin   {"id","q","lang"?} per line
 *   stdout  {"id","emergency","topic","confident","candidates"} per line, nothing else
 *
 * emergency: the triage model (content/triage/red-flags.yaml) rates the message level
 * (a) — 119 now — or a crisis; the bot then shows the 119 / crisis card instead of an
 * article, but topic and candidates are still
 * reported. topic: the article the bot answers with when the search is
 * confident, else null. candidates: topic ids, best first, up to 5 (「もしかして」
 * offers the first three). `lang` is accepted and not needed: every topic is
 * indexed in all its languages.
 *
 *   --content DIR   the content folder (default: the project's content/)
 *   --explain       add "confidence", "outcome" and "reason" (not for the judge)
 *   a question as arguments instead of --jsonl prints one answer, for trying out
 */
import { join } from 'node:path';
import { readKnowledgeSources } from '../content/read-articles.ts';
import { readFile } from 'node:fs/promises';
import { triage, type TriageModel } from '../knowledge/triage.ts';
import { parseRedFlags } from '../knowledge/triage-model.ts';
import { buildKnowledgeIndex, searchKnowledge, topicDocsFromTopics, type KnowledgeIndex } from '../knowledge/index.ts';
import { eachQuery, option, ROOT, runIfMain, writer, type CliIo } from './jsonl-io.ts';

// ---------------------------------------------------------------------------

export interface AskAnswer {
  id: unknown;
  emergency: boolean;
  topic: string | null;
  confident: boolean;
  candidates: string[];
}

export function answer(index: KnowledgeIndex, model: TriageModel, id: unknown, q: string, explain = false): AskAnswer & Record<string, unknown> {
  const t = triage(model, q);
  const alarm = t?.level === 'a' ? t : null;
  const result = searchKnowledge(index, q, { limit: 5 });
  const confident = result.outcome === 'confident';
  const out: AskAnswer & Record<string, unknown> = {
    id,
    emergency: alarm !== null,
    topic: confident ? (result.hits[0]?.id ?? null) : null,
    confident,
    candidates: result.hits.map((h) => h.id),
  };
  if (explain) {
    out.confidence = Number(result.confidence.toFixed(3));
    out.outcome = result.outcome;
    if (t) out.reason = `${t.kind}:${t.concept}:${t.level}${t.calmed ? ':calmed' : ''}`;
  }
  return out;
}

export async function loadIndex(contentDir: string): Promise<{ index: KnowledgeIndex; model: TriageModel; errors: string[] }> {
  const { topics, synonyms, errors } = await readKnowledgeSources(contentDir);
  const index = buildKnowledgeIndex(topicDocsFromTopics(topics), synonyms);
  const red = parseRedFlags(await readFile(join(contentDir, 'triage', 'red-flags.yaml'), 'utf8'));
  if (!red.model) throw new Error(`triage/red-flags.yaml: ${red.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { index, model: red.model, errors: errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''} ${e.path}: ${e.message}`) };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = argv[0] === 'ask' ? argv.slice(1) : argv;
  const contentDir = option(args, '--content') ?? join(ROOT, 'content');
  const explain = args.includes('--explain');
  const { index, model, errors } = await loadIndex(contentDir);
  for (const e of errors) process.stderr.write(`renkei ask: ${e}\n`);
  const out = writer(io.stdout);
  if (!args.includes('--jsonl')) {
    const q = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--content').join(' ');
    if (!q) {
      process.stderr.write('usage: renkei ask --jsonl < questions.jsonl   |   renkei ask "question"\n');
      return 2;
    }
    out.line(JSON.stringify(answer(index, model, null, q, true)));
    await out.flush();
    return 0;
  }
  await eachQuery(io.stdin, 'ask', (id, q) => out.line(JSON.stringify(answer(index, model, id, q, explain))));
  await out.flush();
  return 0;
}

runIfMain(import.meta.url, run);
