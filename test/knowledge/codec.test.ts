// The packed index format (codec.ts) and its bit coding (pack.ts): whatever is
// packed comes back exactly, including odd terms and synonym dictionaries the
// builder does not make itself.
import { describe, expect, it } from 'vitest';
import { encodeIndex, openIndex, type FieldData, type IndexData } from '../../src/knowledge/codec.ts';
import { BitReader, BitWriter, Counter, Reader, Table, Writer, huffmanLengths, intTable, type Channel } from '../../src/knowledge/pack.ts';
import { compileSynonyms, synonymSource, type CompiledSynonyms } from '../../src/knowledge/synonym-match.ts';

/** A small deterministic random generator. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

const TERMS = [
  '介護', '護保', '保険', '_介護保険', '_介護', '_care', '_insur', '~0', '~7', '~12', '~05', '~x', '~', '_', '_~3',
  'けあ', 'あま', 'まね', '_けあまね', '24', '4時', '_24', '_申請', '申請', 'a', 'ab', '\u{1F44D}', '_\u{20B9F}', '\ud800',
  'ー', '_ケア', 'zz', '0', '_0', '_a b', 'x'.repeat(40), '_' + '長'.repeat(30), '__a', '_a', '__', '_~7a', '_~0', '~7a',
];

function randomData(seed: number, synonyms: CompiledSynonyms): IndexData {
  const r = rng(seed);
  const nDocs = 1 + r(40);
  const fields: FieldData[] = [];
  for (const mode of ['max', 'sum', 'max', 'sum', 'sum'] as const) {
    const unitDoc: number[] = [];
    if (mode === 'sum') for (let d = 0; d < nDocs; d++) unitDoc.push(d);
    else for (let d = 0; d < nDocs; d++) for (let k = r(4) === 0 ? 0 : r(30); k > 0; k--) unitDoc.push(d);
    const postings = new Map<string, number[]>();
    if (unitDoc.length > 0) {
      for (const t of TERMS) {
        if (r(3) === 0) continue;
        const p: number[] = [];
        const density = 1 + r(unitDoc.length);
        for (let u = 0; u < unitDoc.length; u++) if (r(unitDoc.length) < density) p.push(u, r(5) === 0 ? 1 + r(r(2) ? 4 : 100000) : 1);
        if (p.length > 0) postings.set(t, p);
      }
    }
    fields.push({ mode, unitDoc, postings });
  }
  return { nDocs, fields, synonyms };
}

/** Every term's postings as the reader returns them, compared with the data. */
function check(data: IndexData): void {
  const packed = encodeIndex(data);
  expect(packed).toMatch(/^[A-Za-z0-9+/=]*$/);
  const index = openIndex(
    packed,
    data.nDocs,
    data.fields.map((f) => ({ mode: f.mode, unitDoc: Int32Array.from(f.unitDoc) })),
  );
  const terms = new Set(data.fields.flatMap((f) => [...f.postings.keys()]));
  // In a shuffled order: blocks are decoded part by part and out of order.
  const order = [...terms, '介', '_介護保', '~8', '~99999', 'zzz', '', '_', '~', ...TERMS];
  const r = rng(order.length);
  for (let i = order.length - 1; i > 0; i--) {
    const j = r(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const t of order) {
    const got = index.lookup(t);
    if (!terms.has(t)) {
      expect(got, t).toBeNull();
      continue;
    }
    expect(got, t).not.toBeNull();
    data.fields.forEach((f, fi) => expect(Array.from(got![fi]!), `${t} in field ${fi}`).toEqual(f.postings.get(t) ?? []));
  }
  // The synonym variants, bucket by bucket, as the compiled dictionary has them.
  const want = synonymSource(data.synonyms);
  const firsts = new Set([...data.synonyms.ja.map(([v]) => v[0]!), 'ん', 'x']);
  for (const c of firsts) expect(index.synonyms.ja(c), c).toEqual(want.ja(c));
  const words = new Set([...data.synonyms.en.map(([v]) => v.split(' ')[0]!), 'zz', 'care']);
  for (const w of words) expect(index.synonyms.en(w), w).toEqual(want.en(w));
}

describe('packed index format', () => {
  const syn = compileSynonyms([
    ['ケアマネ', 'ケアマネジャー', '介護支援専門員', 'care manager'],
    ['包括', '地域包括支援センター', 'community care center'],
    ['ショートステイ', '短期入所', 'short stay', 'respite care'],
    ['ケアマネ', 'けあまね', 'care'],
  ]);

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('round-trips random postings (seed %i)', (seed) => {
    check(randomData(seed, syn));
  });

  it('round-trips synonym dictionaries that are not in group order', () => {
    const odd: CompiledSynonyms = {
      ja: [['けあまね', 3], ['ほうかつ', 0], ['けあまね', 1], ['かいご', 3], ['か', 2], ['介', 0]],
      en: [['care', 5], ['care manag', 2], ['respit', 0], ['care', 1]],
      labels: [],
    };
    check(randomData(11, odd));
    check(randomData(12, { ja: [], en: [], labels: [] }));
  });

  it('rejects postings it cannot represent', () => {
    const base = randomData(3, syn);
    const bad = (postings: number[]) => ({ ...base, fields: [{ mode: 'sum' as const, unitDoc: [0], postings: new Map([['x', postings]]) }], nDocs: 1 });
    expect(() => encodeIndex(bad([0, 0]))).toThrow();
    expect(() => encodeIndex(bad([1, 1]))).toThrow();
    expect(() => encodeIndex({ ...base, fields: [{ mode: 'max', unitDoc: [1, 0], postings: new Map() }], nDocs: 2 })).toThrow(/order/);
  });
});

describe('bit coding', () => {
  it('limits code lengths and keeps a prefix code', () => {
    // Fibonacci frequencies make the deepest Huffman trees.
    const fib = [1, 1];
    while (fib.length < 40) fib.push(fib[fib.length - 1]! + fib[fib.length - 2]!);
    for (const counts of [fib, [5], [0, 0, 3, 0], [1, 1], Array.from({ length: 300 }, (_, i) => (i * 7919) % 13)]) {
      const lengths = huffmanLengths(counts, 15);
      let kraft = 0;
      counts.forEach((c, i) => {
        expect(lengths[i]! > 0).toBe(c > 0);
        expect(lengths[i]).toBeLessThanOrEqual(15);
        if (lengths[i]) kraft += 2 ** -lengths[i]!;
      });
      expect(kraft).toBeLessThanOrEqual(1);
    }
  });

  it('round-trips integers, symbols and raw bits', () => {
    const r = rng(42);
    const ints = [0, 1, 15, 16, 17, 31, 32, 1000, 2 ** 24, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, ...Array.from({ length: 500 }, () => r(r(2) ? 20 : 1 << 20))];
    const syms = Array.from({ length: 300 }, () => r(r(4) ? 3 : 700));
    const raws = Array.from({ length: 100 }, (_, i) => [1 + (i % 32), 0] as [number, number]).map(([n]) => [n, r(2 ** Math.min(n, 30))] as [number, number]);
    const ti = intTable();
    const st = new Table(700);
    const code = (ch: Channel) => {
      const out: number[] = [];
      for (const v of ints) out.push(ch.int(ti, v));
      for (const v of syms) out.push(ch.sym(st, v));
      for (const [n, v] of raws) out.push(ch.raw(n, v));
      return out;
    };
    code(new Counter());
    ti.build();
    st.build();
    const bits = new BitWriter();
    code(new Writer(bits));
    const bytes = bits.finish();
    const decoded = code(new Reader(new BitReader(String.fromCharCode(...bytes))));
    expect(decoded).toEqual([...ints, ...syms, ...raws.map(([, v]) => v)]);
  });

  it('reads from any bit position', () => {
    const w = new BitWriter();
    for (let i = 0; i < 64; i++) w.write(i % 3 === 0 ? 1 : 0, 1);
    const s = String.fromCharCode(...w.finish());
    for (let p = 0; p < 60; p++) expect(new BitReader(s, p).read(4)).toBe(parseInt(Array.from({ length: 4 }, (_, k) => ((p + k) % 3 === 0 ? '1' : '0')).join(''), 2));
  });
});
