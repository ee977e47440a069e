/**
 * The scheduler's work, run by a timer on Node and a Cron Trigger on Workers: deliver
 * what is due in the outbox, pick up events left pending (a crash, a database error),
 * and apply the retention periods.
 */
import type { AppDeps } from './deps.ts';
import { deliverDue } from './deliver.ts';
import { errorKind } from './log.ts';
import { inboundFromPayload, processEvents } from './process-event.ts';
import { runOutreachSchedule } from './outreach-schedule.ts';
import { createConsoleStore } from '../db/console-store.ts';
import { sendDueReminders } from './acp-reminders.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../console/session.ts';

/** An event still pending after this many attempts is marked failed and left alone. */
export const MAX_EVENT_ATTEMPTS = 5;

export interface TickOptions {
  /** Only events received at least this long ago are recovered (younger ones may be in flight). */
  recoverAfterMs?: number;
  prune?: boolean;
}

/** `delivered`: chats that had messages due; `recovered`: pending events processed again. */
export async function tick(deps: AppDeps, opts: TickOptions = {}): Promise<{ delivered: number; recovered: number }> {
  const { store, log } = deps;
  let delivered = 0;
  let recovered = 0;
  try {
    const pending = await store.pendingEvents(deps.wallClock() - (opts.recoverAfterMs ?? 30_000));
    const retry = [];
    for (const p of pending) {
      const ev = inboundFromPayload(p.eventId, p.payload);
      if (!ev || p.attempts >= MAX_EVENT_ATTEMPTS) {
        await store.noteAttempt(p.eventId, true, deps.wallClock());
        log.error('event.abandoned', { eventId: p.eventId, attempts: p.attempts });
        continue;
      }
      retry.push(ev);
    }
    if (retry.length) {
      await processEvents(deps, retry);
      recovered = retry.length;
      log.info('tick.recovered', { events: recovered });
    }
    // Its own guard: a failing reminder query must not hold up deliveries.
    await runOutreachSchedule(deps).catch((e: unknown) => log.error('outreach.reminders-failed', { error: errorKind(e) }));
    // Reminders of the ACP note the person asked for (queued as events, delivered below or next time).
    await sendDueReminders(deps).catch((e: unknown) => log.error('acp.reminders.failed', { error: errorKind(e) }));
    delivered = await deliverDue(deps);
    if (opts.prune !== false) {
      const now = deps.wallClock();
      await store.prune(now, deps.config.retention, deps.clock.now().getTime());
      // Expired console sessions are refused anyway; this keeps the table small.
      await createConsoleStore(store.db).pruneSessions(now - IDLE_TIMEOUT_MS, now - ABSOLUTE_TIMEOUT_MS);
    }
  } catch (e) {
    log.error('tick.failed', { error: errorKind(e) });
  }
  return { delivered, recovered };
}
