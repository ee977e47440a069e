/**
 * Buttons and events from outside the chat. The kernel's own buttons (commands, flows,
 * articles, scenes, language, deleting one's data, a step's choice) are handled here; a
 * feature's own button types and events go to the feature that owns them.
 */
import type { Action, InternalEvent } from '../types.ts';
import { own, type Out } from './context.ts';
import type { TurnContext } from './feature.ts';
import { articleChoices } from './answer.ts';
import { go, runCommand, startFlow } from './navigation.ts';
import { groupRefusal, menuChoices, reprompt } from './prompts.ts';
import { currentStep, freshState, resetToIdle } from './state.ts';
import { choose, special } from './steps.ts';

function unknownButton(ctx: TurnContext, out: Out): void {
  out.replies.push({ kind: 'text', key: 'engine.unknown-button', quick: menuChoices(ctx) });
}

export function onAction(ctx: TurnContext, out: Out, action: Action): void {
  const personal = ctx.chat === 'user';
  if (action.type !== 'confirm-delete') out.state.confirmingDelete = false;
  switch (action.type) {
    case 'command':
      runCommand(ctx, out, action.command);
      return;
    case 'start': {
      const flow = own(ctx.flows, action.flow);
      if (!flow) return unknownButton(ctx, out);
      if (flow.personal && !personal) return groupRefusal(out);
      resetToIdle(out.state);
      startFlow(ctx, out, flow.id);
      return;
    }
    case 'article':
      if (!ctx.knowledge.topic(action.id)) return unknownButton(ctx, out);
      out.replies.push({ kind: 'article', id: action.id, part: action.part, quick: articleChoices(ctx, action.id, action.part) });
      out.effects.push({ type: 'count', name: 'article-shown', detail: action.id });
      return;
    case 'scene': {
      const ids = own(ctx.knowledge.scenes, action.scene);
      if (!ids) return unknownButton(ctx, out);
      out.replies.push({ kind: 'topics', scene: action.scene, ids, quick: menuChoices(ctx) });
      return;
    }
    case 'locale':
      out.state.locale = action.locale;
      out.effects.push({ type: 'set-locale', locale: action.locale });
      out.replies.push({ kind: 'text', key: 'language.changed', quick: menuChoices(ctx) });
      return;
    case 'confirm-delete':
      if (!out.state.confirmingDelete || !personal) return unknownButton(ctx, out);
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
    case 'choice': {
      const step = currentStep(ctx, out.state);
      // A feature's extra option under a free-text question (the ACP note's 「わからない」).
      if (step && step.id === action.step && step.type === 'ask' && special(ctx, out, step, action.value)) return;
      if (!step || step.id !== action.step || step.type !== 'choose') {
        out.replies.push({ kind: 'text', key: 'engine.stale-button' });
        reprompt(ctx, out);
        return;
      }
      choose(ctx, out, step, action.value);
      return;
    }
    case 'event':
    case 'acp':
      // Buttons of a feature (event cards, the ACP note).
      if (!ctx.features.some((f) => f.action?.(ctx, out, action))) unknownButton(ctx, out);
      return;
  }
}

/**
 * Events from outside the chat. A feature takes its own (a coordinator's change, a notice, its
 * requests' results); what is left is a result for the `do` step the flow waits at.
 */
export function onInternal(ctx: TurnContext, out: Out, event: InternalEvent): void {
  if (ctx.features.some((f) => f.internal?.(ctx, out, event))) return;
  if (event.kind !== 'result') return;
  const step = currentStep(ctx, out.state);
  if (step?.type !== 'do' || step.request !== event.request) return; // nothing is waiting for it
  if (event.ok) {
    if (step.save) out.state.vars[step.save] = event.data;
    return go(ctx, out, step.next ?? 'end');
  }
  out.state.vars.failure = event.data.reason;
  if (step.fail) return go(ctx, out, step.fail);
  resetToIdle(out.state);
  out.replies.push({ kind: 'text', key: 'engine.request-failed', quick: menuChoices(ctx) });
}
