/**
 * The shell's side of the ACP note's requests (features/acp-note/engine/note.ts): loading the note,
 * print links, and sharing with a proxy. Answers leave here only for the engine, which
 * renders them for the person themself or for someone they shared the note with.
 */
import type { RequestHandler, RequestOutcome } from '../../app/requests/contract.ts';
import { looksLikeInviteCode } from '../../shared/invite-code.ts';
import type { AcpNoteView, Json } from '../../engine/types.ts';
import { japanSlashDate } from '../../shared/japan-time.ts';

export const acpLoad: RequestHandler<'acp-load'> = async (rc) => {
  const note = await rc.deps.stores.acp.load(rc.chatId);
  return {
    ok: true,
    data: {
      answers: note.answers as unknown as Json,
      writer: note.writer,
      paused: note.paused,
      completed: note.completedAt !== null,
      updatedAt: note.updatedAt ? new Date(note.updatedAt).toISOString() : null,
      updatedDate: note.updatedAt ? japanSlashDate(note.updatedAt) : '',
    },
  };
};

export const acpPrintLink: RequestHandler<'acp-print-link'> = async (rc) => {
  const { token, expiresAt, statements } = await rc.deps.stores.acp.prepareLink(rc.chatId, rc.now, rc.deps.config.acpLinkDays);
  return { ok: true, data: { url: `${rc.deps.config.publicBaseUrl.replace(/\/$/, '')}/note/${token}`, expires: japanSlashDate(expiresAt) }, statements };
};

export const acpShareCreate: RequestHandler<'acp-share-create'> = async (rc) => {
  const { code, expiresAt, statements } = await rc.deps.stores.acp.prepareShare(rc.chatId, rc.now);
  return { ok: true, data: { code, expires: japanSlashDate(expiresAt) }, statements };
};

export const acpShareList: RequestHandler<'acp-share-list'> = async (rc) => {
  const shares = await rc.deps.stores.acp.listShares(rc.chatId, rc.now);
  return { ok: true, data: { shares: shares.map((s) => ({ id: s.id, name: s.name, status: s.status, since: japanSlashDate(s.since) })) } };
};

/** The invitee's side: a code typed in the `acp-shared` flow. */
export const acpShareRedeem: RequestHandler<'acp-share-redeem'> = async (rc, data): Promise<RequestOutcome<'acp-share-redeem'>> => {
  const code = typeof data.code === 'string' ? data.code : '';
  if (!rc.userId || !looksLikeInviteCode(code)) return { ok: false, data: { reason: 'unknown' } };
  const s = rc.deps.stores.acp;
  const name = (await rc.deps.line.profile(rc.userId).catch(() => null))?.displayName ?? '';
  const result = await s.prepareRedeem({ userId: rc.userId, code, name, now: rc.now });
  if (!result.ok) return { ok: false, data: { reason: result.reason } };
  return { ok: true, data: { notes: [await s.noteView(result.ownerId)] }, statements: result.statements };
};

/** The invitee asks again later: the latest summary of every note shared with them. */
export const acpSharedView: RequestHandler<'acp-shared-view'> = async (rc) => {
  if (!rc.userId) return { ok: true, data: { notes: [] } };
  const s = rc.deps.stores.acp;
  const owners = (await s.sharedWith(rc.userId)).slice(0, 3);
  const notes: AcpNoteView[] = [];
  for (const owner of owners) notes.push(await s.noteView(owner));
  return { ok: true, data: { notes } };
};
