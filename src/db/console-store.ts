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

/** Lower-cased and trimmed, as stored. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function createConsoleStore(db: Db) {
  return {
    async countStaff(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(staff);
      return row?.n ?? 0;
    },

    async findStaffByEmail(email: string): Promise<StaffRow | undefined> {
      const [row] = await db.select().from(staff).where(eq(staff.email, normalizeEmail(email)));
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
      const [row] = await db.select({ n: count() }).from(staff).where(and(eq(staff.role, 'admin'), eq(staff.status, 'active')));
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

    async recordFailedLogin(v: { email: string; ip: string; at: number; pruneBefore: number }): Promise<void> {
      await db.batch([
        db.insert(loginAttempts).values({ email: normalizeEmail(v.email).slice(0, 320), ip: v.ip.slice(0, 64), at: v.at }),
        db.delete(loginAttempts).where(lt(loginAttempts.at, v.pruneBefore)),
      ]);
    },

    async failedLoginsSince(v: { email: string; ip: string; since: number }): Promise<{ email: number; ip: number }> {
      const [byEmail] = await db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.email, normalizeEmail(v.email).slice(0, 320)), gte(loginAttempts.at, v.since)));
      const [byIp] = await db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.ip, v.ip.slice(0, 64)), gte(loginAttempts.at, v.since)));
      return { email: byEmail?.n ?? 0, ip: byIp?.n ?? 0 };
    },

    /** After a successful sign-in the address starts afresh (the IP count stays). */
    async clearFailedLogins(email: string): Promise<void> {
      await db.delete(loginAttempts).where(eq(loginAttempts.email, normalizeEmail(email)));
    },

    async audit(v: { at: number; staffId: number | null; action: string; target?: string | null }): Promise<void> {
      await db.insert(auditLog).values({ at: v.at, staffId: v.staffId, action: v.action, target: v.target ?? null });
    },

    /** Newest first. */
    async auditPage(limit: number, offset: number): Promise<{ rows: AuditRow[]; total: number }> {
      const rows = await db
        .select({ id: auditLog.id, at: auditLog.at, staffId: auditLog.staffId, staffName: staff.name, staffEmail: staff.email, action: auditLog.action, target: auditLog.target })
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
