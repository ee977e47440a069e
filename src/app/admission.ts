/**
 * How many webhook handlers an isolate runs at once, without anyone waiting for anyone.
 *
 * On Workers each webhook hands its events to `waitUntil` and answers 200 at once, so a burst
 * of webhooks becomes as many handlers at the same moment, each with its own database client:
 * 200 webhooks made 200 concurrent writers, and a libSQL server (sqld) stopped answering
 * anything but 429. A queue would bound that, but a request waiting for a slot another request
 * frees is exactly what workerd cancels as hung. So the bound is a plain counter: a handler that
 * finds the isolate full leaves its events pending (they are stored) and counts them as
 * deferred; the running handlers, before they let go of their slot, take up whatever is waiting,
 * and look again if anything was deferred meanwhile. The Cron tick picks up the rest.
 */
export interface Admission {
  /** Takes a slot if one is free. */
  tryEnter(): boolean;
  leave(): void;
  /** Counts events left pending because every slot was taken. */
  defer(): void;
  /** Grows with every `defer()`: a handler compares it before and after looking for work. */
  readonly deferrals: number;
}

export function createAdmission(slots: number): Admission {
  let busy = 0;
  let deferrals = 0;
  return {
    tryEnter: () => {
      if (busy >= slots) return false;
      busy++;
      return true;
    },
    leave: () => {
      busy = Math.max(0, busy - 1);
    },
    defer: () => {
      deferrals++;
    },
    get deferrals() {
      return deferrals;
    },
  };
}
