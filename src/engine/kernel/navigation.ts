/**
 * Moving through flows: starting one, following a step's target, running the automatic steps
 * (say, branch, do, end) until a step waits for the person, going back, and the global commands
 * (a flow's target may be `command:menu`, so they live here with the moves they make).
 */
import { NO_FACTS, LOCALES, type GlobalCommand, type Json } from '../types.ts';
import { FlowError, own, type Out } from './context.ts';
import type { TurnContext } from './feature.ts';
import { contactOpening, groupRefusal, menuChoices, prompt, reprompt, sayRef, varAt } from './prompts.ts';
import { resetToIdle } from './state.ts';

const MAX_AUTO_STEPS = 32;

/** `vars`: values the flow starts with (e.g. the event a card's button was for). */
export function startFlow(ctx: TurnContext, out: Out, flowId: string, vars: Record<string, Json> = {}): void {
  const flow = own(ctx.flows, flowId);
  if (!flow) throw new FlowError(flowId, '-', 'unknown flow');
  if (flow.personal && ctx.chat !== 'user') return groupRefusal(out);
  Object.assign(out.state, { flow: flow.id, flowVersion: flow.version, step: null, vars: { ...vars }, trail: [] });
  out.effects.push({ type: 'count', name: 'flow-started', detail: flow.id });
  enter(ctx, out, flow.start);
}

/** Follows a target; runs automatic steps (say, branch, end) until a step waits for input. */
export function go(ctx: TurnContext, out: Out, target: string): void {
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

function enter(ctx: TurnContext, out: Out, stepId: string, hops = 0): void {
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
    case 'wait':
      // Rests here; what is shown may already have moved on (the note's hub runs the command
      // that opened it), so nothing follows it.
      for (const ref of Array.isArray(step.say) ? step.say : [step.say]) sayRef(ctx, out, ref);
      return;
    case 'ask':
    case 'choose':
    case 'answer':
      if (out.state.trail[out.state.trail.length - 1] !== step.id) out.state.trail.push(step.id);
      prompt(ctx, out, step);
      return;
  }
}

function follow(ctx: TurnContext, out: Out, target: string, hops: number): void {
  if (target === 'end' || target.includes(':')) return go(ctx, out, target);
  enter(ctx, out, target, hops + 1);
}

function finishFlow(ctx: TurnContext, out: Out): void {
  resetToIdle(out.state);
  const last = out.replies[out.replies.length - 1];
  if (last && 'quick' in last && !last.quick) last.quick = menuChoices(ctx);
  else if (last && last.kind === 'text' && !last.quick) last.quick = menuChoices(ctx);
}

export function goBack(ctx: TurnContext, out: Out): void {
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

/** Whether a feature gives this command its own meaning now (it then has handled it). */
function featureCommand(ctx: TurnContext, out: Out, command: GlobalCommand): boolean {
  return ctx.features.some((f) => f.command?.(ctx, out, command));
}

export function runCommand(ctx: TurnContext, out: Out, command: GlobalCommand): void {
  const personal = ctx.chat === 'user';
  if (command !== 'delete-data') out.state.confirmingDelete = false;
  switch (command) {
    case 'menu':
      resetToIdle(out.state);
      startFlow(ctx, out, ctx.entry.menu);
      return;
    case 'end':
    case 'cancel':
      if (command === 'end' && featureCommand(ctx, out, 'end')) return;
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
      if (!personal) return groupRefusal(out);
      out.effects.push({ type: 'count', name: 'person-requested' });
      if (featureCommand(ctx, out, 'person')) return;
      out.replies.push({ kind: 'contact', ...contactOpening(ctx), quick: menuChoices(ctx) });
      return;
    case 'delete-data':
      if (!personal) return groupRefusal(out);
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
