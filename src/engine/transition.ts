/**
 * The pure conversation engine: transition(ctx, state, input) → { state, replies, effects }.
 * No I/O and no clock reads: time, flows, content lookups and labels come in through ctx.
 *
 * Order of precedence for every input, in every state:
 *   1. emergencies (119 / crisis lines) — the state is left untouched so nothing is lost;
 *   2. global intents (menu, cancel, back, person, delete my data, language, help);
 *   3. the current step of the active flow, or the knowledge base when idle.
 */
import type { CompiledFlow, MessageRef, Step } from './flow-schema.ts';
import { handoffCommand, interceptForCase, onCaseEvent, onCaseOpened } from './handoff.ts';
import { isOutreachEvent, MY_REGISTRATIONS_FLOW, onEventButton, onOutreachEvent } from './outreach.ts';
import {
  afterNoteTurn,
  extraOptions,
  interceptForNote,
  isNoteQuestion,
  isPrivateToNote,
  isNoteRequest,
  noteAction,
  noteAskText,
  noteNav,
  noteSaved,
  noteSpecial,
  onNoteReminder,
  onNoteResult,
  sayNoteSummary,
} from './acp/note.ts';
import type { IntentMatcher } from './intents.ts';
import { openingState, type OpeningRules } from './opening-hours.ts';
import { validateAnswer } from './validate-input.ts';
import type {
  Action,
  ChatKind,
  Choice,
  ConversationState,
  Effect,
  EventCard,
  Facts,
  GlobalCommand,
  InternalEvent,
  Input,
  Json,
  Locale,
  Reply,
  Transition,
} from './types.ts';
import { LOCALES, NO_FACTS } from './types.ts';

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

/** Longest text the engine looks at; longer input is cut (the shell also caps it). */
export const MAX_INPUT_CHARS = 2000;
const MAX_AUTO_STEPS = 32;
/**
 * The 「決定」 of a multi-choice question. It must survive the postback codec (ids start with
 * a letter or digit) and can never equal an option value (those start with a letter).
 */
export const MULTI_DONE = '0done';

export class FlowError extends Error {
  constructor(readonly flow: string, readonly step: string, message: string) {
    super(`${flow}/${step}: ${message}`);
    this.name = 'FlowError';
  }
}

export interface Out {
  state: ConversationState;
  replies: Reply[];
  effects: Effect[];
  /** See Transition.locale. */
  locale?: Locale;
  /** The message mentions a symptom (triage level c): answers end with the 119 line. */
  symptom?: boolean;
}

/** Free text kept in the state for a case summary: the last few messages, each cut short. */
const RECENT_KEEP = 5;
const RECENT_CHARS = 300;

export function transition(ctx: EngineContext, prior: ConversationState, input: Input): Transition {
  const out = transitionInner(ctx, prior, input);
  // The ACP note remembers the question on screen (see acp/note.ts).
  if (prior.flow || out.state.flow || out.state.acp) afterNoteTurn(ctx, prior, out);
  return { state: out.state, replies: out.replies, effects: out.effects, ...(out.locale ? { locale: out.locale } : {}) };
}

function transitionInner(ctx: EngineContext, prior: ConversationState, input: Input): Out {
  const out: Out = { state: structuredClone(prior), replies: [], effects: [] };
  const personal = ctx.chat === 'user';

  if (input.type === 'unfollow') {
    out.effects.push({ type: 'mark-inactive' });
    return out;
  }
  if (input.type === 'follow') {
    out.effects.push({ type: 'reactivate' });
    resetToIdle(out.state);
    startFlow(ctx, out, ctx.entry.welcome);
    return out;
  }

  if (input.type === 'text') {
    const text = input.text.slice(0, MAX_INPUT_CHARS);
    const alarm = ctx.knowledge.triage(text);
    const language = messageLocale(ctx, out.state.locale, text);
    if (alarm?.level === 'a') {
      // Before anything else, from any state, in the language it was written in; the
      // conversation position is kept and the text is not taken as an answer.
      if (language) out.locale = language;
      const crisis = alarm.kind === 'crisis';
      out.replies.push({ kind: 'emergency', variant: alarm.kind, ...(crisis && personal ? { quick: crisisChoices() } : {}) });
      out.effects.push({ type: 'count', name: crisis ? 'crisis-advice' : 'emergency-advice' });
      // A coordinator handling this person's case should see it too.
      const h = out.state.handoff;
      if (personal && h?.status === 'open') out.effects.push({ type: 'case-message', caseId: h.caseId, text });
      return out;
    }
    // In groups the bot speaks only when spoken to, and never about personal matters.
    if (!personal && !ctx.addressed) return out;
    if (alarm?.level === 'b') {
      // Urgent but not 119: where to turn now comes first, then the message is handled as usual.
      if (language) out.locale = language;
      out.replies.push({ kind: 'emergency', variant: 'urgent' });
      out.effects.push({ type: 'count', name: 'urgent-advice' });
    } else if (alarm?.level === 'c') {
      out.symptom = true;
    }
    // Questions put to the bot (not answers inside a flow, and never the ACP note's, which are the
    // person's alone): what a coordinator needs to see if the person then asks for someone.
    if (personal && (!out.state.flow || out.state.flow === ctx.entry.menu) && !isPrivateToNote(out.state)) {
      out.state.recent = [...(out.state.recent ?? []), text.slice(0, RECENT_CHARS)].slice(-RECENT_KEEP);
    }
    const command = ctx.intents.match(text);
    // While a coordinator has the conversation, everything goes to them (see handoff.ts).
    if (personal && interceptForCase(ctx, out, text, command)) return out;
    // Inside the ACP note, 中断・見直す・印刷用… are the note's commands.
    if (personal && interceptForNote(ctx, out, text)) return out;
    if (command) {
      runCommand(ctx, out, command);
      return out;
    }
    const flowWord = ctx.intents.matchFlow(text);
    if (flowWord) {
      onAction(ctx, out, { type: 'start', flow: flowWord });
      return out;
    }
    migrateIfStale(ctx, out);
    if (out.state.confirmingDelete) out.state.confirmingDelete = false;
    const step = currentStep(ctx, out.state);
    if (!step) {
      answerQuestion(ctx, out, text);
      return out;
    }
    onText(ctx, out, step, text);
    return out;
  }

  if (input.type === 'action') {
    if (personal && interceptForCase(ctx, out, null, input.action.type === 'command' ? input.action.command : null, input.action)) return out;
    migrateIfStale(ctx, out);
    onAction(ctx, out, input.action);
    return out;
  }

  if (input.type === 'internal') {
    onInternal(ctx, out, input.event);
    return out;
  }

  if (input.type === 'media') {
    if (!personal) return out;
    if (interceptForCase(ctx, out, null, null)) return out;
    out.replies.push({ kind: 'text', key: input.kind === 'sticker' ? 'media.sticker' : input.kind === 'location' ? 'media.location' : 'media.unsupported' });
    reprompt(ctx, out);
    return out;
  }

  if (input.type === 'unknown-action') {
    if (personal || ctx.addressed) out.replies.push({ kind: 'text', key: 'engine.unknown-button', quick: menuChoices(ctx) });
    return out;
  }

  // Unknown event kinds: say nothing rather than guess.
  return out;
}

// ---------------------------------------------------------------------------------------
// Global commands and actions

function runCommand(ctx: EngineContext, out: Out, command: GlobalCommand): void {
  const personal = ctx.chat === 'user';
  if (command !== 'delete-data') out.state.confirmingDelete = false;
  switch (command) {
    case 'menu':
      resetToIdle(out.state);
      startFlow(ctx, out, ctx.entry.menu);
      return;
    case 'end':
    case 'cancel':
      if (command === 'end' && handoffCommand(ctx, out, 'end')) return;
      if (out.state.flow) {
        resetToIdle(out.state);
        out.replies.push({ kind: 'text', key: 'engine.cancelled', quick: menuChoices(ctx) });
      } else {
        out.replies.push({ kind: 'text', key: 'engine.nothing-to-cancel', quick: menuChoices(ctx) });
      }
      return;
    case 'back':
      goBack(ctx, out);
      return;
    case 'help':
      out.replies.push({ kind: 'text', key: 'help.text', quick: menuChoices(ctx) });
      return;
    case 'thanks':
    case 'greeting':
      // Small talk is answered in kind, and a question in progress is asked again.
      out.replies.push({ kind: 'text', key: `smalltalk.${command}` });
      reprompt(ctx, out);
      return;
    case 'language':
      out.replies.push({
        kind: 'text',
        key: 'language.choose',
        quick: LOCALES.map((locale) => ({ label: `language.name.${locale}`, action: { type: 'locale', locale } })),
      });
      return;
    case 'person':
      if (!personal) return groupRefusal(ctx, out);
      out.effects.push({ type: 'count', name: 'person-requested' });
      if (handoffCommand(ctx, out, 'person')) return;
      out.replies.push({ kind: 'contact', ...contactOpening(ctx), quick: menuChoices(ctx) });
      return;
    case 'delete-data':
      if (!personal) return groupRefusal(ctx, out);
      out.state.confirmingDelete = true;
      out.replies.push({
        kind: 'text',
        key: 'delete.confirm',
        quick: [
          { label: 'delete.yes', action: { type: 'confirm-delete', yes: true } },
          { label: 'delete.no', action: { type: 'confirm-delete', yes: false } },
        ],
      });
      return;
  }
}

/** Events from outside the chat: a request's result, a coordinator closing a case. */
function onInternal(ctx: EngineContext, out: Out, event: InternalEvent): void {
  if (isOutreachEvent(event)) return onOutreachEvent(ctx, out, event);
  if (event.kind === 'acp-reminder') return onNoteReminder(ctx, out, event.reminder);
  if (event.kind !== 'result') return onCaseEvent(ctx, out, event);
  // The ACP note's requests may come from any of its questions, not only a do step.
  if (isNoteRequest(event.request)) return onNoteResult(ctx, out, event);
  const step = currentStep(ctx, out.state);
  if (!step || step.type !== 'do' || step.request !== event.request) return; // nothing is waiting for it
  if (event.ok && step.request === 'open-case') return onCaseOpened(ctx, out, event.data);
  if (event.ok) {
    if (step.save) out.state.vars[step.save] = event.data;
    return go(ctx, out, step.next ?? 'end');
  }
  out.state.vars.failure = typeof event.data.reason === 'string' ? event.data.reason : 'error';
  if (step.fail) return go(ctx, out, step.fail);
  resetToIdle(out.state);
  out.replies.push({ kind: 'text', key: 'engine.request-failed', quick: menuChoices(ctx) });
}

function onAction(ctx: EngineContext, out: Out, action: Action): void {
  const personal = ctx.chat === 'user';
  if (action.type !== 'confirm-delete') out.state.confirmingDelete = false;
  switch (action.type) {
    case 'command':
      runCommand(ctx, out, action.command);
      return;
    case 'start': {
      const flow = own(ctx.flows, action.flow);
      if (!flow) {
        out.replies.push({ kind: 'text', key: 'engine.unknown-button', quick: menuChoices(ctx) });
        return;
      }
      if (flow.personal && !personal) return groupRefusal(ctx, out);
      resetToIdle(out.state);
      startFlow(ctx, out, flow.id);
      return;
    }
    case 'article':
      if (!ctx.knowledge.topic(action.id)) {
        out.replies.push({ kind: 'text', key: 'engine.unknown-button', quick: menuChoices(ctx) });
        return;
      }
      out.replies.push({ kind: 'article', id: action.id, part: action.part, quick: articleChoices(ctx, action.id, action.part) });
      out.effects.push({ type: 'count', name: 'article-shown', detail: action.id });
      return;
    case 'scene': {
      const ids = own(ctx.knowledge.scenes, action.scene);
      if (!ids) {
        out.replies.push({ kind: 'text', key: 'engine.unknown-button', quick: menuChoices(ctx) });
        return;
      }
      out.replies.push({ kind: 'topics', scene: action.scene, ids, quick: menuChoices(ctx) });
      return;
    }
    case 'locale':
      out.state.locale = action.locale;
      out.effects.push({ type: 'set-locale', locale: action.locale });
      out.replies.push({ kind: 'text', key: 'language.changed', quick: menuChoices(ctx) });
      return;
    case 'event':
      if (!personal) return groupRefusal(ctx, out);
      onEventButton(ctx, out, action);
      return;
    case 'confirm-delete':
      if (!out.state.confirmingDelete || !personal) {
        out.replies.push({ kind: 'text', key: 'engine.unknown-button', quick: menuChoices(ctx) });
        return;
      }
      out.state.confirmingDelete = false;
      if (action.yes) {
        out.effects.push({ type: 'delete-user-data' });
        const locale = out.state.locale;
        out.state = { ...freshState(out.state), locale };
        out.replies.push({ kind: 'text', key: 'delete.done' });
      } else {
        out.replies.push({ kind: 'text', key: 'delete.kept' });
        reprompt(ctx, out);
      }
      return;
    case 'acp':
      return noteAction(ctx, out, action.op, action.arg);
    case 'choice': {
      const step = currentStep(ctx, out.state);
      // 「わからない」「今は答えたくない」 under a free-text question of the ACP note.
      if (step && step.id === action.step && step.type === 'ask' && noteSpecial(ctx, out, step, action.value)) return;
      if (!step || step.id !== action.step || step.type !== 'choose') {
        out.replies.push({ kind: 'text', key: 'engine.stale-button' });
        reprompt(ctx, out);
        return;
      }
      choose(ctx, out, step, action.value);
      return;
    }
  }
}

/**
 * Looks a key up in a record only if the record itself has it: ids come from postback data
 * and stored states, and `constructor` must not find Object.prototype's.
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function contactOpening(ctx: EngineContext): { opening?: { open: boolean; until?: string; next?: string } } {
  if (!ctx.opening) return {};
  const o = openingState(ctx.now, ctx.opening);
  return { opening: { open: o.open, ...(o.closesAt ? { until: o.closesAt.toISOString() } : {}), ...(o.opensAt ? { next: o.opensAt.toISOString() } : {}) } };
}

function groupRefusal(ctx: EngineContext, out: Out): void {
  out.replies.push({ kind: 'text', key: 'group.personal-in-dm' });
}

// ---------------------------------------------------------------------------------------
// Flows and steps

function freshState(s: ConversationState): ConversationState {
  return { v: 1, locale: s.locale, flow: null, step: null, flowVersion: null, vars: {}, trail: [] };
}

export function resetToIdle(s: ConversationState): void {
  Object.assign(s, { flow: null, step: null, flowVersion: null, vars: {}, trail: [] });
}

export function currentStep(ctx: EngineContext, s: ConversationState): Step | undefined {
  if (!s.flow || !s.step) return undefined;
  const flow = own(ctx.flows, s.flow);
  return flow ? own(flow.steps, s.step) : undefined;
}

/** A saved position from an older flow version continues when its step still exists, else restarts politely. */
function migrateIfStale(ctx: EngineContext, out: Out): void {
  const s = out.state;
  if (!s.flow) return;
  const flow = own(ctx.flows, s.flow);
  const stepExists = Boolean(flow && s.step && own(flow.steps, s.step));
  if (flow && flow.version === s.flowVersion && stepExists) return;
  if (flow && stepExists) {
    s.flowVersion = flow.version;
    s.trail = s.trail.filter((id) => own(flow.steps, id));
    return;
  }
  resetToIdle(s);
  out.replies.push({ kind: 'text', key: 'engine.flow-restarted' });
}

/** `vars`: values the flow starts with (e.g. the event a card's button was for). */
export function startFlow(ctx: EngineContext, out: Out, flowId: string, vars: Record<string, Json> = {}): void {
  const flow = own(ctx.flows, flowId);
  if (!flow) throw new FlowError(flowId, '-', 'unknown flow');
  if (flow.personal && ctx.chat !== 'user') return groupRefusal(ctx, out);
  Object.assign(out.state, { flow: flow.id, flowVersion: flow.version, step: null, vars: { ...vars }, trail: [] });
  out.effects.push({ type: 'count', name: 'flow-started', detail: flow.id });
  enter(ctx, out, flow.start);
}

/** Follows a target; runs automatic steps (say, branch, end) until a step waits for input. */
export function go(ctx: EngineContext, out: Out, target: string): void {
  if (target === 'end') return finishFlow(ctx, out);
  if (target.startsWith('command:')) {
    resetToIdle(out.state);
    return runCommand(ctx, out, target.slice(8) as GlobalCommand);
  }
  if (target.startsWith('flow:')) {
    resetToIdle(out.state);
    return startFlow(ctx, out, target.slice(5));
  }
  enter(ctx, out, target);
}

function enter(ctx: EngineContext, out: Out, stepId: string, hops = 0): void {
  const flowId = out.state.flow!;
  const flowDef = own(ctx.flows, flowId);
  const step = flowDef ? own(flowDef.steps, stepId) : undefined;
  if (!step) throw new FlowError(flowId, stepId, 'unknown step');
  if (hops > MAX_AUTO_STEPS) throw new FlowError(flowId, stepId, 'too many automatic steps (a loop?)');
  out.state.step = step.id;
  switch (step.type) {
    case 'say':
      for (const ref of Array.isArray(step.say) ? step.say : [step.say]) sayRef(ctx, out, ref);
      return follow(ctx, out, step.next, hops);
    case 'branch': {
      const facts = ctx.facts ?? NO_FACTS;
      const hit = step.cases.find((c) => ('var' in c ? varAt(out.state.vars, c.var) : facts[c.fact]) === c.equals);
      return follow(ctx, out, hit ? hit.next : step.else, hops);
    }
    case 'do': {
      const picked = step.with ? Object.fromEntries(step.with.filter((k) => k in out.state.vars).map((k) => [k, out.state.vars[k]!])) : { ...out.state.vars };
      out.effects.push({ type: 'request', name: step.request, data: { ...picked, ...(step.data ?? {}), flow: flowId } });
      return; // waits here for the shell's result (an internal event in the same turn)
    }
    case 'end':
      if (step.say) for (const ref of Array.isArray(step.say) ? step.say : [step.say]) sayRef(ctx, out, ref);
      return finishFlow(ctx, out);
    case 'ask':
    case 'choose':
    case 'answer':
      if (out.state.trail[out.state.trail.length - 1] !== step.id) out.state.trail.push(step.id);
      prompt(ctx, out, step);
      return;
  }
}

function follow(ctx: EngineContext, out: Out, target: string, hops: number): void {
  if (target === 'end' || target.includes(':')) return go(ctx, out, target);
  enter(ctx, out, target, hops + 1);
}

function finishFlow(ctx: EngineContext, out: Out): void {
  resetToIdle(out.state);
  const last = out.replies[out.replies.length - 1];
  if (last && 'quick' in last && !last.quick) last.quick = menuChoices(ctx);
  else if (last && last.kind === 'text' && !last.quick) last.quick = menuChoices(ctx);
}

function sayRef(ctx: EngineContext, out: Out, ref: MessageRef): void {
  if (typeof ref === 'string') out.replies.push({ kind: 'text', key: ref, ...messageData(out.state) });
  else if (ref.show === 'contact') out.replies.push({ kind: 'contact', ...contactOpening(ctx) });
  else if (ref.show === 'emergency') out.replies.push({ kind: 'emergency', variant: 'emergency' });
  else if (ref.show === 'acp-summary') sayNoteSummary(ctx, out);
  else if (ref.show === 'scene') out.replies.push({ kind: 'topics', scene: ref.scene, ids: own(ctx.knowledge.scenes, ref.scene) ?? [] });
  else if (ref.show === 'events') {
    const list = out.state.vars[ref.from];
    const raw = list && typeof list === 'object' && !Array.isArray(list) ? list : {};
    const items = (Array.isArray(raw.items) ? raw.items : []).filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x)) as unknown as EventCard[];
    const mode = raw.mode === 'mine' ? 'mine' : 'open';
    // 「申し込みの確認」 under the open events; the menu under one's own registrations.
    const quick: Choice[] = mode === 'open' ? [{ label: 'outreach.menu.mine', action: { type: 'start', flow: MY_REGISTRATIONS_FLOW } }, ...menuChoices(ctx)] : menuChoices(ctx);
    out.replies.push({ kind: 'events', mode, items, quick });
  }
  else out.replies.push({ kind: 'text', key: 'scenes.prompt', quick: sceneChoices(ctx) });
}

/** A flow value, or one field of a saved request result (`list.count`). */
function varAt(vars: Record<string, Json>, path: string): Json | undefined {
  const [name, field] = path.split('.') as [string, string | undefined];
  const v = own(vars, name);
  if (field === undefined) return v;
  return v && typeof v === 'object' && !Array.isArray(v) ? own(v, field) : undefined;
}

/**
 * Values collected in the flow, for messages such as 「受付番号は {{receipt.ref}} です」. Only
 * plain values and one level of objects (a request's result); omitted when there are none.
 */
function messageData(s: ConversationState): { data?: Record<string, Json> } {
  const data: Record<string, Json> = {};
  for (const [k, v] of Object.entries(s.vars)) {
    if (!Array.isArray(v)) data[k] = v; // lists (multi-choice answers) are not message data
  }
  return Object.keys(data).length ? { data } : {};
}

function prompt(ctx: EngineContext, out: Out, step: Step): void {
  // A menu (typed text leaves it) needs no 「やめる」; questions in a flow do.
  const leaves = step.type === 'choose' && step.onText === 'leave';
  const note = isNoteQuestion(out.state, step);
  const nav = note ? noteNav(out.state, step) : !leaves ? navChoices(out.state) : out.state.flow === ctx.entry.menu ? [] : [{ label: 'nav.menu', action: { type: 'command', command: 'menu' } } satisfies Choice];
  // The ACP note's 「わからない」「今は答えたくない」「医師と相談したい」 (none elsewhere).
  const extras: Choice[] = extraOptions(step).map((o) => ({ label: o.label, action: { type: 'choice', step: step.id, value: o.value } }));
  switch (step.type) {
    case 'ask':
      out.replies.push({ kind: 'text', key: step.say, data: { ...messageData(out.state).data, max: step.max }, quick: [...extras, ...nav] });
      return;
    case 'answer':
      if (step.say) out.replies.push({ kind: 'text', key: step.say, quick: [...sceneChoices(ctx), ...nav] });
      return;
    case 'choose': {
      const picked = step.multi && step.save ? asStringArray(out.state.vars[step.save]) : [];
      const options: Choice[] = step.options.map((o) => ({
        label: o.label,
        ...(step.multi ? { labelData: { checked: picked.includes(o.value) } } : {}),
        action: (!step.multi && globalAction(o.next)) || { type: 'choice', step: step.id, value: o.value },
      }));
      if (step.multi) options.push({ label: step.multi.done, action: { type: 'choice', step: step.id, value: MULTI_DONE } });
      out.replies.push({ kind: 'text', key: step.say, ...(step.multi ? { data: { picked: picked.length } } : {}), quick: [...options, ...extras, ...nav] });
      return;
    }
    default:
      return;
  }
}

/** 「もどる」 and 「やめる」 under every question of a flow (not in the main menu). */
function navChoices(s: ConversationState): Choice[] {
  const nav: Choice[] = [];
  if (s.trail.length > 1) nav.push({ label: 'nav.back', action: { type: 'command', command: 'back' } });
  nav.push({ label: 'nav.cancel', action: { type: 'command', command: 'cancel' } });
  return nav;
}

export function reprompt(ctx: EngineContext, out: Out): void {
  const step = currentStep(ctx, out.state);
  if (step) prompt(ctx, out, step);
  else {
    const last = out.replies[out.replies.length - 1];
    if (last && last.kind === 'text' && !last.quick) last.quick = menuChoices(ctx);
  }
}

function goBack(ctx: EngineContext, out: Out): void {
  const s = out.state;
  if (!s.flow || s.trail.length < 2) {
    out.replies.push({ kind: 'text', key: 'engine.cannot-go-back' });
    return reprompt(ctx, out);
  }
  s.trail.pop();
  const previous = s.trail[s.trail.length - 1]!;
  const step = own(own(ctx.flows, s.flow)!.steps, previous);
  if (step && 'save' in step && step.save) delete s.vars[step.save];
  enter(ctx, out, previous);
}

function onText(ctx: EngineContext, out: Out, step: Step, text: string): void {
  switch (step.type) {
    case 'ask': {
      if (noteAskText(ctx, out, step, text)) return;
      const result = validateAnswer(step.input, text, step.max, ctx.now, { ...(step.future ? { future: true } : {}), ...(step.min !== undefined ? { min: step.min } : {}) });
      if (!result.ok) {
        out.replies.push({ kind: 'text', key: step.invalid ?? `input.invalid.${result.reason}`, data: { max: step.max } });
        return prompt(ctx, out, step);
      }
      out.state.vars[step.save] = result.value;
      if (noteSaved(ctx, out, step, { t: String(result.value) }, step.next)) return;
      return go(ctx, out, step.next);
    }
    case 'choose': {
      const folded = text.normalize('NFKC').trim().toLowerCase();
      const option = [...step.options, ...extraOptions(step)].find((o) => ctx.label(o.label, out.state.locale).normalize('NFKC').trim().toLowerCase() === folded);
      if (option) return choose(ctx, out, step, option.value);
      // 「決定」 typed instead of tapped.
      if (step.multi && ctx.label(step.multi.done, out.state.locale).normalize('NFKC').trim().toLowerCase() === folded) return choose(ctx, out, step, MULTI_DONE);
      if (step.onText === 'leave') {
        resetToIdle(out.state);
        return answerQuestion(ctx, out, text);
      }
      out.replies.push({ kind: 'text', key: 'engine.use-buttons' });
      return prompt(ctx, out, step);
    }
    case 'answer':
      return answerQuestion(ctx, out, text, false);
    default:
      return answerQuestion(ctx, out, text);
  }
}

function choose(ctx: EngineContext, out: Out, step: Extract<Step, { type: 'choose' }>, value: string): void {
  if (noteSpecial(ctx, out, step, value)) return;
  if (step.multi && step.save) {
    const picked = asStringArray(out.state.vars[step.save]);
    if (value === MULTI_DONE) {
      if (picked.length === 0) {
        out.replies.push({ kind: 'text', key: 'engine.pick-one' });
        return prompt(ctx, out, step);
      }
      if (noteSaved(ctx, out, step, { v: picked }, step.next ?? 'end')) return;
      return go(ctx, out, step.next ?? 'end');
    }
    if (!step.options.some((o) => o.value === value)) return prompt(ctx, out, step);
    const next = picked.includes(value) ? picked.filter((v) => v !== value) : [...picked, value];
    if (next.length > step.multi.max) {
      out.replies.push({ kind: 'text', key: 'engine.too-many', data: { max: step.multi.max } });
    } else {
      out.state.vars[step.save] = next;
    }
    return prompt(ctx, out, step);
  }
  const option = step.options.find((o) => o.value === value);
  if (!option) {
    out.replies.push({ kind: 'text', key: 'engine.stale-button' });
    return prompt(ctx, out, step);
  }
  if (step.save) out.state.vars[step.save] = option.value;
  if (noteSaved(ctx, out, step, { v: option.value }, option.next ?? step.next ?? 'end')) return;
  go(ctx, out, option.next ?? step.next ?? 'end');
}

function asStringArray(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

// ---------------------------------------------------------------------------------------
// Knowledge answers

export function answerQuestion(ctx: EngineContext, out: Out, text: string, leaveFlow = true): void {
  if (leaveFlow && out.state.flow) resetToIdle(out.state);
  answerInto(ctx, out, text);
  // A question written in another language is answered in it, with an offer to keep it.
  const language = messageLocale(ctx, out.state.locale, text);
  if (language) {
    out.locale = language;
    const last = out.replies[out.replies.length - 1];
    if (last && 'quick' in last && last.quick) last.quick = [{ label: `language.always.${language}`, action: { type: 'locale', locale: language } }, ...last.quick];
  }
  // A symptom mentioned in passing: the answer ends with the 119 line.
  if (out.symptom) out.replies.push({ kind: 'safety-note' });
}

/**
 * The language to answer this message in when it is not the stored one: English written
 * in Latin script by a Japanese-language user, or Japanese by an English-language user.
 */
function messageLocale(ctx: EngineContext, stored: Locale, text: string): Locale | undefined {
  const lang = ctx.knowledge.writtenIn(text);
  if (lang === 'en' && stored !== 'en') return 'en';
  if (lang === 'ja' && stored === 'en') return 'ja';
  return undefined;
}

/** After a crisis card: talk to a person now, or the menu. */
function crisisChoices(): Choice[] {
  return [
    { label: 'crisis.person', action: { type: 'command', command: 'person' } },
    { label: 'nav.menu', action: { type: 'command', command: 'menu' } },
  ];
}

function answerInto(ctx: EngineContext, out: Out, text: string): void {
  const result = ctx.knowledge.search(text);
  const top = result.hits[0];
  if (result.outcome === 'confident' && top) {
    out.replies.push({ kind: 'article', id: top.id, part: 'summary', quick: articleChoices(ctx, top.id, 'summary') });
    out.effects.push({ type: 'count', name: 'faq-answered', detail: top.id });
    return;
  }
  if (result.outcome === 'unsure' && top) {
    const ids = result.hits.slice(0, 3).map((h) => h.id);
    const quick: Choice[] = ids.map((id) => ({ label: '', action: { type: 'article', id, part: 'summary' } as const }));
    if (ctx.chat === 'user') quick.push({ label: 'faq.person', action: { type: 'command', command: 'person' } });
    quick.push({ label: 'nav.menu', action: { type: 'command', command: 'menu' } });
    out.replies.push({ kind: 'text', key: 'faq.maybe', quick });
    out.effects.push({ type: 'count', name: 'faq-unsure' });
    out.effects.push({ type: 'record-unanswered', question: text, candidates: ids });
    return;
  }
  const quick: Choice[] = [{ label: 'nav.menu', action: { type: 'command', command: 'menu' } }];
  if (ctx.chat === 'user') quick.unshift({ label: 'faq.person', action: { type: 'command', command: 'person' } });
  out.replies.push({ kind: 'text', key: 'faq.none', quick });
  out.effects.push({ type: 'count', name: 'faq-none' });
  out.effects.push({ type: 'record-unanswered', question: text, candidates: [] });
}

function articleChoices(ctx: EngineContext, id: string, part: 'summary' | 'more'): Choice[] {
  const quick: Choice[] = [];
  if (part === 'summary') quick.push({ label: 'faq.more', action: { type: 'article', id, part: 'more' } });
  for (const rel of ctx.knowledge.topic(id)?.related.slice(0, 3) ?? []) {
    if (ctx.knowledge.topic(rel)) quick.push({ label: '', action: { type: 'article', id: rel, part: 'summary' } });
  }
  if (ctx.chat === 'user') quick.push({ label: 'faq.person', action: { type: 'command', command: 'person' } });
  quick.push({ label: 'nav.menu', action: { type: 'command', command: 'menu' } });
  return quick;
}

function sceneChoices(ctx: EngineContext): Choice[] {
  return Object.keys(ctx.knowledge.scenes).map((scene) => ({ label: `scene.${scene}`, action: { type: 'scene', scene } }));
}

/**
 * Options that lead out of the flow (to another flow or a global command) become actions
 * that work from any state, so a menu button tapped later still does what it says.
 */
function globalAction(target: string | undefined): Action | undefined {
  if (target?.startsWith('flow:')) return { type: 'start', flow: target.slice(5) };
  if (target?.startsWith('command:')) return { type: 'command', command: target.slice(8) as GlobalCommand };
  return undefined;
}

/** The main menu's options as quick replies (shown after a flow ends or an answer). */
export function menuChoices(ctx: EngineContext): Choice[] {
  const menu = own(ctx.flows, ctx.entry.menu);
  const step = menu?.steps[menu.start];
  if (!step || step.type !== 'choose') return [];
  const choices: Choice[] = [];
  for (const o of step.options) {
    const action = globalAction(o.next);
    if (!action) continue;
    if (ctx.chat !== 'user' && action.type === 'start' && own(ctx.flows, action.flow)?.personal) continue;
    if (ctx.chat !== 'user' && action.type === 'command' && action.command === 'person') continue;
    choices.push({ label: o.label, action });
  }
  return choices;
}
