/**
 * The ACP note (わたしの想いノート) as a mode of the engine, like handoff.ts: pure, no I/O.
 *
 * flows/acp-note.yaml holds the questions; steps that carry an `item` are the note's
 * questions. This module adds what every question of the note shares:
 *  - 「わからない」「今は答えたくない」 (and 「医師と相談したい」 on medical questions);
 *  - each answer becomes an `acp` effect (the shell stores it as a new version);
 *  - the question on screen is saved as the position, so 「想いノート」 later offers 続きから;
 *  - commands at any question: 中断, 見直す, 印刷用, 共有, ノートを削除 (もどる is global);
 *  - a summary after each section, the review with 変更 per item;
 *  - the shell's results for the note's requests (load, print link, sharing).
 * The answers are loaded into the state (sealed at rest) when the note starts and dropped
 * when the person leaves it; the database keeps the record and every version.
 */
import type { CompiledFlow, Step } from '../flow-schema.ts';
import { currentStep, go, menuChoices, own, reprompt, resetToIdle, startFlow, type EngineFeature, type Out, type TurnContext } from '../kernel/index.ts';
import type { Choice, ConversationState, InternalEvent, RequestResult } from '../types.ts';
import { foldForIntent } from '../intents.ts';
import { sensitiveReason } from './sensitive-text.ts';
import { answersFromJson, buildSummary, isItemStep, isSpecial, NOTE_FLOW, stepForItem, type ItemStep } from './summary.ts';
import { ACP_OPS, ACP_REMINDERS, ACP_REQUESTS, type AcpAnswer, type AcpOp, type AcpReminderKind, type AcpSession, type AcpSpecial } from './types.ts';

export { NOTE_FLOW };
export const SHARED_FLOW = 'acp-shared';
/** The invitee's flows: seeing shared notes, entering a code. */
const SHARE_CODE_FLOW = 'acp-share-code';
const INVITEE_FLOWS = new Set([SHARED_FLOW, SHARE_CODE_FLOW]);
export const ENDING_FLOW = 'acp-ending';

/** Items that are about the note itself: no 「わからない」 for them. */
const NO_EXTRAS = new Set(['consent', 'writer']);

// ---------------------------------------------------------------------------------------
// Options every question adds

export interface OptionLike {
  value: string;
  label: string;
}

/** 「わからない」「今は答えたくない」 (and 「医師と相談したい」) for a question of the note. */
export function extraOptions(step: Step): OptionLike[] {
  if (!isItemStep(step) || step.extras === false || NO_EXTRAS.has(step.item)) return [];
  // The ending-note checklist's own choices already include 「とばす」.
  if (step.item.startsWith('en_') && step.type === 'choose') return [];
  const out: OptionLike[] = [];
  if (step.type === 'choose' && step.medical) out.push({ value: 'doctor', label: 'acp.special.doctor' });
  out.push({ value: 'unknown', label: 'acp.special.unknown' }, { value: 'skip', label: 'acp.special.skip' });
  return out;
}

/** 「もどる」 and 「中断」 under the note's questions (「やめる」 would lose the thread). */
export function noteNav(s: ConversationState, step?: Step): Choice[] {
  // The introduction has its own 「あとで」「やめる」.
  if (step && isItemStep(step) && step.item === 'consent') return [];
  // In order of need: the renderer keeps as many quick replies as LINE shows (the first
  // ones), so after a long multi-choice list only 中断 may remain.
  const nav: Choice[] = [{ label: 'acp.cmd.pause', action: { type: 'acp', op: 'pause' } }];
  if (s.trail.length > 1) nav.push({ label: 'nav.back', action: { type: 'command', command: 'back' } });
  nav.push(
    { label: 'acp.cmd.review', action: { type: 'acp', op: 'review' } },
    { label: 'acp.cmd.print', action: { type: 'acp', op: 'print' } },
    { label: 'acp.cmd.delete', action: { type: 'acp', op: 'delete' } },
  );
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
  return noteSaved(ctx, out, step, { special: value }, step.next ?? 'end');
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
  const item = step.item;
  if (item.startsWith('en_')) {
    // The ending-note checklist keeps only yes / not yet / where the paper is.
    const status = got.t !== undefined ? 'place' : got.v === 'yes' ? 'yes' : got.v === 'notyet' ? 'notyet' : null;
    if (status) out.effects.push({ type: 'acp', op: { kind: 'ending', item, status, ...(got.t !== undefined ? { place: got.t } : {}) } });
    go(ctx, out, next);
    return true;
  }
  if (out.state.flow !== NOTE_FLOW) return false;
  const s = session(out);
  const at = ctx.now.toISOString();
  if (item === 'consent' && got.v !== 'start') {
    // 「あとで」「やめる」: nothing is stored, nobody is reminded.
    go(ctx, out, next);
    return true;
  }
  if (item === 'writer' && typeof got.v === 'string') s.writer = got.v === 'family' ? 'family' : 'self';
  const prev: AcpAnswer = Object.hasOwn(s.answers, item) ? s.answers[item]! : {};
  // For the yearly report: a note is started once (the first 「はじめる」), not at every revisit.
  if (item === 'consent' && Object.keys(s.answers).length === 0) out.effects.push({ type: 'count', name: 'acp-started' });
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
  if (item === 'reminder') reminderEffect(out, step, answer);

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
  if (item === 'reminder' && !(step.type === 'choose' && answer.v === 'birthday')) {
    out.effects.push({ type: 'acp', op: { kind: 'completed' } });
    // Counted for the yearly report the first time the note is gone through to the end.
    if (!s.completed) out.effects.push({ type: 'count', name: 'acp-completed' });
    s.completed = true;
  }
  go(ctx, out, next);
  const now = currentStep(ctx, out.state);
  const section = step.section;
  const nextSection = now && isItemStep(now) ? now.section : undefined;
  if (section && section !== 'intro' && section !== 'review' && nextSection !== section) {
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

/** Typed words for the note's commands, besides each button's label in every locale. */
const WORDS: Partial<Record<AcpOp, string[]>> = {
  pause: ['中断', '中断する', 'ちゅうだん', '一時停止', 'pause'],
  resume: ['続きから', 'つづきから', '続ける', 'continue', 'resume'],
  review: ['見直す', 'みなおす', '見直し', 'review'],
  print: ['印刷用', '印刷', 'いんさつ', 'print'],
  share: ['共有する', 'share'],
  delete: ['ノートを削除', 'ノート削除', 'ノートをけす', 'delete note', 'delete my note'],
};
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

/** Folded word → op, built once per content bundle (the flows object identifies it). */
const wordCache = new WeakMap<object, Map<string, AcpOp>>();

function typedOp(ctx: TurnContext, text: string): AcpOp | null {
  const folded = foldForIntent(text);
  if (!folded || folded.length > 30) return null;
  let words = wordCache.get(ctx.flows);
  if (!words) {
    words = new Map();
    for (const op of ACP_OPS) {
      const label = LABELS[op];
      const all = [...(WORDS[op] ?? []), ...(label ? (['ja', 'ja-easy', 'en'] as const).map((l) => ctx.label(label, l)) : [])];
      for (const w of all) if (!words.has(foldForIntent(w))) words.set(foldForIntent(w), op);
    }
    wordCache.set(ctx.flows, words);
  }
  return words.get(folded) ?? null;
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
    out.state.vars.code = withCode[1]!;
    go(ctx, out, 'redeem');
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
const NEEDS_NOTE = new Set<AcpOp>(['resume', 'restart', 'review', 'print', 'revoke-links', 'pause', 'delete', 'change', 'share', 'shares']);

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
      return go(ctx, out, 'writer');
    }
    case 'restart':
      out.state.trail = [];
      out.state.vars = {};
      out.replies.push({ kind: 'text', key: 'acp.restarted' });
      return go(ctx, out, 'writer');
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
    case 'close':
      if (out.state.flow === NOTE_FLOW) resetToIdle(out.state);
      delete out.state.acp;
      out.replies.push({ kind: 'text', key: 'acp.closed', quick: menuChoices(ctx) });
      return;
  }
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

export function onNoteResult(ctx: TurnContext, out: Out, event: Extract<InternalEvent, { kind: 'result' }>): void {
  if (!event.ok) {
    out.replies.push({
      kind: 'text',
      key: event.request === 'acp-share-redeem' ? `acp.share.redeem-${event.data.reason || 'unknown'}` : 'engine.request-failed',
    });
    if (out.state.flow && INVITEE_FLOWS.has(out.state.flow)) {
      resetToIdle(out.state);
      const last = out.replies[out.replies.length - 1];
      if (last && last.kind === 'text') last.quick = menuChoices(ctx);
      return;
    }
    return afterAside(ctx, out);
  }
  switch (event.request) {
    case 'acp-load':
      return onNoteLoaded(ctx, out, event.data);
    case 'acp-print-link':
      out.replies.push({ kind: 'text', key: 'acp.print.link', data: { url: event.data.url, expires: event.data.expires } });
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
      out.replies.push({ kind: 'text', key: 'acp.share.created', data: { code: event.data.code, expires: event.data.expires } });
      out.replies.push({ kind: 'text', key: 'acp.share.how' });
      out.effects.push({ type: 'count', name: 'acp-share-created' });
      return afterAside(ctx, out);
    case 'acp-share-list': {
      const shares = event.data.shares;
      if (!shares.length) {
        out.replies.push({ kind: 'text', key: 'acp.share.none' });
        return afterAside(ctx, out);
      }
      const lines = shares.map((x, i) => ({ n: i + 1, ...x }));
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
    case 'acp-share-redeem':
    case 'acp-shared-view': {
      const notes = event.data.notes;
      const flow = noteFlow(ctx);
      if (!notes.length && event.request === 'acp-shared-view' && out.state.flow === SHARED_FLOW) return go(ctx, out, 'code');
      if (event.request === 'acp-share-redeem') out.replies.push({ kind: 'text', key: 'acp.share.redeemed' });
      for (const n of notes.slice(0, 3)) {
        if (!flow) break;
        // The answers are the note as stored: read as any stored note is.
        const summary = buildSummary(flow, { answers: answersFromJson(n.answers), writer: n.writer, updatedAt: n.updatedAt || null });
        out.replies.push({ kind: 'acp-summary', summary, mode: 'shared' });
      }
      if (!notes.length) out.replies.push({ kind: 'text', key: 'acp.share.empty' });
      out.effects.push({ type: 'count', name: 'acp-shared-viewed' });
      if (out.state.flow && INVITEE_FLOWS.has(out.state.flow)) resetToIdle(out.state);
      out.replies.push({ kind: 'text', key: 'acp.share.read-only', quick: menuChoices(ctx) });
      return;
    }
  }
}

/** The note was loaded: the hub for someone who has a note, the introduction for a new one. */
function onNoteLoaded(ctx: TurnContext, out: Out, d: RequestResult<'acp-load'>): void {
  const answers = answersFromJson(d.answers);
  const s: AcpSession = {
    answers,
    ...(d.writer ? { writer: d.writer } : {}),
    ...(d.updatedAt !== null ? { updatedAt: d.updatedAt } : {}),
    ...(d.completed ? { completed: true } : {}),
    ...(d.paused ? { paused: { step: d.paused.step, trail: d.paused.trail } } : {}),
  };
  const pending = out.state.acp?.pending;
  out.state.acp = s;
  if (Object.keys(answers).length === 0) return go(ctx, out, 'consent');
  if (pending && pending.op !== 'restart') return noteAction(ctx, out, pending.op, pending.arg);
  out.replies.push({
    kind: 'text',
    key: s.paused ? 'acp.hub.paused' : 'acp.hub.saved',
    data: { date: d.updatedDate },
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
  const step = currentStep(ctx, s);
  if (!step || !isItemStep(step) || step.item === 'consent' || s.acp?.returnTo) return;
  if (prior.flow === NOTE_FLOW && prior.step === s.step) return;
  const position = { step: step.id, trail: [...s.trail] };
  session(out).paused = position;
  out.effects.push({ type: 'acp', op: { kind: 'position', ...position } });
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
    // The note's requests may come from any of its questions, not only a do step.
    if (event.kind !== 'result' || !isNoteRequest(event.request)) return false;
    onNoteResult(ctx, out, event);
    return true;
  },
  show(ctx, out, ref) {
    if (ref.show !== 'acp-summary') return false;
    sayNoteSummary(ctx, out);
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
