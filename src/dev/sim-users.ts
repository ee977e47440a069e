/**
 * The simulated LINE users shown side by side in the simulator. Their ids are derived from
 * fixed names (like `renkei chat --user`), so the same person keeps the same LINE user id —
 * and so the same conversation in the database — across restarts.
 */
import { userIdFor } from '../line/webhook-events.ts';

export interface SimUser {
  /** URL-safe key used by the simulator API (/dev/api/users/:key/…) */
  key: string;
  /** Japanese role label shown on the panel */
  label: string;
  /** one-line description of whom this user stands for */
  description: string;
  /** LINE-shaped user id (U + 32 hex) */
  userId: string;
}

const USERS = [
  { key: 'resident', label: '住民', description: '在宅療養について知りたい市民' },
  { key: 'family', label: '家族', description: '親の介護をしている家族' },
  { key: 'professional', label: '専門職', description: 'ケアマネジャーや訪問看護師など' },
] as const;

export type SimUserKey = (typeof USERS)[number]['key'];

export async function simUsers(): Promise<SimUser[]> {
  return Promise.all(USERS.map(async (u) => ({ ...u, userId: await userIdFor(`simulator-${u.key}`) })));
}
