/** The conversation's position: which flow and step, and what was collected on the way. */
import type { Step } from '../flow-schema.ts';
import type { ConversationState } from '../types.ts';
import { own, type EngineContext, type Out } from './context.ts';

export function freshState(s: ConversationState): ConversationState {
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
export function migrateIfStale(ctx: EngineContext, out: Out): void {
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
