/**
 * The scheduler's outreach work (src/app/tick.ts): reminders, and seats freed outside the chat.
 *
 * The reminder the day before an event (Japan time) is sent to everyone
 * holding a seat who has not stopped it. Each goes through the inbox as an internal event
 * keyed by the registration, so a second tick (or a second process) sends nothing more,
 * and the engine words it in the person's language with a one-tap 「リマインド停止」.
 */
import type { AppDeps } from '../../app/deps.ts';
import { sendInternalEvent, sendNotices } from '../../app/process-event.ts';
import { promotedNotices } from './event-requests.ts';
import { japanDate, startOfJapanDay } from '../../shared/japan-time.ts';

const DAY_MS = 86_400_000;
/** Not before this hour (JST) the day before: nobody wants a reminder at midnight. */
export const REMINDER_FROM_HOUR = 9;

/** Sends the reminders that are due now; returns how many. */
export async function sendEventReminders(deps: AppDeps): Promise<number> {
  const now = deps.clock.now().getTime();
  if (japanDate(now).hour < REMINDER_FROM_HOUR) return 0;
  const todayStart = startOfJapanDay(now);
  const store = deps.stores.outreach;
  const due = await store.dueReminders(todayStart + DAY_MS, todayStart + 2 * DAY_MS);
  for (const r of due) {
    const e = r.event;
    await sendInternalEvent(
      deps,
      r.chatId,
      { kind: 'event-notice', notice: 'reminder', eventId: e.id, title: e.title, startsAt: e.startsAt, place: e.place },
      `remind:${r.regId}`,
    );
    await store.markReminded(r.regId, now);
  }
  if (due.length) deps.log.info('outreach.reminders', { sent: due.length });
  return due.length;
}

/**
 * A seat can be freed without a cancellation in the chat: a person who held it deleted their
 * data (their registration goes with it). The first person waiting then moves up and is
 * told, as after a cancellation.
 */
export async function fillFreedSeats(deps: AppDeps): Promise<number> {
  const store = deps.stores.outreach;
  let moved = 0;
  for (const eventId of await store.eventsWithFreeSeatsAndWaiting(deps.clock.now().getTime())) {
    const promoted = await store.promote(eventId, deps.clock.now().getTime());
    const event = await store.event(eventId);
    if (promoted.length && event) await sendNotices(deps, promotedNotices(event, promoted));
    moved += promoted.length;
  }
  return moved;
}

export async function runOutreachSchedule(deps: AppDeps): Promise<void> {
  await fillFreedSeats(deps);
  await sendEventReminders(deps);
}
