/**
 * Encryption key rotation (src/db/rotate-key.ts, `renkei rotate-key`, docs/operations.md):
 * data sealed with key A is re-sealed under key B; afterwards every value opens with B alone,
 * the app runs on B alone, and a second run changes nothing.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '@libsql/client';
import { createHarness, TEST_KEY, type Harness } from '../support/harness.ts';
import { createSealer, type Sealer } from '../../src/shared/crypto.ts';
import { run as rotateCli } from '../../src/cli/rotate-key.ts';
import { outbox } from '../../src/db/schema.ts';
import { rotateKey, sealedColumns } from '../../src/db/rotate-key.ts';
import { addNote, consult, latestCase, registerPro } from '../support/cases.ts';
import { requestLecture } from '../support/outreach.ts';
import { useTheNote } from '../acp/support.ts';
import { aad, SEALED_BINDINGS, type SealedColumnName } from '../../src/db/sealed-bindings.ts';

const KEY_A = TEST_KEY; // what the harness seals with
const KEY_B = 'QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI='; // 32 × "B"
const KEY_C = 'Q0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0M='; // 32 × "C", never given to the rotation

let h: Harness;
let db: Client;
beforeEach(async () => {
  h = await createHarness();
  db = createClient({ url: `file:${h.dbFile}` });
});
afterEach(async () => {
  db.close();
  await h.close();
});

const MARKERS = ['ローテーション確認ワカサギ', 'ローテーション確認オオサンショウウオ'];

/** Leaves a sealed value in every sealed column: states, a pending event, pending messages, kept questions. */
async function seedData(): Promise<void> {
  for (const [i, name] of ['rotate-1', 'rotate-2', 'rotate-3'].entries()) {
    const u = await h.user(name);
    await u.follow();
    await u.say(`${MARKERS[i % 2]} の飼い方を教えて`); // unanswerable: kept (masked, sealed) for review
    await registerPro(h, u, `事業所 ${MARKERS[0]}`); // the organisation, sealed
    await consult(u, `${MARKERS[1]} の件で相談です`); // a case summary, sealed
    await u.say(`${MARKERS[0]} 追加`); // a message in the case's transcript
    await addNote(h, (await latestCase(h, u.id))!.id, u.id, MARKERS[1]!);
    await u.say('終了');
    await requestLecture(u, `${MARKERS[0]} クラブ`); // a lecture request's contact details, sealed
    await useTheNote(h, u, `${MARKERS[i % 2]}-${name}`); // the ACP note's answers, a share's invitee, the checklist's place
    await u.say('データを削除'); // a pending confirmation in the sealed state
    await h.node.deps.store.receive([{ eventId: `PENDING-${name}`, chatId: u.id, timestamp: Date.now(), payload: u.event('text', MARKERS[0]!) }], Date.now());
    const retryKey = crypto.randomUUID();
    await h.node.deps.store.db.insert(outbox).values({
      chatId: u.id,
      retryKey,
      payloadSealed: await h.node.deps.sealer.seal(JSON.stringify([{ type: 'text', text: MARKERS[1] }]), aad('outbox.payload_sealed', retryKey)),
      attempts: 1,
      nextAttemptAt: Date.now() + 86_400_000,
      createdAt: Date.now(),
    });
  }
}

type Snapshot = Map<string, string>; // "table.column#key" → sealed value
/** "table.column#key" → the associated data the value is bound with (its row's binding columns). */
const boundWith = new Map<string, string>();

async function snapshot(): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const c of sealedColumns()) {
    const name = `${c.table}.${c.column}` as SealedColumnName;
    const cols = SEALED_BINDINGS[name];
    const r = await db.execute(
      `select ${c.key} as k, ${c.column} as v${cols.map((b, i) => `, ${b} as b${i}`).join('')} from ${c.table} where ${c.column} is not null order by ${c.key}`,
    );
    for (const row of r.rows) {
      const key = `${c.table}.${c.column}#${String(row.k)}`;
      out.set(key, String(row.v));
      boundWith.set(key, aad(name, ...cols.map((_, i) => row[`b${i}`] as string | number)));
    }
  }
  return out;
}

async function openAll(s: Snapshot, sealer: Sealer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [k, v] of s) out.set(k, await sealer.open(v, boundWith.get(k)!));
  return out;
}

const sink = () => {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
};

describe('sealed columns', () => {
  it('are found in the drizzle schema, and cover every *_sealed column of the live database', async () => {
    const found = sealedColumns().map((c) => `${c.table}.${c.column}`);
    expect(found).toEqual(
      expect.arrayContaining(['conversations.state_sealed', 'inbox.payload_sealed', 'outbox.payload_sealed', 'unanswered.question_sealed']),
    );
    const live = await db.execute(
      `select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name like '%\\_sealed' escape '\\'`,
    );
    expect(found.sort()).toEqual(live.rows.map((r) => `${String(r.t)}.${String(r.c)}`).sort());
  });
});

describe('rotating from key A to key B', () => {
  it('re-seals every value so that B alone opens it, and a second run changes nothing', async () => {
    await seedData();
    const before = await snapshot();
    // Every sealed column holds something, so the rotation is tested on each.
    for (const c of sealedColumns())
      expect(
        [...before.keys()].some((k) => k.startsWith(`${c.table}.${c.column}#`)),
        `${c.table}.${c.column}`,
      ).toBe(true);
    const sealerA = await createSealer(KEY_A);
    const plain = await openAll(before, sealerA);

    const sealerB = await createSealer(KEY_B, [KEY_A]);
    const first = await rotateKey(h.node.deps.store.db, sealerB, { batchSize: 2 });
    expect(first.resealed).toBe(before.size);
    expect(first.remaining).toBe(0);
    expect(first.unreadable).toBe(0);

    const after = await snapshot();
    expect([...after.keys()]).toEqual([...before.keys()]);
    const bAlone = await createSealer(KEY_B);
    for (const [k, v] of after) expect(v.startsWith(`v2.${bAlone.keyId}.`), k).toBe(true);
    expect(await openAll(after, bAlone)).toEqual(plain);
    // A alone opens nothing any more.
    for (const [k, v] of after) await expect(sealerA.open(v, boundWith.get(k)!), k).rejects.toThrow();

    const second = await rotateKey(h.node.deps.store.db, sealerB, { batchSize: 2 });
    expect(second.resealed).toBe(0);
    expect(second.remaining).toBe(0);
    expect(await snapshot()).toEqual(after);
  });

  it('lets the app run on key B alone afterwards', async () => {
    await seedData();
    const u = await h.user('rotate-1');
    await rotateKey(h.node.deps.store.db, await createSealer(KEY_B, [KEY_A]));

    const client = createClient({ url: `file:${h.dbFile}` });
    const onB = await createHarness({ client, env: { DATA_ENCRYPTION_KEY: KEY_B } });
    try {
      const store = onB.node.deps.store;
      // The state survived: the pending deletion is still waiting for its confirmation.
      expect((await store.loadConversation(u.id, Date.now())).state?.confirmingDelete).toBe(true);
      expect((await store.pendingEvents(Date.now())).map((e) => e.eventId)).toEqual(expect.arrayContaining(['PENDING-rotate-1']));
      const later = Date.now() + 2 * 86_400_000;
      const rows = (await Promise.all((await store.dueChats(later)).map((c) => store.dueOutbox(later, c)))).flat();
      expect(rows.length).toBeGreaterThanOrEqual(3);
    } finally {
      await onB.close(); // closes `client`
    }
  });

  it('is resumable: a run stopped part-way is finished by the next', async () => {
    await seedData();
    const total = (await snapshot()).size;
    const sealerB = await createSealer(KEY_B, [KEY_A]);
    const part = await rotateKey(h.node.deps.store.db, sealerB, { batchSize: 2, limit: 3 });
    expect(part.resealed).toBe(3);
    expect(part.stopped).toBe(true);
    expect(part.remaining).toBe(total - 3);
    const rest = await rotateKey(h.node.deps.store.db, sealerB, { batchSize: 2 });
    expect(rest.resealed).toBe(total - 3);
    expect(rest.remaining).toBe(0);
  });

  it('counts without writing in a dry run', async () => {
    await seedData();
    const before = await snapshot();
    const dry = await rotateKey(h.node.deps.store.db, await createSealer(KEY_B, [KEY_A]), { dryRun: true });
    expect(dry.resealed).toBe(0);
    expect(dry.remaining).toBe(before.size);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves values it cannot open as they are, and says so', async () => {
    await seedData();
    const sealerC = await createSealer(KEY_C);
    const foreign = await sealerC.seal('sealed with a key nobody gave us', 'anywhere');
    await db.execute({ sql: 'update conversations set state_sealed = ? where rowid = (select min(rowid) from conversations)', args: [foreign] });
    await db.execute({ sql: "update unanswered set question_sealed = 'not even a sealed value' where id = (select min(id) from unanswered)" });
    const report = await rotateKey(h.node.deps.store.db, await createSealer(KEY_B, [KEY_A]), { batchSize: 2 });
    expect(report.unreadable).toBe(2);
    expect(report.remaining).toBe(2);
    const kept = await db.execute({ sql: 'select count(*) as n from conversations where state_sealed = ?', args: [foreign] });
    expect(Number(kept.rows[0]!.n)).toBe(1);
  });

  it('does not overwrite a value the app rewrote during the rotation', async () => {
    await seedData();
    const sealerB = await createSealer(KEY_B, [KEY_A]);
    const [victim] = (await db.execute('select chat_id, state_sealed from conversations order by chat_id limit 1')).rows;
    const chatId = String(victim!.chat_id);
    const original = String(victim!.state_sealed);
    const newer = await sealerB.seal(JSON.stringify({ written: 'by the app, meanwhile' }), aad('conversations.state_sealed', chatId));
    let interfered = false;
    // A sealer that, when it opens the victim's state, lets "the app" write a new one to that row.
    const racing: Sealer = {
      keyId: sealerB.keyId,
      seal: (p, bound) => sealerB.seal(p, bound),
      async open(v, bound) {
        if (!interfered && v === original) {
          interfered = true;
          await db.execute({ sql: 'update conversations set state_sealed = ? where chat_id = ?', args: [newer, chatId] });
        }
        return sealerB.open(v, bound);
      },
    };
    const report = await rotateKey(h.node.deps.store.db, racing, { batchSize: 1 });
    expect(report.columns.find((c) => c.table === 'conversations')!.changedMeanwhile).toBe(1);
    expect(report.remaining).toBe(0);
    const row = await db.execute({ sql: 'select state_sealed from conversations where chat_id = ?', args: [chatId] });
    expect(row.rows[0]!.state_sealed).toBe(newer);
  });
});

describe('renkei rotate-key', () => {
  const env = () => ({ DATABASE_URL: `file:${h.dbFile}`, DATA_ENCRYPTION_KEY: KEY_B, DATA_ENCRYPTION_KEY_PREVIOUS: ` ${KEY_C}, ${KEY_A} ` });

  it('rotates, prints counts (never keys or values), and reports nothing left on a second run', async () => {
    await seedData();
    const total = (await snapshot()).size;
    const out = sink();
    expect(await rotateCli(['--batch-size', '2'], { stdout: out.stream, env: env() })).toBe(0);
    const text = out.text();
    expect(text).toContain(`re-sealed ${total}, unreadable 0, remaining 0`);
    expect(text).toMatch(/conversations\.state_sealed\s+\d+ sealed/);
    expect(text).toContain((await createSealer(KEY_B)).keyId);
    for (const secret of [KEY_A, KEY_B, KEY_C, ...MARKERS, 'v1.']) expect(text).not.toContain(secret);
    for (const v of (await snapshot()).values()) expect(text).not.toContain(v.split('.')[3]!.slice(0, 16));

    const again = sink();
    expect(await rotateCli([], { stdout: again.stream, env: env() })).toBe(0);
    expect(again.text()).toContain('re-sealed 0, unreadable 0, remaining 0');
  });

  it('exits 1 while values remain, 0 once they are done (dry run and limit)', async () => {
    await seedData();
    const total = (await snapshot()).size;
    const dry = sink();
    expect(await rotateCli(['--dry-run'], { stdout: dry.stream, env: env() })).toBe(1);
    expect(dry.text()).toContain(`remaining ${total}`);
    expect(await rotateCli(['--limit', '2'], { stdout: sink().stream, env: env() })).toBe(1);
    expect(await rotateCli([], { stdout: sink().stream, env: env() })).toBe(0);
  });

  it('refuses to run without the new key or with a malformed old key, naming the variable only', async () => {
    const err = sink();
    expect(await rotateCli([], { stdout: sink().stream, stderr: err.stream, env: { DATABASE_URL: `file:${h.dbFile}` } })).toBe(2);
    expect(err.text()).toContain('DATA_ENCRYPTION_KEY');
    const err2 = sink();
    const bad = 'bm90LWEta2V5';
    expect(await rotateCli([], { stdout: sink().stream, stderr: err2.stream, env: { ...env(), DATA_ENCRYPTION_KEY_PREVIOUS: `${KEY_A},${bad}` } })).toBe(2);
    expect(err2.text()).toContain('DATA_ENCRYPTION_KEY_PREVIOUS: key 2');
    expect(err2.text()).not.toContain(bad);
    expect(await rotateCli(['--batch-size', 'lots'], { stdout: sink().stream, stderr: sink().stream, env: env() })).toBe(2);
  });
});
