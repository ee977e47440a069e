/**
 * Announcement opt-ins (written from the chat, through the `set-optin` request) and the
 * announcements coordinators send from the console. Recipients are worked out when sending:
 * the people opted in to a chosen segment who still qualify for it (professionals still
 * registered, attendees with an attended registration) and have not blocked the bot.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { professionals } from '../consultation/schema.ts';
import { announcementOptins, announcements, registrations, SEGMENTS } from './schema.ts';

export type Segment = (typeof SEGMENTS)[number];

/** A send takes seconds; a claim this old was left behind by a crash. */
export const STALE_CLAIM_MS = 10 * 60 * 1000;
export type AnnouncementRow = typeof announcements.$inferSelect;

export function createAnnouncementStore(db: Db) {
  return {
    /** Statements that add an opt-in (committed with the conversation state). */
    optIn(chatId: string, segment: Segment, now: number): BatchItem<'sqlite'>[] {
      return [db.insert(announcementOptins).values({ chatId, segment, createdAt: now }).onConflictDoNothing()];
    },

    /** Statements that remove one opt-in, or all of them. */
    optOut(chatId: string, segment: Segment | 'all'): BatchItem<'sqlite'>[] {
      const where =
        segment === 'all' ? eq(announcementOptins.chatId, chatId) : and(eq(announcementOptins.chatId, chatId), eq(announcementOptins.segment, segment));
      return [db.delete(announcementOptins).where(where)];
    },

    async isVerifiedProfessional(userId: string): Promise<boolean> {
      const [row] = await db.select({ id: professionals.userId }).from(professionals).where(eq(professionals.userId, userId)).limit(1);
      return row !== undefined;
    },

    async segmentsOf(chatId: string): Promise<Segment[]> {
      const rows = await db.select({ segment: announcementOptins.segment }).from(announcementOptins).where(eq(announcementOptins.chatId, chatId));
      return rows.map((r) => r.segment);
    },

    /** Distinct LINE user ids to send to, in a stable order (so chunks and their retry keys repeat). */
    async recipients(segments: readonly Segment[]): Promise<string[]> {
      if (segments.length === 0) return [];
      const active = sql`not exists (select 1 from ${users} where ${users.id} = ${announcementOptins.chatId} and ${users.status} = 'inactive')`;
      const qualifies = sql`(${announcementOptins.segment} = 'residents'
        or (${announcementOptins.segment} = 'professionals' and exists (select 1 from ${professionals} where ${professionals.userId} = ${announcementOptins.chatId}))
        or (${announcementOptins.segment} = 'attendees' and exists (select 1 from ${registrations} where ${registrations.chatId} = ${announcementOptins.chatId} and ${registrations.attended} = 1)))`;
      const rows = await db
        .selectDistinct({ chatId: announcementOptins.chatId })
        .from(announcementOptins)
        .where(and(inArray(announcementOptins.segment, [...segments]), qualifies, active))
        .orderBy(announcementOptins.chatId);
      return rows.map((r) => r.chatId);
    },

    /** How many people each segment would reach now. */
    async segmentCounts(): Promise<Record<Segment, number>> {
      const out = {} as Record<Segment, number>;
      for (const s of SEGMENTS) out[s] = (await this.recipients([s])).length;
      return out;
    },

    async createDraft(d: { title: string; body: string; segments: Segment[]; createdBy: number; now: number }): Promise<number> {
      const [row] = await db
        .insert(announcements)
        .values({ title: d.title, body: d.body, segments: JSON.stringify(d.segments), status: 'draft', createdBy: d.createdBy, createdAt: d.now })
        .returning({ id: announcements.id });
      return row!.id;
    },

    async get(id: number): Promise<AnnouncementRow | undefined> {
      const [row] = await db.select().from(announcements).where(eq(announcements.id, id)).limit(1);
      return row;
    },

    async list(limit = 50): Promise<AnnouncementRow[]> {
      return db.select().from(announcements).orderBy(desc(announcements.id)).limit(limit);
    },

    /**
     * Claims a draft for sending: only one request wins (a second click or a re-submitted
     * form finds it claimed). A claimed draft has sent_at set while its status is still
     * 'draft'. A failed send, or a claim left behind by a crash (older than STALE_CLAIM_MS),
     * may be claimed again: its chunks reuse their retry keys, so LINE does not deliver twice.
     */
    async claim(id: number, now: number): Promise<boolean> {
      const res = await db
        .update(announcements)
        .set({ sentAt: now })
        .where(
          and(
            eq(announcements.id, id),
            sql`((${announcements.status} = 'draft' and (${isNull(announcements.sentAt)} or ${announcements.sentAt} < ${now - STALE_CLAIM_MS})) or ${announcements.status} = 'failed')`,
          ),
        )
        .returning({ id: announcements.id });
      return res.length === 1;
    },

    /** Gives a claimed draft back (nothing was sent, e.g. the quota was too small). */
    async release(id: number): Promise<void> {
      await db
        .update(announcements)
        .set({ sentAt: null })
        .where(and(eq(announcements.id, id), eq(announcements.status, 'draft')));
    },

    async finish(id: number, r: { status: 'sent' | 'failed'; recipients: number; now: number }): Promise<void> {
      await db.update(announcements).set({ status: r.status, recipients: r.recipients, sentAt: r.now }).where(eq(announcements.id, id));
    },
  };
}

export type AnnouncementStore = ReturnType<typeof createAnnouncementStore>;
