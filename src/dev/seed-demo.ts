/**
 * Demo data for dev mode, so an evaluator can try every part of renkei without setting
 * anything up: an invite code for trying the professional's side in the simulator. Run at
 * each dev start and idempotent: what exists is left alone, what a reset removed comes back.
 *
 * The demo code is derived from the data key (like the demo passwords), so it is the same on
 * every start of one installation and can be shown on the simulator page although only its
 * hash is stored. Never runs in live mode.
 */
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../app/deps.ts';
import { hmacSha256 } from '../app/crypto.ts';
import { inviteCodeHash, normalizeInviteCode } from '../app/invite-code.ts';
import { inviteCodes } from '../db/schema-cases.ts';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const DAY = 86_400_000;

export interface DemoData {
  inviteCode: string;
}

let current: DemoData | undefined;

/** What the simulator page shows (dev mode, after start). */
export function demoData(): DemoData | undefined {
  return current;
}

async function demoInviteCode(key: string): Promise<string> {
  const bytes = await hmacSha256(key, new TextEncoder().encode('renkei-demo-invite-code'));
  const letters = [...bytes.slice(0, 10)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

export async function seedDemoData(deps: AppDeps): Promise<DemoData> {
  const { db } = deps.store;
  const now = deps.wallClock();
  const inviteCode = await demoInviteCode(deps.config.encryptionKey);
  const codeHash = await inviteCodeHash(normalizeInviteCode(inviteCode));
  const [existing] = await db.select({ id: inviteCodes.id }).from(inviteCodes).where(eq(inviteCodes.codeHash, codeHash));
  if (!existing) {
    await db.insert(inviteCodes).values({ codeHash, label: 'デモ用（シミュレーターの専門職）', createdAt: now, expiresAt: now + 365 * DAY });
  }
  current = { inviteCode };
  return current;
}
