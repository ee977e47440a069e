/**
 * Sends an announcement by multicast: recipients worked out now from the opt-ins, refused
 * when they exceed what is left of this month's message quota, sent in chunks of at most 500
 * user ids, each with its own X-Line-Retry-Key derived from the announcement and the chunk.
 * A second submission finds the announcement claimed or sent and sends nothing; a retry of a
 * failed send reuses the keys, so chunks LINE already accepted (409) are not delivered twice.
 * Logs carry ids and counts only.
 */
import type { AppDeps } from '../../app/deps.ts';
import { readQuota } from '../../app/push-quota.ts';
import { announcementMessage, chunkRetryKey, chunks, type MessageFrame, type Segment } from './announcement-message.ts';

export type SendOutcome =
  | { kind: 'sent'; recipients: number }
  | { kind: 'busy' }
  | { kind: 'no-recipients' }
  | { kind: 'quota'; needed: number; remaining: number }
  | { kind: 'quota-unknown' }
  | { kind: 'failed'; delivered: number; recipients: number; status: number };

export function messageFrame(deps: AppDeps): MessageFrame {
  const t = deps.content.translator.t;
  const name = deps.content.bundle.city.center.name;
  return { centerName: typeof name === 'string' ? name : name.ja, footer: t('ja', 'announce.footer'), stopLabel: t('ja', 'announce.stop-label') };
}

export async function sendAnnouncement(deps: AppDeps, id: number): Promise<SendOutcome> {
  const store = deps.stores.announcements;
  if (!(await store.claim(id, deps.wallClock()))) return { kind: 'busy' };
  const a = (await store.get(id))!;
  const segments = JSON.parse(a.segments) as Segment[];
  const to = await store.recipients(segments);
  if (to.length === 0) {
    await store.release(id);
    return { kind: 'no-recipients' };
  }
  const quota = await readQuota(deps);
  // Checked for the whole send; chunks LINE already accepted in an earlier attempt are not
  // counted again by LINE, so a retry may be refused more strictly than needed, never less.
  if (!quota) {
    await store.release(id);
    return { kind: 'quota-unknown' };
  }
  if (quota.remaining !== null && to.length > quota.remaining) {
    await store.release(id);
    return { kind: 'quota', needed: to.length, remaining: quota.remaining };
  }
  const message = announcementMessage(a, messageFrame(deps));
  let delivered = 0;
  const parts = chunks(to);
  for (const [i, part] of parts.entries()) {
    const r = await deps.line.multicast(part, [message], await chunkRetryKey(a.id, a.createdAt, i));
    if (!r.ok && r.status !== 409) {
      deps.log.warn('announcement.failed', { announcement: a.id, chunk: i, status: r.status });
      await store.finish(id, { status: 'failed', recipients: delivered, now: deps.wallClock() });
      return { kind: 'failed', delivered, recipients: to.length, status: r.status };
    }
    delivered += part.length;
  }
  await store.finish(id, { status: 'sent', recipients: delivered, now: deps.wallClock() });
  deps.log.info('announcement.sent', { announcement: a.id, recipients: delivered, chunks: parts.length });
  return { kind: 'sent', recipients: delivered };
}
