/**
 * The chat side of cases: opening one from the engine's `open-case` request, adding the
 * user's messages, closing and reopening, and professionals' registration by invite code.
 * Everything written by a user is sealed; nothing here logs.
 *
 * Writes are returned as batch statements so they commit in the same transaction as the
 * conversation state that caused them (a retried event does them once).
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Sealer } from '../../shared/crypto.ts';
import { randomToken } from '../../shared/crypto.ts';
import type { Effect, Json } from '../../engine/types.ts';
import type { Db } from '../../db/client.ts';
import { caseMessages, cases, inviteCodes, professionals, type CASE_PRIORITIES, CONSULT_CATEGORIES } from './schema.ts';
import { aad } from '../../db/sealed-bindings.ts';

/** Longest message kept in a transcript (LINE allows 5,000 characters). */
export const CASE_TEXT_MAX = 5000;

export interface CaseSummary {
  kind: 'resident' | 'pro';
  /** Answers the intake flow collected (who, scene, message, category, urgency, callback…). */
  answers: Record<string, Json>;
  /** The user's last few messages before asking for a person. */
  recent: string[];
  /** Professionals: profession and organisation as registered. */
  professional?: { profession: string; organization: string };
}

export interface OpenCaseInput {
  chatId: string;
  eventId: string;
  data: Record<string, Json>;
  recent: string[];
  afterHours: boolean;
  now: number;
}

const str = (v: Json | undefined): string | null => (typeof v === 'string' && v.length <= 64 ? v : null);

/** Urgent consultations first; a resident's case is normal. */
export function priorityOf(data: Record<string, Json>): (typeof CASE_PRIORITIES)[number] {
  if (data.urgency === 'today') return 'high';
  if (data.urgency === 'later') return 'low';
  return 'normal';
}

export type CaseStore = ReturnType<typeof createCaseStore>;

export function createCaseStore(db: Db, sealer: Sealer) {
  return {
    /**
     * A new case from an intake flow. Idempotent by event: when the event is run again after a
     * failure, the case it opened is found instead of a second one being made.
     */
    async prepareOpen(input: OpenCaseInput): Promise<{ caseId: string; statements: BatchItem<'sqlite'>[] }> {
      const [existing] = await db.select({ id: cases.id }).from(cases).where(eq(cases.sourceEventId, input.eventId));
      if (existing) return { caseId: existing.id, statements: [] };
      const kind = input.data.kind === 'pro' ? 'pro' : 'resident';
      let professional: CaseSummary['professional'];
      if (kind === 'pro') {
        const [p] = await db.select().from(professionals).where(eq(professionals.userId, input.chatId));
        if (p)
          professional = {
            profession: p.profession,
            organization: await sealer.open(p.organizationSealed, aad('professionals.organization_sealed', p.userId)),
          };
      }
      const answers = Object.fromEntries(Object.entries(input.data).filter(([k]) => k !== 'flow' && k !== 'kind'));
      const summary: CaseSummary = { kind, answers, recent: input.recent, ...(professional ? { professional } : {}) };
      const caseId = `c${randomToken(9)}`;
      const category = str(input.data.category);
      const statements: BatchItem<'sqlite'>[] = [
        db.insert(cases).values({
          id: caseId,
          chatId: input.chatId,
          kind,
          status: input.afterHours ? 'waiting' : 'open',
          priority: priorityOf(input.data),
          category: category && (CONSULT_CATEGORIES as readonly string[]).includes(category) ? category : null,
          scene: str(input.data.scene),
          writer: str(input.data.who) ?? (kind === 'pro' ? 'pro' : null),
          summarySealed: await sealer.seal(JSON.stringify(summary), aad('cases.summary_sealed', caseId)),
          afterHours: input.afterHours,
          createdAt: input.now,
          updatedAt: input.now,
          sourceEventId: input.eventId,
        }),
      ];
      return { caseId, statements };
    },

    /** A message typed while the case is open: added to its transcript (see features/consultation/engine.ts). */
    async messageStatements(
      effect: Extract<Effect, { type: 'case-message' }>,
      ctx: { chatId: string; eventId?: string; businessNow: number; markReadToken?: string },
    ): Promise<BatchItem<'sqlite'>[]> {
      const now = ctx.businessNow;
      return [
        db
          .insert(caseMessages)
          .values({
            caseId: effect.caseId,
            chatId: ctx.chatId,
            direction: 'user',
            textSealed: await sealer.seal(effect.text.slice(0, CASE_TEXT_MAX), aad('case_messages.text_sealed', effect.caseId, ctx.chatId, now)),
            sourceEventId: ctx.eventId ?? null,
            at: now,
          })
          .onConflictDoNothing(),
        db
          .update(cases)
          .set({ updatedAt: now, ...(ctx.markReadToken ? { markReadToken: ctx.markReadToken } : {}) })
          .where(and(eq(cases.id, effect.caseId), eq(cases.chatId, ctx.chatId))),
      ];
    },

    /** The user ended the case themself (「終了」). */
    endedByUserStatements(effect: Extract<Effect, { type: 'case-ended-by-user' }>, ctx: { chatId: string; businessNow: number }): BatchItem<'sqlite'>[] {
      const now = ctx.businessNow;
      return [
        db
          .update(cases)
          .set({ status: 'resolved', closedAt: now, closedBy: 'user', updatedAt: now })
          .where(and(eq(cases.id, effect.caseId), eq(cases.chatId, ctx.chatId), ne(cases.status, 'resolved'))),
      ];
    },

    /** A message within the reopening window opens the closed case again (waiting after hours). */
    reopenedStatements(
      effect: Extract<Effect, { type: 'case-reopened' }>,
      ctx: { chatId: string; businessNow: number; afterHours: boolean },
    ): BatchItem<'sqlite'>[] {
      const now = ctx.businessNow;
      return [
        db
          .update(cases)
          .set({ status: ctx.afterHours ? 'waiting' : 'open', reopenedAt: now, closedAt: null, closedBy: null, updatedAt: now })
          .where(and(eq(cases.id, effect.caseId), eq(cases.chatId, ctx.chatId))),
      ];
    },

    /** Takes the case's read token, so it is used once even when two coordinators open the case. */
    async takeMarkReadToken(caseId: string): Promise<string | undefined> {
      const [row] = await db.select({ token: cases.markReadToken }).from(cases).where(eq(cases.id, caseId));
      if (!row?.token) return undefined;
      const taken = await db
        .update(cases)
        .set({ markReadToken: null })
        .where(and(eq(cases.id, caseId), eq(cases.markReadToken, row.token)))
        .returning({ id: cases.id });
      return taken.length ? row.token : undefined;
    },

    /**
     * Checks an invite code and, when it is valid, the statements that register the
     * professional and use the code up (guarded, so two users cannot both use one code).
     */
    async prepareRedeem(input: {
      userId: string;
      codeHash: string;
      profession: string;
      organization: string;
      now: number;
    }): Promise<{ ok: true; statements: BatchItem<'sqlite'>[] } | { ok: false; reason: 'unknown' | 'used' | 'expired' }> {
      const [code] = await db.select().from(inviteCodes).where(eq(inviteCodes.codeHash, input.codeHash));
      if (!code || code.revokedAt) return { ok: false, reason: 'unknown' };
      if (code.usedBy && code.usedBy !== input.userId) return { ok: false, reason: 'used' };
      if (code.expiresAt <= input.now) return { ok: false, reason: 'expired' };
      const organizationSealed = await sealer.seal(input.organization, aad('professionals.organization_sealed', input.userId));
      return {
        ok: true,
        statements: [
          db
            .update(inviteCodes)
            .set({ usedBy: input.userId, usedAt: input.now })
            .where(and(eq(inviteCodes.id, code.id), sql`(${inviteCodes.usedBy} is null or ${inviteCodes.usedBy} = ${input.userId})`)),
          db
            .insert(professionals)
            .values({ userId: input.userId, profession: input.profession, organizationSealed, inviteId: code.id, verifiedAt: input.now })
            .onConflictDoUpdate({
              target: professionals.userId,
              set: { profession: input.profession, organizationSealed, inviteId: code.id, verifiedAt: input.now },
            }),
        ],
      };
    },
  };
}
