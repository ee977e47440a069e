/**
 * Outreach in the engine (pure): notices from outside the chat about a lecture request or an
 * event the person registered for, and the buttons on event cards. Registration itself is
 * work for the shell: a button starts the `event-action` flow, whose `do` step hands the
 * request over and tells the outcome.
 */
import { formatWhen } from '../../engine/format-when.ts';
import {
  currentStep,
  groupRefusal,
  menuChoices,
  reprompt,
  resetToIdle,
  startFlow,
  type EngineFeature,
  type Out,
  type TurnContext,
} from '../../engine/kernel/index.ts';
import type { Action, Choice, EventCard, InternalEvent } from '../../engine/types.ts';

export const EVENT_ACTION_FLOW = 'event-action';
export const MY_REGISTRATIONS_FLOW = 'my-registrations';

/** A tap on 申し込む / キャンセル / リマインド停止 (from a card, a reminder or an old message). */
export function onEventButton(ctx: TurnContext, out: Out, action: Extract<Action, { type: 'event' }>): void {
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
export function onOutreachEvent(ctx: TurnContext, out: Out, event: OutreachEvent): void {
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

/** The open events (「申し込みの確認」 under them) or one's own registrations, as cards. */
function showEvents(ctx: TurnContext, out: Out, from: string): void {
  const list = out.state.vars[from];
  const raw = list && typeof list === 'object' && !Array.isArray(list) ? list : {};
  const items = (Array.isArray(raw.items) ? raw.items : []).filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x)) as unknown as EventCard[];
  const mode = raw.mode === 'mine' ? 'mine' : 'open';
  const quick: Choice[] =
    mode === 'open' ? [{ label: 'outreach.menu.mine', action: { type: 'start', flow: MY_REGISTRATIONS_FLOW } }, ...menuChoices(ctx)] : menuChoices(ctx);
  out.replies.push({ kind: 'events', mode, items, quick });
}

/** Outreach as the engine sees it (registered in engine/features.ts). */
export const outreachFeature: EngineFeature = {
  name: 'outreach',
  action(ctx, out, action) {
    if (action.type !== 'event') return false;
    if (ctx.chat !== 'user') groupRefusal(out);
    else onEventButton(ctx, out, action);
    return true;
  },
  internal(ctx, out, event) {
    if (!isOutreachEvent(event)) return false;
    onOutreachEvent(ctx, out, event);
    return true;
  },
  show(ctx, out, ref) {
    if (ref.show !== 'events') return false;
    showEvents(ctx, out, ref.from);
    return true;
  },
};
