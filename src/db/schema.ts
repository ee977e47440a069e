/**
 * The database schema (drizzle, SQLite/libSQL). Migrations in drizzle/ are generated
 * from this file with `npm run db:generate`; never edit them by hand.
 *
 * Times are integer milliseconds since the epoch (UTC). Columns named *_sealed hold
 * AES-GCM ciphertext (see shared/crypto.ts); plain message text is never stored.
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One row per LINE user who has talked to the bot. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(), // LINE userId
  role: text('role', { enum: ['resident', 'pro'] })
    .notNull()
    .default('resident'),
  locale: text('locale', { enum: ['ja', 'ja-easy', 'en'] })
    .notNull()
    .default('ja'),
  status: text('status', { enum: ['active', 'inactive'] })
    .notNull()
    .default('active'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * The conversation state per chat (a user, group or room). `rev` implements optimistic
 * concurrency: a trigger (see the custom migration) aborts any update whose new rev is not
 * exactly old rev + 1, so two writers that read the same rev cannot both win.
 */
export const conversations = sqliteTable('conversations', {
  chatId: text('chat_id').primaryKey(),
  rev: integer('rev').notNull().default(0),
  stateSealed: text('state_sealed'),
  flowVersion: text('flow_version'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Webhook events received (the inbox). A row is written before LINE gets its 200, so a
 * crash after the acknowledgement loses nothing; the primary key makes redeliveries no-ops.
 * The sealed payload is cleared once the event is processed; the id is kept for the
 * retention period to recognise late redeliveries, then pruned.
 */
export const inbox = sqliteTable(
  'inbox',
  {
    eventId: text('event_id').primaryKey(), // webhookEventId
    chatId: text('chat_id').notNull(),
    receivedAt: integer('received_at').notNull(),
    eventTimestamp: integer('event_timestamp').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    payloadSealed: text('payload_sealed'),
    processedAt: integer('processed_at'),
    /** Who is handling the event (one request, process or isolate) and until when: a lease. */
    claimOwner: text('claim_owner'),
    claimUntil: integer('claim_until'),
  },
  (t) => [index('inbox_status_idx').on(t.status, t.receivedAt), index('inbox_chat_idx').on(t.chatId, t.status, t.eventTimestamp)],
);

/**
 * Messages not yet delivered to LINE. Written in the same transaction as the state change
 * that produced them; delivered with the reply token while fresh, else by push with
 * `retryKey` as X-Line-Retry-Key so a retried push is never shown twice.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: text('chat_id').notNull(),
    sourceEventId: text('source_event_id'),
    replyToken: text('reply_token'),
    /** When the reply token was issued (LINE's event timestamp); it expires soon after. */
    replyTokenAt: integer('reply_token_at'),
    retryKey: text('retry_key').notNull(),
    payloadSealed: text('payload_sealed'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    via: text('via', { enum: ['reply', 'push'] }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** Who is sending the row and until when (a lease); only the claim's owner may settle it. */
    claimOwner: text('claim_owner'),
    claimUntil: integer('claim_until'),
    /** How many times the row was claimed: a reply token on a row claimed before may have been used. */
    claims: integer('claims').notNull().default(0),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    uniqueIndex('outbox_retry_key_idx').on(t.retryKey),
    index('outbox_chat_idx').on(t.chatId, t.status, t.id),
  ],
);

/** Counters without personal data (for the KPI report and monitoring). */
export const metrics = sqliteTable(
  'metrics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    at: integer('at').notNull(),
    detail: text('detail'),
  },
  (t) => [index('metrics_name_at_idx').on(t.name, t.at)],
);

/**
 * Questions the bot could not answer confidently, for the coordinators to improve the
 * content. Not linked to a user; digits, e-mail addresses and the like are masked before
 * the text is sealed; pruned after the retention period.
 */
export const unanswered = sqliteTable(
  'unanswered',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionSealed: text('question_sealed').notNull(),
    candidates: text('candidates').notNull(), // JSON array of topic ids
    locale: text('locale').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('unanswered_at_idx').on(t.at)],
);

/** Tables that hold data about a LINE user, keyed by the column that names them. */
export const userDataTables: ReadonlyArray<{ table: string; column: string; also?: readonly string[] }> = [
  { table: 'users', column: 'id' },
  { table: 'conversations', column: 'chat_id' },
  { table: 'inbox', column: 'chat_id' },
  { table: 'outbox', column: 'chat_id' },
  // features/consultation/schema.ts
  { table: 'cases', column: 'chat_id' },
  { table: 'case_messages', column: 'chat_id' },
  { table: 'case_notes', column: 'chat_id' },
  { table: 'professionals', column: 'user_id' },
  { table: 'invite_codes', column: 'used_by' },
  // features/outreach/schema.ts
  { table: 'lecture_requests', column: 'chat_id' },
  { table: 'registrations', column: 'chat_id' },
  { table: 'announcement_optins', column: 'chat_id' },
  // features/acp-note/schema.ts (`also`: a share names its invitee too, whose deletion ends the share)
  { table: 'acp_notes', column: 'chat_id' },
  { table: 'acp_answers', column: 'chat_id' },
  { table: 'acp_links', column: 'chat_id' },
  { table: 'acp_shares', column: 'chat_id', also: ['invitee_id'] },
  { table: 'acp_ending', column: 'chat_id' },
];

/**
 * Tables that never hold data about an identifiable LINE user (checked by a test). The
 * console's tables (schema-console.ts) are listed here too: they hold the center's staff
 * accounts, sessions, sign-in attempts and the audit log, which are not LINE user data and
 * are not removed by a user's deletion request (audit targets are ids, never a LINE userId).
 */
export const anonymousTables: readonly string[] = [
  'metrics',
  'unanswered',
  'staff',
  'staff_sessions',
  'login_attempts',
  'audit_log',
  'canned_replies',
  'outreach_events',
  'announcements',
  // features/directory/schema.ts: public places from open data and the city's list, and staff's phone checks of them.
  'directory_places',
  'directory_sources',
  'directory_checks',
];
