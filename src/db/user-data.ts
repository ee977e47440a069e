/**
 * Deleting everything held about a chat. Its own module because both the store (the console's
 * and the CLI's deletions) and the engine's `delete-user-data` effect (db/effects.ts) need it.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client.ts';
import { inbox, userDataTables } from './schema.ts';

/**
 * Everything held about a chat, in every table listed in `userDataTables`, except the id of
 * the event being processed (kept to stop a redelivery from running it again).
 */
export function deleteChatStatements(db: Db, chatId: string, userId: string | undefined, keepEventId?: string): BatchItem<'sqlite'>[] {
  const out: BatchItem<'sqlite'>[] = [];
  for (const { table, column, also } of userDataTables) {
    if (table === 'inbox') {
      out.push(
        keepEventId ? db.delete(inbox).where(and(eq(inbox.chatId, chatId), ne(inbox.eventId, keepEventId))) : db.delete(inbox).where(eq(inbox.chatId, chatId)),
      );
      continue;
    }
    // Names come from our own constant list, never from input.
    const ids = table === 'users' || table === 'professionals' || table === 'invite_codes' ? (userId ? [userId] : []) : [chatId];
    for (const id of ids) {
      for (const col of [column, ...(also ?? [])]) out.push(db.run(sql`delete from ${sql.identifier(table)} where ${sql.identifier(col)} = ${id}`));
    }
  }
  return out;
}
