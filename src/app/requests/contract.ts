/**
 * What a request handler is given and returns: the contract between the engine's `do` steps
 * and the shell's handlers (requests/index.ts maps each request name to its handler).
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppDeps } from '../deps.ts';
import type { InternalEvent, RequestFailure, RequestName, RequestResult, Requests } from '../../engine/types.ts';

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

interface Writes {
  statements?: BatchItem<'sqlite'>[];
  /** Runs after the commit succeeded (notifications); failures there are logged, not retried. */
  after?: () => Promise<void>;
  /** Events for other chats (a seat freed for someone on the waiting list), sent after the commit. */
  notices?: ChatNotice[];
}

/**
 * A handler's answer: on success the request's result as `Requests` (engine/types.ts) defines
 * it, saved in the flow's values; otherwise a reason. Handed to the engine, so never secrets.
 */
export type RequestOutcome<N extends RequestName = RequestName> =
  | ({ ok: true; data: RequestResult<N> } & Writes)
  | ({ ok: false; data: RequestFailure } & Writes);

/** An event for another person's chat; `key` makes sending it twice a no-op. */
export interface ChatNotice {
  chatId: string;
  event: InternalEvent;
  key: string;
}

export type RequestHandler<N extends RequestName> = (rc: RequestContext, data: Requests[N]['data']) => Promise<RequestOutcome<N>>;

/** One handler for every request the engine may make, typed by its data and result. */
export type RequestHandlers = { [N in RequestName]: RequestHandler<N> };
