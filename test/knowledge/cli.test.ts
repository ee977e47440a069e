import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run as ask } from '../../src/cli/ask.ts';
import { run as rank } from '../../src/cli/rank.ts';

async function runCli(run: typeof ask, argv: string[], input: string): Promise<{ code: number; lines: string[] }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await run(argv, { stdin: Readable.from([input]), stdout });
  stdout.end();
  return { code, lines: Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean) };
}

describe('renkei ask --jsonl', () => {
  it('answers one JSON line per input line, and nothing else', async () => {
    const input = [
      { id: 'a', q: '介護保険を使いたいのですが、どこに申し込めばいいですか' },
      { id: 'b', q: '母が息をしていません', lang: 'ja' },
      { id: 'c', q: '明日の天気は？' },
      { id: 7, q: 'How do I find a care manager?', lang: 'en' },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const { code, lines } = await runCli(ask, ['--jsonl'], `${input}\nnot json\n`);
    expect(code).toBe(0);
    expect(lines).toHaveLength(5);
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['candidates', 'confident', 'emergency', 'id', 'topic']);
      expect((o.candidates as string[]).length).toBeLessThanOrEqual(5);
      if (o.confident) expect(o.topic).toBe((o.candidates as string[])[0]);
      else expect(o.topic).toBeNull();
    }
    expect(out[0]).toMatchObject({ id: 'a', emergency: false, topic: 'kaigo-hoken-apply', confident: true });
    expect(out[1]).toMatchObject({ id: 'b', emergency: true });
    expect(out[2]).toMatchObject({ id: 'c', emergency: false, topic: null, confident: false });
    expect(out[3]).toMatchObject({ id: 7 });
    expect(out[4]).toMatchObject({ id: null, topic: null, candidates: [] });
  });
});

describe('renkei rank', () => {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-rank-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ranks an external corpus', async () => {
    const corpus = join(dir, 'corpus.jsonl');
    writeFileSync(
      corpus,
      [
        { id: 'd1', title: '粗大ごみの出し方', body: '粗大ごみは予約制です。電話で申し込んでください。' },
        { id: 'd2', title: 'パスポートの申請', body: '旅券窓口で申請します。戸籍謄本が必要です。' },
        { id: 'd3', title: '犬の登録', body: '犬を飼い始めたら30日以内に登録してください。' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const { code, lines } = await runCli(
      rank,
      ['--corpus', corpus, '--k', '2', '--synonyms', 'none'],
      '{"id":"q1","q":"大きなごみを捨てたい"}\n{"id":"q2","q":"旅券をつくりたい"}\n',
    );
    expect(code).toBe(0);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { id: 'q1', ranking: expect.arrayContaining(['d1']) },
      { id: 'q2', ranking: expect.arrayContaining(['d2']) },
    ]);
    expect(JSON.parse(lines[0]!).ranking[0]).toBe('d1');
    expect(JSON.parse(lines[1]!).ranking[0]).toBe('d2');
    expect(JSON.parse(lines[0]!).ranking.length).toBeLessThanOrEqual(2);
  });

  it('needs --corpus', async () => {
    const { code } = await runCli(rank, [], '');
    expect(code).toBe(2);
  });
});
