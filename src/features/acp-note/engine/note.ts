/**
 * The ACP note (わたしの想いノート) as a mode of the engine, like handoff.ts: pure, no I/O.
 *
 * flows/acp-note.yaml holds the questions; steps that carry an `item` are the note's
 * questions. This module adds what every question of the note shares:
 *  - 「わからない」「今は答えたくない」 (and 「医師と相談したい」 on medical questions);
 *  - each answer becomes an `acp` effect (the shell stores it as a new version);
 *  - the question on screen is saved as the position, so 「想いノート」 later offers 続きから;
 *  - commands at any question: 中断, 見直す, 印刷用, 共有, ノートを削除 (もどる is global; the
 *    typed words are in flows/intents.yaml under `acp-note:`);
 *  - a summary after each section, the review with 変更 per item;
 *  - the shell's results for the note's requests (load, print link, sharing): kept or shown
 *    here, while where a `do` step's result leads is its `next` / `fail` in the YAML.
 * Questions about the note itself are found by their `role` (consent, writer, reminder), the
 * ending checklist's by `checklist: ending` — never by item id.
 * The answers are loaded into the state (sealed at rest) when the note starts and dropped
 * when the person leaves it; the database keeps the record and every version.
 */
import type { CompiledFlow, Step } from '../../../engine/flow-schema.ts';
import {
  currentStep,
  go,
  menuChoices,
  onText,
  own,
  reprompt,
  resetToIdle,
  startFlow,
  type EngineFeature,
  type Out,
  type ResultEvent,
  type TurnContext,
} from '../../../engine/kernel/index.ts';
import type { Choice, ConversationState, Json } from '../../../engine/types.ts';
import { foldForIntent } from '../../../engine/intents.ts';
import { sensitiveReason } from './sensitive-text.ts';
import { answersFromJson, buildSummary, isItemStep, isSpecial, NOTE_FLOW, stepForItem, stepWithRole, type ItemStep } from './summary.ts';
import { ACP_OPS, ACP_REMINDERS, ACP_REQUESTS, type AcpAnswer, type AcpOp, type AcpReminderKind, type AcpSession, type AcpSpecial } from './types.ts';

export { NOTE_FLOW };
export const SHARED_FLOW = 'acp-shared';
/** The invitee's flows: seeing shared notes, entering a code. */
const SHARE_CODE_FLOW = 'acp-share-code';
export const ENDING_FLOW = 'acp-ending';

// ---------------------------------------------------------------------------------------
// Options every question adds

export interface OptionLike {
  value: string;
  label: string;
}

/** 「わからない」「今は答えたくない」 (and 「医師と相談したい」) for a question of the note. */
export function extraOptions(step: Step): OptionLike[] {
  if (!isItemStep(step) || step.extras === false) return [];
  // The ending-note checklist's own choices already include 「とばす」.
  if (step.checklist && step.type === 'choose') return [];
  const out: OptionLike[] = [];
  if (step.type === 'choose' && step.medical) out.push({ value: 'doctor', label: 'acp.special.doctor' });
  // A question to write at is skipped with 「書かない」, a button rather than a sentence.
  out.push({ value: 'unknown', label: 'acp.special.unknown' }, { value: 'skip', label: step.type === 'ask' ? 'acp.special.skip-write' : 'acp.special.skip' });
  return out;
}

/** 「もどる」 and 「中断」 under the note's questions (「やめる」 would lose the thread). */
export function noteNav(s: ConversationState, step?: Step): Choice[] {
  // The introduction has its own 「あとで」「やめる」.
  if (step && isItemStep(step) && step.role === 'consent') return [];
  // What the question needs, then one way to the note's menu (見直す・印刷用・削除… live
  // there, not under every question). In order of need: the renderer keeps as many quick
  // replies as LINE shows (the first ones), so after a long multi-choice list only 中断 may remain.
  const nav: Choice[] = [{ label: 'acp.cmd.pause', action: { type: 'acp', op: 'pause' } }];
  if (s.trail.length > 1) nav.push({ label: 'nav.back', action: { type: 'command', command: 'back' } });
  nav.push({ label: 'acp.cmd.hub', action: { type: 'acp', op: 'hub' } });
  return nav;
}

/** While these flows are open, what the person types is not kept in the state's recent messages. */
const PRIVATE_FLOWS = new Set([NOTE_FLOW, ENDING_FLOW, SHARE_CODE_FLOW, SHARED_FLOW]);
export function isPrivateToNote(s: ConversationState): boolean {
  return Boolean(s.flow && PRIVATE_FLOWS.has(s.flow));
}

export function isNoteQuestion(s: ConversationState, step: Step): boolean {
  return s.flow === NOTE_FLOW && isItemStep(step);
}

// ---------------------------------------------------------------------------------------
// Answers

function session(out: Out): AcpSession {
  return (out.state.acp ??= { answers: {} });
}

function noteFlow(ctx: TurnContext): CompiledFlow | undefined {
  return own(ctx.flows, NOTE_FLOW);
}

/**
 * A special answer (わからない…) tapped or typed at a question. Returns true when handled.
 */
export function noteSpecial(ctx: TurnContext, out: Out, step: Step, value: string): boolean {
  if (!isItemStep(step) || !isSpecial(value) || !extraOptions(step).some((o) => o.value === value)) return false;
  const took = noteSaved(ctx, out, step, { special: value }, step.next ?? 'end');
  if (took && value === 'skip') offerRestAfterSkips(ctx, out);
  return took;
}

/** How many questions skipped in a row before the note asks whether to stop for today. */
const SKIPS_BEFORE_ASKING = 4;

/**
 * Many questions skipped in a row may mean the person is tired or it is not the day for it:
 * under the next question, ask kindly whether to stop here (the note keeps the place).
 */
function offerRestAfterSkips(ctx: TurnContext, out: Out): void {
  const s = out.state.acp;
  if (!s || s.returnTo || !atQuestion(ctx, out)) return;
  s.skipped = (s.skipped ?? 0) + 1;
  if (s.skipped < SKIPS_BEFORE_ASKING) return;
  s.skipped = 0;
  out.replies.push({
    kind: 'text',
    key: 'acp.many-skipped',
    quick: [
      { label: 'acp.cmd.rest', action: { type: 'acp', op: 'pause' } },
      { label: 'acp.cmd.go-on', action: { type: 'acp', op: 'resume' } },
    ],
  });
}

/**
 * Typed free text at a question of the note: a special answer by its label, or a refusal of
 * text that looks like a card, an account number or a password (not stored, not echoed).
 */
export function noteAskText(ctx: TurnContext, out: Out, step: Step, text: string): boolean {
  if (!isItemStep(step) || step.type !== 'ask') return false;
  const folded = foldForIntent(text);
  const special = extraOptions(step).find((o) => foldForIntent(ctx.label(o.label, out.state.locale)) === folded);
  if (special) return noteSpecial(ctx, out, step, special.value);
  const reason = sensitiveReason(text);
  if (reason) {
    out.replies.push({ kind: 'text', key: `acp.refused.${reason}` });
    out.effects.push({ type: 'count', name: 'acp-text-refused', detail: reason });
    reprompt(ctx, out);
    return true;
  }
  return false;
}

/**
 * An answer to a question of the note (or of the ending-note checklist): recorded, then on to
 * `next` — or back to the review when it was changed from there. Returns false for steps that
 * are not the note's, so the plain flow logic carries on.
 */
export function noteSaved(ctx: TurnContext, out: Out, step: Step, got: { v?: string | string[]; t?: string; special?: AcpSpecial }, next: string): boolean {
  if (!isItemStep(step)) return false;
  // An answer given ends a run of skipped questions.
  if (got.special !== 'skip' && out.state.acp) delete out.state.acp.skipped;
  const item = step.item;
  if (step.checklist === 'ending') {
    // The ending-note checklist keeps only yes / not yet / where the paper is.
    const status = got.t !== undefined ? 'place' : got.v === 'yes' ? 'yes' : got.v === 'notyet' ? 'notyet' : null;
    if (status) out.effects.push({ type: 'acp', op: { kind: 'ending', item, status, ...(got.t !== undefined ? { place: got.t } : {}) } });
    go(ctx, out, next);
    return true;
  }
  if (out.state.flow !== NOTE_FLOW) return false;
  const s = session(out);
  const at = ctx.now.toISOString();
  if (step.role === 'consent' && got.v !== 'start') {
    // 「あとで」「やめる」: nothing is stored, nobody is reminded.
    go(ctx, out, next);
    return true;
  }
  if (step.role === 'writer' && typeof got.v === 'string') s.writer = got.v === 'family' ? 'family' : 'self';
  const prev: AcpAnswer = Object.hasOwn(s.answers, item) ? s.answers[item]! : {};
  // For the yearly report: a note is started once (the first 「はじめる」), not at every revisit.
  if (step.role === 'consent' && Object.keys(s.answers).length === 0) out.effects.push({ type: 'count', name: 'acp-started' });
  let answer: AcpAnswer;
  if (step.type === 'choose') {
    answer = { ...(prev.t !== undefined && !got.special ? { t: prev.t } : {}), v: got.special ?? got.v ?? [], at };
  } else if (got.special) {
    // A special answer to a free-text part keeps a choice made before it (the proxy's relationship).
    answer = { v: prev.v !== undefined && !isSpecial(prev.v) ? prev.v : got.special, at };
  } else {
    answer = { ...(prev.v !== undefined ? { v: prev.v } : {}), t: got.t ?? '', at };
  }
  s.answers[item] = answer;
  s.updatedAt = at;
  const changed: Array<'choice' | 'text'> = [];
  if (JSON.stringify(prev.v ?? null) !== JSON.stringify(answer.v ?? null)) changed.push('choice');
  if ((prev.t ?? null) !== (answer.t ?? null)) changed.push('text');
  out.effects.push({ type: 'acp', op: { kind: 'answer', item, answer, writer: s.writer ?? null, changed } });
  if (step.role === 'reminder') reminderEffect(out, step, answer);

  delete s.confirmingDelete;
  if (s.returnTo) {
    // An item asked in two steps (the proxy: who, then how to call them) is changed whole.
    const following = own(noteFlow(ctx)?.steps ?? {}, next);
    if (following && isItemStep(following) && following.item === item) {
      go(ctx, out, next);
      return true;
    }
    return backToReview(ctx, out);
  }
  const before = out.replies.length;
  if (step.role === 'reminder' && !(step.type === 'choose' && answer.v === 'birthday')) {
    out.effects.push({ type: 'acp', op: { kind: 'completed' } });
    // Counted for the yearly report the first time the note is gone through to the end.
    if (!s.completed) out.effects.push({ type: 'count', name: 'acp-completed' });
    s.completed = true;
  }
  go(ctx, out, next);
  const now = currentStep(ctx, out.state);
  const section = step.section;
  const nextSection = now && isItemStep(now) ? now.section : undefined;
  // Sections of steps with a role (the introduction, the reminder) have no rows to sum up.
  if (section && nextSection !== section) {
    const flow = noteFlow(ctx);
    const summary = flow ? buildSummary(flow, s, { section }) : undefined;
    if (summary?.sections.length) out.replies.splice(before, 0, { kind: 'acp-summary', summary, mode: 'section' });
  }
  return true;
}

function reminderEffect(out: Out, step: ItemStep, answer: AcpAnswer): void {
  const v = answer.v;
  if (step.type === 'choose') {
    if (v === 'birthday') return; // the next question asks for the month and day
    const kind = typeof v === 'string' && (ACP_REMINDERS as readonly string[]).includes(v) ? (v as AcpReminderKind) : 'none';
    out.effects.push({ type: 'acp', op: { kind: 'reminder', reminder: kind } });
    return;
  }
  const m = /^(\d{2})-(\d{2})$/.exec(answer.t ?? '');
  out.effects.push({
    type: 'acp',
    op: m ? { kind: 'reminder', reminder: 'birthday', birthday: { month: Number(m[1]), day: Number(m[2]) } } : { kind: 'reminder', reminder: 'none' },
  });
}

// ---------------------------------------------------------------------------------------
// Review and summaries

function atQuestion(ctx: TurnContext, out: Out): boolean {
  const step = currentStep(ctx, out.state);
  return Boolean(step && isNoteQuestion(out.state, step));
}

/** What the person can do from the note's hub or the review. */
function hubChoices(ctx: TurnContext, out: Out): Choice[] {
  const s = out.state.acp;
  const c: Choice[] = [];
  if (atQuestion(ctx, out)) c.push({ label: 'acp.cmd.continue', action: { type: 'acp', op: 'resume' } });
  else if (s?.paused) c.push({ label: 'acp.cmd.resume', action: { type: 'acp', op: 'resume' } });
  c.push(
    { label: 'acp.cmd.review', action: { type: 'acp', op: 'review' } },
    { label: 'acp.cmd.print', action: { type: 'acp', op: 'print' } },
    { label: 'acp.cmd.share', action: { type: 'acp', op: 'share' } },
    { label: 'acp.cmd.shares', action: { type: 'acp', op: 'shares' } },
  );
  if (!atQuestion(ctx, out)) c.push({ label: 'acp.cmd.restart', action: { type: 'acp', op: 'restart' } });
  c.push({ label: 'acp.cmd.ending', action: { type: 'start', flow: ENDING_FLOW } });
  c.push({ label: 'acp.cmd.delete', action: { type: 'acp', op: 'delete' } });
  c.push(
    atQuestion(ctx, out) ? { label: 'acp.cmd.pause', action: { type: 'acp', op: 'pause' } } : { label: 'acp.cmd.close', action: { type: 'acp', op: 'close' } },
  );
  return c;
}

function showReview(ctx: TurnContext, out: Out): void {
  const flow = noteFlow(ctx);
  const s = session(out);
  if (!flow) return;
  out.replies.push({ kind: 'acp-summary', summary: buildSummary(flow, s, { all: true }), mode: 'review' });
  out.replies.push({ kind: 'text', key: 'acp.review.hint', quick: hubChoices(ctx, out) });
}

/** The flow's own review step (`show: acp-summary`): the whole note, each answer changeable. */
export function sayNoteSummary(ctx: TurnContext, out: Out): void {
  const flow = noteFlow(ctx);
  if (flow) out.replies.push({ kind: 'acp-summary', summary: buildSummary(flow, session(out), { all: true }), mode: 'review' });
}

function backToReview(ctx: TurnContext, out: Out): boolean {
  const s = session(out);
  const origin = s.returnTo!;
  delete s.returnTo;
  Object.assign(out.state, { step: origin.step, trail: origin.trail, vars: {} });
  out.replies.push({ kind: 'text', key: 'acp.review.changed' });
  showReview(ctx, out);
  return true;
}

function change(ctx: TurnContext, out: Out, item: string | undefined): void {
  const flow = noteFlow(ctx);
  const step = flow && item ? stepForItem(flow, item) : undefined;
  if (!step || !out.state.step) {
    out.replies.push({ kind: 'text', key: 'engine.stale-button' });
    return reprompt(ctx, out);
  }
  const s = session(out);
  s.returnTo ??= { step: out.state.step, trail: [...out.state.trail] };
  const prev = Object.hasOwn(s.answers, step.item) ? s.answers[step.item] : undefined;
  out.state.vars = {};
  // A multi-choice question opens with the earlier picks ticked.
  if (step.type === 'choose' && step.multi && step.save && Array.isArray(prev?.v)) out.state.vars[step.save] = prev.v;
  out.state.trail = [];
  go(ctx, out, step.id);
}

// ---------------------------------------------------------------------------------------
// Commands

/**
 * What each typed command does: the words are data (`acp-note:` in flows/intents.yaml, folded
 * like the global intents); typing a button's label (in any language) works too.
 */
const LABELS: Partial<Record<AcpOp, string>> = {
  'revoke-links': 'acp.cmd.revoke-links',
  pause: 'acp.cmd.pause',
  resume: 'acp.cmd.resume',
  review: 'acp.cmd.review',
  print: 'acp.cmd.print',
  share: 'acp.cmd.share',
  shares: 'acp.cmd.shares',
  delete: 'acp.cmd.delete',
};

/** Folded label → op, built once per content bundle (the flows object identifies it). */
const labelCache = new WeakMap<object, Map<string, AcpOp>>();

function typedOp(ctx: TurnContext, text: string): AcpOp | null {
  const folded = foldForIntent(text);
  if (!folded || folded.length > 30) return null;
  const word = ctx.intents.matchFeature('acp-note', text);
  if (word && (ACP_OPS as readonly string[]).includes(word)) return word as AcpOp;
  let labels = labelCache.get(ctx.flows);
  if (!labels) {
    labels = new Map();
    for (const op of ACP_OPS) {
      const label = LABELS[op];
      if (!label) continue;
      for (const l of ['ja', 'ja-easy', 'en'] as const) if (!labels.has(foldForIntent(ctx.label(label, l)))) labels.set(foldForIntent(ctx.label(label, l)), op);
    }
    labelCache.set(ctx.flows, labels);
  }
  return labels.get(folded) ?? null;
}

/**
 * Text typed while the note is open: its commands. Called after the emergency check and
 * before the global commands, so 「中断」 means "pause the note" here. Returns true if handled.
 */
export function interceptForNote(ctx: TurnContext, out: Out, text: string): boolean {
  if (ctx.chat !== 'user') return false;
  // 「共有コード ABCDE-FGHJK」 in one message: straight to the code's check.
  const withCode = /^\s*(?:共有コード|きょうゆうこーど|share\s*code)\s*[:：]?\s*([A-Za-z0-9０-９Ａ-Ｚａ-ｚ][A-Za-z0-9０-９Ａ-Ｚａ-ｚ\-－ ]{8,14})\s*$/i.exec(
    text,
  );
  if (withCode && own(ctx.flows, SHARE_CODE_FLOW)) {
    resetToIdle(out.state);
    startFlow(ctx, out, SHARE_CODE_FLOW);
    out.replies.length = 0;
    // The code typed with the word is the answer to the question the flow opens with.
    const step = currentStep(ctx, out.state);
    if (step) onText(ctx, out, step, withCode[1]!);
    return true;
  }
  const op = typedOp(ctx, text);
  if (!op) return false;
  // With the note closed, only words that cannot mean anything else open it for that command.
  if (out.state.flow !== NOTE_FLOW && !OPEN_WITH.has(op)) return false;
  noteAction(ctx, out, op);
  return true;
}

const OPEN_WITH = new Set<AcpOp>(['resume', 'review', 'print', 'delete']);

/** Ops that need the note open (its answers loaded): from anywhere else they open it. */
const NEEDS_NOTE = new Set<AcpOp>(['resume', 'restart', 'review', 'print', 'revoke-links', 'pause', 'delete', 'change', 'share', 'shares', 'hub']);

export function noteAction(ctx: TurnContext, out: Out, op: AcpOp, arg?: string): void {
  if (ctx.chat !== 'user') {
    out.replies.push({ kind: 'text', key: 'group.personal-in-dm' });
    return;
  }
  if (NEEDS_NOTE.has(op) && out.state.flow !== NOTE_FLOW) {
    if (op === 'pause') {
      out.replies.push({ kind: 'text', key: 'acp.paused', quick: menuChoices(ctx) });
      return;
    }
    resetToIdle(out.state);
    startFlow(ctx, out, NOTE_FLOW);
    // Loaded in this same turn (the shell answers the load request); then the command runs.
    if (out.state.flow === NOTE_FLOW) out.state.acp = { answers: {}, pending: { op, ...(arg ? { arg } : {}) } };
    return;
  }
  const s = out.state.acp;
  if (s?.confirmingDelete && op !== 'delete-yes' && op !== 'delete-no') delete s.confirmingDelete;
  switch (op) {
    case 'pause': {
      const step = currentStep(ctx, out.state);
      if (step && isItemStep(step) && !session(out).returnTo) {
        out.effects.push({ type: 'acp', op: { kind: 'position', step: step.id, trail: [...out.state.trail] } });
      }
      out.effects.push({ type: 'count', name: 'acp-paused' });
      resetToIdle(out.state);
      delete out.state.acp;
      out.replies.push({
        kind: 'text',
        key: 'acp.paused',
        quick: [{ label: 'acp.cmd.open', action: { type: 'start', flow: NOTE_FLOW } } satisfies Choice, ...menuChoices(ctx)],
      });
      return;
    }
    case 'resume': {
      if (atQuestion(ctx, out)) return reprompt(ctx, out);
      const paused = s?.paused;
      const flow = noteFlow(ctx);
      if (paused && flow && own(flow.steps, paused.step)) {
        out.state.trail = paused.trail.filter((id) => own(flow.steps, id));
        out.state.vars = {};
        out.replies.push({ kind: 'text', key: 'acp.resumed' });
        return go(ctx, out, paused.step);
      }
      return firstQuestion(ctx, out);
    }
    case 'restart':
      out.state.trail = [];
      out.state.vars = {};
      out.replies.push({ kind: 'text', key: 'acp.restarted' });
      return firstQuestion(ctx, out);
    case 'review':
      return showReview(ctx, out);
    case 'change':
      return change(ctx, out, arg);
    case 'print':
      out.effects.push({ type: 'request', name: 'acp-print-link', data: {} });
      return;
    case 'revoke-links':
      out.effects.push({ type: 'acp', op: { kind: 'revoke-links' } });
      out.replies.push({ kind: 'text', key: 'acp.print.revoked' });
      return afterAside(ctx, out);
    case 'share':
      out.effects.push({ type: 'request', name: 'acp-share-create', data: {} });
      return;
    case 'shares':
      out.effects.push({ type: 'request', name: 'acp-share-list', data: {} });
      return;
    case 'delete':
      session(out).confirmingDelete = true;
      out.replies.push({
        kind: 'text',
        key: 'acp.delete.confirm',
        quick: [
          { label: 'acp.delete.yes', action: { type: 'acp', op: 'delete-yes' } },
          { label: 'acp.delete.no', action: { type: 'acp', op: 'delete-no' } },
        ],
      });
      return;
    case 'delete-yes':
      if (!s?.confirmingDelete) {
        out.replies.push({ kind: 'text', key: 'engine.stale-button' });
        return reprompt(ctx, out);
      }
      out.effects.push({ type: 'acp', op: { kind: 'delete' } }, { type: 'count', name: 'acp-deleted' });
      if (out.state.flow === NOTE_FLOW) resetToIdle(out.state);
      delete out.state.acp;
      out.replies.push({ kind: 'text', key: 'acp.delete.done', quick: menuChoices(ctx) });
      return;
    case 'delete-no':
      if (s) delete s.confirmingDelete;
      out.replies.push({ kind: 'text', key: 'acp.delete.kept' });
      return afterAside(ctx, out);
    case 'revoke-share':
      if (!arg) return;
      out.effects.push({ type: 'acp', op: { kind: 'revoke-share', shareId: arg } });
      out.replies.push({ kind: 'text', key: 'acp.share.revoked' });
      return afterAside(ctx, out);
    case 'stop-reminder':
      out.effects.push({ type: 'acp', op: { kind: 'stop-reminder' } });
      out.replies.push({ kind: 'text', key: 'acp.reminder.stopped' });
      return afterAside(ctx, out);
    case 'hub':
      return showHub(ctx, out);
    case 'close':
      if (out.state.flow === NOTE_FLOW) resetToIdle(out.state);
      delete out.state.acp;
      out.replies.push({ kind: 'text', key: 'acp.closed', quick: menuChoices(ctx) });
      return;
  }
}

/** The note from its first question after the introduction: the step whose role is `writer`. */
function firstQuestion(ctx: TurnContext, out: Out): void {
  const flow = noteFlow(ctx);
  const step = flow && stepWithRole(flow, 'writer');
  if (step) return go(ctx, out, step.id);
  reprompt(ctx, out);
}

/** After something done on the side (a link, a share): the question again, or the hub. */
function afterAside(ctx: TurnContext, out: Out): void {
  if (out.state.flow !== NOTE_FLOW) {
    const last = out.replies[out.replies.length - 1];
    if (last && last.kind === 'text' && !last.quick) last.quick = menuChoices(ctx);
    return;
  }
  if (atQuestion(ctx, out)) return reprompt(ctx, out);
  const last = out.replies[out.replies.length - 1];
  if (last && last.kind === 'text') last.quick = hubChoices(ctx, out);
}

// ---------------------------------------------------------------------------------------
// The shell's results

export function isNoteRequest(name: string): boolean {
  return (ACP_REQUESTS as readonly string[]).includes(name);
}

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');

/**
 * A result of the note's requests asked for on the side, from a question or the hub (no `do`
 * step waits for it): the link, the code or the list, then the question again or the hub.
 */
export function onNoteResult(ctx: TurnContext, out: Out, event: ResultEvent): void {
  // Read field by field as stored results are: the step's result may come from an older shell.
  const d = event.data as unknown as Record<string, Json>;
  if (!event.ok) {
    out.replies.push({ kind: 'text', key: 'engine.request-failed' });
    return afterAside(ctx, out);
  }
  switch (event.request) {
    case 'acp-print-link':
      out.replies.push({ kind: 'text', key: 'acp.print.link', data: { url: str(d.url), expires: str(d.expires) } });
      out.replies.push({ kind: 'text', key: 'acp.print.revoke-hint', quick: [{ label: 'acp.cmd.revoke-links', action: { type: 'acp', op: 'revoke-links' } }] });
      out.effects.push({ type: 'count', name: 'acp-print-link' });
      if (atQuestion(ctx, out)) reprompt(ctx, out);
      else
        out.replies[out.replies.length - 1] = {
          kind: 'text',
          key: 'acp.print.revoke-hint',
          quick: [{ label: 'acp.cmd.revoke-links', action: { type: 'acp', op: 'revoke-links' } } satisfies Choice, ...hubChoices(ctx, out)],
        };
      return;
    case 'acp-share-create':
      out.replies.push({ kind: 'text', key: 'acp.share.created', data: { code: str(d.code), expires: str(d.expires) } });
      out.replies.push({ kind: 'text', key: 'acp.share.how' });
      out.effects.push({ type: 'count', name: 'acp-share-created' });
      return afterAside(ctx, out);
    case 'acp-share-list': {
      const shares = Array.isArray(d.shares) ? d.shares : [];
      if (!shares.length) {
        out.replies.push({ kind: 'text', key: 'acp.share.none' });
        return afterAside(ctx, out);
      }
      const lines = shares.map((x, i) => {
        const o = (x && typeof x === 'object' && !Array.isArray(x) ? x : {}) as Record<string, Json>;
        return { n: i + 1, id: str(o.id), name: str(o.name), status: str(o.status), since: str(o.since) };
      });
      out.replies.push({
        kind: 'text',
        key: 'acp.share.list',
        data: {
          list: lines
            .map(
              (l) =>
                `${l.n}. ${l.name || '—'}（${l.status === 'active' ? ctx.label('acp.share.status-active', out.state.locale) : ctx.label('acp.share.status-pending', out.state.locale)} ${l.since}）`,
            )
            .join('\n'),
        },
      });
      const quick: Choice[] = lines
        .slice(0, 10)
        .map((l) => ({ label: 'acp.share.revoke', labelData: { n: l.n }, action: { type: 'acp', op: 'revoke-share', arg: l.id } }));
      quick.push(
        atQuestion(ctx, out)
          ? { label: 'acp.cmd.continue', action: { type: 'acp', op: 'resume' } }
          : { label: 'acp.cmd.close', action: { type: 'acp', op: 'close' } },
      );
      out.replies.push({ kind: 'text', key: 'acp.share.revoke-hint', quick });
      return;
    }
  }
}

/** Requests the note asks for on the side, whatever step the person is at. */
const ASIDE_REQUESTS = new Set(['acp-print-link', 'acp-share-create', 'acp-share-list']);

/**
 * The result of one of the note's `do` steps (loading the note, the shared notes, a code): kept
 * or shown here; where the flow goes next is the step's `next` / `fail` in the YAML. Returns
 * what the flow saves of it.
 */
export function onNoteStepResult(ctx: TurnContext, out: Out, event: ResultEvent): Record<string, Json> | undefined {
  // Read field by field as stored results are: the step's result may come from an older shell.
  const d = event.data as unknown as Record<string, Json>;
  if (!event.ok) {
    if (event.request === 'acp-share-redeem') out.replies.push({ kind: 'text', key: `acp.share.redeem-${str(d.reason) || 'unknown'}` });
    return undefined;
  }
  switch (event.request) {
    case 'acp-load':
      return onNoteLoaded(out, d);
    case 'acp-share-redeem':
    case 'acp-shared-view': {
      const notes = Array.isArray(d.notes) ? d.notes : [];
      // No note shared yet: the flow asks for a code (a branch on `count`).
      if (!notes.length && event.request === 'acp-shared-view') return { count: 0 };
      if (event.request === 'acp-share-redeem') out.replies.push({ kind: 'text', key: 'acp.share.redeemed' });
      const flow = noteFlow(ctx);
      for (const raw of notes.slice(0, 3)) {
        const n = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, Json>;
        if (!flow) break;
        const summary = buildSummary(flow, {
          answers: answersFromJson(n.answers),
          writer: n.writer === 'family' ? 'family' : n.writer === 'self' ? 'self' : null,
          updatedAt: str(n.updatedAt) || null,
        });
        out.replies.push({ kind: 'acp-summary', summary, mode: 'shared' });
      }
      if (!notes.length) out.replies.push({ kind: 'text', key: 'acp.share.empty' });
      out.effects.push({ type: 'count', name: 'acp-shared-viewed' });
      out.replies.push({ kind: 'text', key: 'acp.share.read-only', quick: menuChoices(ctx) });
      return { count: notes.length };
    }
    default:
      return undefined;
  }
}

/**
 * The note was loaded into the session. The flow then branches on `new`: the introduction
 * for a new note, the hub (`show: acp-hub`) for someone who has one.
 */
function onNoteLoaded(out: Out, d: Record<string, Json>): Record<string, Json> {
  const answers = answersFromJson(d.answers);
  const paused = d.paused && typeof d.paused === 'object' && !Array.isArray(d.paused) ? d.paused : null;
  const fresh = Object.keys(answers).length === 0;
  const pending = out.state.acp?.pending;
  out.state.acp = {
    answers,
    ...(d.writer === 'self' || d.writer === 'family' ? { writer: d.writer } : {}),
    ...(typeof d.updatedAt === 'string' ? { updatedAt: d.updatedAt } : {}),
    ...(typeof d.updatedDate === 'string' && d.updatedDate ? { updatedDate: d.updatedDate } : {}),
    ...(d.completed === true ? { completed: true } : {}),
    ...(paused && typeof paused.step === 'string'
      ? { paused: { step: paused.step, trail: Array.isArray(paused.trail) ? paused.trail.filter((x): x is string => typeof x === 'string') : [] } }
      : {}),
    // A command that opened the note runs at the hub; a new note starts with the introduction.
    ...(pending && !fresh && pending.op !== 'restart' ? { pending } : {}),
  };
  return { new: fresh };
}

/** The note's hub: the command that opened the note, or what the person can do with it. */
export function showHub(ctx: TurnContext, out: Out): void {
  const s = session(out);
  const pending = s.pending;
  if (pending) {
    delete s.pending;
    return noteAction(ctx, out, pending.op, pending.arg);
  }
  out.replies.push({
    kind: 'text',
    key: s.paused ? 'acp.hub.paused' : 'acp.hub.saved',
    data: { date: s.updatedDate ?? '' },
    quick: hubChoices(ctx, out),
  });
}

/** The scheduler's reminder, in the person's language, with a one-tap stop. */
export function onNoteReminder(_ctx: TurnContext, out: Out, reminder: AcpReminderKind): void {
  out.effects.push({ type: 'count', name: 'acp-reminder-sent', detail: reminder });
  out.replies.push({
    kind: 'text',
    key: `acp.reminder.${reminder}`,
    quick: [
      { label: 'acp.cmd.open', action: { type: 'start', flow: NOTE_FLOW } },
      { label: 'acp.cmd.stop-reminder', action: { type: 'acp', op: 'stop-reminder' } },
    ],
  });
}

/**
 * After every turn: the question on screen becomes the saved position (so the person can
 * come back to it), and the loaded answers leave the state once the note is closed.
 */
export function afterNoteTurn(ctx: TurnContext, prior: ConversationState, out: Out): void {
  const s = out.state;
  if (s.flow !== NOTE_FLOW) {
    delete s.acp;
    return;
  }
  wordForWriter(out);
  const step = currentStep(ctx, s);
  if (!step || !isItemStep(step) || step.role === 'consent' || s.acp?.returnTo) return;
  if (prior.flow === NOTE_FLOW && prior.step === s.step) return;
  const position = { step: step.id, trail: [...s.trail] };
  session(out).paused = position;
  out.effects.push({ type: 'acp', op: { kind: 'position', ...position } });
}

/**
 * The note's wording for who is writing and what is chosen, as i18next contexts: a family
 * member is asked about 「ご本人」 and reminded to write what the person said (`_family`); a
 * multi-choice question with nothing chosen yet leaves out its counter (`_none`). A message
 * without such a variant falls back to its plain text.
 */
function wordForWriter(out: Out): void {
  const family = out.state.acp?.writer === 'family';
  for (const r of out.replies) {
    if (r.kind !== 'text' || !r.key.startsWith('acp.')) continue;
    const parts = [...(family ? ['family'] : []), ...(r.data?.picked === 0 ? ['none'] : [])];
    if (parts.length) r.data = { ...r.data, context: parts.join('_') };
  }
}

/** The ACP note as the engine sees it (registered in engine/features.ts). */
export const acpNoteFeature: EngineFeature = {
  name: 'acp-note',
  isPrivate: isPrivateToNote,
  // Typed text only: the note's commands (中断, 見直す, 共有コード…).
  intercept: (ctx, out, input) => input.text !== null && !input.action && interceptForNote(ctx, out, input.text),
  action(ctx, out, action) {
    if (action.type !== 'acp') return false;
    noteAction(ctx, out, action.op, action.arg);
    return true;
  },
  internal(ctx, out, event) {
    if (event.kind === 'acp-reminder') {
      onNoteReminder(ctx, out, event.reminder);
      return true;
    }
    // A link, a code or the list asked for at any question or at the hub.
    if (event.kind !== 'result' || !ASIDE_REQUESTS.has(event.request)) return false;
    onNoteResult(ctx, out, event);
    return true;
  },
  result: (ctx, out, _step, event) => (isNoteRequest(event.request) ? onNoteStepResult(ctx, out, event) : undefined),
  show(ctx, out, ref) {
    if (ref.show === 'acp-summary') sayNoteSummary(ctx, out);
    else if (ref.show === 'acp-hub') showHub(ctx, out);
    else return false;
    return true;
  },
  extraOptions,
  questionNav: (state, step) => (isNoteQuestion(state, step) ? noteNav(state, step) : undefined),
  askText: noteAskText,
  special: noteSpecial,
  saved: (ctx, out, step, answer, next) => noteSaved(ctx, out, step, answer, next),
  afterTurn(ctx, prior, out) {
    // The note remembers the question on screen.
    if (prior.flow || out.state.flow || out.state.acp) afterNoteTurn(ctx, prior, out);
  },
};
