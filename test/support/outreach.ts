/**
 * Test helpers for outreach: a lecture request through the chat (in Japanese) and an event
 * as the console would create it.
 */
import { outreachEvents } from '../../src/features/outreach/schema.ts';
import type { Harness, UserDriver } from './harness.ts';

/** Asks for a lecture on 人生会議 through the chat and sends it. */
export async function requestLecture(u: UserDriver, group = 'さくら町老人クラブ'): Promise<void> {
  for (const text of ['出前講座', group, '山田花子', '090-1234-5678', '12月15日', '12月22日', 'さくら町公民館', '25']) await u.say(text);
  await u.tap('人生会議');
  await u.tap('送信');
}

/** A resident event ten days after `from` (ms), as created in the console. */
export async function addEvent(h: Harness, from: number, over: Partial<typeof outreachEvents.$inferInsert> = {}): Promise<number> {
  const [row] = await h.node.deps.store.db
    .insert(outreachEvents)
    .values({
      kind: 'event',
      audience: 'residents',
      title: '市民講座',
      place: '市民会館',
      startsAt: from + 10 * 86_400_000,
      capacity: 10,
      createdAt: 0,
      updatedAt: 0,
      ...over,
    })
    .returning({ id: outreachEvents.id });
  return row!.id;
}
