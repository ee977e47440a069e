/**
 * Wraps a libSQL client (embedded file, sqld or Turso — the runtime chooses which) in
 * drizzle. The `web` flavour of drizzle's libSQL driver only wraps the client it is given,
 * so the same code runs on Node and Workers.
 */
import type { Client } from '@libsql/client';
import type { Client as WebClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema>;

export function createDb(client: Client): Db {
  // Node's and the web client share one interface; only their construction differs.
  return drizzle(client as unknown as WebClient, { schema });
}
