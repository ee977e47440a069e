// The packed form of the knowledge index: terms with their posting lists, and
// the synonym variants, as prefix-coded bits (pack.ts) in a base64 string.
// PURE, no Node APIs. Opening it reads only the code tables, the characters
// and where each block starts; a lookup decodes (part of) the one block that
// may hold its term, and keeps it. A query thus decodes a few small blocks,
// and a fresh Worker does not pay for the whole index.
//
// One set of functions describes the format for every pass (see Channel in
// pack.ts). The stream:
//
//   header  the number of distinct characters (raw), the code tables, the
//           characters (UTF-16 code units, ascending), the size of each list,
//           whether the synonym variants come group by group (and then the
//           number of variants per group), the bit length of every block (raw)
//   blocks  five sorted lists, BLOCK entries at a time, each entry's text
//           front-coded against the entry before it in its block:
//             0 plain n-grams, 1 "_" words, 2 "~" synonym groups (by number),
//               each followed by its postings
//             3 Japanese and 4 English synonym variants, each followed by its
//               places in the synonym dictionary's lists (and, unless they
//               come group by group, the groups)
//
// Postings go document by document: the documents (gaps), per document the
// fields that have the term and per field the units within the document
// ('max' fields) and the term frequencies. A word's postings are almost always
// exactly the intersection of its character pairs' postings: one bit says so,
// and then nothing else is stored.
//
// Measured on the project's articles: about 70 KB gzipped for 10,600 terms
// (the plain JSON index it replaces was 140 KB); see
// test/knowledge/packed-index.test.ts for the check that rankings are
// unchanged.

import { BitReader, BitWriter, Counter, Reader, Table, Writer, codeTables, intTable, toBase64, type Channel } from './pack.ts';
import type { CompiledSynonyms, SynonymSource } from './synonym-match.ts';

export type FieldMode = 'max' | 'sum';

/** A stored field as the builder has it. */
export interface FieldData {
  mode: FieldMode;
  /** unit → document, non-decreasing ('sum' fields: unit = document) */
  unitDoc: readonly number[];
  /** term → [unit, tf, unit, tf, …], units ascending, tf ≥ 1 */
  postings: ReadonlyMap<string, readonly number[]>;
}

export interface IndexData {
  nDocs: number;
  fields: FieldData[];
  synonyms: CompiledSynonyms;
}

/** The units of a stored field, as the reader is given them: unit → document. */
export interface FieldUnits {
  mode: FieldMode;
  unitDoc: ArrayLike<number>;
}

/** Postings of one term: per stored field [unit, tf, …], units ascending (empty: not in the field). */
export type TermPostings = readonly (readonly number[])[];

const NONE: readonly number[] = Object.freeze([]);

/** Entries per block. */
const BLOCK = 16;

const N_LISTS = 5;
const enum List {
  Ngram,
  Word,
  Group,
  Ja,
  En,
}

// ---------------------------------------------------------------------------
// Helpers

const lg = (x: number): number => Math.min(7, 31 - Math.clz32(x));

/** Term classes, a context for the postings. */
const enum Cls {
  Group,
  WordLatin,
  Word,
  NgramHira,
  NgramAscii,
  Ngram,
}
const N_CLS = 6;

/** Whether t is "~" and a group number (0 or 1–9 digits without a leading 0). */
function isGroupTerm(t: string): boolean {
  const n = t.length;
  if (n < 2 || n > 10 || t.charCodeAt(0) !== 0x7e /* ~ */) return false;
  if (t.charCodeAt(1) === 0x30 /* 0 */) return n === 2;
  for (let i = 1; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function termClass(t: string): Cls {
  if (isGroupTerm(t)) return Cls.Group;
  const c0 = t.charCodeAt(0);
  if (c0 === 0x5f /* _ */) {
    const c1 = t.charCodeAt(1);
    return (c1 >= 0x61 && c1 <= 0x7a) || (c1 >= 0x30 && c1 <= 0x39) ? Cls.WordLatin : Cls.Word;
  }
  let hira = t.length > 0;
  let ascii = true;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x3041 || c > 0x309f) hira = false;
    if (c > 0x7f) ascii = false;
  }
  return hira ? Cls.NgramHira : ascii ? Cls.NgramAscii : Cls.Ngram;
}

function listOf(c: Cls): List {
  return c === Cls.Group ? List.Group : c === Cls.Word || c === Cls.WordLatin ? List.Word : List.Ngram;
}

/** The context of a character: the class of the one before (0: none). */
function charContext(u: number): number {
  return u < 0x80 ? (u >= 0x30 && u <= 0x39 ? 1 : 2) : 3;
}

function samePostings(a: TermPostings, b: TermPostings): boolean {
  for (let fi = 0; fi < a.length; fi++) {
    const x = a[fi]!;
    const y = b[fi]!;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

function intersect(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0 || b.length === 0) return NONE;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ua = a[i]!;
    const ub = b[j]!;
    if (ua === ub) {
      out.push(ua, Math.min(a[i + 1]!, b[j + 1]!));
      i += 2;
      j += 2;
    } else if (ua < ub) i += 2;
    else j += 2;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Tables (created in the same order by every pass)

class Tables {
  readonly all: Table[] = [];
  readonly count = this.int();
  readonly charGap = this.int();
  readonly op = this.int();
  readonly pre = this.int();
  readonly suf = [0, 1, 2, 3].map(() => this.int());
  readonly delta = [0, 1, 2].map(() => this.int());
  readonly chars: Table[];
  readonly groupId = this.int();
  readonly places = this.int();
  readonly place = this.int();
  readonly group = this.int();
  readonly groupSize = this.int();
  readonly ref = this.add(new Table(2));
  readonly ndocs = Array.from({ length: N_CLS }, () => this.int());
  readonly dgap = Array.from({ length: 8 }, () => this.int());
  readonly mask: Table[];
  readonly ucount: Table[][];
  readonly ugap: Table[];
  readonly tfMax = this.int();
  readonly tf: Table[][];

  constructor(nf: number, nChars: number) {
    this.chars = [0, 1, 2, 3].map(() => this.add(new Table(Math.max(1, nChars))));
    this.mask = Array.from({ length: N_CLS * 4 }, () => this.add(new Table(1 << nf)));
    this.ucount = Array.from({ length: nf }, () => Array.from({ length: 8 }, () => this.int()));
    this.ugap = Array.from({ length: nf }, () => this.int());
    this.tf = Array.from({ length: nf }, () => Array.from({ length: 8 }, () => this.int()));
  }

  private add(t: Table): Table {
    this.all.push(t);
    return t;
  }

  private int(): Table {
    return this.add(intTable());
  }
}

// ---------------------------------------------------------------------------
// Shared state of a pass

interface State {
  nDocs: number;
  modes: readonly FieldMode[];
  T: Tables;
  /** character index → UTF-16 code unit, ascending */
  chars: number[];
  /** per stored field: unit → document, and document → first unit (nDocs + 1) */
  unitDoc: ArrayLike<number>[];
  unitStart: Int32Array[];
  /** the synonym variants come group by group: then a variant's group follows from its place */
  grouped: boolean;
  /** grouped: the place of each group's first variant (Japanese, English), one more than groups */
  groupStart: [number[], number[]];
  /** the postings of a term, null when it is not in the index */
  postings(term: string): TermPostings | null;
}

function unitStarts(nDocs: number, unitDoc: ArrayLike<number>): Int32Array {
  const starts = new Int32Array(nDocs + 1);
  let last = 0;
  for (let u = 0; u < unitDoc.length; u++) {
    const d = unitDoc[u]!;
    if (!(Number.isInteger(d) && d >= last && d < nDocs)) throw new Error('units must be in document order');
    starts[d + 1]!++;
    last = d;
  }
  for (let d = 0; d < nDocs; d++) starts[d + 1] = starts[d + 1]! + starts[d]!;
  return starts;
}

// ---------------------------------------------------------------------------
// Text (arrays of character indices)

/**
 * A text, front-coded against `prev`, which is smaller (the lists are sorted):
 * the first new character is larger than prev's at that place.
 */
function codeText(ch: Channel, st: State, prev: readonly number[], s: readonly number[] | null): number[] {
  const T = st.T;
  let shared = 0;
  if (s) while (shared < s.length && shared < prev.length && s[shared] === prev[shared]) shared++;
  if (prev.length > 0) {
    // Most often only the last character changes (and grows): one symbol says by how much.
    const last = prev.length - 1;
    const op = ch.int(T.op, s && s.length === prev.length && shared === last ? s[last]! - prev[last]! : 0);
    if (op > 0) {
      const out = prev.slice();
      out[last] = prev[last]! + op;
      if (out[last]! >= st.chars.length) throw new Error('corrupt knowledge index (character)');
      return out;
    }
  }
  const l = ch.int(T.pre, shared);
  if (l > prev.length) throw new Error('corrupt knowledge index (text)');
  const extra = prev.length > 0 ? 1 : 0;
  const len = l + extra + ch.int(T.suf[Math.min(l, 3)]!, s ? s.length - l - extra : 0);
  const out = prev.slice(0, l);
  for (let i = l; i < len; i++) {
    const truth = s ? s[i]! : 0;
    const lower = i === l && l < prev.length ? prev[l]! : -1;
    let c: number;
    if (lower >= 0) c = lower + 1 + ch.int(T.delta[Math.min(l, 2)]!, truth - lower - 1);
    else c = ch.sym(T.chars[i === 0 ? 0 : charContext(st.chars[out[i - 1]!]!)]!, truth);
    if (c >= st.chars.length) throw new Error('corrupt knowledge index (character)');
    out.push(c);
  }
  return out;
}

function textOf(st: State, s: readonly number[]): string {
  const c = st.chars;
  if (s.length === 2) return String.fromCharCode(c[s[0]!]!, c[s[1]!]!);
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(c[s[i]!]!);
  return out;
}

// ---------------------------------------------------------------------------
// Header

interface Header {
  /** entries per list */
  sizes: number[];
  /** bit length of each block */
  blockBits: number[];
}

function codeHeader(ch: Channel, st: State, header: Header, groupSizes: [number[], number[]]): void {
  const T = st.T;
  const w = ch.writing;
  // The characters (their number came first: it sizes the tables).
  let prev = -1;
  for (let i = 0; i < st.chars.length; i++) {
    prev += 1 + ch.int(T.charGap, w ? st.chars[i]! - prev - 1 : 0);
    st.chars[i] = prev;
  }
  for (let k = 0; k < N_LISTS; k++) header.sizes[k] = ch.int(T.count, header.sizes[k]!);
  st.grouped = ch.int(T.count, st.grouped ? 1 : 0) === 1;
  if (st.grouped) {
    // Variants per group, from which a variant's place tells its group.
    const nGroups = ch.int(T.count, groupSizes[0].length);
    for (let lang = 0; lang < 2; lang++) {
      const starts = [0];
      for (let g = 0; g < nGroups; g++) starts.push(starts[g]! + ch.int(T.groupSize, groupSizes[lang]![g] ?? 0));
      st.groupStart[lang] = starts;
    }
  }
  // Block lengths (raw: they are known only once the blocks are written).
  const nBlocks = header.sizes.reduce((a, n) => a + Math.ceil(n / BLOCK), 0);
  let width = 0;
  if (w) for (const b of header.blockBits) width = Math.max(width, 32 - Math.clz32(b));
  width = ch.raw(5, width);
  if (w) for (let b = 0; b < nBlocks; b++) ch.raw(width, header.blockBits[b] ?? 0);
  else {
    const r = (ch as Reader).in;
    for (let b = 0; b < nBlocks; b++) header.blockBits[b] = r.read(width);
  }
}

// ---------------------------------------------------------------------------
// Postings

/**
 * Whether a term may have a reference: a word of two or more characters whose
 * character pairs are plain n-grams (which have no references themselves, so
 * resolving one never needs the block that holds the word).
 */
function hasReference(term: string, cls: Cls): boolean {
  if ((cls !== Cls.Word && cls !== Cls.WordLatin) || term.length < 3) return false;
  for (let i = 1; i + 1 < term.length; i++) if (listOf(termClass(term.slice(i, i + 2))) !== List.Ngram) return false;
  return true;
}

/** A word's reference: the postings its character pairs share (null: a pair is not in the index). */
function referenceOf(st: State, term: string): TermPostings | null {
  let ref: TermPostings | null = null;
  for (let i = 1; i + 1 < term.length; i++) {
    const p = st.postings(term.slice(i, i + 2));
    if (!p) return null;
    ref = ref ? ref.map((x, fi) => intersect(x, p[fi]!)) : p;
  }
  return ref;
}

/** Per document of the truth: the fields that have the term and their [unit, tf] pairs. */
function truthByDoc(st: State, p: TermPostings): Map<number, { mask: number; units: number[][] }> {
  const nf = st.modes.length;
  const m = new Map<number, { mask: number; units: number[][] }>();
  for (let fi = 0; fi < nf; fi++) {
    const x = p[fi]!;
    const ud = st.unitDoc[fi]!;
    for (let i = 0; i < x.length; i += 2) {
      const u = x[i]!;
      if (!(Number.isInteger(u) && u >= 0 && u < ud.length && (i === 0 || u > x[i - 2]!) && x[i + 1]! >= 1)) {
        throw new Error('postings must be units ascending with tf ≥ 1');
      }
      const d = ud[u]!;
      let e = m.get(d);
      if (!e) m.set(d, (e = { mask: 0, units: Array.from({ length: nf }, () => []) }));
      e.mask |= 1 << fi;
      e.units[fi]!.push(u, x[i + 1]!);
    }
  }
  return m;
}

/**
 * A term's postings. null: the same as its reference (see referenceOf), which
 * the reader works out only when the term is looked up.
 */
function codePostings(ch: Channel, st: State, term: string, cls: Cls, truth: TermPostings | null): TermPostings | null {
  const T = st.T;
  const w = ch.writing;
  const nf = st.modes.length;
  if (hasReference(term, cls)) {
    let same = 0;
    if (truth) {
      const ref = referenceOf(st, term);
      same = ref && samePostings(truth, ref) ? 1 : 0;
    }
    if (ch.sym(T.ref, 1 - same) === 0) return null;
  }
  const byDoc = truth ? truthByDoc(st, truth) : null;
  const tDocs = byDoc ? [...byDoc.keys()].sort((a, b) => a - b) : NONE;
  if (byDoc && tDocs.length === 0) throw new Error(`term ${term} has no postings`);
  let tfMax = 0;
  if (truth) {
    for (let fi = 0; fi < nf; fi++) {
      if (st.modes[fi] !== 'max') continue;
      const x = truth[fi]!;
      for (let i = 1; i < x.length; i += 2) if (x[i]! > 1) tfMax = 1;
    }
  }
  const head = ch.int(T.ndocs[cls]!, truth ? (tDocs.length - 1) * 2 + tfMax : 0);
  const nDocs = (head >>> 1) + 1;
  const anyTf = head & 1;
  const out: number[][] = [];
  for (let fi = 0; fi < nf; fi++) out.push(NONE as number[]);
  const gaps = T.dgap[lg(nDocs)]!;
  const masks = T.mask[cls * 4 + Math.min(3, lg(nDocs))]!;
  let d = -1;
  for (let k = 0; k < nDocs; k++) {
    d += 1 + ch.int(gaps, w ? tDocs[k]! - d - 1 : 0);
    if (d >= st.nDocs) throw new Error('corrupt knowledge index (document)');
    const e = byDoc?.get(d);
    const mask = 1 + ch.sym(masks, e ? e.mask - 1 : 0);
    for (let fi = 0; fi < nf; fi++) {
      if (!(mask & (1 << fi))) continue;
      const tu = e?.units[fi] ?? NONE;
      if (out[fi] === NONE) out[fi] = [];
      const o = out[fi]!;
      if (st.modes[fi] === 'max') {
        const base = st.unitStart[fi]![d]!;
        const n = st.unitStart[fi]![d + 1]! - base;
        if (n === 0) throw new Error('corrupt knowledge index (unit)');
        const start = o.length;
        if (n > 1) {
          const count = 1 + ch.int(T.ucount[fi]![lg(n)]!, tu.length / 2 - 1);
          let u = base - 1;
          for (let j = 0; j < count; j++) {
            u += 1 + ch.int(T.ugap[fi]!, w ? tu[2 * j]! - u - 1 : 0);
            if (u >= base + n) throw new Error('corrupt knowledge index (unit)');
            o.push(u, 1);
          }
        } else o.push(base, 1);
        if (anyTf) for (let j = start; j < o.length; j += 2) o[j + 1] = 1 + ch.int(T.tfMax, w ? tu[j - start + 1]! - 1 : 0);
      } else o.push(d, 1 + ch.int(T.tf[fi]![lg(nDocs)]!, w ? tu[1]! - 1 : 0));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Entries

/** Where the coding of a block stands: the entry before. */
interface Cursor {
  text: number[];
  id: number;
}

/** A synonym variant's places in the dictionary's list (ascending) with their groups. */
type Places = [number, number][];

/** The truth of an entry (writing). */
interface Source {
  text: number[];
  term: string;
  postings: TermPostings | null;
  places: Places | null;
}

/** Codes the next entry of a block of list k: its text, then its postings (null: see codePostings) or places. */
function codeEntry(ch: Channel, st: State, k: List, cur: Cursor, src: Source | null): [string, TermPostings | Places | null] {
  const T = st.T;
  let text: string;
  if (k === List.Group) {
    const id = cur.id + 1 + ch.int(T.groupId, src ? Number(src.term.slice(1)) - cur.id - 1 : 0);
    cur.id = id;
    text = `~${id}`;
  } else {
    const s = codeText(ch, st, cur.text, src ? src.text : null);
    cur.text = s;
    text = (k === List.Word ? '_' : '') + textOf(st, s);
  }
  if (k === List.Ja || k === List.En) {
    const lang = k === List.Ja ? 0 : 1;
    const truth = src?.places ?? [];
    const n = 1 + ch.int(T.places, truth.length - 1);
    const places: Places = [];
    let at = -1;
    for (let i = 0; i < n; i++) {
      at += 1 + ch.int(T.place, src ? truth[i]![0] - at - 1 : 0);
      let g: number;
      if (st.grouped) {
        // The group whose run of places holds this one.
        const starts = st.groupStart[lang];
        let lo = 0;
        let hi = starts.length - 1;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (starts[mid]! <= at) lo = mid;
          else hi = mid;
        }
        if (at >= starts[starts.length - 1]!) throw new Error('corrupt knowledge index (synonym)');
        g = lo;
        if (src && g !== truth[i]![1]) throw new Error('synonym groups out of order');
      } else g = ch.int(T.group, src ? truth[i]![1] : 0);
      places.push([at, g]);
    }
    return [text, places];
  }
  const cls = termClass(text);
  if (listOf(cls) !== k) throw new Error('corrupt knowledge index (term class)');
  return [text, codePostings(ch, st, text, cls, src ? src.postings : null)];
}

// ---------------------------------------------------------------------------
// Encoding

/** Packs the index data (base64). */
export function encodeIndex(data: IndexData): string {
  const nf = data.fields.length;
  if (nf < 1 || nf > 8) throw new Error(`cannot pack ${nf} fields`);
  const modes = data.fields.map((f) => f.mode);
  const unitStart = data.fields.map((f) => unitStarts(data.nDocs, f.unitDoc));
  data.fields.forEach((f, fi) => {
    if (f.mode === 'sum' && !(f.unitDoc.length === data.nDocs && unitStart[fi]!.every((s, d) => s === d))) {
      throw new Error("a 'sum' field has one unit per document");
    }
  });

  // The lists, sorted.
  const terms = new Set<string>();
  for (const f of data.fields) for (const [t, p] of f.postings) if (p.length > 0) terms.add(t);
  const lists: string[][] = [[], [], [], [], []];
  for (const t of terms) lists[listOf(termClass(t))]!.push(t);
  const places: Map<string, Places>[] = [new Map(), new Map()];
  (['ja', 'en'] as const).forEach((lang, li) => {
    data.synonyms[lang].forEach(([v, g], at) => {
      if (v.length === 0) throw new Error('empty synonym variant');
      let p = places[li]!.get(v);
      if (!p) places[li]!.set(v, (p = []));
      p.push([at, g]);
    });
    lists[List.Ja + li] = [...places[li]!.keys()];
  });
  for (const k of [List.Ngram, List.Word, List.Ja, List.En]) lists[k]!.sort();
  lists[List.Group]!.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  // Variants group by group (as compileSynonyms makes them)?
  let grouped = true;
  const groupSizes: [number[], number[]] = [[], []];
  (['ja', 'en'] as const).forEach((lang, li) => {
    let last = 0;
    for (const [, g] of data.synonyms[lang]) {
      if (!(Number.isInteger(g) && g >= last)) grouped = false;
      last = g;
      groupSizes[li]![g] = (groupSizes[li]![g] ?? 0) + 1;
    }
  });
  const nGroups = Math.max(groupSizes[0].length, groupSizes[1].length);
  if (nGroups > 100_000) grouped = false;
  if (grouped) for (const sizes of groupSizes) for (let g = 0; g < nGroups; g++) sizes[g] ??= 0;

  const units = new Set<number>();
  for (const k of [List.Ngram, List.Word, List.Ja, List.En]) {
    for (const t of lists[k]!) for (let i = k === List.Word ? 1 : 0; i < t.length; i++) units.add(t.charCodeAt(i));
  }
  const chars = [...units].sort((a, b) => a - b);
  const index = new Map(chars.map((c, i) => [c, i]));
  const unitsOf = (s: string): number[] => Array.from({ length: s.length }, (_, i) => index.get(s.charCodeAt(i))!);
  const texts = lists.map((l, k) => (k === List.Group ? [] : l.map((t) => unitsOf(k === List.Word ? t.slice(1) : t))));
  const cache = new Map<string, TermPostings | null>();
  const postings = (t: string): TermPostings | null => {
    let p = cache.get(t);
    if (p === undefined) {
      let any = false;
      p = data.fields.map((f) => {
        const x = f.postings.get(t);
        if (x && x.length > 0) any = true;
        return x && x.length > 0 ? x : NONE;
      });
      if (!any) p = null;
      cache.set(t, p);
    }
    return p;
  };

  const T = new Tables(nf, chars.length);
  const state = (): State => ({
    nDocs: data.nDocs,
    modes,
    T,
    chars: chars.slice(),
    unitDoc: data.fields.map((f) => f.unitDoc),
    unitStart,
    grouped,
    groupStart: [[], []],
    postings,
  });
  const sizes = lists.map((l) => l.length);
  const blocks = (ch: Channel, st: State, out: BitWriter | null, blockBits: number[]): void => {
    lists.forEach((list, k) => {
      for (let first = 0; first < list.length; first += BLOCK) {
        const before = out?.bits ?? 0;
        const cur: Cursor = { text: [], id: -1 };
        for (let j = first; j < Math.min(first + BLOCK, list.length); j++) {
          const term = list[j]!;
          const isVariant = k === List.Ja || k === List.En;
          codeEntry(ch, st, k, cur, {
            text: texts[k]![j] ?? [],
            term,
            postings: isVariant ? null : postings(term),
            places: isVariant ? places[k - List.Ja]!.get(term)! : null,
          });
        }
        blockBits.push((out?.bits ?? 0) - before);
      }
    });
  };

  // Pass 1: count the symbols; build the codes.
  {
    const ch = new Counter();
    const st = state();
    codeHeader(ch, st, { sizes: sizes.slice(), blockBits: [] }, groupSizes);
    blocks(ch, st, null, []);
    for (const t of T.all) t.build();
  }
  // Pass 2: the blocks, then the header (it holds the blocks' lengths).
  const body = new BitWriter();
  const blockBits: number[] = [];
  {
    const st = state();
    codeHeader(new Counter(), st, { sizes: sizes.slice(), blockBits: [] }, groupSizes);
    blocks(new Writer(body), st, body, blockBits);
  }
  const head = new BitWriter();
  head.write(chars.length, 24);
  const ch = new Writer(head);
  codeTables(ch, T.all);
  codeHeader(ch, state(), { sizes: sizes.slice(), blockBits }, groupSizes);
  return toBase64([...head.finish(), ...body.finish()]);
}

// ---------------------------------------------------------------------------
// Decoding

/** A block being decoded: its entries so far (ascending) and how to go on. */
interface Block {
  keys: (string | number)[];
  /** postings (null: a word's reference, worked out on lookup) or places */
  values: (TermPostings | Places | null)[];
  /** null once the block is decoded */
  ch: Reader | null;
  cur: Cursor;
  left: number;
}

export class PackedIndex {
  private readonly st: State;
  private readonly buf: string;
  private readonly sizes: number[];
  /** per list its first block (and one past the last list); per block its bit offset and first key */
  private readonly firstBlock: number[] = [];
  private readonly blockPos: number[] = [];
  private readonly heads: (string | number | undefined)[] = [];
  private readonly blocks = new Map<number, Block>();
  private readonly buckets: [Map<string, [string, number][]>, Map<string, [string, number][]>] = [new Map(), new Map()];
  /** The synonym variants, looked up bucket by bucket. */
  readonly synonyms: SynonymSource = {
    ja: (first) => this.bucket(0, first),
    en: (word) => this.bucket(1, word),
  };

  constructor(packed: string, nDocs: number, fields: readonly FieldUnits[]) {
    this.buf = atob(packed);
    const r = new BitReader(this.buf);
    const nChars = r.read(24);
    const T = new Tables(fields.length, nChars);
    const ch = new Reader(r);
    codeTables(ch, T.all);
    this.st = {
      nDocs,
      modes: fields.map((f) => f.mode),
      T,
      chars: new Array<number>(nChars).fill(0),
      unitDoc: fields.map((f) => f.unitDoc),
      unitStart: fields.map((f) => unitStarts(nDocs, f.unitDoc)),
      grouped: false,
      groupStart: [[], []],
      postings: (t) => this.lookup(t),
    };
    const header: Header = { sizes: [0, 0, 0, 0, 0], blockBits: [] };
    codeHeader(ch, this.st, header, [[], []]);
    this.sizes = header.sizes;
    let pos = Math.ceil(r.pos / 8) * 8;
    let b = 0;
    for (let k = 0; k < N_LISTS; k++) {
      this.firstBlock.push(b);
      for (let first = 0; first < header.sizes[k]!; first += BLOCK) {
        this.blockPos.push(pos);
        pos += header.blockBits[b]!;
        b++;
      }
    }
    this.firstBlock.push(b);
    if (pos > this.buf.length * 8) throw new Error('corrupt knowledge index (length)');
  }

  /** The postings of a term (per stored field), or null if no document has it. */
  lookup(term: string): TermPostings | null {
    const k = listOf(termClass(term));
    const key = k === List.Group ? Number(term.slice(1)) : term;
    const b = this.blockOf(k, key);
    if (b < 0) return null;
    const block = this.decodeBlock(k, b, key);
    const i = block.keys.indexOf(key);
    if (i < 0) return null;
    let p = block.values[i] as TermPostings | null;
    if (p === null) {
      p = referenceOf(this.st, term);
      if (!p || !p.some((x) => x.length > 0)) throw new Error('corrupt knowledge index (reference)');
      block.values[i] = p;
    }
    return p;
  }

  /** The synonym variants starting with a character (Japanese) or word (English), in dictionary order. */
  private bucket(lang: 0 | 1, first: string): [string, number][] | undefined {
    const cache = this.buckets[lang];
    let out = cache.get(first);
    if (out) return out.length ? out : undefined;
    const k = lang === 0 ? List.Ja : List.En;
    const found: [string, number, number][] = [];
    // Entries with the prefix are contiguous: from the first one ≥ it on.
    let b = this.blockOf(k, first);
    if (b < 0) b = this.firstBlock[k]!;
    const matches = (v: string): boolean => (lang === 0 ? v.startsWith(first) : v === first || v.startsWith(`${first} `));
    for (; b < this.firstBlock[k + 1]!; b++) {
      const block = this.decodeBlock(k, b, null);
      let past = false;
      block.keys.forEach((v, i) => {
        const s = v as string;
        if (matches(s)) for (const [at, g] of block.values[i] as Places) found.push([s, g, at]);
        else if (s > first) past = true;
      });
      if (past) break;
    }
    found.sort((x, y) => x[2] - y[2]);
    out = found.map(([v, g]) => [v, g]);
    cache.set(first, out);
    return out.length ? out : undefined;
  }

  /** The first key of block b (decoded on demand, for the binary search). */
  private head(k: List, b: number): string | number {
    let h = this.heads[b];
    if (h === undefined) {
      const block = this.blocks.get(b);
      if (block && block.keys.length > 0) h = block.keys[0]!;
      else {
        const c = new Reader(new BitReader(this.buf, this.blockPos[b]!));
        if (k === List.Group) h = c.int(this.st.T.groupId);
        else h = (k === List.Word ? '_' : '') + textOf(this.st, codeText(c, this.st, [], null));
      }
      this.heads[b] = h;
    }
    return h;
  }

  /** The last block of list k whose first key is ≤ key (−1: none). */
  private blockOf(k: List, key: string | number): number {
    let lo = this.firstBlock[k]!;
    let hi = this.firstBlock[k + 1]!;
    if (lo === hi || key < this.head(k, lo)) return -1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.head(k, mid) <= key) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Decodes block b of list k up to key (null: all of it). */
  private decodeBlock(k: List, b: number, key: string | number | null): Block {
    let block = this.blocks.get(b);
    if (!block) {
      const first = (b - this.firstBlock[k]!) * BLOCK;
      block = {
        keys: [],
        values: [],
        ch: new Reader(new BitReader(this.buf, this.blockPos[b]!)),
        cur: { text: [], id: -1 },
        left: Math.min(BLOCK, this.sizes[k]! - first),
      };
      this.blocks.set(b, block);
    }
    const keys = block.keys;
    while (block.ch && (key === null || keys.length === 0 || keys[keys.length - 1]! < key)) {
      const [text, value] = codeEntry(block.ch, this.st, k, block.cur, null);
      const tk = k === List.Group ? Number(text.slice(1)) : text;
      if (keys.length > 0 && !(tk > keys[keys.length - 1]!)) throw new Error('corrupt knowledge index (order)');
      keys.push(tk);
      block.values.push(value);
      if (--block.left === 0) block.ch = null;
    }
    return block;
  }
}

/** Opens what encodeIndex made; nDocs and the stored fields' units as given to it. */
export function openIndex(packed: string, nDocs: number, fields: readonly FieldUnits[]): PackedIndex {
  return new PackedIndex(packed, nDocs, fields);
}
