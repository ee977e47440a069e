/**
 * Tells the coordinators that something is waiting — a new case, a lecture request — by a
 * push to their LINE group and/or a JSON POST to a URL, as configured. Neither carries
 * personal data: only what kind of thing is waiting, a reference, and the console link.
 */
import type { AppDeps } from './deps.ts';
import { deliverChat } from './deliver.ts';
import { errorKind } from './log.ts';

const WEBHOOK_TIMEOUT_MS = 5000;

interface Notice {
  /** The group message (Japanese, for the center's staff), ending with the link. */
  text: string;
  /** The JSON body for the webhook URL. */
  payload: Record<string, unknown>;
  /** Names the notice in a log line if sending fails (an id, never personal data). */
  logRef: Record<string, string>;
}

async function notifyCoordinators(deps: AppDeps, notice: Notice): Promise<void> {
  const { config, log } = deps;
  const tasks: Promise<unknown>[] = [];
  if (config.notify.lineGroupId) {
    const groupId = config.notify.lineGroupId;
    tasks.push(
      (async () => {
        // Through the outbox, so a LINE outage delays the notice instead of losing it.
        await deps.store.enqueuePush(groupId, [{ type: 'text', text: notice.text }], deps.wallClock());
        await deliverChat(deps, groupId);
      })(),
    );
  }
  if (config.notify.webhookUrl) {
    const url = config.notify.webhookUrl;
    tasks.push(
      (async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(notice.payload),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        if (!res.ok) throw new Error(`status ${res.status}`);
      })(),
    );
  }
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') log.warn('notify.failed', { ...notice.logRef, error: errorKind(r.reason) });
}

export function notifyNewCase(deps: AppDeps, c: { caseId: string; afterHours: boolean }): Promise<void> {
  const link = `${deps.config.publicBaseUrl}/console/cases/${encodeURIComponent(c.caseId)}`;
  return notifyCoordinators(deps, {
    text: c.afterHours
      ? `新しい相談が届きました（受付時間外・次の受付時間に対応）。\n${link}`
      : `新しい相談が届きました。コンソールで確認してください。\n${link}`,
    payload: { type: 'case.created', caseId: c.caseId, afterHours: c.afterHours, url: link },
    logRef: { caseId: c.caseId },
  });
}

export function notifyNewLecture(deps: AppDeps, l: { id: number | null; ref: string }): Promise<void> {
  const link = `${deps.config.publicBaseUrl}/console/outreach/lectures${l.id !== null ? `/${l.id}` : ''}`;
  return notifyCoordinators(deps, {
    text: `出前講座の依頼が届きました（受付番号 ${l.ref}）。コンソールで確認してください。\n${link}`,
    payload: { type: 'lecture.requested', ref: l.ref, url: link },
    logRef: { ref: l.ref },
  });
}
