/**
 * Events and training sessions in the chat: the list a person may see, their own
 * registrations, and the buttons on the cards (register, cancel, stop the reminder).
 *
 * Who may see what is decided here, on the server, from the professionals table: a training
 * session for professionals is never listed for, nor registrable by, anyone else, whatever
 * button data arrives.
 *
 * Seats are written at once rather than with the conversation's commit: the capacity check
 * must be one atomic statement, and each operation is idempotent by (event, person), so a
 * retried event finds the seat it took and tells the same outcome.
 */
import type { ChatNotice, RequestHandler, RequestOutcome } from '../../app/requests/contract.ts';
import type { Json } from '../../engine/types.ts';
import { whenInEveryLocale } from '../../engine/format-when.ts';
import type { Promoted } from './store.ts';
import type { EventRow } from './store.ts';

export const listEvents: RequestHandler<'list-events'> = async (rc) => {
  const store = rc.deps.stores.outreach;
  const pro = await store.isPro(rc.userId);
  const items = await store.openEvents(store.audiencesFor(pro), rc.deps.clock.now().getTime());
  return { ok: true, data: { mode: 'open', count: items.length, items: items as unknown as Json[] } };
};

export const myRegistrations: RequestHandler<'my-registrations'> = async (rc) => {
  const store = rc.deps.stores.outreach;
  const items = await store.mine(rc.chatId, rc.deps.clock.now().getTime());
  return { ok: true, data: { mode: 'mine', count: items.length, items: items as unknown as Json[] } };
};

/** The notices for people who moved up from the waiting list (sent after the commit). */
export function promotedNotices(event: EventRow, promoted: Promoted[]): ChatNotice[] {
  return promoted.map((p) => ({
    chatId: p.chatId,
    event: { kind: 'event-notice', notice: 'promoted', eventId: event.id, title: event.title, startsAt: event.startsAt, place: event.place },
    key: `promote:${p.regId}:${p.updatedAt}`,
  }));
}

export const eventAction: RequestHandler<'event-action'> = async (rc, data): Promise<RequestOutcome<'event-action'>> => {
  const { deps } = rc;
  const store = deps.stores.outreach;
  const id = typeof data.event === 'number' && Number.isSafeInteger(data.event) ? data.event : 0;
  const event = id > 0 ? await store.event(id) : undefined;
  const now = deps.clock.now().getTime();
  const pro = await store.isPro(rc.userId);
  // Unknown, cancelled, past, or not for this person: one answer, so nothing is revealed.
  if (!event || !store.audiencesFor(pro).includes(event.audience)) return { ok: false, data: { reason: 'unavailable' } };
  const about = { title: event.title, place: event.place, when: whenInEveryLocale(event.startsAt) };
  switch (data.op) {
    case 'register': {
      if (event.status !== 'open' || event.startsAt < now) return { ok: false, data: { reason: 'unavailable' } };
      const outcome = await store.register(event.id, rc.chatId, rc.now);
      return { ok: true, data: { outcome, ...about } };
    }
    case 'cancel': {
      const { cancelled, promoted } = await store.cancel(event.id, rc.chatId, rc.now);
      if (!cancelled) return { ok: false, data: { reason: 'not-registered', ...about } };
      return { ok: true, data: { outcome: 'cancelled', ...about }, ...(promoted.length ? { notices: promotedNotices(event, promoted) } : {}) };
    }
    case 'stop-remind': {
      const stopped = await store.stopRemind(event.id, rc.chatId, rc.now);
      return stopped ? { ok: true, data: { outcome: 'stopped', ...about } } : { ok: false, data: { reason: 'not-registered', ...about } };
    }
    default:
      return { ok: false, data: { reason: 'unavailable' } };
  }
};
