/**
 * What every part of the engine is handed for one turn: the context (flows, intents, the
 * knowledge lookup, labels, the time, who is writing) and the turn's output under construction.
 * Types and a few constants only; the features' hooks and the turn's context with them are in
 * feature.ts.
 */
import type { CompiledFlow } from '../flow-schema.ts';
import type { IntentMatcher } from '../intents.ts';
import type { OpeningRules } from '../opening-hours.ts';
import type { ChatKind, ConversationState, Effect, Facts, Locale, Reply } from '../types.ts';

export interface KnowledgeHit {
  id: string;
  score: number;
}
/** How urgent a message sounds (knowledge/triage.ts): a 119 now, b urgent, c a symptom mentioned. */
export interface TriageLookup {
  level: 'a' | 'b' | 'c';
  kind: 'emergency' | 'crisis';
}

export interface KnowledgeLookup {
  triage(text: string): TriageLookup | null;
  /** The language a message is written in, when that is clear ('en' for English in Latin script). */
  writtenIn(text: string): 'ja' | 'en' | null;
  search(text: string): { hits: KnowledgeHit[]; outcome: 'confident' | 'unsure' | 'none' };
  topic(id: string): { scene: string; related: string[] } | undefined;
  /** Scene id → topic ids in display order. */
  scenes: Record<string, string[]>;
}

export interface EngineContext {
  flows: Record<string, CompiledFlow>;
  intents: IntentMatcher;
  knowledge: KnowledgeLookup;
  /** A message in the given locale, so a typed answer can match a button's label. */
  label(key: string, locale: Locale): string;
  now: Date;
  chat: ChatKind;
  /** Group chats: whether this message was addressed to the bot (a mention). */
  addressed: boolean;
  /** The center's opening hours, for "open now / opens at" on the contact card. */
  opening?: OpeningRules;
  entry: { welcome: string; menu: string };
  /** Who is writing (role, verification), read by the shell before the turn. */
  facts?: Facts;
  /** Days after a case was closed during which a new message reopens it. */
  reopenDays?: number;
}

export interface Out {
  state: ConversationState;
  replies: Reply[];
  effects: Effect[];
  /** See Transition.locale. */
  locale?: Locale;
  /**
   * The message mentions a symptom or a crisis in passing (triage level c): answers end with
   * the 119 line, or, for a crisis (家で死にたい), a gentle line with the crisis numbers.
   */
  symptom?: 'emergency' | 'crisis';
}

/** Longest text the engine looks at; longer input is cut (the shell also caps it). */
export const MAX_INPUT_CHARS = 2000;
/**
 * The 「決定」 of a multi-choice question. It must survive the postback codec (ids start with
 * a letter or digit) and can never equal an option value (those start with a letter).
 */
export const MULTI_DONE = '0done';

export class FlowError extends Error {
  constructor(
    readonly flow: string,
    readonly step: string,
    message: string,
  ) {
    super(`${flow}/${step}: ${message}`);
    this.name = 'FlowError';
  }
}

/**
 * Looks a key up in a record only if the record itself has it: ids come from postback data
 * and stored states, and `constructor` must not find Object.prototype's.
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
