/**
 * What the person is shown: a step's question with its quick replies, flow messages, the main
 * menu's choices, the contact card. Features add options and navigation to the questions they
 * own, and draw the `show:` references that are theirs.
 */
import type { MessageRef, Step } from '../flow-schema.ts';
import { openingState } from '../opening-hours.ts';
import type { Action, Choice, ConversationState, GlobalCommand, Json } from '../types.ts';
import { MULTI_DONE, own, type EngineContext, type Out } from './context.ts';
import type { ExtraOption, TurnContext } from './feature.ts';
import { currentStep } from './state.ts';
import { japanIsoDate } from '../../shared/japan-time.ts';

const DAY_MS = 86_400_000;

export function contactOpening(ctx: EngineContext): { opening?: { open: boolean; until?: string; next?: string } } {
  if (!ctx.opening) return {};
  const o = openingState(ctx.now, ctx.opening);
  return { opening: { open: o.open, ...(o.closesAt ? { until: o.closesAt.toISOString() } : {}), ...(o.opensAt ? { next: o.opensAt.toISOString() } : {}) } };
}

/** Personal matters are for the one-to-one chat, never a group. */
export function groupRefusal(out: Out): void {
  out.replies.push({ kind: 'text', key: 'group.personal-in-dm' });
}

export function asStringArray(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A flow value, or one field of a saved request result (`list.count`). */
export function varAt(vars: Record<string, Json>, path: string): Json | undefined {
  const [name, field] = path.split('.') as [string, string | undefined];
  const v = own(vars, name);
  if (field === undefined) return v;
  return v && typeof v === 'object' && !Array.isArray(v) ? own(v, field) : undefined;
}

/**
 * Values collected in the flow, for messages such as 「受付番号は {{receipt.ref}} です」. Only
 * plain values and one level of objects (a request's result); omitted when there are none.
 */
export function messageData(s: ConversationState): { data?: Record<string, Json> } {
  const data: Record<string, Json> = {};
  for (const [k, v] of Object.entries(s.vars)) {
    if (!Array.isArray(v)) data[k] = v; // lists (multi-choice answers) are not message data
  }
  return Object.keys(data).length ? { data } : {};
}

/** The options every feature adds under this question (none for most steps). */
export function extraOptions(ctx: TurnContext, step: Step): ExtraOption[] {
  return ctx.features.flatMap((f) => f.extraOptions?.(step) ?? []);
}

export function sayRef(ctx: TurnContext, out: Out, ref: MessageRef): void {
  if (typeof ref === 'string') out.replies.push({ kind: 'text', key: ref, ...messageData(out.state) });
  else if (ref.show === 'contact') out.replies.push({ kind: 'contact', ...contactOpening(ctx), ...(ref.urgent ? { urgent: true } : {}) });
  else if (ref.show === 'emergency') out.replies.push({ kind: 'emergency', variant: 'emergency' });
  else if (ref.show === 'scene') out.replies.push({ kind: 'topics', scene: ref.scene, ids: own(ctx.knowledge.scenes, ref.scene) ?? [] });
  else if (ref.show === 'scenes') out.replies.push({ kind: 'text', key: 'scenes.prompt', quick: sceneChoices(ctx) });
  else if (ref.show === 'topics') out.replies.push({ kind: 'topics', scene: ref.title, ids: ref.ids.filter((id) => ctx.knowledge.topic(id)) });
  else if (!ctx.features.some((f) => f.show?.(ctx, out, ref))) throw new Error(`no feature shows "${ref.show}"`);
}

/** What a question offers besides its own options: a feature's extras, then 「もどる」 / 「やめる」. */
function extrasAndNav(ctx: TurnContext, out: Out, step: Step): { extras: Choice[]; nav: Choice[] } {
  // A menu (typed text leaves it) needs no 「やめる」; questions in a flow do.
  const leaves = step.type === 'choose' && step.onText === 'leave';
  const featureNav = ctx.features.map((f) => f.questionNav?.(out.state, step)).find((n) => n !== undefined);
  const nav =
    featureNav ??
    (!leaves
      ? navChoices(out.state)
      : out.state.flow === ctx.entry.menu
        ? []
        : [{ label: 'nav.menu', action: { type: 'command', command: 'menu' } } satisfies Choice]);
  const extras: Choice[] = extraOptions(ctx, step).map((o) => ({ label: o.label, action: { type: 'choice', step: step.id, value: o.value } }));
  return { extras, nav };
}

/** The quick replies under a free-text question (the date picker first for a date). */
export function askChoices(ctx: TurnContext, out: Out, step: Step): Choice[] {
  const { extras, nav } = extrasAndNav(ctx, out, step);
  return [...datePicker(ctx, step), ...extras, ...nav];
}

export function prompt(ctx: TurnContext, out: Out, step: Step): void {
  const { extras, nav } = extrasAndNav(ctx, out, step);
  switch (step.type) {
    case 'ask':
      out.replies.push({
        kind: 'text',
        key: step.say,
        data: { ...messageData(out.state).data, max: step.max },
        quick: [...datePicker(ctx, step), ...extras, ...nav],
      });
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

/**
 * LINE's own date picker as the first choice under a date question; what people type is
 * still read (validate-input.ts). A future date starts the calendar at tomorrow.
 */
export function datePicker(ctx: EngineContext, step: Step): Choice[] {
  if (step.type !== 'ask' || (step.input !== 'date' && step.input !== 'month-day')) return [];
  const mode = step.picker ?? 'date';
  const min = step.future ? japanIsoDate(ctx.now.getTime() + DAY_MS) : undefined;
  return [{ label: `input.pick.${mode}`, action: { type: 'pick-date', step: step.id, mode, ...(min ? { min } : {}) } }];
}

/** 「もどる」 and 「やめる」 under every question of a flow (not in the main menu). */
function navChoices(s: ConversationState): Choice[] {
  const nav: Choice[] = [];
  if (s.trail.length > 1) nav.push({ label: 'nav.back', action: { type: 'command', command: 'back' } });
  nav.push({ label: 'nav.cancel', action: { type: 'command', command: 'cancel' } });
  return nav;
}

/** The question on screen again (after small talk, a notice, a refusal), or the menu's choices. */
export function reprompt(ctx: TurnContext, out: Out): void {
  const step = currentStep(ctx, out.state);
  if (step) prompt(ctx, out, step);
  else {
    const last = out.replies[out.replies.length - 1];
    if (last && last.kind === 'text' && !last.quick) last.quick = menuChoices(ctx);
  }
}

export function sceneChoices(ctx: EngineContext): Choice[] {
  return Object.keys(ctx.knowledge.scenes).map((scene) => ({ label: `scene.${scene}`, action: { type: 'scene', scene } }));
}

/**
 * Options that lead out of the flow (to another flow or a global command) become actions
 * that work from any state, so a menu button tapped later still does what it says.
 */
export function globalAction(target: string | undefined): Action | undefined {
  if (target?.startsWith('flow:')) return { type: 'start', flow: target.slice(5) };
  if (target?.startsWith('command:')) return { type: 'command', command: target.slice(8) as GlobalCommand };
  return undefined;
}

/** The main menu's options as quick replies (shown after a flow ends or an answer). */
export function menuChoices(ctx: EngineContext): Choice[] {
  const menu = own(ctx.flows, ctx.entry.menu);
  const step = menu?.steps[menu.start];
  if (step?.type !== 'choose') return [];
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
