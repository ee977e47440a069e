/**
 * The channel's monthly push quota as LINE reports it: what announcements show and respect,
 * and what the ACP note's reminders may use.
 */
import type { AppDeps } from './deps.ts';

export interface Quota {
  /** null: no monthly limit. */
  limit: number | null;
  used: number;
  remaining: number | null;
}

/** This month's quota, or null when LINE could not be asked. */
export async function readQuota(deps: AppDeps): Promise<Quota | null> {
  const [limit, used] = await Promise.all([deps.line.quota(), deps.line.quotaConsumption()]);
  if (limit === null || used === null) return null;
  return limit === 'none' ? { limit: null, used, remaining: null } : { limit, used, remaining: Math.max(0, limit - used) };
}
