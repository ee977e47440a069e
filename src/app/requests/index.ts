/**
 * The shell's side of a flow's `do` steps: each request the engine may make has a handler
 * here that reads what it needs and returns the result for the engine plus the writes, which
 * commit together with the conversation state (so a retried event does them once).
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppDeps } from '../deps.ts';
import type { Json, RequestName } from '../../engine/types.ts';
import { openCase } from './open-case.ts';
import { redeemInvite } from './redeem-invite.ts';
import { lectureRequest } from './lecture-request.ts';
import { eventAction, listEvents, myRegistrations } from './events.ts';
import { setOptin } from './set-optin.ts';
import { acpLoad, acpPrintLink, acpShareCreate, acpShareList, acpShareRedeem, acpSharedView } from './acp.ts';

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
}

export type RequestHandler = (rc: RequestContext, data: Record<string, Json>) => Promise<RequestOutcome>;

export const requestHandlers: Record<RequestName, RequestHandler> = {
  'open-case': openCase,
  'redeem-invite': redeemInvite,
  'lecture-request': lectureRequest,
  'list-events': listEvents,
  'my-registrations': myRegistrations,
  'event-action': eventAction,
  'set-optin': setOptin,
  'acp-load': acpLoad,
  'acp-print-link': acpPrintLink,
  'acp-share-create': acpShareCreate,
  'acp-share-list': acpShareList,
  'acp-share-redeem': acpShareRedeem,
  'acp-shared-view': acpSharedView,
};
