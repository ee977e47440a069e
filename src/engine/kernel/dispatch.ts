/**
 * Buttons and events from outside the chat. The kernel's own buttons (commands, flows,
 * articles, scenes, language, deleting one's data, a step's choice) are handled here; a
 * feature's own button types and events go to the feature that owns them.
 */
import type { Action, InternalEvent, Json } from '../types.ts';
import { own, type Out } from './context.ts';
import type { DoStep, ResultEvent, TurnContext } from './feature.ts';
import { articleChoices } from './answer.ts';
import { go, runCommand, startFlow } from './navigation.ts';
import { groupRefusal, menuChoices, reprompt } from './prompts.ts';
import { currentStep, freshState, resetToIdle } from './state.ts';
import { choose, onText, special } from './steps.ts';

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
    case 'pick-date': {
      // A day picked in LINE's calendar is an answer like a typed one, checked the same way.
      const step = currentStep(ctx, out.state);
      if (!step || step.id !== action.step || step.type !== 'ask' || !action.value) {
        out.replies.push({ kind: 'text', key: 'engine.stale-button' });
        reprompt(ctx, out);
        return;
      }
      onText(ctx, out, step, action.value.replace('T', ' '));
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
 * Events from outside the chat. The result of the `do` step the flow waits at continues at the
 * step's `next` (ok) or `fail`, after the features have acted on it; any other event goes to
 * the feature that owns it (a coordinator's change, a notice, a request made on the side).
 */
export function onInternal(ctx: TurnContext, out: Out, event: InternalEvent): void {
  if (event.kind === 'result') {
    const step = currentStep(ctx, out.state);
    if (step?.type === 'do' && step.request === event.request) return onResult(ctx, out, step, event);
  }
  ctx.features.some((f) => f.internal?.(ctx, out, event)); // nothing else is waiting for it
}

function onResult(ctx: TurnContext, out: Out, step: DoStep, event: ResultEvent): void {
  let kept: Record<string, Json> | undefined;
  for (const f of ctx.features) kept ??= f.result?.(ctx, out, step, event);
  if (event.ok) {
    if (step.save) out.state.vars[step.save] = kept ?? event.data;
    // A do step without next (open-case) ends its flow: the chat then belongs to the case.
    return go(ctx, out, step.next ?? 'end');
  }
  out.state.vars.failure = event.data.reason;
  if (step.fail) return go(ctx, out, step.fail);
  resetToIdle(out.state);
  out.replies.push({ kind: 'text', key: 'engine.request-failed', quick: menuChoices(ctx) });
}
