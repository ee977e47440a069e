/**
 * Repository functions for the coordinator console (staff, sessions, sign-in attempts, audit
 * log) over the same drizzle database as the bot. Works on Node and Workers; nothing here logs.
 */
import { and, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { auditLog, loginAttempts, staff, staffSessions } from './schema-console.ts';

export type StaffRole = 'coordinator' | 'admin';
export type StaffStatus = 'active' | 'disabled';

export interface StaffRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  status: StaffStatus;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
}

export interface SessionRow {
  tokenHash: string;
  staffId: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface AuditRow {
  id: number;
  at: number;
  staffId: number | null;
  staffName: string | null;
  staffEmail: string | null;
  action: string;
  target: string | null;
}

export type ConsoleStore = ReturnType<typeof createConsoleStore>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Backoff stops doubling at window × 2^6 (16 hours for a 15-minute window); failures are kept a day. */
const MAX_BACKOFF_DOUBLINGS = 6;

/** Lower-cased and trimmed, as stored. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function createConsoleStore(db: Db) {
  return {
    async countStaff(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(staff);
      return row?.n ?? 0;
    },

    async findStaffByEmail(email: string): Promise<StaffRow | undefined> {
      const [row] = await db
        .select()
        .from(staff)
        .where(eq(staff.email, normalizeEmail(email)));
      return row;
    },

    async getStaff(id: number): Promise<StaffRow | undefined> {
      const [row] = await db.select().from(staff).where(eq(staff.id, id));
      return row;
    },

    async listStaff(): Promise<StaffRow[]> {
      return db.select().from(staff).orderBy(staff.status, staff.id);
    },

    async countActiveAdmins(): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(staff)
        .where(and(eq(staff.role, 'admin'), eq(staff.status, 'active')));
      return row?.n ?? 0;
    },

    /** Creates a staff member; undefined when the e-mail address is taken (also by a concurrent start). */
    async createStaff(v: { email: string; name: string; role: StaffRole; passwordHash: string; now: number }): Promise<StaffRow | undefined> {
      const [row] = await db
        .insert(staff)
        .values({ email: normalizeEmail(v.email), name: v.name, role: v.role, passwordHash: v.passwordHash, createdAt: v.now, updatedAt: v.now })
        .onConflictDoNothing()
        .returning();
      return row;
    },

    async setStaffStatus(id: number, status: StaffStatus, now: number): Promise<void> {
      await db.update(staff).set({ status, updatedAt: now }).where(eq(staff.id, id));
      // A disabled account is signed out everywhere at once.
      if (status === 'disabled') await db.delete(staffSessions).where(eq(staffSessions.staffId, id));
    },

    async setPasswordHash(id: number, passwordHash: string, now: number): Promise<void> {
      await db.update(staff).set({ passwordHash, updatedAt: now }).where(eq(staff.id, id));
    },

    /** An admin set a new password: the account is signed out everywhere. */
    async resetPassword(id: number, passwordHash: string, now: number): Promise<void> {
      await db.batch([
        db.update(staff).set({ passwordHash, updatedAt: now }).where(eq(staff.id, id)),
        db.delete(staffSessions).where(eq(staffSessions.staffId, id)),
      ]);
    },

    async noteLogin(id: number, now: number): Promise<void> {
      await db.update(staff).set({ lastLoginAt: now }).where(eq(staff.id, id));
    },

    async createSession(v: { tokenHash: string; staffId: number; csrfToken: string; now: number }): Promise<void> {
      await db.insert(staffSessions).values({ tokenHash: v.tokenHash, staffId: v.staffId, csrfToken: v.csrfToken, createdAt: v.now, lastSeenAt: v.now });
    },

    async getSession(tokenHash: string): Promise<{ session: SessionRow; staff: StaffRow } | undefined> {
      const [row] = await db.select().from(staffSessions).innerJoin(staff, eq(staff.id, staffSessions.staffId)).where(eq(staffSessions.tokenHash, tokenHash));
      return row ? { session: row.staff_sessions, staff: row.staff } : undefined;
    },

    async touchSession(tokenHash: string, now: number): Promise<void> {
      await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.tokenHash, tokenHash));
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
    },

    /** Removes sessions idle since `idleBefore` or started before `startedBefore`. */
    async pruneSessions(idleBefore: number, startedBefore: number): Promise<void> {
      await db.delete(staffSessions).where(sql`${staffSessions.lastSeenAt} < ${idleBefore} or ${staffSessions.createdAt} < ${startedBefore}`);
    },

    /**
     * Reserves one password check for this account and client, or refuses (undefined) when
     * the limits say no. One guarded INSERT, so parallel requests cannot all pass a count
     * read before any of them wrote (SQLite and libSQL run a statement atomically):
     *  - at most `perPair` checks (pending or failed) for this account from this client in
     *    the window, and `perClient` from this client for any account;
     *  - backoff: each full set of `perPair` failures within a day locks the pair for
     *    window × 2^(sets − 1) after its last failure (15 min, 30 min, 1 h, … up to 16 h);
     *    then the pair has a new set of checks.
     */
    async reserveLoginCheck(v: { email: string; ip: string; now: number; windowMs: number; perPair: number; perClient: number }): Promise<number | undefined> {
      const email = normalizeEmail(v.email).slice(0, 320);
      const ip = v.ip.slice(0, 64);
      const since = v.now - v.windowMs;
      const day = v.now - DAY_MS;
      const rows = await db.all<{ id: number }>(sql`
        insert into login_attempts (email, ip, at, outcome)
        select ${email}, ${ip}, ${v.now}, 'pending'
        where (select count(*) from login_attempts where email = ${email} and ip = ${ip} and at >= ${since}) < ${v.perPair}
          and (select count(*) from login_attempts where ip = ${ip} and at >= ${since}) < ${v.perClient}
          and (select count(*) % ${v.perPair} <> 0 or count(*) = 0
                   or max(at) + ${v.windowMs} * (1 << min(count(*) / ${v.perPair} - 1, ${MAX_BACKOFF_DOUBLINGS})) <= ${v.now}
               from login_attempts where email = ${email} and ip = ${ip} and outcome = 'failed' and at >= ${day})
        returning id`);
      return rows[0]?.id;
    },

    /**
     * Settles a reserved check. Right password: the pair's failures are forgotten (the
     * client's other attempts still count). Wrong: the reservation becomes a failure; returns
     * how many failures the pair has within a day (a multiple of the limit means a new lock).
     */
    async settleLoginCheck(id: number, v: { ok: boolean; email: string; ip: string; now: number }): Promise<number> {
      const email = normalizeEmail(v.email).slice(0, 320);
      const ip = v.ip.slice(0, 64);
      if (v.ok) {
        await db.delete(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip)));
        return 0;
      }
      await db.batch([
        db.update(loginAttempts).set({ outcome: 'failed', at: v.now }).where(eq(loginAttempts.id, id)),
        db.delete(loginAttempts).where(lt(loginAttempts.at, v.now - DAY_MS)),
      ]);
      const [row] = await db
        .select({ n: count() })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), eq(loginAttempts.outcome, 'failed'), gte(loginAttempts.at, v.now - DAY_MS)));
      return row?.n ?? 0;
    },

    /** Why a check was refused (for the audit log; read after the refusal, not part of it). */
    async loginLimitReason(v: { email: string; ip: string; now: number; windowMs: number; perClient: number }): Promise<'client' | 'account-client'> {
      const [byIp] = await db
        .select({ n: count() })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.ip, v.ip.slice(0, 64)), gte(loginAttempts.at, v.now - v.windowMs)));
      return (byIp?.n ?? 0) >= v.perClient ? 'client' : 'account-client';
    },

    /** Accounts locked for some client within `since`, for the admins' notice: name, how often, when last. */
    async recentLockouts(since: number): Promise<Array<{ staffId: number; name: string; email: string; locks: number; lastAt: number }>> {
      return db
        .select({ staffId: staff.id, name: staff.name, email: staff.email, locks: count(), lastAt: sql<number>`max(${auditLog.at})` })
        .from(auditLog)
        .innerJoin(staff, eq(sql`'staff:' || ${staff.id}`, auditLog.target))
        .where(and(eq(auditLog.action, 'login.locked'), gte(auditLog.at, since)))
        .groupBy(staff.id)
        .orderBy(desc(sql`max(${auditLog.at})`));
    },

    async audit(v: { at: number; staffId: number | null; action: string; target?: string | null }): Promise<void> {
      await db.insert(auditLog).values({ at: v.at, staffId: v.staffId, action: v.action, target: v.target ?? null });
    },

    /** Newest first. */
    async auditPage(limit: number, offset: number): Promise<{ rows: AuditRow[]; total: number }> {
      const rows = await db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          staffId: auditLog.staffId,
          staffName: staff.name,
          staffEmail: staff.email,
          action: auditLog.action,
          target: auditLog.target,
        })
        .from(auditLog)
        .leftJoin(staff, eq(staff.id, auditLog.staffId))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit)
        .offset(offset);
      const [total] = await db.select({ n: count() }).from(auditLog);
      return { rows, total: total?.n ?? 0 };
    },
  };
}
