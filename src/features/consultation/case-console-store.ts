/**
 * The console's side of cases: the queue, one case with its transcript and notes (decrypted
 * here, for signed-in staff only — the routes audit every view), claiming and assigning,
 * staff replies, closing, canned replies, invite codes and the questions the bot could not
 * answer. The chat side (opening cases, the user's messages) is in case-store.ts.
 *
 * Nothing here logs; text written by staff is sealed like the users' own.
 */
import { and, asc, count, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Sealer } from '../../shared/crypto.ts';
import type { Db } from '../../db/client.ts';
import type { CaseSummary } from './case-store.ts';
import { cannedReplies, caseMessages, caseNotes, cases, inviteCodes, type CASE_STATUSES } from './schema.ts';
import { staff } from '../../db/schema-console.ts';
import { outbox, unanswered } from '../../db/schema.ts';
import { aad } from '../../db/sealed-bindings.ts';

export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseKind = 'resident' | 'pro';

export interface QueueRow {
  id: string;
  kind: CaseKind;
  status: CaseStatus;
  priority: 'high' | 'normal' | 'low';
  category: string | null;
  scene: string | null;
  afterHours: boolean;
  assigneeId: number | null;
  assigneeName: string | null;
  createdAt: number;
  firstResponseAt: number | null;
  closedAt: number | null;
}

export interface CaseDetail extends QueueRow {
  chatId: string;
  writer: string | null;
  closedBy: 'staff' | 'user' | null;
  reopenedAt: number | null;
  summary: CaseSummary;
}

export interface TranscriptEntry {
  id: number;
  direction: 'user' | 'staff';
  text: string;
  at: number;
  staffName: string | null;
  /** Staff replies: the outbox row's status; null when the row was already pruned (kept a few days). */
  delivery: 'pending' | 'sent' | 'failed' | null;
}

export interface NoteEntry {
  id: number;
  text: string;
  at: number;
  staffName: string | null;
}

export interface CannedRow {
  id: number;
  title: string;
  body: string;
  updatedAt: number;
}

export interface InviteRow {
  id: number;
  label: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}

export interface UnansweredRow {
  id: number;
  question: string;
  candidates: string[];
  locale: string;
  at: number;
}

const PRIORITY_ORDER = sql`case ${cases.priority} when 'high' then 0 when 'normal' then 1 else 2 end`;

export type CaseConsoleStore = ReturnType<typeof createCaseConsoleStore>;

export function createCaseConsoleStore(db: Db, sealer: Sealer) {
  const queueColumns = {
    id: cases.id,
    kind: cases.kind,
    status: cases.status,
    priority: cases.priority,
    category: cases.category,
    scene: cases.scene,
    afterHours: cases.afterHours,
    assigneeId: cases.assigneeId,
    assigneeName: staff.name,
    createdAt: cases.createdAt,
    firstResponseAt: cases.firstResponseAt,
    closedAt: cases.closedAt,
  };

  return {
    /**
     * The queue for one status: unassigned first, then by priority, then the oldest request
     * first (resolved cases: the most recently closed first).
     */
    async queue(filter: { status: CaseStatus; kind?: CaseKind | undefined; limit?: number }): Promise<QueueRow[]> {
      const where: SQL[] = [eq(cases.status, filter.status)];
      if (filter.kind) where.push(eq(cases.kind, filter.kind));
      const order =
        filter.status === 'resolved'
          ? [desc(cases.closedAt)]
          : [sql`case when ${cases.assigneeId} is null then 0 else 1 end`, PRIORITY_ORDER, asc(cases.createdAt)];
      return db
        .select(queueColumns)
        .from(cases)
        .leftJoin(staff, eq(staff.id, cases.assigneeId))
        .where(and(...where))
        .orderBy(...order)
        .limit(filter.limit ?? 200);
    },

    /** How many cases are in each status (for the tabs), with the kind filter applied. */
    async counts(kind?: CaseKind): Promise<Record<CaseStatus, number>> {
      const rows = await db
        .select({ status: cases.status, n: count() })
        .from(cases)
        .where(kind ? eq(cases.kind, kind) : undefined)
        .groupBy(cases.status);
      const out: Record<CaseStatus, number> = { open: 0, waiting: 0, resolved: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },

    async getCase(id: string): Promise<CaseDetail | undefined> {
      const [row] = await db
        .select({
          ...queueColumns,
          chatId: cases.chatId,
          writer: cases.writer,
          closedBy: cases.closedBy,
          reopenedAt: cases.reopenedAt,
          summarySealed: cases.summarySealed,
        })
        .from(cases)
        .leftJoin(staff, eq(staff.id, cases.assigneeId))
        .where(eq(cases.id, id));
      if (!row) return undefined;
      const { summarySealed, ...rest } = row;
      return { ...rest, summary: JSON.parse(await sealer.open(summarySealed, aad('cases.summary_sealed', id))) as CaseSummary };
    },

    /** User and staff messages in order, with each staff reply's delivery status. */
    async transcript(caseId: string): Promise<TranscriptEntry[]> {
      const rows = await db
        .select({
          id: caseMessages.id,
          direction: caseMessages.direction,
          textSealed: caseMessages.textSealed,
          chatId: caseMessages.chatId,
          at: caseMessages.at,
          staffName: staff.name,
          delivery: outbox.status,
        })
        .from(caseMessages)
        .leftJoin(staff, eq(staff.id, caseMessages.staffId))
        .leftJoin(outbox, eq(outbox.id, caseMessages.outboxId))
        .where(eq(caseMessages.caseId, caseId))
        .orderBy(asc(caseMessages.at), asc(caseMessages.id));
      return Promise.all(
        rows.map(async ({ textSealed, chatId, ...r }) => ({
          ...r,
          text: await sealer.open(textSealed, aad('case_messages.text_sealed', caseId, chatId, r.at)),
        })),
      );
    },

    async notes(caseId: string): Promise<NoteEntry[]> {
      const rows = await db
        .select({ id: caseNotes.id, textSealed: caseNotes.textSealed, chatId: caseNotes.chatId, at: caseNotes.at, staffName: staff.name })
        .from(caseNotes)
        .leftJoin(staff, eq(staff.id, caseNotes.staffId))
        .where(eq(caseNotes.caseId, caseId))
        .orderBy(asc(caseNotes.at), asc(caseNotes.id));
      return Promise.all(
        rows.map(async ({ textSealed, chatId, ...r }) => ({ ...r, text: await sealer.open(textSealed, aad('case_notes.text_sealed', caseId, chatId, r.at)) })),
      );
    },

    /** Active staff a case can be given to. */
    async assignableStaff(): Promise<Array<{ id: number; name: string }>> {
      return db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.status, 'active')).orderBy(asc(staff.name), asc(staff.id));
    },

    /**
     * Gives the case to a staff member; a waiting case becomes open (someone is on it now).
     * Returns false for a resolved or unknown case.
     */
    async assign(caseId: string, staffId: number, now: number): Promise<boolean> {
      const rows = await db
        .update(cases)
        .set({ assigneeId: staffId, status: sql`case when ${cases.status} = 'waiting' then 'open' else ${cases.status} end`, updatedAt: now })
        .where(and(eq(cases.id, caseId), ne(cases.status, 'resolved')))
        .returning({ id: cases.id });
      return rows.length > 0;
    },

    /** The outbox row of a reply already queued with this retry key (a double-click, a resubmitted form). */
    async queuedReply(chatId: string, retryKey: string): Promise<number | undefined> {
      // Same chat only: a key that names another chat's message must not link it to this case.
      const [row] = await db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.retryKey, retryKey), eq(outbox.chatId, chatId)));
      return row?.id;
    },

    /** Whether the transcript already holds the reply carried by this outbox row. */
    async replyRecorded(outboxId: number): Promise<boolean> {
      const [row] = await db.select({ id: caseMessages.id }).from(caseMessages).where(eq(caseMessages.outboxId, outboxId));
      return row !== undefined;
    },

    /**
     * Records a staff reply already queued in the outbox: the sealed text in the transcript, the
     * first response time, and a waiting case becomes open.
     */
    async recordReply(v: { caseId: string; chatId: string; staffId: number; text: string; outboxId: number; now: number }): Promise<void> {
      await db.batch([
        db.insert(caseMessages).values({
          caseId: v.caseId,
          chatId: v.chatId,
          direction: 'staff',
          textSealed: await sealer.seal(v.text, aad('case_messages.text_sealed', v.caseId, v.chatId, v.now)),
          staffId: v.staffId,
          outboxId: v.outboxId,
          at: v.now,
        }),
        db
          .update(cases)
          .set({
            firstResponseAt: sql`coalesce(${cases.firstResponseAt}, ${v.now})`,
            status: sql`case when ${cases.status} = 'waiting' then 'open' else ${cases.status} end`,
            assigneeId: sql`coalesce(${cases.assigneeId}, ${v.staffId})`,
            updatedAt: v.now,
          })
          .where(eq(cases.id, v.caseId)),
      ]);
    },

    async addNote(v: { caseId: string; chatId: string; staffId: number; text: string; now: number }): Promise<void> {
      await db.insert(caseNotes).values({
        caseId: v.caseId,
        chatId: v.chatId,
        staffId: v.staffId,
        textSealed: await sealer.seal(v.text, aad('case_notes.text_sealed', v.caseId, v.chatId, v.now)),
        at: v.now,
      });
    },

    /** Closes the case; false when it was already resolved (a second click does nothing). */
    async close(caseId: string, now: number): Promise<boolean> {
      const rows = await db
        .update(cases)
        .set({ status: 'resolved', closedAt: now, closedBy: 'staff', updatedAt: now })
        .where(and(eq(cases.id, caseId), ne(cases.status, 'resolved')))
        .returning({ id: cases.id });
      return rows.length > 0;
    },

    // Canned replies (admins manage them; coordinators pick one to fill the reply box).

    async listCanned(): Promise<CannedRow[]> {
      return db
        .select({ id: cannedReplies.id, title: cannedReplies.title, body: cannedReplies.body, updatedAt: cannedReplies.updatedAt })
        .from(cannedReplies)
        .orderBy(asc(cannedReplies.title), asc(cannedReplies.id));
    },
    async getCanned(id: number): Promise<CannedRow | undefined> {
      const [row] = await db
        .select({ id: cannedReplies.id, title: cannedReplies.title, body: cannedReplies.body, updatedAt: cannedReplies.updatedAt })
        .from(cannedReplies)
        .where(eq(cannedReplies.id, id));
      return row;
    },
    async createCanned(v: { title: string; body: string; staffId: number; now: number }): Promise<number> {
      const [row] = await db
        .insert(cannedReplies)
        .values({ title: v.title, body: v.body, createdBy: v.staffId, updatedAt: v.now })
        .returning({ id: cannedReplies.id });
      return row!.id;
    },
    async updateCanned(id: number, v: { title: string; body: string; now: number }): Promise<boolean> {
      const rows = await db
        .update(cannedReplies)
        .set({ title: v.title, body: v.body, updatedAt: v.now })
        .where(eq(cannedReplies.id, id))
        .returning({ id: cannedReplies.id });
      return rows.length > 0;
    },
    async deleteCanned(id: number): Promise<boolean> {
      const rows = await db.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id });
      return rows.length > 0;
    },

    // Invite codes: only the hash is stored, so the code itself is shown once, at creation.

    async listInvites(): Promise<InviteRow[]> {
      return db
        .select({
          id: inviteCodes.id,
          label: inviteCodes.label,
          createdAt: inviteCodes.createdAt,
          expiresAt: inviteCodes.expiresAt,
          usedAt: inviteCodes.usedAt,
          revokedAt: inviteCodes.revokedAt,
        })
        .from(inviteCodes)
        .orderBy(desc(inviteCodes.createdAt), desc(inviteCodes.id))
        .limit(500);
    },
    async createInvite(v: { codeHash: string; label: string; staffId: number; now: number; expiresAt: number }): Promise<number> {
      const [row] = await db
        .insert(inviteCodes)
        .values({ codeHash: v.codeHash, label: v.label, createdBy: v.staffId, createdAt: v.now, expiresAt: v.expiresAt })
        .returning({ id: inviteCodes.id });
      return row!.id;
    },
    /** Revokes an unused code; false when it is unknown, used or already revoked. */
    async revokeInvite(id: number, now: number): Promise<boolean> {
      const rows = await db
        .update(inviteCodes)
        .set({ revokedAt: now })
        .where(and(eq(inviteCodes.id, id), isNull(inviteCodes.revokedAt), isNull(inviteCodes.usedBy)))
        .returning({ id: inviteCodes.id });
      return rows.length > 0;
    },

    // The questions the bot could not answer (masked before they were sealed).

    async unansweredPage(limit: number, offset: number): Promise<{ rows: UnansweredRow[]; total: number }> {
      const [{ n }] = (await db.select({ n: count() }).from(unanswered)) as [{ n: number }];
      const rows = await db.select().from(unanswered).orderBy(desc(unanswered.at), desc(unanswered.id)).limit(limit).offset(offset);
      const out = await Promise.all(
        rows.map(async (r) => {
          let candidates: string[] = [];
          try {
            const parsed: unknown = JSON.parse(r.candidates);
            if (Array.isArray(parsed)) candidates = parsed.filter((x): x is string => typeof x === 'string');
          } catch {
            // A malformed list shows as none rather than breaking the page.
          }
          return {
            id: r.id,
            question: await sealer.open(r.questionSealed, aad('unanswered.question_sealed', r.at, r.locale)),
            candidates,
            locale: r.locale,
            at: r.at,
          };
        }),
      );
      return { rows: out, total: n };
    },

    /** Staff ids that exist among these (to validate an assignment form). */
    async activeStaffIds(ids: number[]): Promise<number[]> {
      if (!ids.length) return [];
      const rows = await db
        .select({ id: staff.id })
        .from(staff)
        .where(and(inArray(staff.id, ids), eq(staff.status, 'active')));
      return rows.map((r) => r.id);
    },
  };
}
