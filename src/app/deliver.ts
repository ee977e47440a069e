/**
 * Delivers the outbox to LINE. Delivery is a claim: a message is sent only by whoever took
 * it with the guarded UPDATE in `store.claimNextOutbox`, one message per chat at a time and
 * in order, and only that claim's owner can mark it sent (see docs/architecture.md).
 *
 * A message goes out with its reply token while the token is fresh (free, and what LINE
 * expects); when the token is stale or refused it is pushed with its X-Line-Retry-Key, which
 * LINE accepts once (a repeat gets 409), so a push retried after a timeout is shown once.
 *
 * A reply whose outcome is unknown (a timeout, a 5xx, a sender that died mid-call) is never
 * pushed blindly: it is settled with LINE's own signal, the same token again. LINE refuses a
 * reply token it has seen ("Invalid reply token"), so while the token is fresh a refusal
 * means the earlier reply was taken, and a 200 means it had not been. Only when the token
 * has gone stale without an answer is certainty impossible; then the message is pushed (a
 * rare duplicate rather than an answer — perhaps the 119 advice — that never arrives).
 *
 * 429, 5xx and network errors are retried with bounded backoff; a message that still cannot
 * be sent stays in the outbox for the scheduler, and later messages to the same chat wait
 * behind it so they never arrive out of order.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { AppDeps } from './deps.ts';
import type { ClaimedOutboxRow } from '../db/store.ts';

/** LINE does not publish the reply token's lifetime; stay well inside a minute. */
export const REPLY_TOKEN_TTL_MS = 50_000;
/** Tries within one delivery run before handing the message to the scheduler. */
const TRIES_PER_RUN = 3;
/** After this many attempts in total (about a day with the backoff below) we give up. */
export const MAX_ATTEMPTS = 24;
const INVALID_REPLY_TOKEN = 'Invalid reply token';

export function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 60 * 60_000);
}

function retryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** Timeouts, network errors and 5xx: LINE may have acted on the request before failing to answer. */
function outcomeUnknown(status: number): boolean {
  return status === 0 || status >= 500;
}

type ReplyOutcome = 'sent' | 'refused' | 'unsettled' | 'stale' | 'lost';

/**
 * Sends (or settles) the reply. `sent`: LINE showed it, now or earlier; `refused`: LINE
 * refused it and did not show it; `unsettled`: no answer yet, the token still fresh;
 * `stale`: the token is too old to try, and nothing says an earlier try reached LINE;
 * `lost`: our claim ran out (someone else has the row now).
 */
async function reply(
  deps: AppDeps,
  owner: string,
  row: ClaimedOutboxRow,
  messages: messagingApi.Message[],
): Promise<{ outcome: ReplyOutcome; inDoubt: boolean }> {
  const { line, log } = deps;
  // A row claimed before that still has its token: the earlier sender may have used it.
  let inDoubt = row.claims > 1;
  const fresh = () => deps.wallClock() - row.replyTokenAt! < REPLY_TOKEN_TTL_MS;
  for (let i = 0; i < TRIES_PER_RUN; i++) {
    if (!fresh()) return { outcome: 'stale', inDoubt };
    if (i > 0) {
      await deps.sleep(backoffMs(i - 1));
      if (!(await deps.store.renewOutbox(row.id, owner, deps.wallClock() + deps.claimLeaseMs))) return { outcome: 'lost', inDoubt };
      if (!fresh()) return { outcome: 'stale', inDoubt };
    }
    const r = await line.reply(row.replyToken!, messages);
    if (r.ok) return { outcome: 'sent', inDoubt };
    if (r.status === 400 && r.error === INVALID_REPLY_TOKEN && inDoubt) {
      // A fresh token is refused only once used: the earlier try reached LINE.
      log.info('line.reply-settled', { outboxId: row.id, how: 'token-already-used' });
      return { outcome: 'sent', inDoubt };
    }
    if (!retryable(r.status)) {
      log.warn('line.reply-failed', { outboxId: row.id, status: r.status, error: r.error });
      return { outcome: 'refused', inDoubt };
    }
    if (outcomeUnknown(r.status)) inDoubt = true;
    log.warn('line.reply-failed', { outboxId: row.id, status: r.status, error: r.error, inDoubt });
    // 429 without doubt: LINE did not take it; the push below (same run) is the better bet.
    if (!inDoubt) return { outcome: 'refused', inDoubt };
  }
  return { outcome: fresh() ? 'unsettled' : 'stale', inDoubt };
}

/** Delivers one claimed row; true when the row is settled (sent or failed for good). */
async function deliverRow(deps: AppDeps, owner: string, row: ClaimedOutboxRow, messages: messagingApi.Message[]): Promise<boolean> {
  const { line, store, log } = deps;
  const settled = (ok: boolean) => {
    if (!ok) log.warn('line.claim-lost', { outboxId: row.id });
    return true; // either we settled it or its new owner will
  };

  if (row.replyToken !== null && row.replyTokenAt !== null) {
    const { outcome, inDoubt } = await reply(deps, owner, row, messages);
    if (outcome === 'lost') return settled(false);
    if (outcome === 'sent') {
      const ok = await store.markSent(row.id, owner, 'reply', deps.wallClock());
      log.debug('line.delivered', { outboxId: row.id, via: 'reply' });
      return settled(ok);
    }
    if (outcome === 'unsettled') {
      // Keep the token: the next try settles it while it is still fresh.
      const ok = await store.markRetry(row.id, owner, row.attempts + 1, deps.wallClock() + backoffMs(0), 'reply-outcome-unknown', false);
      return ok ? false : settled(false);
    }
    if (outcome === 'stale' && inDoubt) {
      // The one case LINE cannot settle: it never answered while the token lived. Pushing may
      // show the answer twice; not pushing may lose it. We push (see the header comment).
      log.warn('line.reply-outcome-unknown', { outboxId: row.id, action: 'push' });
    }
    if (!(await store.renewOutbox(row.id, owner, deps.wallClock() + deps.claimLeaseMs))) return settled(false);
    await store.dropReplyToken(row.id, owner);
  }

  let attempts = row.attempts;
  let lastStatus = 0;
  for (let i = 0; i < TRIES_PER_RUN; i++) {
    if (i > 0) {
      await deps.sleep(backoffMs(i - 1));
      if (!(await store.renewOutbox(row.id, owner, deps.wallClock() + deps.claimLeaseMs))) return settled(false);
    }
    const r = await line.push(row.chatId, messages, row.retryKey);
    attempts++;
    lastStatus = r.status;
    // 409 with a retry key: LINE already accepted this exact push earlier.
    if (r.ok || r.status === 409) {
      const ok = await store.markSent(row.id, owner, 'push', deps.wallClock());
      log.debug('line.delivered', { outboxId: row.id, via: 'push', attempts, requestId: r.requestId, duplicate: r.status === 409 });
      return settled(ok);
    }
    if (!retryable(r.status)) {
      const ok = await store.markFailed(row.id, owner, attempts, `http-${r.status}`, deps.wallClock());
      log.error('line.rejected', { outboxId: row.id, status: r.status, error: r.error });
      return settled(ok);
    }
  }
  if (attempts >= MAX_ATTEMPTS) {
    const ok = await store.markFailed(row.id, owner, attempts, `gave-up-http-${lastStatus}`, deps.wallClock());
    log.error('line.gave-up', { outboxId: row.id, attempts, status: lastStatus });
    return settled(ok);
  }
  const ok = await store.markRetry(row.id, owner, attempts, deps.wallClock() + backoffMs(attempts), `http-${lastStatus}`, true);
  log.warn('line.retry-later', { outboxId: row.id, attempts, status: lastStatus });
  return ok ? false : settled(false);
}

/**
 * Sends what is due for one chat, in order, one claimed message at a time, stopping at the
 * first message that must wait or that someone else holds (its holder sends what follows).
 * `fresh`: a row just committed by the caller, whose messages need not be read back.
 */
export function deliverChat(deps: AppDeps, chatId: string, fresh?: { id: number; messages: unknown[] }): Promise<void> {
  return deps.senders.run(async () => {
    const owner = deps.newClaimOwner();
    for (;;) {
      const now = deps.wallClock();
      const row = await deps.store.claimNextOutbox(chatId, owner, now, now + deps.claimLeaseMs);
      if (!row) return;
      let settled: boolean;
      try {
        const messages = (fresh && row.id === fresh.id ? fresh.messages : await row.messages()) as messagingApi.Message[];
        settled = await deliverRow(deps, owner, row, messages);
      } catch (e) {
        // The database failed mid-way: hand the row to the next sender now rather than when
        // the lease ends (it settles a possibly used reply token with the token itself).
        await deps.store.releaseOutbox(row.id, owner).catch(() => undefined);
        throw e;
      }
      if (!settled) return;
    }
  });
}

/**
 * Scheduler: everything due, chat by chat (chats in parallel, a few at a time). Returns the
 * number of chats that had something due.
 */
export async function deliverDue(deps: AppDeps, parallel = 8): Promise<number> {
  const chats = await deps.store.dueChats(deps.wallClock());
  for (let i = 0; i < chats.length; i += parallel) {
    await Promise.all(chats.slice(i, i + parallel).map((c) => deliverChat(deps, c)));
  }
  return chats.length;
}
