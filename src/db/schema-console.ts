/**
 * The coordinator console's tables (drizzle, SQLite/libSQL): staff accounts, their sessions,
 * login attempts (for rate limiting) and the audit log. Kept apart from schema.ts because
 * none of it is LINE user data (see `anonymousTables` there). Migrations are generated
 * from both files with `npm run db:generate`; never edit them by hand.
 *
 * Times are integer milliseconds since the epoch (UTC), from the real clock (deps.wallClock),
 * not the frozen business clock: expiry and rate limits must follow real time.
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Center staff who sign in to the console. Accounts are disabled, never deleted, so the
 * audit log keeps naming who did what.
 */
export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Lower-cased on the way in, so sign-in is case-insensitive and unique. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['coordinator', 'admin'] }).notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`: the count travels with the hash so it can be raised later. */
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    lastLoginAt: integer('last_login_at'),
  },
  (t) => [uniqueIndex('staff_email_idx').on(t.email)],
);

/**
 * Signed-in sessions. Only SHA-256 of the cookie's token is kept, so a copy of the database
 * cannot be used to sign in. A session ends after 8 hours without use or 7 days after
 * sign-in, whichever comes first (checked on every request), or at logout.
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    /** The per-session CSRF token every form carries (compared with the posted field). */
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId), index('staff_sessions_seen_idx').on(t.lastSeenAt)],
);

/**
 * Password checks, counted per account and client and per client over a window. A check is
 * reserved here (outcome `pending`) by one guarded INSERT before the password is hashed, so a
 * parallel burst cannot get more checks than the limit; it becomes `failed`, or is deleted
 * with the pair's failures when the password was right. In the database (not memory) so the
 * limit holds across Worker isolates and Node processes; pruned after a day.
 */
export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    /** The client's address (an IPv6 address by its /64), from the trusted proxy header when configured. */
    ip: text('ip').notNull(),
    at: integer('at').notNull(),
    outcome: text('outcome', { enum: ['pending', 'failed'] })
      .notNull()
      .default('failed'),
  },
  (t) => [
    index('login_attempts_email_idx').on(t.email, t.at),
    index('login_attempts_ip_idx').on(t.ip, t.at),
    index('login_attempts_at_idx').on(t.at),
    index('login_attempts_pair_idx').on(t.email, t.ip, t.at),
  ],
);

/**
 * Who did what in the console, for admins: sign-ins and sign-outs, failed sign-ins, staff
 * changes and every view of a page that shows personal data. Ids and action names only,
 * never a password or message text.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** Null when nobody is signed in (e.g. a failed sign-in for an unknown address). */
    staffId: integer('staff_id'),
    action: text('action').notNull(),
    /** What the action was about, e.g. `staff:12` or `case:34`; never free text from a user. */
    target: text('target'),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);
