/**
 * Node only: reads content/faq/<lang>/*.md and hands the texts to the pure
 * parser (src/content/article.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTICLE_LANGS, parseArticles, type ContentError, type Topic } from './article.ts';
import { parseSynonyms, type SynonymGroup } from '../knowledge/synonyms.ts';

export async function readArticles(contentDir: string): Promise<{ topics: Topic[]; errors: ContentError[] }> {
  const faqDir = join(contentDir, 'faq');
  const errors: ContentError[] = [];
  const files: { path: string; text: string }[] = [];
  let dirs: string[];
  try {
    dirs = (await readdir(faqDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return { topics: [], errors: [{ file: faqDir, path: '(file)', message: 'the articles folder cannot be read' }] };
  }
  for (const dir of dirs) {
    if (!(ARTICLE_LANGS as readonly string[]).includes(dir)) {
      errors.push({ file: join(faqDir, dir), path: '(file)', message: `unknown language folder "${dir}" (expected ${ARTICLE_LANGS.join(', ')})` });
      continue;
    }
    const names = (await readdir(join(faqDir, dir))).filter((n) => n.endsWith('.md')).sort();
    for (const name of names) {
      const path = join(faqDir, dir, name);
      try {
        files.push({ path, text: await readFile(path, 'utf8') });
      } catch {
        errors.push({ file: path, path: '(file)', message: 'cannot be read' });
      }
    }
  }
  const parsed = parseArticles(files);
  return { topics: parsed.topics, errors: [...errors, ...parsed.errors] };
}

/**
 * Everything the knowledge index is built from: the topics and the synonym
 * groups (content/knowledge/synonyms.yaml).
 */
export async function readKnowledgeSources(contentDir: string): Promise<{ topics: Topic[]; synonyms: SynonymGroup[]; errors: ContentError[] }> {
  const articles = await readArticles(contentDir);
  const synPath = join(contentDir, 'knowledge', 'synonyms.yaml');
  let synonyms: SynonymGroup[] = [];
  const errors = [...articles.errors];
  try {
    const parsed = parseSynonyms(await readFile(synPath, 'utf8'));
    synonyms = parsed.groups;
    errors.push(...parsed.errors.map((e) => ({ file: synPath, path: e.path || '(root)', message: e.message, ...(e.line ? { line: e.line } : {}) })));
  } catch {
    errors.push({ file: synPath, path: '(file)', message: 'cannot be read' });
  }
  return { topics: articles.topics, synonyms, errors };
}
