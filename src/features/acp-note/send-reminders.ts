/**
 * Reminders the person chose in the ACP note (半年後, 誕生日, 11月30日 人生会議の日), sent by the
 * scheduler (app/tick.ts: a timer on Node, the Cron Trigger on Workers).
 *
 * - Each due note gets an internal event, so the engine words the reminder in the person's
 *   language and adds the one-tap 「リマインドを止める」; the event id names the occurrence,
 *   so a reminder is sent once even if this runs twice (the inbox ignores a known id).
 * - Pushes count against the channel's monthly quota: reminders only use what is left after
 *   a reserve for conversations (coordinators' replies, notifications); the rest wait.
 */
import type { AppDeps } from '../../app/deps.ts';
import { errorKind } from '../../app/log.ts';
import { sendInternalEvent } from '../../app/process-event.ts';
import { readQuota } from '../../app/push-quota.ts';
import { nextReminderAt } from './engine/reminders.ts';
import { ACP_REMINDERS, type AcpReminderKind } from './engine/types.ts';

/** Share of the monthly quota kept for conversations. */
const RESERVE_SHARE = 0.1;
const BATCH = 100;

/** Pushes reminders may still use this month: null when the plan has no limit. */
async function pushRoom(deps: AppDeps): Promise<number | null> {
  const quota = await readQuota(deps);
  if (!quota) throw new Error('quota-unknown');
  return quota.limit === null ? null : Math.max(0, Math.floor(quota.limit * (1 - RESERVE_SHARE)) - quota.used);
}

export async function sendDueReminders(deps: AppDeps): Promise<number> {
  const store = deps.stores.acp;
  // Reminders fall on dates the person chose: business time.
  const now = deps.clock.now().getTime();
  const due = await store.dueReminders(now, BATCH);
  if (!due.length) return 0;
  let room: number | null;
  try {
    room = await pushRoom(deps);
  } catch (e) {
    deps.log.warn('acp.reminders.quota-unknown', { error: errorKind(e) });
    return 0; // try again at the next tick rather than risk the quota
  }
  let sent = 0;
  for (const r of due) {
    const at = r.remindAt!;
    const kind = (ACP_REMINDERS as readonly string[]).includes(r.reminder) ? (r.reminder as AcpReminderKind) : null;
    const birthday = r.birthMonth && r.birthDay ? { month: r.birthMonth, day: r.birthDay } : undefined;
    if (!kind) {
      await store.reminderSent(r.chatId, at, null, now);
      continue;
    }
    if (room !== null && sent >= room) {
      deps.log.warn('acp.reminders.quota-reached', { waiting: due.length - sent });
      break;
    }
    await sendInternalEvent(deps, r.chatId, { kind: 'acp-reminder', reminder: kind }, `acpr:${r.chatId}:${at}`);
    // The next occurrence after now (a long outage does not send a backlog).
    await store.reminderSent(r.chatId, at, nextReminderAt(kind, Math.max(now, at), birthday), now);
    sent++;
  }
  if (sent) deps.log.info('acp.reminders.sent', { count: sent });
  return sent;
}
