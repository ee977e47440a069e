/** A professional's registration: checks the invite code, then records profession and organisation. */
import type { RequestHandler, RequestOutcome } from '../../app/requests/contract.ts';
import { inviteCodeHash, looksLikeInviteCode } from '../../shared/invite-code.ts';

export const redeemInvite: RequestHandler<'redeem-invite'> = async (rc, data): Promise<RequestOutcome<'redeem-invite'>> => {
  const code = typeof data.code === 'string' ? data.code : '';
  const profession = typeof data.profession === 'string' ? data.profession : 'other';
  const organization = typeof data.organization === 'string' ? data.organization.slice(0, 200) : '';
  if (!rc.userId) return { ok: false, data: { reason: 'unknown' } };
  if (!looksLikeInviteCode(code)) return { ok: false, data: { reason: 'unknown' } };
  const store = rc.deps.stores.cases;
  const result = await store.prepareRedeem({ userId: rc.userId, codeHash: await inviteCodeHash(code), profession, organization, now: rc.now });
  if (!result.ok) return { ok: false, data: { reason: result.reason } };
  return { ok: true, data: { profession }, statements: result.statements };
};
