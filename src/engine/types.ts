/**
 * The engine's own vocabulary. Nothing here knows LINE, the database or the runtime:
 * the LINE adapter translates events into `Input`, and `Reply` into LINE messages.
 */
import type { AcpEffect, AcpOp, AcpReminderKind, AcpSession, AcpSummaryView, AcpWriter } from '../features/acp-note/engine/types.ts';
import { ACP_REQUESTS } from '../features/acp-note/engine/types.ts';
import { DIRECTORY_REQUESTS, type DirectoryView } from '../features/directory/engine/requests.ts';
export type { AcpEffect, AcpOp, AcpSession, AcpSummaryView };

export const LOCALES = ['ja', 'ja-easy', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Where the conversation takes place: personal data is only ever collected in `user` chats. */
export type ChatKind = 'user' | 'group' | 'room';

/** Commands recognised in every state (「終了」 ends a conversation with a coordinator; elsewhere it works like cancel). */
export const GLOBAL_COMMANDS = ['menu', 'cancel', 'back', 'person', 'delete-data', 'language', 'help', 'thanks', 'greeting', 'end'] as const;
export type GlobalCommand = (typeof GLOBAL_COMMANDS)[number];

/** What a button press carries (encoded into LINE postback data by the adapter). */
export type Action =
  | { type: 'choice'; step: string; value: string }
  | { type: 'command'; command: GlobalCommand }
  | { type: 'start'; flow: string }
  | { type: 'article'; id: string; part: 'summary' | 'more' }
  | { type: 'scene'; scene: string }
  | { type: 'locale'; locale: Locale }
  | { type: 'confirm-delete'; yes: boolean }
  /** A button on an event card or a reminder: register, cancel one's registration, stop its reminder. */
  | { type: 'event'; op: EventOp; id: number }
  /** The ACP note's own buttons (features/acp-note/engine/note.ts): resume, review, change an answer… */
  | { type: 'acp'; op: AcpOp; arg?: string }
  /** Asks for the person's location (LINE's location quick reply); it comes back as a `location` input, never as a button. */
  | { type: 'share-location' }
  /**
   * A date picker under a date question. `value` is what the person picked (YYYY-MM-DD, or
   * YYYY-MM-DDTHH:MM), filled in by the adapter from the picker's answer; `min` (YYYY-MM-DD)
   * only shapes the picker.
   */
  | { type: 'pick-date'; step: string; mode: PickerMode; value?: string; min?: string };

export const PICKER_MODES = ['date', 'datetime'] as const;
export type PickerMode = (typeof PICKER_MODES)[number];

export const EVENT_OPS = ['register', 'cancel', 'stop-remind'] as const;
export type EventOp = (typeof EVENT_OPS)[number];

export type Input =
  | { type: 'text'; text: string }
  | { type: 'action'; action: Action }
  | { type: 'follow' }
  | { type: 'unfollow' }
  | { type: 'media'; kind: 'image' | 'video' | 'audio' | 'file' | 'sticker' | 'location' }
  /** A shared location (degrees): used for the turn that asked for it, never kept. */
  | { type: 'location'; lat: number; lng: number }
  /** A button whose data we cannot read (from an old version, or tampered with). */
  | { type: 'unknown-action' }
  | { type: 'unsupported' }
  /** Something that happened outside the chat: a coordinator closed a case, a timer fired, a request's result. */
  | { type: 'internal'; event: InternalEvent };

/**
 * Requests a flow's `do` step hands to the shell: it does the work (reads and writes the
 * database) and answers with a `result` event, so the engine stays free of I/O. A closed set,
 * so a flow cannot name a request nobody handles (the flow schema checks it).
 */
export const REQUESTS = [
  'open-case',
  'redeem-invite',
  'lecture-request',
  'list-events',
  'my-registrations',
  'event-action',
  'set-optin',
  ...ACP_REQUESTS,
  ...DIRECTORY_REQUESTS,
] as const;
export type RequestName = (typeof REQUESTS)[number];

/**
 * What a `do` step sends: the flow's values it names (`picked`), the step's own `data` and
 * `flow` (kernel/navigation.ts). The named fields are the ones the handler reads; they come
 * from a stored state, so the handler still checks each value.
 */
export type RequestData<K extends string = never> = Record<string, Json> & { [P in K]?: Json };

/** A failed request: `reason` is the flow's `failure` value; some requests add what the message shows. */
export type RequestFailure = { reason: string } & Record<string, Json>;

/** An event, training session or registration as a card (the engine's `events` reply reads them). */
type EventCards = { mode: 'open' | 'mine'; count: number; items: Json[] };

/** A note as the shell hands it over: its answers as stored (engine/acp reads them), the writer, the latest change (ISO). */
export type AcpNoteView = { answers: Json; writer: AcpWriter | null; updatedAt: string | null };

/**
 * The contract between the engine's `do` steps and the shell's handlers (app/requests/): for
 * each request the data it is sent and the data it answers with on success. Handlers are typed
 * by it (app/requests/contract.ts), and so is the `result` event the engine reads.
 */
export interface Requests {
  /** An intake flow's answers (who, scene, message, category, urgency…; `kind: pro` for a professional's consultation). */
  'open-case': {
    data: RequestData<'kind' | 'category' | 'scene' | 'who' | 'urgency'>;
    /** `kind` and `afterHours` describe the case to the flow's messages; the engine itself needs the id only. */
    result: { caseId: string; afterHours?: boolean; kind?: 'pro' | 'resident' };
  };
  'redeem-invite': { data: RequestData<'code' | 'profession' | 'organization'>; result: { profession: string } };
  'lecture-request': {
    data: RequestData<'topic' | 'date1' | 'date2' | 'participants' | 'group' | 'contact' | 'phone' | 'place'>;
    /** The reference number the person is told (L-2611-0001). */
    result: { ref: string };
  };
  'list-events': { data: RequestData; result: EventCards };
  'my-registrations': { data: RequestData; result: EventCards };
  'event-action': {
    data: RequestData<'event' | 'op'>;
    result: { outcome: 'registered' | 'waitlisted' | 'cancelled' | 'stopped'; title: string; place: string; when: Record<Locale, string> };
  };
  /** `on: false` with `segment: all` stops every announcement. */
  'set-optin': { data: RequestData<'segment' | 'on'>; result: { segment: string } };
  'acp-load': {
    data: RequestData;
    result: {
      answers: Json;
      writer: AcpWriter | null;
      paused: { step: string; trail: string[] } | null;
      completed: boolean;
      updatedAt: string | null;
      /** The latest change as a date in Japan (2026/11/24), for the hub's message. */
      updatedDate: string;
    };
  };
  'acp-print-link': { data: RequestData; result: { url: string; expires: string } };
  'acp-share-create': { data: RequestData; result: { code: string; expires: string } };
  'acp-share-list': { data: RequestData; result: { shares: Array<{ id: string; name: string; status: 'active' | 'pending'; since: string }> } };
  'acp-share-redeem': { data: RequestData<'code'>; result: { notes: AcpNoteView[] } };
  'acp-shared-view': { data: RequestData; result: { notes: AcpNoteView[] } };
  'directory-areas': { data: RequestData; result: { groups: string[][] } };
  'directory-search': { data: RequestData<'kind' | 'where' | 'near' | 'filter'>; result: DirectoryView & { count: number } };
}

export type RequestResult<N extends RequestName> = Requests[N]['result'];

/** A request's outcome as the engine receives it: narrowed by `request`, then by `ok`. */
export type ResultEvent = {
  [N in RequestName]: { kind: 'result'; request: N; ok: true; data: RequestResult<N> } | { kind: 'result'; request: N; ok: false; data: RequestFailure };
}[RequestName];

export type InternalEvent =
  | ResultEvent
  /** A coordinator closed the case from the console: the user is told and handed back to the bot. */
  | { kind: 'case-closed'; caseId: string }
  /** A coordinator took the case (the user hears that someone is on it). */
  | { kind: 'case-status'; caseId: string; status: 'assigned' }
  /** A coordinator moved a lecture request on (at: the confirmed date and time, ms). */
  | { kind: 'lecture-status'; ref: string; status: LectureNoticeStatus; at?: number }
  /** About an event the person registered for: cancelled by the center, a seat freed, the day before. */
  | { kind: 'event-notice'; notice: EventNotice; eventId: number; title: string; startsAt: number; place: string }
  /** A reminder the person chose to look at their ACP note again (sent by the scheduler). */
  | { kind: 'acp-reminder'; reminder: AcpReminderKind };

export const LECTURE_NOTICE_STATUSES = ['scheduling', 'confirmed', 'done', 'cancelled'] as const;
export type LectureNoticeStatus = (typeof LECTURE_NOTICE_STATUSES)[number];
export const EVENT_NOTICES = ['cancelled', 'promoted', 'reminder'] as const;
export type EventNotice = (typeof EVENT_NOTICES)[number];

/** An event as the chat shows it (from the list-events / my-registrations requests). */
export interface EventCard {
  id: number;
  kind: 'event' | 'training';
  title: string;
  place: string;
  /** ms since the epoch. */
  startsAt: number;
  description: string;
  seatsLeft: number;
  /** Own registrations only. */
  status?: 'registered' | 'waitlisted';
  remind?: boolean;
}

/**
 * A tappable option; `label` is a message key unless `text` gives literal text. A reply's
 * `quick` lists its options in order of need, as many as there are: how many a channel can
 * show is the adapter's business (LINE's 13: line/render.ts keeps the first ones).
 */
export interface Choice {
  label: string;
  labelData?: Record<string, Json>;
  action: Action;
}

export type Reply =
  | { kind: 'text'; key: string; data?: Record<string, Json>; quick?: Choice[] }
  | { kind: 'article'; id: string; part: 'summary' | 'more'; quick?: Choice[] }
  /**
   * The triage cards: 'emergency' 119 now (level a); 'crisis' crisis lines, 110, the
   * elder-abuse desk and a person; 'urgent' see a doctor soon (level b: #7119, the home
   * doctor's / visiting nurse's 24-hour line, the night clinic).
   */
  | { kind: 'emergency'; variant: 'emergency' | 'crisis' | 'urgent'; quick?: Choice[] }
  /**
   * One line with 119 and the advice line, after an answer to a message that mentions a symptom
   * (level c); `crisis`: a gentle line with the crisis numbers instead.
   */
  | { kind: 'safety-note'; variant?: 'crisis' }
  | { kind: 'topics'; scene: string; ids: string[]; quick?: Choice[] }
  /** The center's contact card; `opening` says whether it is open now (ISO instants). */
  | { kind: 'contact'; opening?: { open: boolean; until?: string; next?: string }; quick?: Choice[]; urgent?: boolean }
  /** Event cards: open events with 申し込む, or the person's own registrations with キャンセル / リマインド停止. */
  | { kind: 'events'; mode: 'open' | 'mine'; items: EventCard[]; quick?: Choice[] }
  /** The ACP note's summary (a Flex carousel): one section, the whole note for review, or a shared note. */
  | { kind: 'acp-summary'; summary: AcpSummaryView; mode: 'section' | 'review' | 'shared'; quick?: Choice[] }
  /** Places of the local directory (a Flex carousel), with the area's 地域包括支援センター and the data's date. */
  | { kind: 'directory'; view: DirectoryView; quick?: Choice[] };

/** Side effects the shell carries out; a closed set so every one is handled and tested. */
export type Effect =
  | { type: 'set-locale'; locale: Locale }
  | { type: 'mark-inactive' }
  | { type: 'reactivate' }
  | { type: 'delete-user-data' }
  | { type: 'record-unanswered'; question: string; candidates: string[] }
  | { type: 'count'; name: string; detail?: string }
  /** Work for the shell; its outcome comes back as an internal `result` event in the same turn. */
  | { type: 'request'; name: RequestName; data: Record<string, Json> }
  /** A message typed while a case is open: added to the case for the coordinator. */
  | { type: 'case-message'; caseId: string; text: string }
  /** The user ended the case themself (「終了」). */
  | { type: 'case-ended-by-user'; caseId: string }
  /** A message within the reopening window: the closed case is opened again. */
  | { type: 'case-reopened'; caseId: string }
  /** The ACP note's writes (answers with version history, position, links, shares, reminders). */
  | { type: 'acp'; op: AcpEffect };

/** What the shell knows about the person writing, read before each turn. */
export interface Facts {
  role: 'resident' | 'pro';
  /** A professional whose invite code was accepted. */
  verified: boolean;
}

export const NO_FACTS: Facts = { role: 'resident', verified: false };

/** Where a conversation was when something interrupted it (a handoff), so it can go back there. */
export interface Position {
  flow: string;
  step: string;
  flowVersion: number | null;
  vars: Record<string, Json>;
  trail: string[];
}

/** An open or recently closed case with a coordinator. */
export interface HandoffState {
  caseId: string;
  status: 'open' | 'closed';
  /** ISO instant the case was closed (for reopening within a few days). */
  closedAt?: string;
  /** The flow the user was in before asking for a person. */
  resume?: Position;
}

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
  /** The case with a coordinator, while open and for a few days after it was closed. */
  handoff?: HandoffState;
  /** The last few things the user typed (sealed with the state), for a case summary. */
  recent?: string[];
  /** Where to return after a handoff that was asked for in the middle of a flow. */
  resume?: Position;
  /** The ACP note while its flow is active (loaded from the database when it starts). */
  acp?: AcpSession;
  /** Answers in a row at this question that could not be read (a date), so the help changes instead of repeating. */
  misses?: { step: string; count: number };
}

export function initialState(locale: Locale = 'ja'): ConversationState {
  return { v: 1, locale, flow: null, step: null, flowVersion: null, vars: {}, trail: [] };
}

export interface Transition {
  state: ConversationState;
  replies: Reply[];
  effects: Effect[];
  /**
   * The language to show this turn's replies in when it differs from the stored one: an
   * emergency or a question written in English by someone whose language is Japanese (or
   * the other way round) is answered in the language it was written in.
   */
  locale?: Locale;
}
