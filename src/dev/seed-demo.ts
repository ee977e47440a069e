/**
 * Demo data for dev mode, so an evaluator can try every part of renkei without setting
 * anything up: an invite code for trying the professional's side in the simulator, an
 * awareness event for residents and a training session for professionals. Run at each dev
 * start and idempotent: the code comes back if a reset removed it; the events are added only
 * to an installation that has none (a coordinator's own events are never touched).
 *
 * The demo code is derived from the data key (like the demo passwords), so it is the same on
 * every start of one installation and can be shown on the simulator page although only its
 * hash is stored. Never runs in live mode.
 */
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../app/deps.ts';
import { hmacSha256 } from '../shared/crypto.ts';
import { inviteCodeHash, normalizeInviteCode } from '../shared/invite-code.ts';
import { inviteCodes } from '../features/consultation/schema.ts';
import { outreachEvents } from '../features/outreach/schema.ts';
import { japanDate, japanInstant } from '../shared/japan-time.ts';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importDirectory } from '../features/directory/import/import-directory.ts';

/** The fictional open-data file of the demo city and the date it pretends to describe. */
const DEMO_KAIGO_FILE = 'content/directory/demo/kaigo-opendata-demo.csv';
const DEMO_KAIGO_DATE = '2026-06-30';
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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

/** 14:00 JST on the day `days` after the business date. */
function afternoon(businessNow: Date, days: number): number {
  const { year, month, day } = japanDate(businessNow.getTime());
  return japanInstant(year, month, day + days, 14);
}

function demoEvents(businessNow: Date, now: number) {
  const common = { status: 'open' as const, createdAt: now, updatedAt: now };
  return [
    {
      ...common,
      kind: 'event' as const,
      audience: 'residents' as const,
      title: '人生会議を考える市民のつどい（デモ）',
      description: 'もしものときの医療やケアについて、家族と話しておくきっかけづくりの講演会です。',
      place: 'デモ市民会館 大ホール',
      startsAt: afternoon(businessNow, 14),
      capacity: 120,
    },
    {
      ...common,
      kind: 'training' as const,
      audience: 'professionals' as const,
      title: '多職種連携研修会「退院支援と在宅の看取り」（デモ）',
      description: '病院と在宅の医療・介護職が事例を通して入退院の連携を学びます。',
      place: 'デモ市保健センター 研修室',
      startsAt: afternoon(businessNow, 21),
      capacity: 40,
    },
  ];
}

export async function seedDemoData(deps: AppDeps): Promise<DemoData> {
  const { db } = deps.store;
  const now = deps.clock.now().getTime();
  const inviteCode = await demoInviteCode(deps.config.encryptionKey);
  const codeHash = await inviteCodeHash(normalizeInviteCode(inviteCode));
  const [existing] = await db.select({ id: inviteCodes.id }).from(inviteCodes).where(eq(inviteCodes.codeHash, codeHash));
  if (!existing) {
    await db.insert(inviteCodes).values({ codeHash, label: 'デモ用（シミュレーターの専門職）', createdAt: now, expiresAt: now + 365 * DAY });
  }
  const [anyEvent] = await db.select({ id: outreachEvents.id }).from(outreachEvents).limit(1);
  if (!anyEvent) await db.insert(outreachEvents).values(demoEvents(deps.clock.now(), now));
  await seedDemoDirectory(deps);
  current = { inviteCode };
  return current;
}

/**
 * The demo city's directory (its own list in content/city.yaml and a fictional open-data file
 * in the official layout), imported once into an empty directory so `npm start` can answer
 * 「近くの訪問看護」 with no settings.
 */
async function seedDemoDirectory(deps: AppDeps): Promise<void> {
  const store = deps.stores.directory;
  if (await store.hasAny()) return;
  const outcome = await importDirectory(
    store,
    { cityFile: join(PROJECT_ROOT, 'content/city.yaml'), city: true, kaigo: [{ path: join(PROJECT_ROOT, DEMO_KAIGO_FILE), date: DEMO_KAIGO_DATE }] },
    deps.wallClock(),
  );
  if (!outcome.ok) deps.log.error('directory.demo-import-failed', { errors: outcome.errors.length });
}
