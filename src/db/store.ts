/**
 * Repository functions over the drizzle database. Everything sensitive goes through the
 * sealer (AES-GCM) on the way in and out; nothing here logs.
 */
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Sealer } from '../shared/crypto.ts';
import { NO_FACTS, type ConversationState, type Effect, type Facts, type Locale } from '../engine/types.ts';
import type { Db } from './client.ts';
import { conversations, inbox, outbox, unanswered, users } from './schema.ts';
import { professionals } from '../features/consultation/schema.ts';
import { aad } from './sealed-bindings.ts';
import { type EffectHandlers, effectStatements } from './effects.ts';
import { deleteChatStatements } from './user-data.ts';

export interface ReceivedEvent {
  eventId: string;
  chatId: string;
  timestamp: number;
  payload: unknown;
}

export interface PendingEvent {
  eventId: string;
  chatId: string;
  attempts: number;
  payload: unknown;
}

export interface OutboxRow {
  id: number;
  chatId: string;
  replyToken: string | null;
  replyTokenAt: number | null;
  retryKey: string;
  attempts: number;
  messages: unknown[];
}

/** An outbox row held by a claim: only its owner sends it and settles it. */
export interface ClaimedOutboxRow extends Omit<OutboxRow, 'messages'> {
  /** Claims of this row so far, this one included: above 1, an earlier sender may have used the reply token. */
  claims: number;
  messages(): Promise<unknown[]>;
}

/** A pending event held by a claim. */
export interface ClaimedEvent {
  eventId: string;
  attempts: number;
  payload(): Promise<unknown>;
}

export interface CommitRequest {
  chatId: string;
  /** Set for one-to-one chats: the LINE user the chat belongs to. */
  userId?: string;
  expectedRev: number;
  state: ConversationState;
  flowVersion: string;
  eventId?: string;
  /** The engine's effects, written by their handlers (db/effects.ts) after `extra`. */
  effects: Effect[];
  /** Outside opening hours (a reopened case waits). */
  afterHours?: boolean;
  /** LINE's token for marking the user's message read, kept on an open case. */
  markReadToken?: string;
  outbox?: { messages: unknown[]; replyToken?: string; replyTokenAt?: number; retryKey: string };
  /** Writes of requests that belong to the same transaction (before the effects', as they may build on them). */
  extra?: BatchItem<'sqlite'>[];
  /** The owner of the event's inbox claim: the commit aborts unless that claim still holds. */
  claimOwner?: string;
  /** Wall time: bookkeeping (revisions, inbox, outbox). */
  now: number;
  /** Business time for what the KPI report counts (metrics, unanswered questions); default `now`. */
  businessNow?: number;
}

export class ConflictError extends Error {
  constructor(readonly chatId: string) {
    super(`conversation ${chatId} was changed by another writer`);
    this.name = 'ConflictError';
  }
}

/** The event's claim is gone (done by someone else, or taken over): nothing was applied. */
export class ClaimLostError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is no longer claimed by this handler`);
    this.name = 'ClaimLostError';
  }
}

export { maskPersonalData } from './effects.ts';

export type Store = ReturnType<typeof createStore>;

/**
 * `effects`: the handler for each of the engine's effects (db/effects.ts), built once with the
 * other stores when the app is assembled (app/assemble.ts).
 */
export function createStore(db: Db, sealer: Sealer, effects: EffectHandlers) {
  const sealJson = (v: unknown, bound: string) => sealer.seal(JSON.stringify(v), bound);
  const openJson = async <T>(s: string, bound: string): Promise<T> => JSON.parse(await sealer.open(s, bound)) as T;

  const deleteChat = (chatId: string, userId: string | undefined, keepEventId?: string) => deleteChatStatements(db, chatId, userId, keepEventId);

  return {
    db,

    /** Records new events; returns the ids that were not seen before (redeliveries drop out here). */
    async receive(events: ReceivedEvent[], now: number): Promise<Set<string>> {
      if (events.length === 0) return new Set();
      const rows = await Promise.all(
        events.map(async (e) => ({
          eventId: e.eventId,
          chatId: e.chatId,
          receivedAt: now,
          eventTimestamp: e.timestamp,
          payloadSealed: await sealJson(e.payload, aad('inbox.payload_sealed', e.eventId)),
        })),
      );
      const inserted = await db.insert(inbox).values(rows).onConflictDoNothing().returning({ eventId: inbox.eventId });
      return new Set(inserted.map((r) => r.eventId));
    },

    async pendingEvents(receivedBefore: number, limit = 100): Promise<PendingEvent[]> {
      const rows = await db
        .select()
        .from(inbox)
        .where(and(eq(inbox.status, 'pending'), lte(inbox.receivedAt, receivedBefore)))
        .orderBy(asc(inbox.receivedAt), asc(inbox.eventTimestamp))
        .limit(limit);
      const out: PendingEvent[] = [];
      for (const r of rows) {
        if (!r.payloadSealed) continue;
        out.push({
          eventId: r.eventId,
          chatId: r.chatId,
          attempts: r.attempts,
          payload: await openJson(r.payloadSealed, aad('inbox.payload_sealed', r.eventId)),
        });
      }
      return out;
    },

    /**
     * Chats with an event waiting that nobody holds: pending, unclaimed or with an expired
     * claim, and received before `receivedBefore` (younger ones are normally being handled by
     * the request that stored them).
     */
    async chatsWithWaitingEvents(now: number, receivedBefore: number, limit = 200): Promise<string[]> {
      const rows = await db
        .selectDistinct({ chatId: inbox.chatId })
        .from(inbox)
        .where(and(eq(inbox.status, 'pending'), lte(inbox.receivedAt, receivedBefore), or(isNull(inbox.claimUntil), lte(inbox.claimUntil, now))))
        .limit(limit);
      return rows.map((r) => r.chatId);
    },

    /**
     * Claims the chat's oldest pending event for `owner` until `until`, in one guarded UPDATE:
     * nothing when that event is held by someone else's live claim (the chat is being handled:
     * its events are taken one at a time, in order) or when nothing is pending. Each claim
     * counts as an attempt.
     */
    async claimNextEvent(chatId: string, owner: string, now: number, until: number): Promise<ClaimedEvent | null> {
      const oldest = db
        .select({ id: inbox.eventId })
        .from(inbox)
        .where(and(eq(inbox.chatId, chatId), eq(inbox.status, 'pending')))
        .orderBy(asc(inbox.eventTimestamp), asc(inbox.receivedAt), asc(inbox.eventId))
        .limit(1);
      const [row] = await db
        .update(inbox)
        .set({ claimOwner: owner, claimUntil: until, attempts: sql`${inbox.attempts} + 1` })
        .where(and(eq(inbox.eventId, oldest), eq(inbox.status, 'pending'), or(isNull(inbox.claimUntil), lte(inbox.claimUntil, now))))
        .returning({ eventId: inbox.eventId, attempts: inbox.attempts, payloadSealed: inbox.payloadSealed });
      if (!row) return null;
      const sealed = row.payloadSealed;
      return {
        eventId: row.eventId,
        attempts: row.attempts,
        payload: async () => (sealed ? openJson(sealed, aad('inbox.payload_sealed', row.eventId)) : null),
      };
    },

    /** Gives a claimed event back (its handling failed): it stays pending for the next claim. */
    async releaseEvent(eventId: string, owner: string): Promise<void> {
      await db
        .update(inbox)
        .set({ claimOwner: null, claimUntil: null })
        .where(and(eq(inbox.eventId, eventId), eq(inbox.claimOwner, owner), eq(inbox.status, 'pending')));
    },

    /** An event that cannot be handled (unreadable, or failed too often): set aside, payload dropped. */
    async abandonEvent(eventId: string, owner: string, now: number): Promise<void> {
      await db
        .update(inbox)
        .set({ status: 'failed', payloadSealed: null, processedAt: now })
        .where(and(eq(inbox.eventId, eventId), eq(inbox.claimOwner, owner), eq(inbox.status, 'pending')));
    },

    async noteAttempt(eventId: string, failed: boolean, now: number): Promise<void> {
      await db
        .update(inbox)
        .set({ attempts: sql`${inbox.attempts} + 1`, ...(failed ? { status: 'failed' as const, payloadSealed: null, processedAt: now } : {}) })
        .where(eq(inbox.eventId, eventId));
    },

    async isDone(eventId: string): Promise<boolean> {
      const [row] = await db.select({ status: inbox.status }).from(inbox).where(eq(inbox.eventId, eventId));
      return row !== undefined && row.status !== 'pending';
    },

    /**
     * The conversation row (created empty if missing) with its revision, and the facts the
     * engine reads about the writer. The facts come in the same query (a one-to-one chat's id
     * is the user's id), so the per-event path stays one round trip to the database — which on
     * Workers is a network call to Turso.
     */
    async loadConversation(chatId: string, now: number): Promise<{ rev: number; state: ConversationState | null; facts: Facts }> {
      const read = () =>
        db
          .select({ rev: conversations.rev, stateSealed: conversations.stateSealed, pro: professionals.userId })
          .from(conversations)
          .leftJoin(professionals, eq(professionals.userId, conversations.chatId))
          .where(eq(conversations.chatId, chatId));
      let [row] = await read();
      if (!row) {
        await db.insert(conversations).values({ chatId, rev: 0, updatedAt: now }).onConflictDoNothing();
        [row] = await read();
      }
      if (!row) return { rev: 0, state: null, facts: NO_FACTS };
      const facts: Facts = row.pro ? { role: 'pro', verified: true } : NO_FACTS;
      let state: ConversationState | null = null;
      if (row.stateSealed) {
        try {
          state = await openJson<ConversationState>(row.stateSealed, aad('conversations.state_sealed', chatId));
        } catch {
          state = null; // unreadable (e.g. a key that was removed): start over rather than crash
        }
      }
      return { rev: row.rev, state, facts };
    },

    /**
     * Applies one processed event atomically: the new state (guarded by the revision
     * trigger), the effects, the outgoing messages and the inbox mark. A conflict rolls
     * everything back and throws ConflictError so the caller can re-read and retry.
     */
    async commit(req: CommitRequest): Promise<{ outboxId?: number }> {
      const stateSealed = await sealJson(req.state, aad('conversations.state_sealed', req.chatId));
      const items: BatchItem<'sqlite'>[] = [];
      if (req.eventId && req.claimOwner) {
        // First in the batch: aborts everything unless the event is pending and still ours.
        items.push(db.run(sql`insert into inbox_claim_check (event_id, claim_owner) values (${req.eventId}, ${req.claimOwner})`));
      }
      items.push(
        db
          .update(conversations)
          .set({ rev: req.expectedRev + 1, stateSealed, flowVersion: req.flowVersion, updatedAt: req.now })
          .where(eq(conversations.chatId, req.chatId)),
      );
      if (req.userId) {
        items.push(db.insert(users).values({ id: req.userId, locale: req.state.locale, createdAt: req.now, updatedAt: req.now }).onConflictDoNothing());
      }
      if (req.extra) items.push(...req.extra);
      items.push(
        ...(await effectStatements(effects, req.effects, {
          chatId: req.chatId,
          ...(req.userId ? { userId: req.userId } : {}),
          ...(req.eventId ? { eventId: req.eventId } : {}),
          locale: req.state.locale,
          now: req.now,
          businessNow: req.businessNow ?? req.now,
          afterHours: req.afterHours ?? false,
          ...(req.markReadToken ? { markReadToken: req.markReadToken } : {}),
        })),
      );
      if (req.eventId) {
        items.push(db.update(inbox).set({ status: 'done', payloadSealed: null, processedAt: req.now }).where(eq(inbox.eventId, req.eventId)));
      }
      let outboxIndex = -1;
      if (req.outbox && req.outbox.messages.length > 0) {
        outboxIndex = items.length;
        items.push(
          db
            .insert(outbox)
            .values({
              chatId: req.chatId,
              sourceEventId: req.eventId ?? null,
              replyToken: req.outbox.replyToken ?? null,
              replyTokenAt: req.outbox.replyTokenAt ?? null,
              retryKey: req.outbox.retryKey,
              payloadSealed: await sealJson(req.outbox.messages, aad('outbox.payload_sealed', req.outbox.retryKey)),
              nextAttemptAt: req.now,
              createdAt: req.now,
            })
            .returning({ id: outbox.id }),
        );
      }
      try {
        const results = (await db.batch(items as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])) as unknown[];
        const inserted = outboxIndex >= 0 ? (results[outboxIndex] as Array<{ id: number }>)[0] : undefined;
        return inserted ? { outboxId: inserted.id } : {};
      } catch (e) {
        if (req.eventId && hasMessage(e, 'renkei:claim-lost')) throw new ClaimLostError(req.eventId);
        if (isRevConflict(e)) throw new ConflictError(req.chatId);
        throw e;
      }
    },

    /**
     * A message not caused by the chat's own event (a coordinator's reply, a notification, a
     * reminder): queued for push with its own retry key. Returns the outbox row id.
     */
    async enqueuePush(chatId: string, messages: unknown[], now: number, retryKey: string = crypto.randomUUID()): Promise<number> {
      const [row] = await db
        .insert(outbox)
        .values({ chatId, retryKey, payloadSealed: await sealJson(messages, aad('outbox.payload_sealed', retryKey)), nextAttemptAt: now, createdAt: now })
        .returning({ id: outbox.id });
      return row!.id;
    },

    /** One chat's messages due for delivery, oldest first. */
    async dueOutbox(now: number, chatId: string, limit = 200): Promise<OutboxRow[]> {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), eq(outbox.chatId, chatId)))
        .orderBy(asc(outbox.id))
        .limit(limit);
      const out: OutboxRow[] = [];
      for (const r of rows) {
        if (!r.payloadSealed) continue;
        out.push({
          id: r.id,
          chatId: r.chatId,
          replyToken: r.replyToken,
          replyTokenAt: r.replyTokenAt,
          retryKey: r.retryKey,
          attempts: r.attempts,
          messages: await openJson<unknown[]>(r.payloadSealed, aad('outbox.payload_sealed', r.retryKey)),
        });
      }
      return out;
    },

    /** Chats with a message due that nobody is sending, oldest first (ids only: nothing is decrypted here). */
    async dueChats(now: number, limit = 500): Promise<string[]> {
      const rows = await db
        .select({ chatId: outbox.chatId, first: sql<number>`min(${outbox.id})` })
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), or(isNull(outbox.claimUntil), lte(outbox.claimUntil, now))))
        .groupBy(outbox.chatId)
        .orderBy(sql`min(${outbox.id})`)
        .limit(limit);
      return rows.map((r) => r.chatId);
    },

    /**
     * Delivery is a claim: takes the chat's oldest pending message for `owner` until `until`,
     * in one guarded UPDATE … RETURNING. Nothing when that message is not due yet or someone
     * else's claim on it is live, so messages to one chat leave one at a time and in order,
     * and a message is only ever sent by whoever holds it.
     */
    async claimNextOutbox(chatId: string, owner: string, now: number, until: number): Promise<ClaimedOutboxRow | null> {
      const oldest = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.chatId, chatId), eq(outbox.status, 'pending')))
        .orderBy(asc(outbox.id))
        .limit(1);
      const [r] = await db
        .update(outbox)
        .set({ claimOwner: owner, claimUntil: until, claims: sql`${outbox.claims} + 1` })
        .where(
          and(eq(outbox.id, oldest), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), or(isNull(outbox.claimUntil), lte(outbox.claimUntil, now))),
        )
        .returning();
      if (!r) return null;
      const sealed = r.payloadSealed;
      return {
        id: r.id,
        chatId: r.chatId,
        replyToken: r.replyToken,
        replyTokenAt: r.replyTokenAt,
        retryKey: r.retryKey,
        attempts: r.attempts,
        claims: r.claims,
        messages: async () => (sealed ? openJson<unknown[]>(sealed, aad('outbox.payload_sealed', r.retryKey)) : []),
      };
    },

    /** Extends a live claim (before another try); false when it was lost. */
    async renewOutbox(id: number, owner: string, until: number): Promise<boolean> {
      const rows = await db
        .update(outbox)
        .set({ claimUntil: until })
        .where(and(eq(outbox.id, id), eq(outbox.claimOwner, owner), eq(outbox.status, 'pending')))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },

    /** Marks sent, only for the claim's owner; false when the claim was lost (someone else settles it). */
    async markSent(id: number, owner: string, via: 'reply' | 'push', now: number): Promise<boolean> {
      // The payload is dropped once delivered: LINE has it, we no longer need it.
      const rows = await db
        .update(outbox)
        .set({ status: 'sent', via, sentAt: now, payloadSealed: null, replyToken: null, claimUntil: null })
        .where(and(eq(outbox.id, id), eq(outbox.claimOwner, owner), eq(outbox.status, 'pending')))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },

    /**
     * Gives a claimed row back at once (its sender hit an error mid-way). The next claim counts
     * as a second one, so a reply token it still holds is treated as possibly used.
     */
    async releaseOutbox(id: number, owner: string): Promise<void> {
      await db
        .update(outbox)
        .set({ claimUntil: null })
        .where(and(eq(outbox.id, id), eq(outbox.claimOwner, owner), eq(outbox.status, 'pending')));
    },

    /** Forgets a reply token LINE refused, so a later sender goes straight to push. */
    async dropReplyToken(id: number, owner: string): Promise<void> {
      await db
        .update(outbox)
        .set({ replyToken: null })
        .where(and(eq(outbox.id, id), eq(outbox.claimOwner, owner), eq(outbox.status, 'pending')));
    },

    /** Gives the row back for a later try (and releases the claim). */
    async markRetry(id: number, owner: string, attempts: number, nextAttemptAt: number, lastError: string, dropReplyToken: boolean): Promise<boolean> {
      const rows = await db
        .update(outbox)
        .set({ attempts, nextAttemptAt, lastError, claimUntil: null, ...(dropReplyToken ? { replyToken: null } : {}) })
        .where(and(eq(outbox.id, id), eq(outbox.claimOwner, owner), eq(outbox.status, 'pending')))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },

    async markFailed(id: number, owner: string, attempts: number, lastError: string, now: number): Promise<boolean> {
      const rows = await db
        .update(outbox)
        .set({ status: 'failed', attempts, lastError, payloadSealed: null, sentAt: now, claimUntil: null })
        .where(and(eq(outbox.id, id), eq(outbox.claimOwner, owner), eq(outbox.status, 'pending')))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },

    async userLocale(userId: string): Promise<Locale | undefined> {
      const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
      return row?.locale;
    },

    /**
     * Retention: forgets processed event ids, delivered messages (wall time, `now`) and old
     * unanswered questions (stamped in business time, so aged by `businessNow`).
     */
    async prune(now: number, retention: { processedEventDays: number; outboxDays: number; unansweredDays: number }, businessNow = now): Promise<void> {
      const day = 86_400_000;
      await db.batch([
        db.delete(inbox).where(and(inArray(inbox.status, ['done', 'failed']), lt(inbox.processedAt, now - retention.processedEventDays * day))),
        db.delete(outbox).where(and(inArray(outbox.status, ['sent', 'failed']), lt(outbox.sentAt, now - retention.outboxDays * day))),
        db.delete(unanswered).where(lt(unanswered.at, businessNow - retention.unansweredDays * day)),
      ]);
    },

    deleteChatStatements: deleteChat,
  };
}

function hasMessage(e: unknown, text: string): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error && cur.message.includes(text)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

export function isRevConflict(e: unknown): boolean {
  return hasMessage(e, 'renkei:rev-conflict');
}

export { isBusy } from './busy-retry.ts';
