/**
 * Announcement opt-in and opt-out from the chat (flows/announce.yaml, announce-stop.yaml).
 * data: { segment: residents | professionals | attendees | all, on: boolean }.
 * Professionals' announcements are for verified professionals only; the flow asks only them,
 * and the handler checks again so a replayed button cannot get around it.
 */
import type { RequestHandler, RequestOutcome } from '../../app/requests/contract.ts';
import type { Segment } from './announcement-store.ts';
import { SEGMENTS } from './schema.ts';

export const setOptin: RequestHandler<'set-optin'> = async (rc, data): Promise<RequestOutcome<'set-optin'>> => {
  const segment = typeof data.segment === 'string' ? data.segment : '';
  const on = data.on === true;
  const store = rc.deps.stores.announcements;
  if (!on) {
    if (segment !== 'all' && !(SEGMENTS as readonly string[]).includes(segment)) return { ok: false, data: { reason: 'unknown' } };
    return { ok: true, data: { segment }, statements: store.optOut(rc.chatId, segment as Segment | 'all') };
  }
  if (!(SEGMENTS as readonly string[]).includes(segment) || !rc.userId) return { ok: false, data: { reason: 'unknown' } };
  if (segment === 'professionals' && !(await store.isVerifiedProfessional(rc.userId))) return { ok: false, data: { reason: 'not-verified' } };
  return { ok: true, data: { segment }, statements: store.optIn(rc.chatId, segment as Segment, rc.now) };
};
