/**
 * Outreach data: lecture requests (出前講座), events and training sessions, registrations.
 * Used by the chat's requests, the console and the scheduler's reminders.
 *
 * Seats are taken with one conditional statement each (INSERT … SELECT, UPDATE … WHERE
 * count < capacity): SQLite runs writes one at a time, so two people taking the last seat at
 * once cannot both get it, whichever process or Worker they reach.
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { EventCard } from '../../engine/types.ts';
import type { Db } from '../../db/client.ts';
import { professionals } from '../consultation/schema.ts';
import { type LECTURE_STATUSES, lectureRequests, outreachEvents, registrations, type LECTURE_TOPICS } from './schema.ts';
import { japanDate } from '../../shared/japan-time.ts';

export type LectureStatus = (typeof LECTURE_STATUSES)[number];
export type LectureTopic = (typeof LECTURE_TOPICS)[number];
export type LectureRow = typeof lectureRequests.$inferSelect;
export type EventRow = typeof outreachEvents.$inferSelect;
export type RegistrationRow = typeof registrations.$inferSelect;
export type Audience = EventRow['audience'];

/** How many open events the chat shows at most (one carousel). */
export const EVENTS_SHOWN = 10;

export interface Promoted {
  regId: number;
  chatId: string;
  updatedAt: number;
}

export interface EventInput {
  kind: EventRow['kind'];
  audience: Audience;
  title: string;
  description: string;
  place: string;
  startsAt: number;
  capacity: number;
}

/** 「L-2611-0007」: the month (JST) and a running number within it. */
function refPrefix(now: number): string {
  const { year, month } = japanDate(now);
  return `L-${String(year).slice(2)}${String(month).padStart(2, '0')}-`;
}

/** What an event card shows (and its capacity, for the seats left). */
const cardColumns = {
  id: outreachEvents.id,
  kind: outreachEvents.kind,
  title: outreachEvents.title,
  place: outreachEvents.place,
  startsAt: outreachEvents.startsAt,
  description: outreachEvents.description,
  capacity: outreachEvents.capacity,
};

export function createOutreachStore(db: Db) {
  // Written out in full: drizzle prints a column of a one-table select without its table,
  // which inside the subquery would mean the registration's own id.
  const registeredCount = (eventId: number | ReturnType<typeof sql>) =>
    sql<number>`(select count(*) from ${registrations} r where r.event_id = ${eventId} and r.status = 'registered')`;

  const store = {
    /** A verified professional (accepted invite code): may see and join training sessions. */
    async isPro(userId: string | undefined): Promise<boolean> {
      if (!userId) return false;
      const [row] = await db.select({ userId: professionals.userId }).from(professionals).where(eq(professionals.userId, userId));
      return Boolean(row);
    },

    /** The audiences a person may see: professionals see both. */
    audiencesFor(pro: boolean): Audience[] {
      return pro ? ['residents', 'professionals'] : ['residents'];
    },

    // ---- lecture requests ------------------------------------------------------------

    /**
     * A new lecture request. Idempotent by event: a retried event finds the row it made.
     * The running number is counted within the month; two requests in the same instant
     * would collide on the unique index and the second is retried by the scheduler.
     */
    async prepareLecture(input: {
      chatId: string;
      eventId: string;
      topic: LectureTopic;
      detailsSealed: string;
      preferredDates: string[];
      expectedParticipants: number | null;
      now: number;
    }): Promise<{ ref: string; statements: BatchItem<'sqlite'>[] }> {
      const [existing] = await db.select({ ref: lectureRequests.ref }).from(lectureRequests).where(eq(lectureRequests.sourceEventId, input.eventId));
      if (existing) return { ref: existing.ref, statements: [] };
      const prefix = refPrefix(input.now);
      const [last] = await db
        .select({ ref: lectureRequests.ref })
        .from(lectureRequests)
        .where(sql`${lectureRequests.ref} like ${`${prefix}%`}`)
        .orderBy(desc(lectureRequests.ref))
        .limit(1);
      const n = last ? Number(last.ref.slice(prefix.length)) + 1 : 1;
      const ref = `${prefix}${String(n).padStart(4, '0')}`;
      return {
        ref,
        statements: [
          db
            .insert(lectureRequests)
            .values({
              ref,
              chatId: input.chatId,
              topic: input.topic,
              detailsSealed: input.detailsSealed,
              preferredDates: JSON.stringify(input.preferredDates),
              expectedParticipants: input.expectedParticipants,
              createdAt: input.now,
              updatedAt: input.now,
              sourceEventId: input.eventId,
            })
            .onConflictDoNothing(),
        ],
      };
    },

    async lectures(filter: { status?: LectureStatus } = {}): Promise<LectureRow[]> {
      const q = db.select().from(lectureRequests);
      return (filter.status ? q.where(eq(lectureRequests.status, filter.status)) : q).orderBy(desc(lectureRequests.createdAt)).limit(500);
    },

    async lecture(id: number): Promise<LectureRow | undefined> {
      const [row] = await db.select().from(lectureRequests).where(eq(lectureRequests.id, id));
      return row;
    },

    /** Moves a request on; false when it was already there (a double click changes nothing). */
    async setLectureStatus(id: number, status: LectureStatus, scheduledAt: number | null, now: number): Promise<boolean> {
      const changes = scheduledAt !== null ? { status, scheduledAt, updatedAt: now } : { status, updatedAt: now };
      const cond =
        scheduledAt !== null
          ? sql`(${lectureRequests.status} <> ${status} or ${lectureRequests.scheduledAt} is null or ${lectureRequests.scheduledAt} <> ${scheduledAt})`
          : sql`${lectureRequests.status} <> ${status}`;
      const rows = await db
        .update(lectureRequests)
        .set(changes)
        .where(and(eq(lectureRequests.id, id), cond))
        .returning({ id: lectureRequests.id });
      return rows.length > 0;
    },

    async setLectureActual(id: number, actual: number, now: number): Promise<void> {
      await db.update(lectureRequests).set({ actualParticipants: actual, updatedAt: now }).where(eq(lectureRequests.id, id));
    },

    // ---- events ----------------------------------------------------------------------

    async events(): Promise<Array<EventRow & { registered: number; waitlisted: number }>> {
      return db
        .select({
          ...getTableColumns(outreachEvents),
          registered: sql<number>`(select count(*) from ${registrations} r where r.event_id = outreach_events.id and r.status = 'registered')`,
          waitlisted: sql<number>`(select count(*) from ${registrations} r where r.event_id = outreach_events.id and r.status = 'waitlisted')`,
        })
        .from(outreachEvents)
        .orderBy(desc(outreachEvents.startsAt))
        .limit(500);
    },

    async event(id: number): Promise<EventRow | undefined> {
      const [row] = await db.select().from(outreachEvents).where(eq(outreachEvents.id, id));
      return row;
    },

    async createEvent(input: EventInput, staffId: number, now: number): Promise<number> {
      const [row] = await db
        .insert(outreachEvents)
        .values({ ...input, createdBy: staffId, createdAt: now, updatedAt: now })
        .returning({ id: outreachEvents.id });
      return row!.id;
    },

    async updateEvent(id: number, input: EventInput, now: number): Promise<void> {
      await db
        .update(outreachEvents)
        .set({ ...input, updatedAt: now })
        .where(eq(outreachEvents.id, id));
    },

    /** Cancels the event; returns who held a seat or waited, to be told. */
    async cancelEvent(id: number, now: number): Promise<Array<{ regId: number; chatId: string }>> {
      const changed = await db
        .update(outreachEvents)
        .set({ status: 'cancelled', updatedAt: now })
        .where(and(eq(outreachEvents.id, id), eq(outreachEvents.status, 'open')))
        .returning({ id: outreachEvents.id });
      if (!changed.length) return [];
      return db
        .select({ regId: registrations.id, chatId: registrations.chatId })
        .from(registrations)
        .where(and(eq(registrations.eventId, id), inArray(registrations.status, ['registered', 'waitlisted'])));
    },

    async setEventActual(id: number, actual: number | null, now: number): Promise<void> {
      await db.update(outreachEvents).set({ actualParticipants: actual, updatedAt: now }).where(eq(outreachEvents.id, id));
    },

    async registrationsOf(eventId: number): Promise<RegistrationRow[]> {
      return db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(asc(registrations.createdAt), asc(registrations.id));
    },

    /** Attendance as ticked on the day: the listed registrations attended, the other seats did not. */
    async setAttendance(eventId: number, attendedIds: number[], now: number): Promise<void> {
      await db.batch([
        db
          .update(registrations)
          .set({ attended: false, updatedAt: now })
          .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'registered'))),
        db
          .update(registrations)
          .set({ attended: true, updatedAt: now })
          .where(
            and(eq(registrations.eventId, eventId), eq(registrations.status, 'registered'), inArray(registrations.id, attendedIds.length ? attendedIds : [-1])),
          ),
      ]);
    },

    /** Open, future events of the given audiences, soonest first, with the seats left. */
    async openEvents(audiences: Audience[], now: number): Promise<EventCard[]> {
      const rows = await db
        .select({
          ...cardColumns,
          registered: registeredCount(sql`outreach_events.id`),
        })
        .from(outreachEvents)
        .where(and(eq(outreachEvents.status, 'open'), gte(outreachEvents.startsAt, now), inArray(outreachEvents.audience, audiences)))
        .orderBy(asc(outreachEvents.startsAt))
        .limit(EVENTS_SHOWN);
      return rows.map(({ capacity, registered, ...r }) => ({ ...r, seatsLeft: Math.max(0, capacity - Number(registered)) }));
    },

    /** The person's current registrations for events still ahead. */
    async mine(chatId: string, now: number): Promise<EventCard[]> {
      const rows = await db
        .select({
          ...cardColumns,
          status: registrations.status,
          remind: registrations.remind,
        })
        .from(registrations)
        .innerJoin(outreachEvents, eq(outreachEvents.id, registrations.eventId))
        .where(
          and(
            eq(registrations.chatId, chatId),
            inArray(registrations.status, ['registered', 'waitlisted']),
            eq(outreachEvents.status, 'open'),
            gte(outreachEvents.startsAt, now),
          ),
        )
        .orderBy(asc(outreachEvents.startsAt))
        .limit(EVENTS_SHOWN);
      return rows.map(({ capacity: _capacity, status, ...r }) => ({ ...r, seatsLeft: 0, status: status === 'waitlisted' ? 'waitlisted' : 'registered' }));
    },

    async registration(eventId: number, chatId: string): Promise<RegistrationRow | undefined> {
      const [row] = await db
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, eventId), eq(registrations.chatId, chatId)));
      return row;
    },

    /**
     * Takes a seat, or a place on the waiting list when the event is full. A person already
     * registered or waiting keeps their place (so a repeated tap or a retried event is
     * harmless); one who had cancelled joins again at the end.
     */
    async register(eventId: number, chatId: string, now: number): Promise<'registered' | 'waitlisted'> {
      await db.run(sql`
        insert into registrations (event_id, chat_id, status, remind, created_at, updated_at)
        select e.id, ${chatId},
               case when ${registeredCount(sql`e.id`)} < e.capacity then 'registered' else 'waitlisted' end,
               1, ${now}, ${now}
        from outreach_events e where e.id = ${eventId}
        on conflict (event_id, chat_id) do update set
          status = excluded.status, remind = 1, reminded_at = null, attended = null,
          created_at = excluded.created_at, updated_at = excluded.updated_at
        where registrations.status = 'cancelled'`);
      const row = await store.registration(eventId, chatId);
      return row?.status === 'registered' ? 'registered' : 'waitlisted';
    },

    /** Cancels the person's registration; a freed seat goes to the first on the waiting list. */
    async cancel(eventId: number, chatId: string, now: number): Promise<{ cancelled: boolean; promoted: Promoted[] }> {
      const rows = await db
        .update(registrations)
        .set({ status: 'cancelled', updatedAt: now })
        .where(and(eq(registrations.eventId, eventId), eq(registrations.chatId, chatId), inArray(registrations.status, ['registered', 'waitlisted'])))
        .returning({ id: registrations.id });
      if (!rows.length) return { cancelled: false, promoted: [] };
      return { cancelled: true, promoted: await store.promote(eventId, now) };
    },

    /** Fills free seats from the waiting list, first come first served. */
    async promote(eventId: number, now: number): Promise<Promoted[]> {
      const promoted: Promoted[] = [];
      for (let i = 0; i < 1000; i++) {
        const rows = await db.all<{ id: number; chat_id: string }>(sql`
          update registrations set status = 'registered', updated_at = ${now}
          where id = (select id from registrations where event_id = ${eventId} and status = 'waitlisted' order by created_at, id limit 1)
            and ${registeredCount(eventId)} < (select capacity from outreach_events where id = ${eventId} and status = 'open')
          returning id, chat_id`);
        const row = rows[0];
        if (!row) break;
        promoted.push({ regId: Number(row.id), chatId: row.chat_id, updatedAt: now });
      }
      return promoted;
    },

    /** Open events still ahead with a free seat and someone waiting (normally none: see fillFreedSeats). */
    async eventsWithFreeSeatsAndWaiting(now: number): Promise<number[]> {
      const rows = await db.all<{ id: number }>(sql`
        select e.id as id from outreach_events e
        where e.status = 'open' and e.starts_at >= ${now}
          and exists (select 1 from registrations w where w.event_id = e.id and w.status = 'waitlisted')
          and ${registeredCount(sql`e.id`)} < e.capacity
        limit 50`);
      return rows.map((r) => Number(r.id));
    },

    async stopRemind(eventId: number, chatId: string, now: number): Promise<boolean> {
      const rows = await db
        .update(registrations)
        .set({ remind: false, updatedAt: now })
        .where(and(eq(registrations.eventId, eventId), eq(registrations.chatId, chatId), inArray(registrations.status, ['registered', 'waitlisted'])))
        .returning({ id: registrations.id });
      return rows.length > 0;
    },

    /** Seats of open events starting in [from, to) whose holder wants a reminder not yet sent. */
    async dueReminders(from: number, to: number): Promise<Array<{ regId: number; chatId: string; event: EventRow }>> {
      const rows = await db
        .select({ regId: registrations.id, chatId: registrations.chatId, event: outreachEvents })
        .from(registrations)
        .innerJoin(outreachEvents, eq(outreachEvents.id, registrations.eventId))
        .where(
          and(
            gte(outreachEvents.startsAt, from),
            lt(outreachEvents.startsAt, to),
            eq(outreachEvents.status, 'open'),
            eq(registrations.status, 'registered'),
            eq(registrations.remind, true),
            sql`${registrations.remindedAt} is null`,
          ),
        )
        .limit(200);
      return rows;
    },

    async markReminded(regId: number, now: number): Promise<void> {
      await db.update(registrations).set({ remindedAt: now }).where(eq(registrations.id, regId));
    },
  };
  return store;
}

export type OutreachStore = ReturnType<typeof createOutreachStore>;
