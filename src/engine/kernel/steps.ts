/**
 * The person's answer at the step that waits for it: typed text at a question, a choice
 * tapped or typed, a multi-choice list with its 「決定」. Features that own a question (the ACP
 * note's items) take the answer first and record it their way.
 */
import type { Step } from '../flow-schema.ts';
import { validateAnswer } from '../validate-input.ts';
import { MULTI_DONE, type Out } from './context.ts';
import type { GivenAnswer, TurnContext } from './feature.ts';
import { answerQuestion } from './answer.ts';
import { go } from './navigation.ts';
import { askChoices, asStringArray, extraOptions, prompt } from './prompts.ts';
import { japanIsoDate } from '../../shared/japan-time.ts';

const DAY_MS = 86_400_000;
import { resetToIdle } from './state.ts';

function fold(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** A feature records the answer and moves on; otherwise the flow goes to `next`. */
function saved(ctx: TurnContext, out: Out, step: Step, answer: GivenAnswer, next: string): void {
  if (ctx.features.some((f) => f.saved?.(ctx, out, step, answer, next))) return;
  go(ctx, out, next);
}

/** One of a feature's extra options (「わからない」…) for this step. */
export function special(ctx: TurnContext, out: Out, step: Step, value: string): boolean {
  return ctx.features.some((f) => f.special?.(ctx, out, step, value));
}

export function onText(ctx: TurnContext, out: Out, step: Step, text: string): void {
  switch (step.type) {
    case 'ask': {
      if (ctx.features.some((f) => f.askText?.(ctx, out, step, text))) return;
      const result = validateAnswer(step.input, text, step.max, ctx.now, {
        ...(step.future ? { future: true } : {}),
        ...(step.min !== undefined ? { min: step.min } : {}),
      });
      if (!result.ok) {
        if (step.input === 'date' || step.input === 'month-day') return dateMissed(ctx, out, step, result.reason);
        out.replies.push({ kind: 'text', key: step.invalid ?? `input.invalid.${result.reason}`, data: { max: step.max } });
        return prompt(ctx, out, step);
      }
      delete out.state.misses;
      out.state.vars[step.save] = result.value;
      return saved(ctx, out, step, { t: String(result.value) }, step.next);
    }
    case 'choose': {
      const folded = fold(text);
      const option = [...step.options, ...extraOptions(ctx, step)].find((o) => fold(ctx.label(o.label, out.state.locale)) === folded);
      if (option) return choose(ctx, out, step, option.value);
      // 「決定」 typed instead of tapped.
      if (step.multi && fold(ctx.label(step.multi.done, out.state.locale)) === folded) return choose(ctx, out, step, MULTI_DONE);
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

/**
 * A date that could not be read or is too early: an example and the date picker again, not
 * the question again. The help changes as the misses add up, so no sentence repeats in a
 * loop: first what was wrong with an example, then the calendar, then a way out.
 */
function dateMissed(ctx: TurnContext, out: Out, step: Extract<Step, { type: 'ask' }>, reason: string): void {
  const count = out.state.misses?.step === step.id ? out.state.misses.count + 1 : 1;
  out.state.misses = { step: step.id, count };
  const example = japanIsoDate(ctx.now.getTime() + 7 * DAY_MS);
  const future = step.future ? '-future' : '';
  const key = count === 1 ? (step.invalid ?? `input.invalid.${reason}`) : count === 2 ? `input.date.again${future}` : `input.date.help${future}`;
  out.replies.push({ kind: 'text', key, data: { max: step.max, example }, quick: askChoices(ctx, out, step) });
}

export function choose(ctx: TurnContext, out: Out, step: Extract<Step, { type: 'choose' }>, value: string): void {
  if (special(ctx, out, step, value)) return;
  if (step.multi && step.save) {
    const picked = asStringArray(out.state.vars[step.save]);
    if (value === MULTI_DONE) {
      if (picked.length === 0) {
        out.replies.push({ kind: 'text', key: 'engine.pick-one' });
        return prompt(ctx, out, step);
      }
      return saved(ctx, out, step, { v: picked }, step.next ?? 'end');
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
  saved(ctx, out, step, { v: option.value }, option.next ?? step.next ?? 'end');
}
