/**
 * The ACP note's storage: answers as versions (sealed), the note's state, print links,
 * shares and the ending-note checklist. Writes are returned as batch statements so they
 * commit with the conversation state that caused them (a retried event does them once).
 * Nothing here logs; tokens and codes are kept only as SHA-256.
 */
import { and, asc, eq, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Sealer } from '../../shared/crypto.ts';
import { randomToken } from '../../shared/crypto.ts';
import { generateInviteCode, normalizeInviteCode } from '../../shared/invite-code.ts';
import type { AcpAnswer, AcpEffect } from './engine/types.ts';
import { nextReminderAt } from './engine/reminders.ts';
import type { AcpNoteView, Json } from '../../engine/types.ts';
import type { Db } from '../../db/client.ts';
import { acpAnswers, acpEnding, acpLinks, acpNotes, acpShares } from './schema.ts';
import { users } from '../../db/schema.ts';
import { aad } from '../../db/sealed-bindings.ts';

/** Longest free text kept for one answer (the flow's own limits are lower). */
export const ACP_TEXT_MAX = 1000;
const DAY_MS = 86_400_000;
/** How long a share invitation code can be used. */
export const SHARE_CODE_DAYS = 7;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const shareCodeHash = (code: string) => sha256Hex(`renkei-acp-share:${normalizeInviteCode(code)}`);
export const linkTokenHash = (token: string) => sha256Hex(`renkei-acp-link:${token}`);

export interface LoadedNote {
  answers: Record<string, AcpAnswer>;
  writer: 'self' | 'family' | null;
  paused: { step: string; trail: string[] } | null;
  updatedAt: number | null;
  completedAt: number | null;
}

export type AcpStore = ReturnType<typeof createAcpStore>;

export function createAcpStore(db: Db, sealer: Sealer) {
  /** Upserts the note row (so every write has one) with the given changes. */
  function touch(chatId: string, now: number, set: Partial<typeof acpNotes.$inferInsert>): BatchItem<'sqlite'> {
    return db
      .insert(acpNotes)
      .values({ chatId, createdAt: now, updatedAt: now, ...set })
      .onConflictDoUpdate({ target: acpNotes.chatId, set: { updatedAt: now, ...set } });
  }

  async function latestAnswers(chatId: string): Promise<{ answers: Record<string, AcpAnswer>; latest: number | null }> {
    const rows = await db.select().from(acpAnswers).where(eq(acpAnswers.chatId, chatId)).orderBy(asc(acpAnswers.item), asc(acpAnswers.version));
    const last = new Map<string, (typeof rows)[number]>();
    for (const r of rows) last.set(r.item, r);
    const answers: Record<string, AcpAnswer> = {};
    let latest: number | null = null;
    for (const [item, r] of last) {
      const a: AcpAnswer = { at: new Date(r.at).toISOString() };
      if (r.valueSealed) a.v = JSON.parse(await sealer.open(r.valueSealed, aad('acp_answers.value_sealed', r.chatId, r.item, r.at))) as string | string[];
      if (r.textSealed) a.t = await sealer.open(r.textSealed, aad('acp_answers.text_sealed', r.chatId, r.item, r.at));
      answers[item] = a;
      latest = Math.max(latest ?? 0, r.at);
    }
    return { answers, latest };
  }

  return {
    async load(chatId: string): Promise<LoadedNote> {
      const [note] = await db.select().from(acpNotes).where(eq(acpNotes.chatId, chatId));
      const { answers, latest } = await latestAnswers(chatId);
      let trail: string[] = [];
      try {
        trail = note?.pausedTrail ? (JSON.parse(note.pausedTrail) as string[]) : [];
      } catch {
        trail = [];
      }
      return {
        answers,
        writer: note?.writer ?? null,
        paused: note?.pausedStep ? { step: note.pausedStep, trail } : null,
        updatedAt: latest,
        completedAt: note?.completedAt ?? null,
      };
    },

    /** Statements for one `acp` effect of the engine. */
    async effectStatements(op: AcpEffect, ctx: { chatId: string; now: number }): Promise<BatchItem<'sqlite'>[]> {
      const { chatId, now } = ctx;
      switch (op.kind) {
        case 'answer': {
          const v = op.answer.v;
          const t = op.answer.t;
          return [
            touch(chatId, now, op.writer ? { writer: op.writer } : {}),
            db.insert(acpAnswers).values({
              chatId,
              item: op.item.slice(0, 40),
              // The next version of this item; the unique index refuses a duplicate.
              version: sql`(select coalesce(max(${acpAnswers.version}), 0) + 1 from ${acpAnswers} where ${acpAnswers.chatId} = ${chatId} and ${acpAnswers.item} = ${op.item.slice(0, 40)})`,
              valueSealed: v === undefined ? null : await sealer.seal(JSON.stringify(v), aad('acp_answers.value_sealed', chatId, op.item.slice(0, 40), now)),
              textSealed:
                t === undefined ? null : await sealer.seal(t.slice(0, ACP_TEXT_MAX), aad('acp_answers.text_sealed', chatId, op.item.slice(0, 40), now)),
              writer: op.writer,
              changed: op.changed.join(','),
              at: now,
            }),
          ];
        }
        case 'position':
          return [touch(chatId, now, { pausedStep: op.step, pausedTrail: op.step ? JSON.stringify(op.trail.slice(-40)) : null })];
        case 'completed':
          return [touch(chatId, now, { completedAt: now, pausedStep: null, pausedTrail: null })];
        case 'reminder': {
          const birthday = op.birthday;
          const remindAt = op.reminder === 'none' ? null : nextReminderAt(op.reminder, now, birthday);
          return [
            touch(chatId, now, {
              reminder: op.reminder,
              birthMonth: birthday?.month ?? null,
              birthDay: birthday?.day ?? null,
              remindAt,
            }),
          ];
        }
        case 'stop-reminder':
          return [
            db.update(acpNotes).set({ reminder: 'none', remindAt: null, birthMonth: null, birthDay: null, updatedAt: now }).where(eq(acpNotes.chatId, chatId)),
          ];
        case 'revoke-links':
          return [
            db
              .update(acpLinks)
              .set({ revokedAt: now })
              .where(and(eq(acpLinks.chatId, chatId), isNull(acpLinks.revokedAt))),
          ];
        case 'revoke-share': {
          const id = Number(op.shareId);
          if (!Number.isSafeInteger(id)) return [];
          return [
            db
              .update(acpShares)
              .set({ revokedAt: now })
              .where(and(eq(acpShares.id, id), eq(acpShares.chatId, chatId), isNull(acpShares.revokedAt))),
          ];
        }
        case 'ending': {
          const item = op.item.slice(0, 40);
          const placeSealed = op.place ? await sealer.seal(op.place.slice(0, ACP_TEXT_MAX), aad('acp_ending.place_sealed', chatId, item)) : null;
          return [
            db
              .insert(acpEnding)
              .values({ chatId, item, status: op.status, placeSealed, at: now })
              .onConflictDoUpdate({ target: [acpEnding.chatId, acpEnding.item], set: { status: op.status, placeSealed, at: now } }),
          ];
        }
        case 'delete':
          // Every version, the links (they then answer 404), the shares and the checklist.
          return [
            db.delete(acpAnswers).where(eq(acpAnswers.chatId, chatId)),
            db.delete(acpLinks).where(eq(acpLinks.chatId, chatId)),
            db.delete(acpShares).where(eq(acpShares.chatId, chatId)),
            db.delete(acpEnding).where(eq(acpEnding.chatId, chatId)),
            db.delete(acpNotes).where(eq(acpNotes.chatId, chatId)),
          ];
      }
    },

    /** A new link to the printable page; the token is returned once and only its hash kept. */
    async prepareLink(chatId: string, now: number, days: number): Promise<{ token: string; expiresAt: number; statements: BatchItem<'sqlite'>[] }> {
      const token = randomToken(24);
      const expiresAt = now + days * DAY_MS;
      return { token, expiresAt, statements: [db.insert(acpLinks).values({ chatId, tokenHash: await linkTokenHash(token), createdAt: now, expiresAt })] };
    },

    /** The note a print link opens: `unknown` → 404, `gone` (expired, revoked) → 410. */
    async resolveLink(token: string, now: number): Promise<{ status: 'ok'; chatId: string; expiresAt: number } | { status: 'unknown' | 'gone' }> {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { status: 'unknown' };
      const [row] = await db
        .select()
        .from(acpLinks)
        .where(eq(acpLinks.tokenHash, await linkTokenHash(token)));
      if (!row) return { status: 'unknown' };
      if (row.revokedAt !== null || row.expiresAt <= now) return { status: 'gone' };
      return { status: 'ok', chatId: row.chatId, expiresAt: row.expiresAt };
    },

    async prepareShare(chatId: string, now: number): Promise<{ code: string; expiresAt: number; statements: BatchItem<'sqlite'>[] }> {
      const code = generateInviteCode();
      const expiresAt = now + SHARE_CODE_DAYS * DAY_MS;
      return {
        code,
        expiresAt,
        statements: [db.insert(acpShares).values({ chatId, codeHash: await shareCodeHash(code), codeExpiresAt: expiresAt, createdAt: now })],
      };
    },

    async listShares(chatId: string, now: number): Promise<Array<{ id: string; name: string; status: 'active' | 'pending'; since: number }>> {
      const rows = await db
        .select()
        .from(acpShares)
        .where(and(eq(acpShares.chatId, chatId), isNull(acpShares.revokedAt), or(isNotNull(acpShares.inviteeId), sql`${acpShares.codeExpiresAt} > ${now}`)))
        .orderBy(asc(acpShares.createdAt));
      const out = [];
      for (const r of rows) {
        out.push({
          id: String(r.id),
          name: r.inviteeNameSealed ? await sealer.open(r.inviteeNameSealed, aad('acp_shares.invitee_name_sealed', r.id)) : '',
          status: r.inviteeId ? ('active' as const) : ('pending' as const),
          since: r.acceptedAt ?? r.createdAt,
        });
      }
      return out;
    },

    /** The invitee uses a code: the share is theirs (guarded so one code serves one person). */
    async prepareRedeem(input: {
      userId: string;
      code: string;
      name: string;
      now: number;
    }): Promise<{ ok: true; ownerId: string; statements: BatchItem<'sqlite'>[] } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'own' }> {
      const [row] = await db
        .select()
        .from(acpShares)
        .where(eq(acpShares.codeHash, await shareCodeHash(input.code)));
      if (!row || row.revokedAt !== null) return { ok: false, reason: 'unknown' };
      if (row.chatId === input.userId) return { ok: false, reason: 'own' };
      if (row.inviteeId && row.inviteeId !== input.userId) return { ok: false, reason: 'used' };
      if (!row.inviteeId && row.codeExpiresAt <= input.now) return { ok: false, reason: 'expired' };
      return {
        ok: true,
        ownerId: row.chatId,
        statements: [
          db
            .update(acpShares)
            .set({
              inviteeId: input.userId,
              inviteeNameSealed: await sealer.seal(input.name.slice(0, 100), aad('acp_shares.invitee_name_sealed', row.id)),
              acceptedAt: input.now,
            })
            .where(and(eq(acpShares.id, row.id), sql`(${acpShares.inviteeId} is null or ${acpShares.inviteeId} = ${input.userId})`)),
        ],
      };
    },

    /** Owners whose note this person may see (shares accepted and not revoked). */
    async sharedWith(userId: string): Promise<string[]> {
      const rows = await db
        .select({ chatId: acpShares.chatId })
        .from(acpShares)
        .where(and(eq(acpShares.inviteeId, userId), isNull(acpShares.revokedAt)))
        .orderBy(asc(acpShares.acceptedAt));
      return [...new Set(rows.map((r) => r.chatId))];
    },

    /** Notes whose reminder is due, of people who have not blocked the bot (a push would fail). */
    async dueReminders(now: number, limit = 200) {
      return db
        .select({
          chatId: acpNotes.chatId,
          reminder: acpNotes.reminder,
          remindAt: acpNotes.remindAt,
          birthMonth: acpNotes.birthMonth,
          birthDay: acpNotes.birthDay,
        })
        .from(acpNotes)
        .innerJoin(users, eq(users.id, acpNotes.chatId))
        .where(and(isNotNull(acpNotes.remindAt), lte(acpNotes.remindAt, now), eq(users.status, 'active')))
        .orderBy(asc(acpNotes.remindAt))
        .limit(limit);
    },

    /** Moves a sent reminder to its next occurrence (guarded by the occurrence it sent). */
    async reminderSent(chatId: string, sentFor: number, next: number | null, now: number): Promise<void> {
      await db
        .update(acpNotes)
        .set({ remindAt: next, updatedAt: now })
        .where(and(eq(acpNotes.chatId, chatId), eq(acpNotes.remindAt, sentFor)));
    },

    /** For the summary a share or a print link shows. */
    async noteView(chatId: string): Promise<AcpNoteView> {
      const note = await this.load(chatId);
      return {
        answers: note.answers as unknown as Json,
        writer: note.writer,
        updatedAt: note.updatedAt ? new Date(note.updatedAt).toISOString() : null,
      };
    },
  };
}
