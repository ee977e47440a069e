/**
 * The engine's own vocabulary. Nothing here knows LINE, the database or the runtime:
 * the LINE adapter translates events into `Input`, and `Reply` into LINE messages.
 */
export const LOCALES = ['ja', 'ja-easy', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Where the conversation takes place: personal data is only ever collected in `user` chats. */
export type ChatKind = 'user' | 'group' | 'room';

export type GlobalCommand = 'menu' | 'cancel' | 'back' | 'person' | 'delete-data' | 'language' | 'help' | 'thanks' | 'greeting';

/** What a button press carries (encoded into LINE postback data by the adapter). */
export type Action =
  | { type: 'choice'; step: string; value: string }
  | { type: 'command'; command: GlobalCommand }
  | { type: 'start'; flow: string }
  | { type: 'article'; id: string; part: 'summary' | 'more' }
  | { type: 'scene'; scene: string }
  | { type: 'locale'; locale: Locale }
  | { type: 'confirm-delete'; yes: boolean };

export type Input =
  | { type: 'text'; text: string }
  | { type: 'action'; action: Action }
  | { type: 'follow' }
  | { type: 'unfollow' }
  | { type: 'media'; kind: 'image' | 'video' | 'audio' | 'file' | 'sticker' | 'location' }
  /** A button whose data we cannot read (from an old version, or tampered with). */
  | { type: 'unknown-action' }
  | { type: 'unsupported' };

/** A tappable option; `label` is a message key unless `text` gives literal text. */
export interface Choice {
  label: string;
  labelData?: Record<string, Json>;
  action: Action;
}

export type Reply =
  | { kind: 'text'; key: string; data?: Record<string, Json>; quick?: Choice[] }
  | { kind: 'article'; id: string; part: 'summary' | 'more'; quick?: Choice[] }
  | { kind: 'emergency'; variant: 'emergency' | 'crisis' }
  | { kind: 'topics'; scene: string; ids: string[]; quick?: Choice[] }
  /** The center's contact card; `opening` says whether it is open now (ISO instants). */
  | { kind: 'contact'; opening?: { open: boolean; until?: string; next?: string }; quick?: Choice[] };

/** Side effects the shell carries out; a closed set so every one is handled and tested. */
export type Effect =
  | { type: 'set-locale'; locale: Locale }
  | { type: 'mark-inactive' }
  | { type: 'reactivate' }
  | { type: 'delete-user-data' }
  | { type: 'record-unanswered'; question: string; candidates: string[] }
  | { type: 'count'; name: string; detail?: string };

export interface ConversationState {
  /** Shape version of this object (not the flow version). */
  v: 1;
  locale: Locale;
  /** The active flow and step; null when idle (free text is then a question for the knowledge base). */
  flow: string | null;
  step: string | null;
  /** The flow version the position above refers to. */
  flowVersion: number | null;
  /** Values collected in the active flow. */
  vars: Record<string, Json>;
  /** Input steps visited in the active flow, for 「もどる」. */
  trail: string[];
  /** Set while a yes/no confirmation of data deletion is pending. */
  confirmingDelete?: boolean;
}

export function initialState(locale: Locale = 'ja'): ConversationState {
  return { v: 1, locale, flow: null, step: null, flowVersion: null, vars: {}, trail: [] };
}

export interface Transition {
  state: ConversationState;
  replies: Reply[];
  effects: Effect[];
}
