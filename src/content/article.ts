/**
 * Home-care articles: content/faq/<lang>/<id>.md (see docs/content-guide.md).
 * PURE: parses file text handed in by the caller and merges the languages of a
 * topic. Errors are returned, never thrown, as { file, path, message, line? }.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { checkEasyJapanese } from './easy-japanese.ts';
import { SCENES } from './scenes.ts';

export const ARTICLE_LANGS = ['ja', 'ja-easy', 'en'] as const;
export type ArticleLang = (typeof ARTICLE_LANGS)[number];

export const ARTICLE_SCENES = SCENES;
export type ArticleScene = (typeof ARTICLE_SCENES)[number];

export const ARTICLE_AUDIENCES = ['resident', 'pro', 'both'] as const;
export type ArticleAudience = (typeof ARTICLE_AUDIENCES)[number];

/** The next-step contacts an article may name (resolved from content/city.yaml by the bot). */
export const ARTICLE_CONTACTS = [
  'center',
  'care_insurance_desk',
  'houkatsu',
  'night_clinic',
  'dementia_desk',
  'dental_home_visit',
  'pharmacy_home_visit',
  'advice_line',
  'ict_help_desk',
  'care_manager',
  'home_doctor',
  'visiting_nurse',
  'hospital_liaison',
  'elder_abuse_desk',
  'missing_person_desk',
] as const;
export type ArticleContact = (typeof ARTICLE_CONTACTS)[number];

export const MIN_QUESTIONS = 5;
export const MORE_MARKER = '<!-- more -->';

export interface ContentError {
  file: string;
  path: string;
  message: string;
  /** 1-based line in the file, when it could be located. */
  line?: number;
}

const topicId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by "-" (e.g. kaigo-hoken-apply)');

/** YYYY-MM-DD, a real calendar date. YAML may hand us a Date if a custom schema was used. */
const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, 'is not a real calendar date'),
);

const text = z.string().trim().min(1, 'must not be empty');
/** The most characters LINE shows on a quick-reply button (counted as LINE counts them). */
export const BUTTON_LABEL_MAX = 20;
const graphemes = (s: string) => [...new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(s)].length;
const buttonLabel = text.refine((s) => graphemes(s) <= BUTTON_LABEL_MAX, `a button label has at most ${BUTTON_LABEL_MAX} characters`);
const question = z.string().trim().min(2, 'a question must not be empty');
const keywords = z.array(z.union([text, z.number().transform(String)])).min(1, 'give at least one keyword');

const source = z
  .object({
    title: text,
    url: z.url({ message: 'must be a URL' }).optional(),
  })
  .strict();

/** Front matter of the Japanese master file (content/faq/ja/<id>.md). */
export const masterFrontMatterSchema = z
  .object({
    id: topicId,
    scene: z.enum(ARTICLE_SCENES),
    audience: z.enum(ARTICLE_AUDIENCES),
    title: text,
    label: buttonLabel.optional(),
    questions: z.array(question).min(MIN_QUESTIONS, `give at least ${MIN_QUESTIONS} ways people ask it`),
    keywords,
    sources: z.array(source).min(1, 'cite at least one source'),
    reviewed: isoDate,
    related: z.array(topicId).default([]),
    contacts: z.array(z.enum(ARTICLE_CONTACTS)).min(1, 'name at least one next-step contact'),
  })
  .strict();

/** Front matter of a translation (content/faq/ja-easy|en/<id>.md): only what differs by language. */
export const translationFrontMatterSchema = z
  .object({
    id: topicId,
    title: text,
    label: buttonLabel.optional(),
    questions: z.array(question).min(MIN_QUESTIONS, `give at least ${MIN_QUESTIONS} ways people ask it`),
    keywords,
    reviewed: isoDate,
  })
  .strict();

export type MasterFrontMatter = z.infer<typeof masterFrontMatterSchema>;
export type TranslationFrontMatter = z.infer<typeof translationFrontMatterSchema>;

export interface ArticleSource {
  title: string;
  url?: string;
}

/** What one language of a topic says. */
export interface TopicLangContent {
  title: string;
  /** A short name for buttons (at most BUTTON_LABEL_MAX characters); required when the title is longer. */
  label?: string;
  questions: string[];
  keywords: string[];
  /** The main answer (before <!-- more -->). */
  summary: string;
  /** The 「くわしく」 part (after <!-- more -->), '' when absent. */
  more: string;
  reviewed: string;
}

export interface Topic {
  id: string;
  scene: ArticleScene;
  audience: ArticleAudience;
  sources: ArticleSource[];
  reviewed: string;
  related: string[];
  contacts: ArticleContact[];
  byLang: { ja: TopicLangContent } & Partial<Record<Exclude<ArticleLang, 'ja'>, TopicLangContent>>;
}

/** One parsed file. */
export type ArticleFile =
  | { file: string; lang: 'ja'; meta: MasterFrontMatter; content: TopicLangContent }
  | { file: string; lang: Exclude<ArticleLang, 'ja'>; meta: TranslationFrontMatter; content: TopicLangContent };

/** The language and file id from a path like content/faq/ja-easy/kaigo-hoken-apply.md. */
export function articlePathInfo(path: string): { lang?: ArticleLang; id?: string } {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = parts[parts.length - 1] ?? '';
  const dir = parts[parts.length - 2] ?? '';
  const lang = (ARTICLE_LANGS as readonly string[]).includes(dir) ? (dir as ArticleLang) : undefined;
  const id = name.endsWith('.md') ? name.slice(0, -3) : undefined;
  return { ...(lang ? { lang } : {}), ...(id ? { id } : {}) };
}

/** Splits `---\n<yaml>\n---\n<body>`. Line numbers: the YAML starts on line 2. */
function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } | null {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(src);
  if (!m) return null;
  const yaml = m[1]!;
  return { yaml, body: src.slice(m[0].length), bodyLine: yaml.split('\n').length + 3 };
}

/** Splits an article body into the main answer and the part after <!-- more -->. */
export function splitBody(body: string): { summary: string; more: string } {
  const i = body.indexOf(MORE_MARKER);
  if (i < 0) return { summary: body.trim(), more: '' };
  return { summary: body.slice(0, i).trim(), more: body.slice(i + MORE_MARKER.length).trim() };
}

/**
 * Parses one article file. `path` is used for messages and to know the
 * language (its folder) and the expected id (its name).
 */
export function parseArticleFile(path: string, text: string): { article?: ArticleFile; errors: ContentError[] } {
  const errors: ContentError[] = [];
  const err = (p: string, message: string, line?: number) => errors.push({ file: path, path: p, message, ...(line !== undefined ? { line } : {}) });
  const info = articlePathInfo(path);
  if (!info.lang) {
    err('(file)', `articles live in content/faq/<lang>/ with <lang> one of ${ARTICLE_LANGS.join(', ')}`);
    return { errors };
  }
  const lang = info.lang;
  const parts = splitFrontMatter(text);
  if (!parts) {
    err('front matter', 'the file must start with front matter between two "---" lines', 1);
    return { errors };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(parts.yaml, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) err('front matter', `YAML: ${e.message.split('\n')[0]}`, lineCounter.linePos(e.pos[0]).line + 1);
    return { errors };
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    err('front matter', 'must be a mapping of fields (id, title, questions…)', 2);
    return { errors };
  }
  const lineOf = (zpath: PropertyKey[]): number | undefined => {
    for (let n = zpath.length; n > 0; n--) {
      const node = doc.getIn(zpath.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line + 1;
    }
    return undefined;
  };
  const schema = lang === 'ja' ? masterFrontMatterSchema : translationFrontMatterSchema;
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const record = data as Record<string, unknown>;
    for (const issue of parsed.error.issues) {
      const p = ['front matter', ...issue.path.map(String)].join(' › ');
      const line = lineOf(issue.path) ?? 2;
      if (issue.code === 'unrecognized_keys') {
        const keys = (issue as { keys?: string[] }).keys ?? [];
        const masterOnly = lang === 'ja' ? [] : keys.filter((k) => k in masterFrontMatterSchema.shape);
        const unknown = keys.filter((k) => !masterOnly.includes(k));
        for (const k of masterOnly) err(`front matter › ${k}`, 'belongs only in the ja master file (content/faq/ja/)', lineOf([k]) ?? line);
        for (const k of unknown) err(`front matter › ${k}`, 'unknown field', lineOf([k]) ?? line);
        continue;
      }
      const missing = issue.path.length === 1 && record[String(issue.path[0])] === undefined;
      err(p, missing ? 'is required' : issue.message, line);
    }
    return { errors };
  }
  const meta = parsed.data;
  if (info.id && meta.id !== info.id) err('front matter › id', `id "${meta.id}" does not match the file name "${info.id}.md"`, lineOf(['id']));
  const { summary, more } = splitBody(parts.body);
  if (!summary) err('body', `the main answer (before ${MORE_MARKER}) is empty`, parts.bodyLine);
  const dupQ = firstDuplicate(meta.questions);
  if (dupQ !== undefined) err(`front matter › questions › ${dupQ}`, 'the same question is listed twice', lineOf(['questions', dupQ]));
  if (lang === 'ja-easy') {
    for (const e of checkEasyJapanese(meta.title, summary, more))
      err(e.part === 'title' ? 'front matter › title' : 'body', `やさしい日本語: ${e.message}`, e.part === 'title' ? lineOf(['title']) : parts.bodyLine);
  }
  if (lang === 'ja') {
    const m = meta as MasterFrontMatter;
    if (m.related.includes(m.id)) err('front matter › related', 'a topic cannot be related to itself', lineOf(['related']));
  }
  if (errors.length > 0) return { errors };
  if (!meta.label && graphemes(meta.title) > BUTTON_LABEL_MAX)
    err('front matter › label', `the title is longer than a button shows (${BUTTON_LABEL_MAX} characters): give a short label for buttons`, lineOf(['title']));
  if (errors.length > 0) return { errors };
  const content: TopicLangContent = {
    title: meta.title,
    ...(meta.label ? { label: meta.label } : {}),
    questions: meta.questions,
    keywords: meta.keywords,
    summary,
    more,
    reviewed: meta.reviewed,
  };
  const article = (
    lang === 'ja' ? { file: path, lang, meta: meta as MasterFrontMatter, content } : { file: path, lang, meta: meta as TranslationFrontMatter, content }
  ) as ArticleFile;
  return { article, errors };
}

function firstDuplicate(list: string[]): number | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const k = list[i]!.replace(/\s+/g, '');
    if (seen.has(k)) return i;
    seen.add(k);
  }
  return undefined;
}

/**
 * Merges parsed files into one Topic per id. Checks duplicate ids, translations
 * without a ja master, missing translations and related ids that do not exist.
 * Topics are returned sorted by id.
 */
export function mergeTopics(files: readonly ArticleFile[]): { topics: Topic[]; errors: ContentError[] } {
  const errors: ContentError[] = [];
  const byLang = new Map<string, Map<string, ArticleFile>>();
  for (const f of files) {
    const id = f.meta.id;
    let langs = byLang.get(id);
    if (!langs) byLang.set(id, (langs = new Map()));
    const prior = langs.get(f.lang);
    if (prior) {
      errors.push({ file: f.file, path: 'front matter › id', message: `duplicate id "${id}" in ${f.lang}: also used by ${prior.file}` });
      continue;
    }
    langs.set(f.lang, f);
  }
  const topics: Topic[] = [];
  for (const [id, langs] of byLang) {
    const master = langs.get('ja');
    if (master?.lang !== 'ja') {
      for (const f of langs.values()) {
        errors.push({ file: f.file, path: 'front matter › id', message: `translation of "${id}" has no ja master file (content/faq/ja/${id}.md)` });
      }
      continue;
    }
    for (const lang of ARTICLE_LANGS) {
      if (!langs.has(lang)) errors.push({ file: master.file, path: '(file)', message: `the ${lang} version is missing (content/faq/${lang}/${id}.md)` });
    }
    const m = master.meta;
    const topic: Topic = {
      id,
      scene: m.scene,
      audience: m.audience,
      sources: m.sources.map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}) })),
      reviewed: m.reviewed,
      related: m.related,
      contacts: m.contacts,
      byLang: { ja: master.content },
    };
    const easy = langs.get('ja-easy');
    if (easy) topic.byLang['ja-easy'] = easy.content;
    const en = langs.get('en');
    if (en) topic.byLang.en = en.content;
    topics.push(topic);
  }
  const ids = new Set(topics.map((t) => t.id));
  for (const t of topics) {
    t.related.forEach((r, i) => {
      if (!ids.has(r)) {
        const file = byLang.get(t.id)?.get('ja')?.file ?? `content/faq/ja/${t.id}.md`;
        errors.push({ file, path: `front matter › related › ${i}`, message: `related topic "${r}" does not exist` });
      }
    });
  }
  topics.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { topics, errors };
}

/** Parses and merges a set of files ({ path, text }). */
export function parseArticles(files: readonly { path: string; text: string }[]): { topics: Topic[]; errors: ContentError[] } {
  const errors: ContentError[] = [];
  const parsed: ArticleFile[] = [];
  for (const f of files) {
    const r = parseArticleFile(f.path, f.text);
    errors.push(...r.errors);
    if (r.article) parsed.push(r.article);
  }
  const merged = mergeTopics(parsed);
  return { topics: merged.topics, errors: [...errors, ...merged.errors] };
}
