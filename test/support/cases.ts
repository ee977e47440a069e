/**
 * Test helpers for cases: invite codes as an admin would issue them, a professional's
 * registration and consultation through the chat, and rows the console would write.
 */
import { desc, eq } from 'drizzle-orm';
import { generateInviteCode, inviteCodeHash } from '../../src/shared/invite-code.ts';
import { caseNotes, cases, inviteCodes } from '../../src/features/consultation/schema.ts';
import type { Harness, UserDriver } from './harness.ts';
import { aad } from '../../src/db/sealed-bindings.ts';

export async function issueInviteCode(h: Harness, label = 'デモ居宅介護支援事業所', opts: { expiresAt?: number } = {}): Promise<string> {
  const code = generateInviteCode();
  // Invite codes expire in business time (the console issues them with deps.clock).
  const now = h.node.deps.clock.now().getTime();
  await h.node.deps.store.db.insert(inviteCodes).values({
    codeHash: await inviteCodeHash(code),
    label,
    createdAt: now,
    expiresAt: opts.expiresAt ?? now + 30 * 86_400_000,
  });
  return code;
}

/** Registers `u` as a care manager with a fresh invite code (in Japanese). */
export async function registerPro(h: Harness, u: UserDriver, organization = 'デモ居宅介護支援事業所'): Promise<void> {
  const code = await issueInviteCode(h);
  await u.say('招待コード');
  await u.say(code);
  await u.tap('ケアマネジャー');
  await u.say(organization);
}

/** A registered professional's consultation about a discharge, answered by LINE. */
export async function consult(u: UserDriver, summary: string): Promise<void> {
  await u.say('相談したい');
  await u.tap('入退院調整');
  await u.tap('今日中に');
  await u.say(summary);
  await u.tap('このLINEで');
}

export async function latestCase(h: Harness, chatId: string) {
  const [row] = await h.node.deps.store.db.select().from(cases).where(eq(cases.chatId, chatId)).orderBy(desc(cases.createdAt)).limit(1);
  return row;
}

/** A case row as the chat would have opened it (for console tests that need no conversation). */
export async function insertCase(
  h: Pick<Harness, 'node'>,
  o: {
    chatId: string;
    kind?: 'resident' | 'pro';
    status?: 'open' | 'waiting' | 'resolved';
    priority?: 'high' | 'normal' | 'low';
    message?: string;
    createdAt?: number;
    assigneeId?: number;
    category?: string;
    scene?: string;
  },
): Promise<string> {
  const id = `c${Math.random().toString(36).slice(2, 12).padEnd(10, '0')}`;
  const kind = o.kind ?? 'resident';
  const answers =
    kind === 'pro'
      ? { category: o.category ?? 'doctor', urgency: 'week', message: o.message ?? '相談です', callback: 'line' }
      : { who: 'family', scene: o.scene ?? 'daily', message: o.message ?? '相談です' };
  const at = o.createdAt ?? h.node.deps.clock.now().getTime();
  await h.node.deps.store.db.insert(cases).values({
    id,
    chatId: o.chatId,
    kind,
    status: o.status ?? 'open',
    priority: o.priority ?? 'normal',
    category: kind === 'pro' ? (o.category ?? 'doctor') : null,
    scene: kind === 'resident' ? (o.scene ?? 'daily') : null,
    writer: kind === 'pro' ? 'pro' : 'family',
    summarySealed: await h.node.deps.sealer.seal(JSON.stringify({ kind, answers, recent: [] }), aad('cases.summary_sealed', id)),
    assigneeId: o.assigneeId ?? null,
    createdAt: at,
    updatedAt: at,
    sourceEventId: `test-${id}`,
  });
  return id;
}

export async function addNote(h: Harness, caseId: string, chatId: string, text: string): Promise<void> {
  const at = h.node.deps.clock.now().getTime();
  await h.node.deps.store.db
    .insert(caseNotes)
    .values({ caseId, chatId, staffId: 1, textSealed: await h.node.deps.sealer.seal(text, aad('case_notes.text_sealed', caseId, chatId, at)), at });
}
