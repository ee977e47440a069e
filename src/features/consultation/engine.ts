/**
 * Handing a conversation to the center's coordinators (pure, like the rest of the engine).
 *
 * 「人と話したい」 starts a short intake flow (`handoff` for residents, `consult` for
 * professionals); its `open-case` request makes the shell open a case. While the case is open
 * everything the user types goes to the coordinator and the bot stays quiet — only an
 * emergency (checked before this module is asked) and 「終了」 are answered. When the case is
 * closed, from the console or by the user, the conversation goes back to where it was.
 * For a few days afterwards a new message reopens the same case instead of starting over.
 */
import {
  contactOpening,
  currentStep,
  menuChoices,
  own,
  reprompt,
  resetToIdle,
  startFlow,
  type EngineFeature,
  type Out,
  type TurnContext,
} from '../../engine/kernel/index.ts';
import type { Action, Choice, ConversationState, GlobalCommand, InternalEvent, Json, Position } from '../../engine/types.ts';
import { NO_FACTS } from '../../engine/types.ts';

export const HANDOFF_FLOW = 'handoff';
export const CONSULT_FLOW = 'consult';
const DEFAULT_REOPEN_DAYS = 3;
const DAY_MS = 86_400_000;

const endChoice: Choice = { label: 'handoff.end', action: { type: 'command', command: 'end' } };
/** After a coordinator's close: the same case again (「人と話したい」 reopens it within the window). */
const continueChoice: Choice = { label: 'handoff.continue', action: { type: 'command', command: 'person' } };
const toBotChoice: Choice = { label: 'handoff.to-bot', action: { type: 'command', command: 'menu' } };

function reopenWindowOpen(ctx: TurnContext, closedAt: string | undefined): boolean {
  const at = closedAt ? Date.parse(closedAt) : NaN;
  return Number.isFinite(at) && ctx.now.getTime() - at < (ctx.reopenDays ?? DEFAULT_REOPEN_DAYS) * DAY_MS;
}

/** The flow a person would be taken out of, to come back to it after the case. */
function interruptedPosition(ctx: TurnContext, out: Out): Position | undefined {
  const s = out.state;
  if (!s.flow || !s.step) return undefined;
  if ([ctx.entry.menu, ctx.entry.welcome, HANDOFF_FLOW, CONSULT_FLOW].includes(s.flow)) return s.resume;
  return { flow: s.flow, step: s.step, flowVersion: s.flowVersion, vars: structuredClone(s.vars), trail: [...s.trail] };
}

/**
 * 「人と話したい」 and 「終了」. Returns false when the module has nothing to do, so the
 * caller falls back to its plain behaviour (the contact card; cancel).
 */
export function handoffCommand(ctx: TurnContext, out: Out, command: 'person' | 'end'): boolean {
  const h = out.state.handoff;
  if (command === 'end') {
    if (h?.status !== 'open') return false;
    out.effects.push({ type: 'case-ended-by-user', caseId: h.caseId });
    closeAndResume(ctx, out, 'handoff.ended-by-user');
    return true;
  }
  if (h?.status === 'open') {
    out.replies.push({ kind: 'text', key: 'handoff.already-open', quick: [endChoice] });
    return true;
  }
  if (h?.status === 'closed' && reopenWindowOpen(ctx, h.closedAt)) {
    reopen(ctx, out, h.caseId);
    return true;
  }
  const facts = ctx.facts ?? NO_FACTS;
  const flowId = facts.role === 'pro' && facts.verified && own(ctx.flows, CONSULT_FLOW) ? CONSULT_FLOW : HANDOFF_FLOW;
  if (!own(ctx.flows, flowId)) return false;
  const resume = interruptedPosition(ctx, out);
  resetToIdle(out.state);
  if (resume) out.state.resume = resume;
  else delete out.state.resume;
  startFlow(ctx, out, flowId);
  return true;
}

function reopen(_ctx: TurnContext, out: Out, caseId: string): void {
  const h = out.state.handoff!;
  out.state.handoff = { caseId, status: 'open', ...(h.resume ? { resume: h.resume } : {}) };
  out.effects.push({ type: 'case-reopened', caseId });
  out.effects.push({ type: 'count', name: 'case-reopened' });
  out.replies.push({ kind: 'text', key: 'handoff.reopened', quick: [endChoice] });
}

/**
 * Called for every input in a one-to-one chat after the emergency check. Returns true when
 * the input belonged to the case (forwarded, or answered by this module).
 */
export function interceptForCase(ctx: TurnContext, out: Out, text: string | null, command: GlobalCommand | null, action?: Action): boolean {
  const h = out.state.handoff;
  if (!h) return false;
  if (h.status === 'closed') {
    // After the close the bot answers; the person goes back to the case only by choosing to
    // (「続けて相談する」, offered under the answers while the window is open). 「自動の案内に
    // 戻る」 (the menu) lets the case go.
    const chosen = command ?? (action?.type === 'command' ? action.command : null);
    if (!reopenWindowOpen(ctx, h.closedAt) || chosen === 'menu') delete out.state.handoff;
    return false;
  }
  if (command === 'end') return handoffCommand(ctx, out, 'end');
  // Deleting one's data is always possible; it closes the case along with everything else.
  if (command === 'delete-data' || action?.type === 'confirm-delete') return false;
  if (text !== null) {
    out.effects.push({ type: 'case-message', caseId: h.caseId, text });
    return true;
  }
  out.replies.push({ kind: 'text', key: action ? 'handoff.busy' : 'handoff.media', quick: [endChoice] });
  return true;
}

/** The shell opened the case (the `open-case` request succeeded); the intake flow ends after it. */
export function onCaseOpened(ctx: TurnContext, out: Out, data: Record<string, Json>): void {
  const caseId = typeof data.caseId === 'string' ? data.caseId : '';
  const resume = out.state.resume;
  delete out.state.resume;
  out.state.handoff = { caseId, status: 'open', ...(resume ? { resume } : {}) };
  out.effects.push({ type: 'count', name: 'case-opened', detail: typeof data.kind === 'string' ? data.kind : undefined });
  const opening = contactOpening(ctx).opening;
  const urgent = out.state.vars.scene === 'emergency';
  if (!opening || opening.open) {
    // A sudden illness gets no promise of a reply time, and 119 and the 24-hour line again.
    if (urgent) {
      out.replies.push({ kind: 'text', key: 'handoff.opened-urgent' });
      out.replies.push({ kind: 'contact', ...(opening ? { opening } : {}), urgent: true, quick: [endChoice] });
      return;
    }
    out.replies.push({ kind: 'text', key: openedKey(out.state.vars.callback), quick: [endChoice] });
    return;
  }
  // Outside opening hours the message waits for the next opening; urgent help is elsewhere.
  out.replies.push({ kind: 'text', key: 'handoff.after-hours' });
  out.replies.push({ kind: 'contact', opening, urgent: true, quick: [endChoice] });
}

/** The confirmation says how the answer will come: in this chat, by phone, or either. */
function openedKey(callback: Json | undefined): string {
  if (callback === 'phone') return 'handoff.opened-phone';
  if (callback === 'either') return 'handoff.opened-either';
  return 'handoff.opened';
}

/** A coordinator changed the case from the console. */
export function onCaseEvent(ctx: TurnContext, out: Out, event: Extract<InternalEvent, { kind: 'case-closed' | 'case-status' }>): void {
  const h = out.state.handoff;
  if (!h || h.caseId !== event.caseId || h.status !== 'open') return; // already ended, or data deleted
  if (event.kind === 'case-status') {
    out.replies.push({ kind: 'text', key: `handoff.status.${event.status}`, quick: [endChoice] });
    return;
  }
  closeAndResume(ctx, out, 'handoff.closed');
}

/**
 * Ends the case for the chat and goes back to where the user was. Only a case the
 * coordinator closed can be reopened by the next message: a user who ended it wants the bot.
 */
function closeAndResume(ctx: TurnContext, out: Out, key: string): void {
  const h = out.state.handoff!;
  const resume = h.resume;
  if (key === 'handoff.closed') out.state.handoff = { caseId: h.caseId, status: 'closed', closedAt: ctx.now.toISOString() };
  else delete out.state.handoff;
  out.replies.push({ kind: 'text', key, data: { days: ctx.reopenDays ?? DEFAULT_REOPEN_DAYS } });
  resetToIdle(out.state);
  const flow = resume ? own(ctx.flows, resume.flow) : undefined;
  if (resume && flow && own(flow.steps, resume.step)) {
    Object.assign(out.state, { flow: resume.flow, step: resume.step, flowVersion: resume.flowVersion, vars: resume.vars, trail: resume.trail });
    out.replies.push({ kind: 'text', key: 'handoff.resuming' });
    if (currentStep(ctx, out.state)) return reprompt(ctx, out);
  }
  const last = out.replies[out.replies.length - 1];
  // The person chooses: the same case again, or the bot.
  if (last && last.kind === 'text' && !last.quick) last.quick = key === 'handoff.closed' ? [continueChoice, toBotChoice] : menuChoices(ctx);
}

/**
 * While a closed case can still be continued, the bot's answers carry a one-tap way back to
 * it (first, so LINE's limit on quick replies never drops it).
 */
function offerCaseAfterClose(ctx: TurnContext, prior: ConversationState, out: Out): void {
  const h = out.state.handoff;
  if (prior.handoff?.status !== 'closed' || h?.status !== 'closed' || out.state.flow || !reopenWindowOpen(ctx, h.closedAt)) return;
  const last = out.replies[out.replies.length - 1];
  if (!last || last.kind === 'emergency' || last.kind === 'safety-note' || last.kind === 'acp-summary') return;
  if (last.quick?.some((c) => c.label === continueChoice.label)) return;
  last.quick = [continueChoice, ...(last.quick ?? [])];
}

/** The handoff as the engine sees it (registered in engine/features.ts). */
export const handoffFeature: EngineFeature = {
  name: 'handoff',
  intercept: (ctx, out, input) => interceptForCase(ctx, out, input.text, input.command, input.action),
  command: (ctx, out, command) => (command === 'person' || command === 'end') && handoffCommand(ctx, out, command),
  internal(ctx, out, event) {
    if (event.kind === 'case-closed' || event.kind === 'case-status') {
      onCaseEvent(ctx, out, event);
      return true;
    }
    return false;
  },
  afterTurn: offerCaseAfterClose,
  // The intake flow's `open-case` succeeded: the conversation now belongs to the case (the
  // step has no next, so the intake flow then ends).
  result(ctx, out, step, event) {
    if (step.request === 'open-case' && event.ok) onCaseOpened(ctx, out, event.data);
    return undefined;
  },
};
