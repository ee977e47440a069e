/**
 * The ACP note (わたしの想いノート): answers with their version history, the note's state
 * (writer, where the person paused, reminders), printable links, sharing with a proxy and
 * the ending-note checklist. Answers are sealed (AES-GCM), choices included: what someone
 * wants at the end of life is health data. Link and share codes are stored only as SHA-256.
 *
 * Times are integer milliseconds since the epoch (UTC).
 */
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

/** One row per person who has a note. */
export const acpNotes = sqliteTable(
  'acp_notes',
  {
    chatId: text('chat_id').primaryKey(),
    /** self: the person; family: someone writing down what the person said. */
    writer: text('writer', { enum: ['self', 'family'] }),
    /** The question to resume at (a step id of flows/acp-note.yaml) and the path to it. */
    pausedStep: text('paused_step'),
    pausedTrail: text('paused_trail'),
    completedAt: integer('completed_at'),
    /** none | half-year | birthday | nov30 */
    reminder: text('reminder').notNull().default('none'),
    /** The birthday for the reminder: month and day only, never the year. */
    birthMonth: integer('birth_month'),
    birthDay: integer('birth_day'),
    /** When the next reminder is due (null: none). */
    remindAt: integer('remind_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('acp_notes_remind_idx').on(t.remindAt)],
);

/** Every saved answer is a new version: who (writer), when, what changed. */
export const acpAnswers = sqliteTable(
  'acp_answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: text('chat_id').notNull(),
    item: text('item').notNull(),
    version: integer('version').notNull(),
    /** JSON of the chosen values (or a special answer), sealed. */
    valueSealed: text('value_sealed'),
    /** Free text, sealed; never logged. */
    textSealed: text('text_sealed'),
    writer: text('writer', { enum: ['self', 'family'] }),
    /** Which parts differ from the previous version: "choice", "text", "choice,text" or "". */
    changed: text('changed').notNull().default(''),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('acp_answers_version_idx').on(t.chatId, t.item, t.version)],
);

/** Links to the printable summary: only the token's SHA-256 is kept. */
export const acpLinks = sqliteTable(
  'acp_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: text('chat_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('acp_links_token_idx').on(t.tokenHash), index('acp_links_chat_idx').on(t.chatId)],
);

/**
 * Invitations to see the note read-only from another LINE account (a proxy, a daughter).
 * The code is stored as a hash; once used, `invitee_id` names who can see the note.
 */
export const acpShares = sqliteTable(
  'acp_shares',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The note's owner. */
    chatId: text('chat_id').notNull(),
    codeHash: text('code_hash').notNull(),
    codeExpiresAt: integer('code_expires_at').notNull(),
    inviteeId: text('invitee_id'),
    /** The invitee's LINE display name at the time they joined (sealed), for the owner's list. */
    inviteeNameSealed: text('invitee_name_sealed'),
    createdAt: integer('created_at').notNull(),
    acceptedAt: integer('accepted_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('acp_shares_code_idx').on(t.codeHash), index('acp_shares_chat_idx').on(t.chatId), index('acp_shares_invitee_idx').on(t.inviteeId)],
);

/** The ending-note checklist: yes / not yet / where the paper is — nothing else. */
export const acpEnding = sqliteTable(
  'acp_ending',
  {
    chatId: text('chat_id').notNull(),
    item: text('item').notNull(),
    status: text('status', { enum: ['yes', 'notyet', 'place'] }).notNull(),
    placeSealed: text('place_sealed'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.item] })],
);
