// Bit-level coding for the bundled knowledge index. PURE and free of Node APIs
// (the Worker decodes with it): canonical Huffman codes (one table per kind of
// number and context), raw bits, base64.
//
// Static prefix codes rather than an adaptive arithmetic coder: that packed
// the project's index some 15–20% smaller, but only as one stream, which a
// fresh Worker would have to decode whole before its first answer (over
// 100 ms in our measurements). With prefix codes any block of terms decodes on
// its own, so a query decodes only the few blocks it needs.
//
// Coding goes through a Channel so that one function describes a format for
// every pass: counting symbols (to build the tables), writing, reading. Writing
// and counting, it codes the values it is given and returns them; reading, it
// ignores them and returns what it decodes. The control flow, and with it
// every table choice, is then the same in all passes by construction.

/** Longest code (bits). */
const MAX_LEN = 15;
/** Bits looked up at once when decoding. */
const FAST_BITS = 9;
/** Integers below this are a symbol of their own; larger ones a bit length plus raw bits. */
export const DIRECT = 16;
const INT_ALPHABET = DIRECT + 32;

/** A prefix code over 0 … size − 1. */
export class Table {
  readonly size: number;
  /** symbol frequencies (counting pass) */
  counts: Uint32Array | null = null;
  /** code length per symbol (0: unused) */
  lengths: Uint8Array;
  /** the symbol, when only one is used (coded in 0 bits) */
  only = -1;
  codes: Uint32Array | null = null;
  // decoding: canonical code structure and a lookup of the first FAST_BITS bits
  private perLength: Uint16Array | null = null;
  private sorted: Uint32Array | null = null;
  private fast: Int32Array | null = null;
  private ready = false;

  constructor(size: number) {
    this.size = size;
    this.lengths = new Uint8Array(size);
  }

  /** Builds the code from the counts. */
  build(): void {
    this.lengths = huffmanLengths(this.counts ?? new Uint32Array(this.size), MAX_LEN);
    this.prepare();
  }

  /** Derives codes and decoding structures from the lengths (reading: on first use). */
  prepare(): void {
    this.ready = true;
    let used = 0;
    let last = -1;
    for (let s = 0; s < this.size; s++) {
      if (this.lengths[s]) {
        used++;
        last = s;
      }
    }
    this.only = used === 1 ? last : -1;
    const perLength = new Uint16Array(MAX_LEN + 1);
    for (let s = 0; s < this.size; s++) perLength[this.lengths[s]!]!++;
    perLength[0] = 0;
    const offs = new Uint32Array(MAX_LEN + 2);
    for (let l = 1; l <= MAX_LEN; l++) offs[l + 1] = offs[l]! + perLength[l]!;
    const sorted = new Uint32Array(used);
    const codes = new Uint32Array(this.size);
    const next = new Uint32Array(MAX_LEN + 1);
    let code = 0;
    for (let l = 1; l <= MAX_LEN; l++) {
      code = (code + perLength[l - 1]!) << 1;
      next[l] = code;
    }
    const fill = offs.slice();
    for (let s = 0; s < this.size; s++) {
      const l = this.lengths[s]!;
      if (!l) continue;
      codes[s] = next[l]!++;
      sorted[fill[l]!++] = s;
    }
    this.perLength = perLength;
    this.sorted = sorted;
    this.codes = codes;
    this.fast = null;
  }

  /** Decodes one symbol. */
  read(r: BitReader): number {
    if (!this.ready) this.prepare();
    if (this.only >= 0) return this.only;
    let fast = this.fast;
    if (!fast) fast = this.fast = this.fastTable();
    // r.peek(FAST_BITS) and r.skip(length), by hand: this is the decoder's inner loop.
    if (r.count < FAST_BITS) r.fill();
    const e = fast[r.window >>> (32 - FAST_BITS)]!;
    if (e >= 0) {
      const l = e >>> 16;
      r.window <<= l;
      r.count -= l;
      return e & 0xffff;
    }
    // Longer code: canonical decoding bit by bit (as zlib's puff does).
    const perLength = this.perLength!;
    let code = 0;
    let first = 0;
    let index = 0;
    for (let l = 1; l <= MAX_LEN; l++) {
      code |= r.bit();
      const count = perLength[l]!;
      if (code - first < count) return this.sorted![index + code - first]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error('corrupt knowledge index (code)');
  }

  private fastTable(): Int32Array {
    const fast = new Int32Array(1 << FAST_BITS).fill(-1);
    for (let s = 0; s < this.size; s++) {
      const l = this.lengths[s]!;
      if (!l || l > FAST_BITS) continue;
      const base = this.codes![s]! << (FAST_BITS - l);
      fast.fill((l << 16) | s, base, base + (1 << (FAST_BITS - l)));
    }
    return fast;
  }
}

/** A table for integers (see DIRECT). */
export function intTable(): Table {
  return new Table(INT_ALPHABET);
}

/** Huffman code lengths for the counts, at most maxLen bits. */
export function huffmanLengths(counts: ArrayLike<number>, maxLen: number): Uint8Array {
  const n = counts.length;
  const lengths = new Uint8Array(n);
  let c = Array.from(counts);
  for (;;) {
    const live: number[] = [];
    for (let s = 0; s < n; s++) if (c[s]! > 0) live.push(s);
    if (live.length === 0) return lengths;
    if (live.length === 1) {
      lengths[live[0]!] = 1;
      return lengths;
    }
    // Two-queue Huffman: leaves sorted by weight, internal nodes in creation order.
    live.sort((a, b) => c[a]! - c[b]! || a - b);
    const weight: number[] = live.map((s) => c[s]!);
    const parent: number[] = new Array<number>(live.length * 2).fill(-1);
    let li = 0;
    let ni = live.length;
    let made = live.length;
    const take = (): number => {
      if (li < live.length && (ni >= made || weight[li]! <= weight[ni]!)) return li++;
      return ni++;
    };
    while (made < live.length * 2 - 1) {
      const a = take();
      const b = take();
      weight[made] = weight[a]! + weight[b]!;
      parent[a] = made;
      parent[b] = made;
      made++;
    }
    let longest = 0;
    const depth = new Array<number>(made).fill(0);
    for (let i = made - 2; i >= 0; i--) depth[i] = depth[parent[i]!]! + 1;
    for (let i = 0; i < live.length; i++) {
      lengths[live[i]!] = depth[i]!;
      if (depth[i]! > longest) longest = depth[i]!;
    }
    if (longest <= maxLen) return lengths;
    // Too long: flatten the distribution and try again.
    c = c.map((x) => (x > 0 ? (x >> 1) + 1 : 0));
    lengths.fill(0);
  }
}

// ---------------------------------------------------------------------------
// Bits

export class BitWriter {
  private readonly out: number[] = [];
  private cur = 0;
  private n = 0;
  bits = 0;

  write(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | (Math.floor(value / 2 ** i) & 1);
      if (++this.n === 8) {
        this.out.push(this.cur);
        this.cur = 0;
        this.n = 0;
      }
    }
    this.bits += count;
  }

  /** The bytes, the last one padded with zeros. */
  finish(): number[] {
    const out = this.out.slice();
    if (this.n > 0) out.push(this.cur << (8 - this.n));
    return out;
  }
}

/** Reads bits from a binary string (as atob returns: one byte per character). */
export class BitReader {
  private readonly s: string;
  /** the next byte to load */
  private at: number;
  /** bits not yet consumed, MSB first (the top `count` bits of a 32-bit word); read by Table.read */
  window = 0;
  count = 0;

  constructor(s: string, bitPos = 0) {
    this.s = s;
    this.at = bitPos >>> 3;
    this.skip(bitPos & 7);
  }

  /** The position in bits. */
  get pos(): number {
    return this.at * 8 - this.count;
  }

  fill(): void {
    // charCodeAt past the end is NaN, which the shift turns into 0.
    while (this.count <= 24) {
      this.window |= this.s.charCodeAt(this.at++) << (24 - this.count);
      this.count += 8;
    }
  }

  bit(): number {
    if (this.count === 0) this.fill();
    const b = this.window >>> 31;
    this.window <<= 1;
    this.count--;
    return b;
  }

  /** The next n (1 … 24) bits without consuming them (zeros past the end). */
  peek(n: number): number {
    if (this.count < n) this.fill();
    return this.window >>> (32 - n);
  }

  skip(n: number): void {
    if (this.count < n) this.fill();
    this.window <<= n;
    this.count -= n;
  }

  /** n (0 … 24) bits. */
  bits(n: number): number {
    if (n === 0) return 0;
    if (this.count < n) this.fill();
    const v = this.window >>> (32 - n);
    this.window <<= n;
    this.count -= n;
    return v;
  }

  /** n (0 … 53) bits. */
  read(n: number): number {
    if (n <= 24) return this.bits(n);
    let v = 0;
    while (n > 16) {
      v = v * 65536 + this.peek(16);
      this.skip(16);
      n -= 16;
    }
    if (n > 0) {
      v = v * 2 ** n + this.peek(n);
      this.skip(n);
    }
    return v;
  }
}

// ---------------------------------------------------------------------------
// Channels

export interface Channel {
  readonly writing: boolean;
  /** A symbol of table t. */
  sym(t: Table, v: number): number;
  /** A non-negative integer (< 2^32) with table t (from intTable). */
  int(t: Table, v: number): number;
  /** n raw bits (n ≤ 32). */
  raw(n: number, v: number): number;
}

function checkInt(v: number): void {
  if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) throw new RangeError(`cannot code ${v}`);
}

function intSymbol(v: number): [number, number, number] {
  if (v < DIRECT) return [v, 0, 0];
  const x = v - DIRECT + 1;
  const n = 31 - Math.clz32(x);
  return [DIRECT + n, n, x - 2 ** n];
}

/** First pass: counts the symbols of every table. */
export class Counter implements Channel {
  readonly writing = true;
  sym(t: Table, v: number): number {
    if (!(v >= 0 && v < t.size)) throw new RangeError(`symbol ${v} out of range`);
    (t.counts ??= new Uint32Array(t.size))[v]!++;
    return v;
  }
  int(t: Table, v: number): number {
    checkInt(v);
    (t.counts ??= new Uint32Array(t.size))[intSymbol(v)[0]]!++;
    return v;
  }
  raw(_n: number, v: number): number {
    return v;
  }
}

/** Second pass: writes (tables built). */
export class Writer implements Channel {
  readonly writing = true;
  out: BitWriter;
  constructor(out: BitWriter) {
    this.out = out;
  }
  sym(t: Table, v: number): number {
    const l = t.lengths[v]!;
    if (t.only >= 0) {
      if (v !== t.only) throw new Error('symbol not in table');
      return v;
    }
    if (!l) throw new Error('symbol not in table');
    this.out.write(t.codes![v]!, l);
    return v;
  }
  int(t: Table, v: number): number {
    checkInt(v);
    const [s, n, extra] = intSymbol(v);
    this.sym(t, s);
    if (n > 0) this.out.write(extra, n);
    return v;
  }
  raw(n: number, v: number): number {
    if (!(Number.isInteger(v) && v >= 0 && v < 2 ** n)) throw new RangeError(`${v} does not fit ${n} bits`);
    this.out.write(v, n);
    return v;
  }
}

export class Reader implements Channel {
  readonly writing = false;
  readonly in: BitReader;
  constructor(input: BitReader) {
    this.in = input;
  }
  sym(t: Table): number {
    return t.read(this.in);
  }
  int(t: Table): number {
    const s = t.read(this.in);
    if (s < DIRECT) return s;
    const n = s - DIRECT;
    return DIRECT - 1 + 2 ** n + (n > 0 ? this.in.read(n) : 0);
  }
  raw(n: number): number {
    return this.in.read(n);
  }
}

/**
 * Writes the code lengths of the tables (raw bits: each length in 4 bits, a
 * run of unused symbols as 0 plus its length − 1 in 6 bits).
 */
export function codeTables(ch: Channel, tables: readonly Table[]): void {
  if (!ch.writing) {
    readTables((ch as Reader).in, tables);
    return;
  }
  for (const t of tables) {
    const lengths = t.lengths;
    let end = 0;
    for (let i = 0; i < t.size; i++) if (lengths[i]) end = i + 1;
    ch.raw(16, end);
    let s = 0;
    while (s < end) {
      const l = ch.raw(4, lengths[s]!);
      if (l > 0) {
        s++;
        continue;
      }
      let run = 1;
      while (s + run < end && run < 64 && !lengths[s + run]) run++;
      ch.raw(6, run - 1);
      s += run;
    }
  }
}

/** The reading side of codeTables (a tight loop: it runs when a fresh Worker first searches). */
function readTables(r: BitReader, tables: readonly Table[]): void {
  for (const t of tables) {
    const lengths = t.lengths;
    const end = r.bits(16);
    if (end > t.size) throw new Error('corrupt knowledge index (table)');
    let s = 0;
    while (s < end) {
      const l = r.bits(4);
      if (l > 0) lengths[s++] = l;
      else s += r.bits(6) + 1;
    }
  }
}

// ---------------------------------------------------------------------------
// base64 (btoa / atob exist in Workers, browsers and Node)

export function toBase64(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...Array.from({ length: Math.min(0x2000, bytes.length - i) }, (_, k) => bytes[i + k]!));
  return btoa(s);
}
