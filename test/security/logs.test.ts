/**
 * Logs carry ids and outcomes, never what people wrote (DESIGN.md, property 4). Whole
 * conversations run through the app — a follow, questions with distinctive marker strings,
 * numbers that look like phone numbers, an e-mail address, an emergency, a group chat,
 * garbage postback data, LINE failing for a while, a deletion — and every captured log line
 * is searched for the markers. The scenario suite's conversations are replayed the same way.
 * Every line must also be one JSON object with `level` and `event`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createHarness, type Harness } from '../support/harness.ts';
import { tick } from '../../src/app/tick.ts';
import { events } from '../../src/line/webhook-events.ts';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(opts: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness(opts);
  harnesses.push(h);
  return h;
}

const LEVELS = ['debug', 'info', 'warn', 'error'];

/** One JSON object per line: `t`, `level`, `event`, then flat id/outcome fields. */
function expectWellFormed(lines: string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line, 'one line per entry').not.toMatch(/[\n\r]/);
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`log line is not JSON: ${line.slice(0, 200)}`);
    }
    expect(entry && typeof entry === 'object' && !Array.isArray(entry), line).toBe(true);
    expect(LEVELS, line).toContain(entry.level);
    expect(typeof entry.event === 'string' && /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/.test(entry.event), `event name in ${line}`).toBe(true);
    expect(typeof entry.t === 'string' && !Number.isNaN(Date.parse(entry.t)), `timestamp in ${line}`).toBe(true);
    for (const [k, v] of Object.entries(entry)) {
      // Flat fields only: nothing that could smuggle a payload in.
      expect(['string', 'number', 'boolean'], `field ${k} in ${line}`).toContain(typeof v);
      if (typeof v === 'string') expect(v.length, `field ${k} in ${line}`).toBeLessThanOrEqual(200);
    }
  }
}

/** The marker and the forms it might take after normalisation (width, case, digits only). */
function forms(marker: string): string[] {
  const nfkc = marker.normalize('NFKC');
  const digits = nfkc.replace(/\D/g, '');
  return [...new Set([marker, nfkc, nfkc.toLowerCase(), ...(digits.length >= 8 ? [digits] : [])])];
}

function expectNoMarkers(lines: string[], markers: string[]): void {
  const joined = lines.join('\n');
  const found = markers.flatMap((m) =>
    forms(m)
      .filter((f) => joined.includes(f))
      .map((f) => `${m} (as ${f})`),
  );
  expect(found, 'message text found in the logs').toEqual([]);
}

describe('logs never hold message text', () => {
  it('through a follow, questions, phone numbers, an emergency, a group, LINE failures and a deletion', async () => {
    // A movable wall clock, so the scheduler can retry what LINE refused without waiting.
    let skew = 0;
    const h = await harness({ wallClock: () => Date.now() + skew });
    const markers: string[] = [];
    /** Says `text`, remembering the distinctive part (`marker`) to search for. */
    const say = async (u: Awaited<ReturnType<Harness['user']>>, text: string, ...marks: string[]) => {
      markers.push(...marks);
      return u.say(text);
    };

    const u = await h.user('hanako');
    await u.follow();
    await say(u, '母の介護保険の申請について教えてください ヤマブキ色のカナリア', 'ヤマブキ色のカナリア');
    await say(u, 'ZEBRAFISH-7731 home nursing please', 'ZEBRAFISH-7731');
    await say(u, '電話は090-1234-5678です', '090-1234-5678');
    await say(u, '自宅 03(3581)4321 に折り返して', '03(3581)4321');
    await say(u, '０８０－９８７６－５４３２ にお願いします', '０８０－９８７６－５４３２');
    await say(u, '+81 70 1111 2222 (mobile)', '+81 70 1111 2222');
    await say(u, 'メールは kurosawa.tomoe@example.jp です', 'kurosawa.tomoe@example.jp');
    await say(u, '住所は 東京都練馬区北町9-9-9 サンシャイン荘', '北町9-9-9 サンシャイン荘');
    await say(u, 'ウミガメのスープとシーラカンスの飼い方', 'ウミガメのスープとシーラカンスの飼い方');
    // An emergency in the middle of things: answered with the 119 advice; nothing of it logged.
    const emergency = await say(u, '父が息をしていない！顔色がムラサキイロ', 'ムラサキイロ');
    expect(JSON.stringify(emergency)).toContain('119');
    // An attempt to forge a log line through the text.
    await say(u, 'INJECTED-MARKER\n{"level":"error","event":"forged"}', 'INJECTED-MARKER', '"forged"');
    // Garbage postback data is the user's text too.
    markers.push('POSTBACK-MARKER-42');
    await u.postback('g|POSTBACK-MARKER-42');

    // LINE failing for a while: the failure paths log too.
    h.fake.setBehaviour({
      faults: [
        { path: '/v2/bot/message/reply', status: 500, times: 1 },
        { path: '/v2/bot/message/push', status: 503, times: 3 },
      ],
    });
    await say(u, 'リトライ中のクジャクサボテン', 'クジャクサボテン');
    h.fake.setBehaviour({
      faults: [
        { path: '/v2/bot/message/reply', status: 400, times: 1 },
        { path: '/v2/bot/message/push', status: 400, times: 1 },
      ],
    });
    await say(u, '拒否されたハシビロコウ', 'ハシビロコウ');
    h.fake.setBehaviour({});
    // Later: the scheduler delivers what was held back.
    skew += 3_600_000;
    await tick(h.node.deps, { recoverAfterMs: 0 });
    await h.node.drain();
    skew = 0;

    // A group: a mention and an emergency.
    const group = 'C0123456789abcdef0123456789abcdef';
    const member = await h.user('group-member');
    markers.push('グループのアオミドロ', 'グループでの胸の激痛ニジマス');
    const mention = events.text({ userId: member.id, groupId: group, replyToken: h.fake.issueReplyToken(group) }, '@renkei グループのアオミドロ') as {
      message: Record<string, unknown>;
    };
    mention.message.mention = { mentionees: [{ index: 0, length: 7, type: 'user', isSelf: true }] };
    await h.send([mention]);
    await h.send([events.text({ userId: member.id, groupId: group, replyToken: h.fake.issueReplyToken(group) }, 'グループでの胸の激痛ニジマス')]);

    // Deleting one's data.
    await say(u, 'データを削除');
    const done = await u.tap('はい、削除します');
    expect(JSON.stringify(done)).toContain('削除しました');

    expect(
      h.logs.some((l) => l.includes('"level":"warn"')),
      'the failure paths were exercised',
    ).toBe(true);
    expectWellFormed(h.logs);
    expect(h.logs.filter((l) => (JSON.parse(l) as { event: string }).event === 'forged')).toEqual([]);
    expectNoMarkers(h.logs, markers);
  });

  it("through the scenario suite's conversations", async () => {
    const dir = join(import.meta.dirname, '..', 'scenarios');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const said: string[] = [];
    const lines: string[] = [];
    for (const file of files) {
      const spec = parse(readFileSync(join(dir, file), 'utf8')) as {
        user?: string;
        profile_language?: string;
        steps: Array<{ follow?: null; say?: string; tap?: string; postback?: string; pick?: string }>;
      };
      const h = await harness(spec.profile_language ? { profiles: () => ({ displayName: 'Test', language: spec.profile_language! }) } : {});
      const u = await h.user(spec.user ?? 'resident');
      for (const s of spec.steps) {
        if ('follow' in s) await u.follow();
        else if (s.say !== undefined) {
          said.push(s.say);
          await u.say(s.say);
        } else if (s.tap !== undefined) await u.tap(s.tap);
        else if (s.postback !== undefined) await u.postback(s.postback);
        else if (s.pick !== undefined) await u.pick(s.pick);
      }
      lines.push(...h.logs);
    }
    expectWellFormed(lines);
    // Everything people typed (long enough not to collide with an event name by chance).
    expectNoMarkers(
      lines,
      [...new Set(said)].filter((t) => t.trim().length >= 4),
    );
  });
});
