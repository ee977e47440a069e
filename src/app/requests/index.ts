/**
 * The shell's side of a flow's `do` steps: each request the engine may make has a handler
 * here that reads what it needs and returns the result for the engine plus the writes, which
 * commit together with the conversation state (so a retried event does them once).
 */
import type { RequestHandlers } from './contract.ts';
import { openCase } from '../../features/consultation/open-case.ts';
import { redeemInvite } from '../../features/consultation/redeem-invite.ts';
import { lectureRequest } from '../../features/outreach/lecture-request.ts';
import { eventAction, listEvents, myRegistrations } from '../../features/outreach/event-requests.ts';
import { setOptin } from '../../features/outreach/set-optin.ts';
import { acpLoad, acpPrintLink, acpShareCreate, acpShareList, acpShareRedeem, acpSharedView } from '../../features/acp-note/requests.ts';
import { directoryAreas, directorySearch } from '../../features/directory/requests.ts';

export type { ChatNotice, RequestContext, RequestHandler, RequestHandlers, RequestOutcome } from './contract.ts';

export const requestHandlers: RequestHandlers = {
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
  'directory-areas': directoryAreas,
  'directory-search': directorySearch,
};
