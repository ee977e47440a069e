/**
 * The two clocks of renkei, kept apart on purpose.
 *
 * Business time answers "what day is it for the person and the center": opening hours,
 * reference numbers (L-2611-0001), fiscal years, reminders, "today", and every timestamp the
 * KPI report or a user-visible deadline is computed from. It comes from one injected clock,
 * frozen by RENKEI_NOW for demos and tests, so behaviour never depends on the day a test runs.
 *
 * Wall time (AppDeps.wallClock) is for machinery only: retry backoff, reply-token freshness,
 * recovery of stuck events, retention of processed ids and delivery records, console sessions,
 * the audit log and log lines. Nothing a person reads is derived from it.
 */
export interface Clock {
  /** Business time: fixed by RENKEI_NOW for demos and tests. */
  now(): Date;
}

export function businessClock(fixedNow: Date | undefined): Clock {
  if (fixedNow) {
    const ms = fixedNow.getTime();
    return { now: () => new Date(ms) };
  }
  return { now: () => new Date() };
}
