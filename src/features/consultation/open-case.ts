/**
 * Opens a case for the coordinators from an intake flow (`handoff` or `consult`). Outside
 * opening hours it is stored as waiting; either way the coordinators are notified once the
 * case is committed.
 */
import type { RequestHandler } from '../../app/requests/contract.ts';
import { openingState } from '../../engine/opening-hours.ts';
import { notifyNewCase } from '../../app/notify.ts';

export const openCase: RequestHandler<'open-case'> = async (rc, data) => {
  const { deps } = rc;
  const afterHours = !openingState(deps.clock.now(), deps.content.opening).open;
  const store = deps.stores.cases;
  const { caseId, statements } = await store.prepareOpen({ chatId: rc.chatId, eventId: rc.eventId, data, recent: rc.recent, afterHours, now: rc.now });
  return {
    ok: true,
    data: { caseId, afterHours, kind: data.kind === 'pro' ? 'pro' : 'resident' },
    statements,
    after: statements.length ? () => notifyNewCase(deps, { caseId, afterHours }) : undefined,
  };
};
