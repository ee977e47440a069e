/**
 * What a request handler is given and returns: the contract between the engine's `do` steps
 * and the shell's handlers (requests/index.ts maps each request name to its handler).
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppDeps } from '../deps.ts';
import type { InternalEvent, Json } from '../../engine/types.ts';

export interface RequestContext {
  deps: AppDeps;
  chatId: string;
  userId?: string;
  /** The event being processed: the idempotency key for anything a request creates. */
  eventId: string;
  /** What the user typed recently (for a case summary). */
  recent: string[];
  /** Real time in ms (stored timestamps). */
  now: number;
}

export interface RequestOutcome {
  ok: boolean;
  /** Handed to the engine (saved in the flow's values on success); never secrets. */
  data: Record<string, Json>;
  statements?: BatchItem<'sqlite'>[];
  /** Runs after the commit succeeded (notifications); failures there are logged, not retried. */
  after?: () => Promise<void>;
  /** Events for other chats (a seat freed for someone on the waiting list), sent after the commit. */
  notices?: ChatNotice[];
}

/** An event for another person's chat; `key` makes sending it twice a no-op. */
export interface ChatNotice {
  chatId: string;
  event: InternalEvent;
  key: string;
}

export type RequestHandler = (rc: RequestContext, data: Record<string, Json>) => Promise<RequestOutcome>;
