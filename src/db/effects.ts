/**
 * The one place where the engine's effects become writes. Every `Effect` type has exactly one
 * handler here, and the map's type lists them all, so an effect added to the engine's union
 * without a handler (or a handler for one that is gone) does not compile. The statements join
 * the turn's single commit (`store.commit`), so a retried event writes them once.
 */
import { eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Sealer } from '../shared/crypto.ts';
import type { Effect, Locale } from '../engine/types.ts';
import type { AcpStore } from '../features/acp-note/store.ts';
import type { CaseStore } from '../features/consultation/case-store.ts';
import type { Db } from './client.ts';
import { metrics, unanswered, users } from './schema.ts';
import { aad } from './sealed-bindings.ts';
import { deleteChatStatements } from './user-data.ts';

/** Masks what could identify someone in a question kept for content review. */
export function maskPersonalData(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '〈メール〉')
    .replace(/[0-9０-９][0-9０-９\-‐ー−()（）\s]{5,}[0-9０-９]/g, '〈番号〉')
    .replace(/[0-9０-９]+/g, '〈数〉')
    .slice(0, 300);
}

/** What a handler may know about the turn whose effects it writes. */
export interface EffectContext {
  chatId: string;
  /** Set for one-to-one chats only: the LINE user the chat belongs to. */
  userId?: string;
  /** The event being processed (kept when a chat's data is deleted). */
  eventId?: string;
  /** The conversation's language after the turn. */
  locale: Locale;
  /** Wall time: bookkeeping (users.updated_at). */
  now: number;
  /** Business time: what a person sees or the KPI report counts (metrics, questions, cases, the note). */
  businessNow: number;
  /** Outside opening hours a reopened case waits. */
  afterHours: boolean;
  /** LINE's token for marking the user's message read, kept on the case for the coordinator. */
  markReadToken?: string;
}

type Statements = BatchItem<'sqlite'>[];

export type EffectHandlers = {
  [K in Effect['type']]: (effect: Extract<Effect, { type: K }>, ctx: EffectContext) => Statements | Promise<Statements>;
};

export function createEffectHandlers(db: Db, sealer: Sealer, stores: { cases: CaseStore; acp: AcpStore }): EffectHandlers {
  const userStatus = (ctx: EffectContext, status: 'active' | 'inactive') =>
    ctx.userId ? [db.update(users).set({ status, updatedAt: ctx.now }).where(eq(users.id, ctx.userId))] : [];
  return {
    'set-locale': (e, ctx) => (ctx.userId ? [db.update(users).set({ locale: e.locale, updatedAt: ctx.now }).where(eq(users.id, ctx.userId))] : []),
    'mark-inactive': (_, ctx) => userStatus(ctx, 'inactive'),
    reactivate: (_, ctx) => userStatus(ctx, 'active'),
    'delete-user-data': (_, ctx) => deleteChatStatements(db, ctx.chatId, ctx.userId, ctx.eventId),
    'record-unanswered': async (e, ctx) => [
      db.insert(unanswered).values({
        questionSealed: await sealer.seal(maskPersonalData(e.question), aad('unanswered.question_sealed', ctx.businessNow, ctx.locale)),
        candidates: JSON.stringify(e.candidates),
        locale: ctx.locale,
        at: ctx.businessNow,
      }),
    ],
    count: (e, ctx) => [db.insert(metrics).values({ name: e.name, at: ctx.businessNow, detail: e.detail ?? null })],
    // Carried out before the commit (app/process-event.ts#runTurn); its writes arrive with the turn's.
    request: () => [],
    'case-message': (e, ctx) => stores.cases.messageStatements(e, ctx),
    'case-ended-by-user': (e, ctx) => stores.cases.endedByUserStatements(e, ctx),
    'case-reopened': (e, ctx) => stores.cases.reopenedStatements(e, ctx),
    // The ACP note lives only in one-to-one chats.
    acp: (e, ctx) => (ctx.userId ? stores.acp.effectStatements(e.op, { chatId: ctx.chatId, now: ctx.businessNow }) : []),
  };
}

/** The statements for a turn's effects, in the order the engine produced them. */
export async function effectStatements(handlers: EffectHandlers, effects: readonly Effect[], ctx: EffectContext): Promise<Statements> {
  const out: Statements = [];
  for (const effect of effects) {
    // The map is keyed by the effect's own type, so its handler takes exactly this effect.
    const handle = handlers[effect.type] as (e: Effect, c: EffectContext) => Statements | Promise<Statements>;
    out.push(...(await handle(effect, ctx)));
  }
  return out;
}
