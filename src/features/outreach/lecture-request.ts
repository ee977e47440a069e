/**
 * A lecture request (出前講座) from the chat: recorded with a reference number, the group's
 * contact details sealed, and the coordinators notified once it is committed.
 */
import { eq } from 'drizzle-orm';
import type { RequestHandler, RequestOutcome } from '../../app/requests/contract.ts';
import type { LectureTopic } from './store.ts';
import { LECTURE_TOPICS, lectureRequests } from './schema.ts';
import { notifyNewLecture } from '../../app/notify.ts';
import { aad } from '../../db/sealed-bindings.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

export const lectureRequest: RequestHandler<'lecture-request'> = async (rc, data): Promise<RequestOutcome<'lecture-request'>> => {
  const { deps } = rc;
  const topic = (LECTURE_TOPICS as readonly unknown[]).includes(data.topic) ? (data.topic as LectureTopic) : null;
  const dates = [data.date1, data.date2].filter((d): d is string => typeof d === 'string' && DATE.test(d));
  const participants = typeof data.participants === 'number' && Number.isInteger(data.participants) && data.participants > 0 ? data.participants : null;
  // The flow checked every answer; anything else here is a stale or tampered state.
  if (!topic || dates.length !== 2 || participants === null || !str(data.group, 200)) return { ok: false, data: { reason: 'invalid' } };
  const details = { group: str(data.group, 200), contact: str(data.contact, 100), phone: str(data.phone, 20), place: str(data.place, 200) };
  const store = deps.stores.outreach;
  const { ref, statements } = await store.prepareLecture({
    chatId: rc.chatId,
    eventId: rc.eventId,
    topic,
    detailsSealed: await deps.sealer.seal(JSON.stringify(details), aad('lecture_requests.details_sealed', rc.eventId)),
    preferredDates: dates,
    expectedParticipants: participants,
    now: rc.now,
  });
  return {
    ok: true,
    data: { ref },
    statements,
    after: statements.length
      ? async () => {
          const [row] = await deps.store.db.select({ id: lectureRequests.id }).from(lectureRequests).where(eq(lectureRequests.ref, ref));
          await notifyNewLecture(deps, { id: row?.id ?? null, ref });
        }
      : undefined,
  };
};
