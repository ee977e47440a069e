/**
 * Everything the shell needs, assembled once per process (Node) or per request (Workers).
 * Nothing here knows which runtime it is in: the entry files pass the pieces in.
 */
import type { Config } from './config.ts';
import type { Sealer } from '../shared/crypto.ts';
import { createTranslator, type Translator } from '../content/i18n.ts';
import type { Logger } from './log.ts';
import type { Limiter } from './limiter.ts';
import type { ContentBundle } from '../content/bundle.ts';
import { SCENES } from '../content/scenes.ts';
import type { Topic } from '../content/article.ts';
import type { Store } from '../db/store.ts';
import type { Stores } from '../db/stores.ts';
import type { KnowledgeLookup } from '../engine/transition.ts';
import { compileIntents, type IntentMatcher } from '../engine/intents.ts';
import { openingRulesFromCity, type OpeningRules } from '../engine/opening-hours.ts';
import { searchKnowledge } from '../knowledge/index.ts';
import { triage } from '../knowledge/triage.ts';
import { messageLanguage } from '../knowledge/triage-text.ts';
import type { LineClient } from '../line/client.ts';
import type { TopicView } from '../line/render.ts';
import type { Admission } from './admission.ts';
import type { Clock } from './clock.ts';

export type { Clock } from './clock.ts';

export interface Content {
  bundle: ContentBundle;
  opening: OpeningRules;
  translator: Translator;
  intents: IntentMatcher;
  knowledge: KnowledgeLookup;
  topic(id: string): TopicView | undefined;
}

export interface AppDeps {
  config: Config;
  /** Conversations, inbox, outbox; its commit writes the engine's effects. */
  store: Store;
  /** The other stores, built with `store` (db/stores.ts). */
  stores: Stores;
  sealer: Sealer;
  line: LineClient;
  content: Content;
  clock: Clock;
  log: Logger;
  /**
   * A new claim owner id. Every drain of a chat's events and every delivery run claims rows
   * under its own id, so two of them never mistake each other's claim for their own.
   */
  newClaimOwner(): string;
  /** How long a claim on an inbox or outbox row holds before another handler may take it over. */
  claimLeaseMs: number;
  /** Bounds how many events are processed at once, so acknowledgements stay fast. */
  workers: Limiter;
  /** Bounds concurrent deliveries to LINE (mostly waiting on the network). */
  senders: Limiter;
  /** Runs work after the response: waitUntil on Workers, a tracked promise on Node. */
  background(task: Promise<unknown>): void;
  /** Workers only: how many webhook handlers run in the isolate at once (app/admission.ts). Node bounds its work with `workers`. */
  admission?: Admission;
  /**
   * Real time in ms for machinery only (retries, token freshness, recovery, retention, sessions,
   * audit): never for a date a person sees or the KPI report counts (that is `clock`, src/app/clock.ts).
   */
  wallClock(): number;
  /** Waits between delivery retries; tests replace it to run instantly. */
  sleep(ms: number): Promise<void>;
}

export function prepareContent(bundle: ContentBundle): Content {
  const translator = createTranslator(bundle.locales);
  const intents = compileIntents(bundle.intents);
  const byId = new Map<string, Topic>(bundle.topics.map((t) => [t.id, t]));
  const scenes: Record<string, string[]> = {};
  for (const scene of SCENES) {
    const ids = bundle.topics.filter((t) => t.scene === scene).map((t) => t.id);
    if (ids.length) scenes[scene] = ids;
  }
  const knowledge: KnowledgeLookup = {
    triage: (text) => triage(bundle.triage, text),
    writtenIn: messageLanguage,
    search: (text) => searchKnowledge(bundle.knowledge, text, { limit: 5 }),
    topic: (id) => {
      const t = byId.get(id);
      return t ? { scene: t.scene, related: t.related } : undefined;
    },
    scenes,
  };
  return { bundle, opening: openingRulesFromCity(bundle.city), translator, intents, knowledge, topic: (id) => byId.get(id) };
}
