/**
 * `npm run renkei -- migrate`: applies the migrations in drizzle/ to DATABASE_URL
 * (the local file by default; a Turso URL with DATABASE_AUTH_TOKEN for production), then
 * binds values sealed before binding existed to their rows (db/rotate-key.ts, onlyUnbound).
 */
import { bindSealedValues, nodeConfig, openDatabase, migrateDatabase } from '../runtime/node-deps.ts';

export async function run(_argv: string[], io: { stdout: NodeJS.WritableStream }): Promise<number> {
  const config = nodeConfig(process.env);
  const client = openDatabase(config);
  await migrateDatabase(client);
  // Values sealed before they were bound to their row are re-sealed bound (needs DATA_ENCRYPTION_KEY).
  const bound = await bindSealedValues(client, config);
  const rows = await client.execute('select count(*) as n from __drizzle_migrations');
  io.stdout.write(
    `migrations applied to ${config.database.url.replace(/\/\/[^@/]*@/, '//***@')} (${String(rows.rows[0]?.n)} in total); ${bound} sealed value(s) bound to their rows\n`,
  );
  client.close();
  return 0;
}
