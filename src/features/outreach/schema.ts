/**
 * Outreach: lecture requests (出前講座), awareness events and training sessions (研修会) with
 * registrations, announcement opt-ins and sent announcements. The KPI report counts these
 * rows against the plan table in the city file. Contact details are sealed.
 *
 * Times are integer milliseconds since the epoch (UTC).
 */
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

export const LECTURE_TOPICS = ['home-care', 'insurance', 'acp', 'dementia', 'end-of-life', 'other'] as const;
/** 受付 → 日程調整中 → 確定 → 実施済, or cancelled. */
export const LECTURE_STATUSES = ['received', 'scheduling', 'confirmed', 'done', 'cancelled'] as const;

export const lectureRequests = sqliteTable(
  'lecture_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The reference number told to the requester (e.g. L-2611-0007). */
    ref: text('ref').notNull(),
    chatId: text('chat_id').notNull(),
    status: text('status', { enum: LECTURE_STATUSES }).notNull().default('received'),
    topic: text('topic', { enum: LECTURE_TOPICS }).notNull(),
    /** JSON: group name, contact person, phone, place, free text (sealed). */
    detailsSealed: text('details_sealed').notNull(),
    /** JSON array of the two preferred dates (YYYY-MM-DD). */
    preferredDates: text('preferred_dates').notNull(),
    expectedParticipants: integer('expected_participants'),
    /** The confirmed date and time (ms), set by a coordinator. */
    scheduledAt: integer('scheduled_at'),
    /** Entered after the lecture; counted in the KPI report for the fiscal year of scheduledAt. */
    actualParticipants: integer('actual_participants'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    sourceEventId: text('source_event_id').notNull(),
  },
  (t) => [
    uniqueIndex('lecture_requests_ref_idx').on(t.ref),
    uniqueIndex('lecture_requests_event_idx').on(t.sourceEventId),
    index('lecture_requests_status_idx').on(t.status),
  ],
);

export const EVENT_KINDS = ['event', 'training'] as const;
export const EVENT_AUDIENCES = ['residents', 'professionals'] as const;

/** Awareness events (residents) and training sessions (verified professionals only). */
export const outreachEvents = sqliteTable(
  'outreach_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    audience: text('audience', { enum: EVENT_AUDIENCES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    place: text('place').notNull(),
    startsAt: integer('starts_at').notNull(),
    capacity: integer('capacity').notNull(),
    status: text('status', { enum: ['open', 'cancelled'] })
      .notNull()
      .default('open'),
    /** Entered after the day (walk-ins included); the KPI report prefers it to the attendance count. */
    actualParticipants: integer('actual_participants'),
    createdBy: integer('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('outreach_events_starts_idx').on(t.startsAt)],
);

export const registrations = sqliteTable(
  'registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').notNull(),
    chatId: text('chat_id').notNull(),
    status: text('status', { enum: ['registered', 'waitlisted', 'cancelled'] }).notNull(),
    /** Recorded by a coordinator on the day. */
    attended: integer('attended', { mode: 'boolean' }),
    /** The person may stop the reminder the day before. */
    remind: integer('remind', { mode: 'boolean' }).notNull().default(true),
    remindedAt: integer('reminded_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('registrations_event_chat_idx').on(t.eventId, t.chatId), index('registrations_event_idx').on(t.eventId, t.status, t.createdAt)],
);

export const SEGMENTS = ['residents', 'professionals', 'attendees'] as const;

/** Who asked to receive announcements, per segment. */
export const announcementOptins = sqliteTable(
  'announcement_optins',
  {
    chatId: text('chat_id').notNull(),
    segment: text('segment', { enum: SEGMENTS }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.segment] })],
);

/** Announcements written in the console (no personal data) and how many people they reached. */
export const announcements = sqliteTable('announcements', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  body: text('body').notNull(),
  /** JSON array of SEGMENTS. */
  segments: text('segments').notNull(),
  status: text('status', { enum: ['draft', 'sent', 'failed'] })
    .notNull()
    .default('draft'),
  recipients: integer('recipients'),
  createdBy: integer('created_by'),
  createdAt: integer('created_at').notNull(),
  sentAt: integer('sent_at'),
});
