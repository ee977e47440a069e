/**
 * Tells the coordinators that a lecture request (出前講座) arrived, the same way as a new
 * case (src/app/notify.ts): a push to their LINE group and/or a JSON POST, as configured.
 * Only the reference number and the console link: no group name, person or phone.
 */
import type { AppDeps } from './deps.ts';
import { deliverChat } from './deliver.ts';
import { errorKind } from './log.ts';

const WEBHOOK_TIMEOUT_MS = 5000;

export async function notifyNewLecture(deps: AppDeps, l: { id: number | null; ref: string }): Promise<void> {
  const { config, log } = deps;
  const link = `${config.publicBaseUrl}/console/outreach/lectures${l.id !== null ? `/${l.id}` : ''}`;
  const tasks: Promise<unknown>[] = [];
  if (config.notify.lineGroupId) {
    const groupId = config.notify.lineGroupId;
    const text = `出前講座の依頼が届きました（受付番号 ${l.ref}）。コンソールで確認してください。\n${link}`;
    tasks.push(
      (async () => {
        // Through the outbox, so a LINE outage delays the notice instead of losing it.
        await deps.store.enqueuePush(groupId, [{ type: 'text', text }], deps.wallClock());
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
          body: JSON.stringify({ type: 'lecture.requested', ref: l.ref, url: link }),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        if (!res.ok) throw new Error(`status ${res.status}`);
      })(),
    );
  }
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') log.warn('notify.failed', { ref: l.ref, error: errorKind(r.reason) });
}
