/**
 * When a coordinator opens a case, the user's messages are shown as read (既読) in LINE, so
 * they know a person has seen them. Best effort: a failure is logged, never shown to staff.
 */
import type { AppDeps } from '../../app/deps.ts';

export async function markCaseRead(deps: AppDeps, caseId: string): Promise<boolean> {
  const token = await deps.stores.cases.takeMarkReadToken(caseId);
  if (!token) return false;
  const r = await deps.line.markAsRead(token);
  if (!r.ok) deps.log.warn('case.mark-read-failed', { caseId, status: r.status });
  return r.ok;
}
