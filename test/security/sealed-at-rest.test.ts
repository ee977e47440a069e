/**
 * Sealed values are bound to their table, column and row (AES-GCM associated data), older
 * unbound values are bound by the migration, and a deletion leaves nothing of the deleted
 * rows in the database file (PRAGMA secure_delete on the embedded file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { createHarness, TEST_KEY, type Harness } from '../support/harness.ts';
import { createSealer, fromBase64, toBase64 } from '../../src/shared/crypto.ts';
import { aad, SEALED_BINDINGS } from '../../src/db/sealed-bindings.ts';
import { sealedColumns } from '../../src/db/rotate-key.ts';
import { conversations, userDataTables } from '../../src/db/schema.ts';
import { bindSealedValues } from '../../src/runtime/node-deps.ts';
import { consult, latestCase, registerPro } from '../support/cases.ts';
import { createCaseConsoleStore } from '../../src/features/consultation/case-console-store.ts';
import { events } from '../../src/line/webhook-events.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('sealed values are bound to their place', () => {
  it('every sealed column of the schema has a binding, made of columns its table has', async () => {
    const columns = sealedColumns();
    expect(Object.keys(SEALED_BINDINGS).sort()).toEqual(columns.map((c) => `${c.table}.${c.column}`).sort());
    const db = createClient({ url: `file:${h.dbFile}` });
    try {
      for (const [name, bound] of Object.entries(SEALED_BINDINGS)) {
        const table = name.split('.')[0]!;
        const r = await db.execute(`select name from pragma_table_info('${table}')`);
        const have = r.rows.map((row) => String(row.name));
        for (const b of bound) expect(have, `${name} bound by ${b}`).toContain(b);
      }
    } finally {
      db.close();
    }
  });

  it("a conversation state moved to another person's row does not open there (the bot starts afresh)", async () => {
    const alice = await h.user('alice');
    const bob = await h.user('bob');
    await alice.say('言語');
    await alice.tap('English');
    await bob.say('メニュー');
    const { db } = h.node.deps.store;
    const [a] = await db.select().from(conversations).where(eq(conversations.chatId, alice.id));
    expect((await h.node.deps.store.loadConversation(alice.id, Date.now())).state?.locale).toBe('en');
    await db.update(conversations).set({ stateSealed: a!.stateSealed }).where(eq(conversations.chatId, bob.id));
    await expect(h.node.deps.sealer.open(a!.stateSealed!, aad('conversations.state_sealed', bob.id))).rejects.toMatchObject({ reason: 'auth' });
    expect((await h.node.deps.store.loadConversation(bob.id, Date.now())).state).toBeNull();
    // Where it belongs it still opens.
    expect((await h.node.deps.store.loadConversation(alice.id, Date.now())).state?.locale).toBe('en');
  });

  it('a case summary moved to another case does not open, nor in another column', async () => {
    const one = await h.user('one');
    const two = await h.user('two');
    await registerPro(h, one, '事業所 一');
    await registerPro(h, two, '事業所 二');
    await consult(one, '退院後の訪問診療について');
    await consult(two, '別の相談です');
    const c1 = (await latestCase(h, one.id))!;
    const c2 = (await latestCase(h, two.id))!;
    await expect(h.node.deps.sealer.open(c1.summarySealed, aad('cases.summary_sealed', c2.id))).rejects.toMatchObject({ reason: 'auth' });
    await expect(h.node.deps.sealer.open(c1.summarySealed, aad('professionals.organization_sealed', c1.id))).rejects.toMatchObject({ reason: 'auth' });
    const raw = createClient({ url: `file:${h.dbFile}` });
    await raw.execute({ sql: 'update cases set summary_sealed = ? where id = ?', args: [c1.summarySealed, c2.id] });
    raw.close();
    const store = createCaseConsoleStore(h.node.deps.store.db, h.node.deps.sealer);
    await expect(store.getCase(c2.id)).rejects.toMatchObject({ reason: 'auth' });
    expect((await store.getCase(c1.id))?.summary.answers).toBeDefined();
  });

  it('the migration binds values sealed before binding existed (v1), once', async () => {
    const u = await h.user('legacy');
    await u.say('言語');
    await u.tap('English');
    const { db } = h.node.deps.store;
    const [row] = await db.select().from(conversations).where(eq(conversations.chatId, u.id));
    const plain = await h.node.deps.sealer.open(row!.stateSealed!, aad('conversations.state_sealed', u.id));
    // The same state as an older version of the app sealed it: no associated data.
    const key = await crypto.subtle.importKey('raw', fromBase64(TEST_KEY), 'AES-GCM', false, ['encrypt']);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plain)));
    const legacy = `v1.${h.node.deps.sealer.keyId}.${toBase64(iv)}.${toBase64(ct)}`;
    await db.update(conversations).set({ stateSealed: legacy }).where(eq(conversations.chatId, u.id));
    expect((await h.node.deps.store.loadConversation(u.id, Date.now())).state?.locale).toBe('en'); // still readable meanwhile

    expect(await bindSealedValues(h.node.client, h.node.config)).toBe(1);
    const [after] = await db.select().from(conversations).where(eq(conversations.chatId, u.id));
    expect(after!.stateSealed!.startsWith(`v2.${h.node.deps.sealer.keyId}.`)).toBe(true);
    expect(await h.node.deps.sealer.open(after!.stateSealed!, aad('conversations.state_sealed', u.id))).toBe(plain);
    expect(await bindSealedValues(h.node.client, h.node.config)).toBe(0);
    const sealer = await createSealer(TEST_KEY);
    await expect(sealer.open(after!.stateSealed!, aad('conversations.state_sealed', 'U-someone-else'))).rejects.toMatchObject({ reason: 'auth' });
  });
});

describe('after a deletion, the database file', () => {
  it('holds nothing of the deleted rows (secure_delete zeroes freed space)', async () => {
    const alice = await h.user('alice-deletes');
    const bob = await h.user('bob-keeps');
    for (const u of [alice, bob]) {
      await u.follow();
      await registerPro(h, u, `事業所 ${u.id}`);
      await consult(u, `相談 ${u.id}`);
      await u.say('終了');
      await u.say('言語');
      await u.tap('English');
    }
    // Every sealed value stored for Alice, and Bob's as a control.
    const raw = createClient({ url: `file:${h.dbFile}` });
    const sealedOf = async (id: string): Promise<string[]> => {
      const out: string[] = [];
      for (const c of sealedColumns()) {
        const owner = userDataTables.find((t) => t.table === c.table);
        if (!owner) continue;
        const r = await raw.execute({ sql: `select ${c.column} as v from ${c.table} where ${owner.column} = ? and ${c.column} is not null`, args: [id] });
        out.push(...r.rows.map((row) => String(row.v)));
      }
      return out;
    };
    const alices = await sealedOf(alice.id);
    const bobs = await sealedOf(bob.id);
    raw.close();
    expect(alices.length).toBeGreaterThanOrEqual(3); // state, case summary, transcript

    await alice.say('データを削除');
    const yes = alice.last.flatMap((m) => [...m.quickReplies, ...m.buttons]).find((a) => /delete|削除します/i.test(a.label));
    await h.send([events.postback({ userId: alice.id, replyToken: h.fake.issueReplyToken(alice.id) }, yes!.value)]);
    expect(JSON.stringify(h.fake.messagesFor(alice.id).at(-1))).toMatch(/削除しました|has been deleted/);
    const { dbFile } = h;
    await h.node.drain();
    // Whatever is still in the write-ahead log is counted below as well; the checkpoint moves
    // it into the file, where freed pages are what secure_delete is about.
    await h.node.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');

    const files = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].filter(existsSync).map((f) => readFileSync(f));
    const bytes = Buffer.concat(files);
    // A sealed value's ciphertext is unique: 24 characters of it are enough to find it.
    const needle = (v: string) => Buffer.from(v.split('.')[3]!.slice(0, 24), 'latin1');
    const left = alices.filter((v) => bytes.includes(needle(v)));
    expect(left, 'sealed values of the deleted person still in the file').toEqual([]);
    // Bob's are still there: the scan can find what it looks for.
    expect(bobs.filter((v) => bytes.includes(needle(v))).length).toBeGreaterThan(0);
  });
});
