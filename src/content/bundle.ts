/**
 * The content bundle: city, flows, intents, messages, articles and the prebuilt knowledge
 * index, validated together. Built from files by scripts/build-content.ts (for Workers,
 * which have no filesystem) or at start-up on Node; `npm run check` prints its errors.
 */
import { unresolvedPlaceholders } from './city.ts';
import { type City, citySchema } from './city-schema.ts';
import { SCENES } from './scenes.ts';
import { checkFlowReferences, type CompiledFlow, type ContentError, parseFlow } from '../engine/flow-schema.ts';
import { type IntentFile, intentFileSchema } from '../engine/intent-schema.ts';
import { LOCALES, type Locale } from '../engine/types.ts';
import { createTranslator, leafKeys, type Resources } from './i18n.ts';
import type { Topic } from './article.ts';
import { buildKnowledgeIndex, type KnowledgeIndex, topicDocsFromTopics } from '../knowledge/index.ts';
import type { SynonymGroup } from '../knowledge/synonyms.ts';
import type { TriageModel } from '../knowledge/triage.ts';

export type { ContentError };

export { SCENES } from './scenes.ts';

export interface ContentBundle {
  /** Changes whenever any content changes (shown in /health, stored with states). */
  version: string;
  city: City;
  flows: Record<string, CompiledFlow>;
  intents: IntentFile;
  locales: Resources;
  topics: Topic[];
  synonyms: SynonymGroup[];
  knowledge: KnowledgeIndex;
  /** The red-flag model (content/triage/red-flags.yaml, compiled). */
  triage: TriageModel;
}

/** What the readers hand over: parsed files with their names, not yet cross-checked. */
export interface RawContent {
  city: { file: string; data: unknown };
  flows: Array<{ file: string; data: unknown }>;
  intents: { file: string; data: unknown };
  locales: Array<{ file: string; locale: string; data: unknown }>;
  topics: Topic[];
  synonyms: SynonymGroup[];
  /** The compiled red-flag model; undefined when the file is missing or invalid (then an error says why). */
  triage: TriageModel | undefined;
  /** Errors found while reading and parsing (YAML syntax, article front matter…). */
  errors: ContentError[];
}

function zodIssues(file: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): ContentError[] {
  return issues.map((i) => ({ file, path: i.path.map(String).join(' › ') || '(root)', message: i.message }));
}

/** FNV-1a over the JSON: a cheap fingerprint, not a security measure. */
function fingerprint(value: unknown): string {
  const s = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function compileContent(raw: RawContent): { bundle?: ContentBundle; errors: ContentError[] } {
  const errors: ContentError[] = [...raw.errors];

  const city = citySchema.safeParse(raw.city.data);
  if (!city.success) errors.push(...zodIssues(raw.city.file, city.error.issues));

  const intents = intentFileSchema.safeParse(raw.intents.data);
  if (!intents.success) errors.push(...zodIssues(raw.intents.file, intents.error.issues));

  // Messages: every key present in every locale.
  const locales = {} as Resources;
  const keySets = new Map<string, Set<string>>();
  for (const l of raw.locales) {
    if (!(LOCALES as readonly string[]).includes(l.locale)) {
      errors.push({ file: l.file, path: '(file)', message: `unknown locale "${l.locale}"` });
      continue;
    }
    if (!l.data || typeof l.data !== 'object' || Array.isArray(l.data)) {
      errors.push({ file: l.file, path: '(root)', message: 'must be a JSON object' });
      continue;
    }
    locales[l.locale as Locale] = l.data as Record<string, unknown>;
    keySets.set(l.locale, new Set(leafKeys(l.data as Record<string, unknown>)));
  }
  for (const locale of LOCALES) if (!locales[locale]) errors.push({ file: `content/locales/${locale}/bot.json`, path: '(file)', message: 'missing' });
  const allKeys = new Set([...keySets.values()].flatMap((s) => [...s]));
  for (const l of raw.locales) {
    const own = keySets.get(l.locale);
    if (!own) continue;
    for (const key of allKeys) if (!own.has(key)) errors.push({ file: l.file, path: key, message: 'message key missing in this locale' });
  }
  const hasMessage = (key: string) => [...keySets.values()].length === LOCALES.length && [...keySets.values()].every((s) => s.has(key));

  // Topics and their city placeholders.
  const topicIds = new Set(raw.topics.map((t) => t.id));
  if (city.success) {
    for (const topic of raw.topics) {
      for (const [lang, view] of Object.entries(topic.byLang)) {
        if (!view) continue;
        for (const [part, text] of [
          ['summary', view.summary],
          ['more', view.more],
        ] as const) {
          for (const bad of unresolvedPlaceholders(text, city.data)) {
            errors.push({
              file: `content/faq/${lang}/${topic.id}.md`,
              path: `body › ${part}`,
              message: `placeholder {{${bad}}} does not resolve in content/city.yaml`,
            });
          }
        }
      }
    }
  }

  // Flows, then their cross-references.
  const flows: Record<string, CompiledFlow> = {};
  const flowFiles = new Map<string, string>();
  for (const f of raw.flows) {
    const { flow, errors: e } = parseFlow(f.file, f.data);
    errors.push(...e);
    if (!flow) continue;
    if (flows[flow.id]) errors.push({ file: f.file, path: 'id', message: `flow id "${flow.id}" is also used by ${flowFiles.get(flow.id)}` });
    flows[flow.id] = flow;
    flowFiles.set(flow.id, f.file);
  }
  const flowIds = new Set(Object.keys(flows));
  if (intents.success) {
    for (const id of Object.keys(intents.data.start)) {
      if (!flowIds.has(id)) errors.push({ file: raw.intents.file, path: `start › ${id}`, message: `unknown flow "${id}"` });
    }
  }
  for (const [id, flow] of Object.entries(flows)) {
    errors.push(
      ...checkFlowReferences(flowFiles.get(id)!, flow, {
        hasMessage,
        hasScene: (s) => (SCENES as readonly string[]).includes(s),
        hasArticle: (a) => raw.topics.some((t) => t.id === a),
        flowIds,
      }),
    );
  }
  for (const required of ['welcome', 'main']) {
    if (!flows[required]) errors.push({ file: `flows/${required}.yaml`, path: '(file)', message: `the ${required} flow is required` });
  }
  for (const key of REQUIRED_KEYS)
    if (keySets.size && !hasMessage(key)) errors.push({ file: 'content/locales', path: key, message: 'required message key is missing' });
  for (const scene of SCENES)
    if (keySets.size && !hasMessage(`scene.${scene}`)) errors.push({ file: 'content/locales', path: `scene.${scene}`, message: 'scene name missing' });
  void topicIds;

  if (!raw.triage && !errors.some((e) => e.file.includes('triage'))) errors.push({ file: 'content/triage/red-flags.yaml', path: '(file)', message: 'missing' });
  if (errors.length > 0 || !city.success || !intents.success || !raw.triage) return { errors };

  // A translator built here proves i18next accepts the resources.
  createTranslator(locales);
  const knowledge = buildKnowledgeIndex(topicDocsFromTopics(raw.topics), raw.synonyms);
  const body = { city: city.data, flows, intents: intents.data, locales, topics: raw.topics, synonyms: raw.synonyms, triage: raw.triage };
  return { bundle: { version: fingerprint(body), ...body, knowledge }, errors };
}

/** Keys the renderer and engine use directly (flows are checked separately). */
const REQUIRED_KEYS = [
  'engine.error',
  'engine.cancelled',
  'engine.nothing-to-cancel',
  'engine.unknown-button',
  'engine.stale-button',
  'engine.flow-restarted',
  'engine.cannot-go-back',
  'engine.use-buttons',
  'engine.pick-one',
  'engine.too-many',
  'help.text',
  'language.choose',
  'language.changed',
  'language.name.ja',
  'language.name.ja-easy',
  'language.name.en',
  'delete.confirm',
  'delete.yes',
  'delete.no',
  'delete.done',
  'delete.kept',
  'group.personal-in-dm',
  'media.sticker',
  'media.location',
  'media.unsupported',
  'nav.back',
  'nav.cancel',
  'nav.menu',
  'scenes.prompt',
  'faq.more',
  'faq.person',
  'faq.maybe',
  'faq.none',
  'input.invalid.empty',
  'input.invalid.too-long',
  'input.invalid.number',
  'input.invalid.date',
  'input.invalid.phone',
  'article.more-heading',
  'article.sources',
  'article.reviewed',
  'article.next-step',
  'article.topics-alt',
  'article.topics-hint',
  'emergency.alt',
  'emergency.title',
  'emergency.body',
  'emergency.home-care',
  'emergency.advice-line',
  'emergency.call119',
  'emergency.call-advice',
  'crisis.alt',
  'crisis.title',
  'crisis.body',
  'crisis.danger',
  'crisis.line',
  'crisis.call',
  'crisis.police',
  'crisis.abuse',
  'crisis.person',
  'crisis.person-line',
  'crisis.call-police',
  'crisis.call-abuse',
  'urgent.alt',
  'urgent.title',
  'urgent.body',
  'urgent.home-care',
  'urgent.advice-line',
  'urgent.night-clinic',
  'urgent.worse',
  'urgent.call-clinic',
  'safety.note',
  'safety.note-no-advice',
  'language.always.en',
  'language.always.ja',
  'contact.alt',
  'contact.intro',
  'contact.phone',
  'contact.hours',
  'contact.call',
  'contact.emergency-note',
  'smalltalk.thanks',
  'smalltalk.greeting',
  'role.care_manager',
  'role.home_doctor',
  'role.visiting_nurse',
  'role.hospital_liaison',
  'role.houkatsu',
  'welcome.hello',
];
