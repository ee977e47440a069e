/**
 * Tells the coordinators that a case is waiting: a push to their LINE group and/or a JSON
 * POST to a URL, as configured. Neither carries personal data — only that a case is
 * waiting, whether it came outside opening hours, and the console link.
 */
import type { AppDeps } from './deps.ts';
import { deliverChat } from './deliver.ts';
import { errorKind } from './log.ts';

const WEBHOOK_TIMEOUT_MS = 5000;

export async function notifyNewCase(deps: AppDeps, c: { caseId: string; afterHours: boolean }): Promise<void> {
  const { config, log } = deps;
  const link = `${config.publicBaseUrl}/console/cases/${encodeURIComponent(c.caseId)}`;
  const tasks: Promise<unknown>[] = [];
  if (config.notify.lineGroupId) {
    const groupId = config.notify.lineGroupId;
    const text = c.afterHours
      ? `新しい相談が届きました（受付時間外・次の受付時間に対応）。\n${link}`
      : `新しい相談が届きました。コンソールで確認してください。\n${link}`;
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
          body: JSON.stringify({ type: 'case.created', caseId: c.caseId, afterHours: c.afterHours, url: link }),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        if (!res.ok) throw new Error(`status ${res.status}`);
      })(),
    );
  }
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') log.warn('notify.failed', { caseId: c.caseId, error: errorKind(r.reason) });
}
