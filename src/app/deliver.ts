/**
 * Delivers the outbox to LINE. A message goes out with its reply token while the token
 * is fresh (free, and what LINE expects); when the token is stale or rejected it is
 * pushed with X-Line-Retry-Key, so a push retried after a timeout is shown only once.
 * 429, 5xx and network errors are retried with bounded backoff; a message that still
 * cannot be sent stays in the outbox for the scheduler, and later messages to the same
 * chat wait behind it so they never arrive out of order.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { AppDeps } from './deps.ts';
import type { OutboxRow } from '../db/store.ts';

/** LINE does not publish the reply token's lifetime; stay well inside a minute. */
export const REPLY_TOKEN_TTL_MS = 50_000;
/** Tries within one delivery run before handing the message to the scheduler. */
const TRIES_PER_RUN = 3;
/** After this many attempts in total (about a day with the backoff below) we give up. */
export const MAX_ATTEMPTS = 24;

export function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 60 * 60_000);
}

function retryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** Delivers one row; true when the row is settled (sent or failed for good). */
async function deliverRow(deps: AppDeps, row: OutboxRow): Promise<boolean> {
  const { line, store, log } = deps;
  const messages = row.messages as messagingApi.Message[];
  const fresh = row.replyToken !== null && row.replyTokenAt !== null && row.attempts === 0 && deps.wallClock() - row.replyTokenAt < REPLY_TOKEN_TTL_MS;
  if (fresh) {
    const r = await line.reply(row.replyToken!, messages);
    if (r.ok) {
      await store.markSent(row.id, 'reply', deps.wallClock());
      log.debug('line.delivered', { outboxId: row.id, via: 'reply', requestId: r.requestId });
      return true;
    }
    // A rejected or failed reply falls back to push. (After a timeout LINE may in fact
    // have shown the reply; we accept that rare duplicate rather than risk a lost answer.)
    log.warn('line.reply-failed', { outboxId: row.id, status: r.status, error: r.error });
  }

  let attempts = row.attempts;
  let lastStatus = 0;
  for (let i = 0; i < TRIES_PER_RUN; i++) {
    const r = await line.push(row.chatId, messages, row.retryKey);
    attempts++;
    lastStatus = r.status;
    // 409 with a retry key: LINE already accepted this exact push earlier.
    if (r.ok || r.status === 409) {
      await store.markSent(row.id, 'push', deps.wallClock());
      log.debug('line.delivered', { outboxId: row.id, via: 'push', attempts, requestId: r.requestId, duplicate: r.status === 409 });
      return true;
    }
    if (!retryable(r.status)) {
      await store.markFailed(row.id, attempts, `http-${r.status}`, deps.wallClock());
      log.error('line.rejected', { outboxId: row.id, status: r.status, error: r.error });
      return true;
    }
    if (i < TRIES_PER_RUN - 1) await deps.sleep(backoffMs(i));
  }
  if (attempts >= MAX_ATTEMPTS) {
    await store.markFailed(row.id, attempts, `gave-up-http-${lastStatus}`, deps.wallClock());
    log.error('line.gave-up', { outboxId: row.id, attempts, status: lastStatus });
    return true;
  }
  await store.markRetry(row.id, attempts, deps.wallClock() + backoffMs(attempts), `http-${lastStatus}`, true);
  log.warn('line.retry-later', { outboxId: row.id, attempts, status: lastStatus });
  return false;
}

/**
 * Sends what is due for one chat, in order, stopping at the first message that must wait.
 * `fresh` is a row just committed by this process: when nothing older is waiting it is sent
 * straight from memory, saving a read and a decryption on the hot path.
 */
export function deliverChat(deps: AppDeps, chatId: string, fresh?: OutboxRow): Promise<void> {
  return deps.locks.run(`out:${chatId}`, () => deps.senders.run(async () => {
    if (fresh && !(await deps.store.hasEarlierPending(chatId, fresh.id))) {
      await deliverRow(deps, fresh);
      return;
    }
    const rows = await deps.store.dueOutbox(deps.wallClock(), chatId);
    if (rows.length === 0) return;
    if (await deps.store.hasEarlierPending(chatId, rows[0]!.id)) return;
    for (const row of rows) {
      if (!(await deliverRow(deps, row))) return;
    }
  }));
}

/**
 * Scheduler: everything due, chat by chat (chats in parallel, a few at a time). Returns the
 * number of chats that had something due; each chat reads and decrypts its own rows once.
 */
export async function deliverDue(deps: AppDeps, parallel = 8): Promise<number> {
  const chats = await deps.store.dueChats(deps.wallClock());
  for (let i = 0; i < chats.length; i += parallel) {
    await Promise.all(chats.slice(i, i + parallel).map((c) => deliverChat(deps, c)));
  }
  return chats.length;
}
