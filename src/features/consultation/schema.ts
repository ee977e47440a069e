/**
 * Cases handed to the center's coordinators (residents' handoffs and professionals'
 * consultations), their transcripts and notes, professionals' invite codes and the
 * console's canned replies. Text written by users or staff is sealed (AES-GCM); the
 * columns the queue filters and the KPI report count on are plain and hold no free text.
 *
 * Times are integer milliseconds since the epoch (UTC).
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const CASE_KINDS = ['resident', 'pro'] as const;
/** open: a coordinator can act now; waiting: left outside opening hours; resolved: closed. */
export const CASE_STATUSES = ['open', 'waiting', 'resolved'] as const;
export const CASE_PRIORITIES = ['high', 'normal', 'low'] as const;
export const CONSULT_CATEGORIES = ['doctor', 'discharge', 'alone', 'abuse', 'teamwork', 'end-of-life', 'acp', 'ict', 'other'] as const;

export const cases = sqliteTable(
  'cases',
  {
    /** Short and unguessable (it appears in console links and in internal events). */
    id: text('id').primaryKey(),
    /** The LINE user the case is with. */
    chatId: text('chat_id').notNull(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    priority: text('priority', { enum: CASE_PRIORITIES }).notNull().default('normal'),
    /** Professionals' consultations: one of CONSULT_CATEGORIES. */
    category: text('category'),
    /** The scene of home care the case is about (daily, admission, sudden, end-of-life, other). */
    scene: text('scene'),
    /** Who is writing: self, family, pro. */
    writer: text('writer'),
    /** JSON of what the bot collected (answers, last messages), sealed. */
    summarySealed: text('summary_sealed').notNull(),
    assigneeId: integer('assignee_id'),
    /** Whether it was opened outside the center's opening hours. */
    afterHours: integer('after_hours', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** First reply from a coordinator (for time-to-first-response). */
    firstResponseAt: integer('first_response_at'),
    closedAt: integer('closed_at'),
    closedBy: text('closed_by', { enum: ['staff', 'user'] }),
    reopenedAt: integer('reopened_at'),
    /**
     * LINE's token of the user's latest message in the case: when a coordinator opens the
     * case, their messages are shown as read (既読) — the user knows a person has seen them.
     */
    markReadToken: text('mark_read_token'),
    /** The event that opened it: a retried event finds the case instead of opening a second one. */
    sourceEventId: text('source_event_id').notNull(),
  },
  (t) => [index('cases_status_idx').on(t.status, t.createdAt), index('cases_chat_idx').on(t.chatId), uniqueIndex('cases_source_event_idx').on(t.sourceEventId)],
);

/** The transcript: what the user wrote while the case was open and what coordinators answered. */
export const caseMessages = sqliteTable(
  'case_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: text('case_id').notNull(),
    chatId: text('chat_id').notNull(),
    direction: text('direction', { enum: ['user', 'staff'] }).notNull(),
    textSealed: text('text_sealed').notNull(),
    staffId: integer('staff_id'),
    /** Staff replies: the outbox row that carries it, for the delivery status. */
    outboxId: integer('outbox_id'),
    /** User messages: the webhook event, so a retried event is not added twice. */
    sourceEventId: text('source_event_id'),
    at: integer('at').notNull(),
  },
  (t) => [index('case_messages_case_idx').on(t.caseId, t.at), uniqueIndex('case_messages_event_idx').on(t.sourceEventId)],
);

/** Coordinators' internal notes on a case (never sent to the user). */
export const caseNotes = sqliteTable(
  'case_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: text('case_id').notNull(),
    chatId: text('chat_id').notNull(),
    staffId: integer('staff_id').notNull(),
    textSealed: text('text_sealed').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('case_notes_case_idx').on(t.caseId, t.at)],
);

/**
 * Professionals registered through an invite code. Kept apart from `users` so the
 * organisation (free text, sealed) goes with the registration.
 */
export const professionals = sqliteTable('professionals', {
  userId: text('user_id').primaryKey(),
  profession: text('profession').notNull(),
  organizationSealed: text('organization_sealed').notNull(),
  inviteId: integer('invite_id'),
  verifiedAt: integer('verified_at').notNull(),
});

/**
 * Invite codes issued by admins in the console. Only an HMAC of the code is stored, so the
 * table does not reveal usable codes. One code verifies one professional.
 */
export const inviteCodes = sqliteTable(
  'invite_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    codeHash: text('code_hash').notNull(),
    /** What the admin wrote to remember whom it was for (an organisation, not a person's data). */
    label: text('label').notNull(),
    createdBy: integer('created_by'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedBy: text('used_by'),
    usedAt: integer('used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('invite_codes_hash_idx').on(t.codeHash)],
);

/** Reply templates coordinators pick from (managed by admins). */
export const cannedReplies = sqliteTable('canned_replies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  body: text('body').notNull(),
  createdBy: integer('created_by'),
  updatedAt: integer('updated_at').notNull(),
});
