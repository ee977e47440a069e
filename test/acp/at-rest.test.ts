/**
 * The ACP note at rest: the database file never holds a free-text answer (or a choice) in
 * plain text, yet the app reads it back; every save is a new version with who and when.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { createHarness, type Harness } from '../support/harness.ts';
import { createAcpStore } from '../../src/features/acp-note/store.ts';
import { writeNote } from './support.ts';
import { aad } from '../../src/db/sealed-bindings.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const SECRET_WISH = '最期はアオバズクの声を聞きながら過ごしたい';

it('keeps free text sealed in the database file, readable through the app, with versions', async () => {
  const u = await h.user('at-rest');
  await writeNote(u, { message: SECRET_WISH });
  await u.tap('不要');
  // A change from the review adds a version instead of overwriting.
  await u.say('想いノート');
  await u.tap('見直す');
  await u.postback('n|change|values_note');
  await u.say(`${SECRET_WISH}（追記）`);

  const client = createClient({ url: `file:${h.dbFile}` });
  await client.execute('pragma wal_checkpoint(truncate)');
  client.close();
  const bytes = [readFileSync(h.dbFile)];
  for (const extra of ['-wal', '-journal']) {
    try {
      bytes.push(readFileSync(h.dbFile + extra));
    } catch {
      // not present
    }
  }
  const raw = Buffer.concat(bytes);
  for (const needle of [SECRET_WISH, 'アオバズク', 'family-home', '"family"']) {
    expect(raw.includes(Buffer.from(needle, 'utf8')), `plain "${needle}" in the database file`).toBe(false);
  }

  const store = createAcpStore(h.node.deps.store.db, h.node.deps.sealer);
  const note = await store.load(u.id);
  expect(note.answers.values_note?.t).toBe(`${SECRET_WISH}（追記）`);
  expect(note.answers.values?.v).toEqual(['family']);
  expect(note.writer).toBe('self');

  const db = createClient({ url: `file:${h.dbFile}` });
  const versions = await db.execute({
    sql: `select version, writer, changed, text_sealed, at from acp_answers where chat_id = ? and item = 'values_note' order by version`,
    args: [u.id],
  });
  db.close();
  expect(versions.rows.map((r) => [r.version, r.writer, r.changed])).toEqual([
    [1, 'self', 'text'],
    [2, 'self', 'text'],
  ]);
  expect(
    await h.node.deps.sealer.open(String(versions.rows[0]!.text_sealed), aad('acp_answers.text_sealed', u.id, 'values_note', Number(versions.rows[0]!.at))),
  ).toBe(SECRET_WISH);
  // Never in the logs either.
  expect(h.logs.join('\n')).not.toContain('アオバズク');

  // Once the note is closed, the conversation state keeps none of it (not even in the recent
  // messages a coordinator's case summary would show).
  await u.tap('閉じる');
  const state = (await h.node.deps.store.loadConversation(u.id, Date.now())).state;
  expect(state?.flow).toBeNull();
  expect(JSON.stringify(state)).not.toContain('アオバズク');
});
