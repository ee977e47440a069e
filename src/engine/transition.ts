/**
 * What renkei does with a message: the pure conversation engine,
 * transition(ctx, state, input) → { state, replies, effects }. No I/O and no clock reads:
 * time, flows, content lookups and labels come in through ctx.
 *
 * Every input, in every state, goes down this list; the first stage that takes it decides:
 *   1. an emergency (119 / crisis lines), in the language it was written in; the state is left
 *      untouched so nothing is lost;
 *   2. group rules: in a group the bot speaks only when addressed, never about personal matters;
 *   3. each feature's intercept (engine/features.ts, in order): a case open with a coordinator
 *      takes everything, the open ACP note takes its own commands;
 *   4. global commands (menu, cancel, back, a person, delete my data, language, help) and the
 *      words that start a flow;
 *   5. the step the flow waits at, or, with no flow, the knowledge answer.
 * Buttons and events from outside the chat go to the kernel's dispatch (kernel/dispatch.ts).
 */
import { ENGINE_FEATURES } from './features.ts';
import {
  answerQuestion,
  currentStep,
  menuChoices,
  messageLocale,
  migrateIfStale,
  MAX_INPUT_CHARS,
  onAction,
  onInternal,
  onText,
  reprompt,
  resetToIdle,
  runCommand,
  startFlow,
  type EngineContext,
  type EngineFeature,
  type Interceptable,
  type Out,
  type TurnContext,
} from './kernel/index.ts';
import type { Choice, ConversationState, GlobalCommand, Input, Transition } from './types.ts';

export type { EngineContext, KnowledgeHit, KnowledgeLookup, Out, TriageLookup } from './kernel/index.ts';
export { FlowError, MAX_INPUT_CHARS, MULTI_DONE } from './kernel/index.ts';

/** Free text kept in the state for a case summary: the last few messages, each cut short. */
const RECENT_KEEP = 5;
const RECENT_CHARS = 300;

/** `features`: the engine's features unless a test gives its own list. */
export function transition(context: EngineContext & { features?: readonly EngineFeature[] }, prior: ConversationState, input: Input): Transition {
  const ctx: TurnContext = { ...context, features: context.features ?? ENGINE_FEATURES };
  const out: Out = { state: structuredClone(prior), replies: [], effects: [] };
  decide(ctx, out, input);
  for (const feature of ctx.features) feature.afterTurn?.(ctx, prior, out);
  return { state: out.state, replies: out.replies, effects: out.effects, ...(out.locale ? { locale: out.locale } : {}) };
}

function intercepted(ctx: TurnContext, out: Out, input: Interceptable): boolean {
  return ctx.chat === 'user' && ctx.features.some((f) => f.intercept?.(ctx, out, input));
}

function decide(ctx: TurnContext, out: Out, input: Input): void {
  switch (input.type) {
    case 'unfollow':
      out.effects.push({ type: 'mark-inactive' });
      return;
    case 'follow':
      out.effects.push({ type: 'reactivate' });
      resetToIdle(out.state);
      startFlow(ctx, out, ctx.entry.welcome);
      return;
    case 'text':
      return decideText(ctx, out, input.text.slice(0, MAX_INPUT_CHARS));
    case 'action':
      if (intercepted(ctx, out, { text: null, command: input.action.type === 'command' ? input.action.command : null, action: input.action })) return;
      migrateIfStale(ctx, out);
      return onAction(ctx, out, input.action);
    case 'internal':
      return onInternal(ctx, out, input.event);
    case 'media':
      if (ctx.chat !== 'user') return;
      if (intercepted(ctx, out, { text: null, command: null })) return;
      out.replies.push({ kind: 'text', key: input.kind === 'sticker' ? 'media.sticker' : input.kind === 'location' ? 'media.location' : 'media.unsupported' });
      return reprompt(ctx, out);
    case 'location':
      // A feature that asked for it takes the location; otherwise it is not used at all.
      if (ctx.chat !== 'user') return;
      if (intercepted(ctx, out, { text: null, command: null, location: { lat: input.lat, lng: input.lng } })) return;
      out.replies.push({ kind: 'text', key: 'media.location' });
      return reprompt(ctx, out);
    case 'unknown-action':
      if (ctx.chat === 'user' || ctx.addressed) out.replies.push({ kind: 'text', key: 'engine.unknown-button', quick: menuChoices(ctx) });
      return;
    case 'unsupported':
      // Unknown event kinds: say nothing rather than guess.
      return;
  }
}

function decideText(ctx: TurnContext, out: Out, text: string): void {
  const personal = ctx.chat === 'user';
  // 1. Emergencies, before anything else, from any state.
  const alarm = ctx.knowledge.triage(text);
  const language = messageLocale(ctx, out.state.locale, text);
  if (alarm?.level === 'a') {
    // The conversation position is kept and the text is not taken as an answer.
    if (language) out.locale = language;
    const crisis = alarm.kind === 'crisis';
    out.replies.push({ kind: 'emergency', variant: alarm.kind, ...(crisis && personal ? { quick: crisisChoices() } : {}) });
    out.effects.push({ type: 'count', name: crisis ? 'crisis-advice' : 'emergency-advice' });
    // A coordinator handling this person's case should see it too.
    const h = out.state.handoff;
    if (personal && h?.status === 'open') out.effects.push({ type: 'case-message', caseId: h.caseId, text });
    return;
  }
  // 2. In groups the bot speaks only when spoken to, and never about personal matters.
  if (!personal && !ctx.addressed) return;
  if (alarm?.level === 'b') {
    // Urgent but not 119: where to turn now comes first, then the message is handled as usual.
    if (language) out.locale = language;
    out.replies.push({ kind: 'emergency', variant: 'urgent' });
    out.effects.push({ type: 'count', name: 'urgent-advice' });
  } else if (alarm?.level === 'c') {
    out.symptom = alarm.kind;
  }
  // Questions put to the bot (not answers inside a flow, and never what a feature keeps private):
  // what a coordinator needs to see if the person then asks for someone.
  if (personal && (!out.state.flow || out.state.flow === ctx.entry.menu) && !ctx.features.some((f) => f.isPrivate?.(out.state))) {
    out.state.recent = [...(out.state.recent ?? []), text.slice(0, RECENT_CHARS)].slice(-RECENT_KEEP);
  }
  // 3. The features' intercepts; 4. global commands and flow words.
  const command = ctx.intents.match(text);
  if (intercepted(ctx, out, { text, command })) return;
  if (command && !smallTalkAsAnswer(ctx, out, command)) return runCommand(ctx, out, command);
  const flowWord = ctx.intents.matchFlow(text);
  if (flowWord) return onAction(ctx, out, { type: 'start', flow: flowWord });
  // 5. The step the flow waits at, or the knowledge answer.
  migrateIfStale(ctx, out);
  if (out.state.confirmingDelete) out.state.confirmingDelete = false;
  const step = currentStep(ctx, out.state);
  if (!step) return answerQuestion(ctx, out, text);
  onText(ctx, out, step, text);
}

/**
 * 「ありがとう」 or 「こんにちは」 typed at a free-text question is the person's answer (a
 * message to their family in the ACP note), not small talk with the bot.
 */
function smallTalkAsAnswer(ctx: TurnContext, out: Out, command: GlobalCommand): boolean {
  if (command !== 'thanks' && command !== 'greeting') return false;
  const step = currentStep(ctx, out.state);
  return step?.type === 'ask' && step.input === 'text';
}

/** After a crisis card: talk to a person now, or the menu. */
function crisisChoices(): Choice[] {
  return [
    { label: 'crisis.person', action: { type: 'command', command: 'person' } },
    { label: 'nav.menu', action: { type: 'command', command: 'menu' } },
  ];
}
