/**
 * Outreach in the engine (pure): notices from outside the chat about a lecture request or an
 * event the person registered for, and the buttons on event cards. Registration itself is
 * work for the shell: a button starts the `event-action` flow, whose `do` step hands the
 * request over and tells the outcome.
 */
import { formatWhen } from './format-when.ts';
import { currentStep, menuChoices, reprompt, resetToIdle, startFlow, type EngineContext, type Out } from './transition.ts';
import type { Action, Choice, InternalEvent } from './types.ts';

export const EVENT_ACTION_FLOW = 'event-action';
export const MY_REGISTRATIONS_FLOW = 'my-registrations';

/** A tap on 申し込む / キャンセル / リマインド停止 (from a card, a reminder or an old message). */
export function onEventButton(ctx: EngineContext, out: Out, action: Extract<Action, { type: 'event' }>): void {
  resetToIdle(out.state);
  startFlow(ctx, out, EVENT_ACTION_FLOW, { op: action.op, event: action.id });
}

type OutreachEvent = Extract<InternalEvent, { kind: 'lecture-status' | 'event-notice' }>;

export function isOutreachEvent(e: InternalEvent): e is OutreachEvent {
  return e.kind === 'lecture-status' || e.kind === 'event-notice';
}

/**
 * A coordinator or the scheduler has news for the person. It is told in their language; a
 * question they were in the middle of is asked again so they can carry on.
 */
export function onOutreachEvent(ctx: EngineContext, out: Out, event: OutreachEvent): void {
  const locale = out.state.locale;
  const inFlow = Boolean(currentStep(ctx, out.state));
  if (event.kind === 'lecture-status') {
    const data = { ref: event.ref, ...(event.at !== undefined ? { when: formatWhen(event.at, locale) } : {}) };
    out.replies.push({ kind: 'text', key: `outreach.lecture.status.${event.status}`, data, ...(inFlow ? {} : { quick: menuChoices(ctx) }) });
  } else {
    const data = { title: event.title, place: event.place, when: formatWhen(event.startsAt, locale) };
    let quick: Choice[] = menuChoices(ctx);
    if (event.notice === 'reminder') {
      quick = [
        { label: 'outreach.event.stop-remind', action: { type: 'event', op: 'stop-remind', id: event.eventId } },
        { label: 'outreach.event.cancel', action: { type: 'event', op: 'cancel', id: event.eventId } },
      ];
    } else if (event.notice === 'promoted') {
      quick = [{ label: 'outreach.event.cancel', action: { type: 'event', op: 'cancel', id: event.eventId } } satisfies Choice, ...menuChoices(ctx)];
    }
    out.replies.push({ kind: 'text', key: `outreach.event.notice.${event.notice}`, data, ...(inFlow ? {} : { quick }) });
  }
  if (inFlow) reprompt(ctx, out);
}
