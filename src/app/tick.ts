/**
 * The scheduler's work, run by a timer on Node and a Cron Trigger on Workers: deliver
 * what is due in the outbox, pick up events left pending (a crash, a database error),
 * and apply the retention periods.
 */
import type { AppDeps } from './deps.ts';
import { deliverDue } from './deliver.ts';
import { errorKind } from './log.ts';
import { drainChat } from './process-event.ts';
import { runOutreachSchedule } from '../features/outreach/schedule.ts';
import { sendDueReminders } from '../features/acp-note/send-reminders.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../console/session.ts';

export { MAX_EVENT_ATTEMPTS } from './process-event.ts';

export interface TickOptions {
  /** Only events received at least this long ago are recovered (younger ones are normally in hand). */
  recoverAfterMs?: number;
  prune?: boolean;
}

/** `delivered`: chats that had messages due; `recovered`: pending events handled now. */
export async function tick(deps: AppDeps, opts: TickOptions = {}): Promise<{ delivered: number; recovered: number }> {
  const { store, log } = deps;
  let delivered = 0;
  let recovered = 0;
  try {
    // Events nobody holds (a crash, a database error, a claim that ran out): each chat is
    // drained under fresh claims, so a webhook still handling one of them is never doubled.
    const now = deps.wallClock();
    const chats = await store.chatsWithWaitingEvents(now, now - (opts.recoverAfterMs ?? deps.claimLeaseMs));
    for (let i = 0; i < chats.length; i += 8) {
      const counts = await Promise.all(chats.slice(i, i + 8).map((c) => drainChat(deps, c)));
      recovered += counts.reduce((a, b) => a + b, 0);
    }
    if (recovered) log.info('tick.recovered', { events: recovered });
    // Its own guard: a failing reminder query must not hold up deliveries.
    await runOutreachSchedule(deps).catch((e: unknown) => log.error('outreach.reminders-failed', { error: errorKind(e) }));
    // Reminders of the ACP note the person asked for (queued as events, delivered below or next time).
    await sendDueReminders(deps).catch((e: unknown) => log.error('acp.reminders.failed', { error: errorKind(e) }));
    delivered = await deliverDue(deps);
    if (opts.prune !== false) {
      const now = deps.wallClock();
      await store.prune(now, deps.config.retention, deps.clock.now().getTime());
      // Expired console sessions are refused anyway; this keeps the table small.
      await deps.stores.console.pruneSessions(now - IDLE_TIMEOUT_MS, now - ABSOLUTE_TIMEOUT_MS);
    }
  } catch (e) {
    log.error('tick.failed', { error: errorKind(e) });
  }
  return { delivered, recovered };
}
