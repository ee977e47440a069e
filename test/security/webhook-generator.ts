/**
 * Webhook events generated from LINE's webhook schema (webhook-events.schema.json, derived
 * from line/line-openapi webhook.yml by scripts/derive-webhook-schema.ts), plus the
 * mutations the hostile-input test applies to them. Everything random comes from one
 * seeded PRNG, so a failing run is reproduced by its seed.
 */
import type { WebhookSchemaNode } from '../../scripts/derive-webhook-schema.ts';
import schemaJson from './webhook-events.schema.json' with { type: 'json' };

export interface WebhookSchema {
  source: string;
  root: string;
  schemas: Record<string, WebhookSchemaNode>;
}

export const WEBHOOK_SCHEMA = schemaJson as unknown as WebhookSchema;
const S = WEBHOOK_SCHEMA.schemas;

// ---------------------------------------------------------------------------
// PRNG (mulberry32): small, fast, and the same sequence for the same seed everywhere.

export interface Rng {
  readonly seed: number;
  next(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  hex(n: number): string;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join(''),
  };
}

// ---------------------------------------------------------------------------
// Schema helpers

export type SourceKind = 'user' | 'group' | 'room';
export type Path = Array<string | number>;
type Json = unknown;

function resolve(node: WebhookSchemaNode): { name?: string; node: WebhookSchemaNode } {
  if (node.$ref) {
    const target = S[node.$ref];
    if (!target) throw new Error(`schema ${node.$ref} missing from webhook-events.schema.json`);
    return { name: node.$ref, node: target };
  }
  return { node };
}

/** Event types the schema defines (`Event.discriminator.mapping`), e.g. message, follow, beacon… */
export const EVENT_TYPES: readonly string[] = Object.keys(S.Event?.discriminator?.mapping ?? {});
/** Message content types (`MessageContent.discriminator.mapping`): text, image, video… */
export const MESSAGE_TYPES: readonly string[] = Object.keys(S.MessageContent?.discriminator?.mapping ?? {});
export const SOURCE_KINDS: readonly SourceKind[] = Object.keys(S.Source?.discriminator?.mapping ?? {}) as SourceKind[];

// ---------------------------------------------------------------------------
// Realistic leaf values, chosen by field name

const TEXTS = [
  'こんにちは',
  'メニュー',
  '介護保険の申請はどこでできますか',
  '訪問看護を頼みたい',
  '母が退院します。家で暮らせますか',
  '使い方',
  '言語',
  'help',
  'How do I apply for long-term care insurance?',
  'ありがとう😊',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'ｶﾀｶﾅ ﾃｽﾄ',
  '父が息をしていない',
  '人と話したい',
  '@renkei 教えて',
  '',
  ' ',
];

export const POSTBACK_DATA = [
  'g|menu',
  'g|help',
  'g|language',
  'g|person',
  'g|back',
  'g|cancel',
  'l|en',
  'l|ja-easy',
  'l|ja',
  'd|0',
  's|faq',
  'c|start|yes',
  'a|kaigo-hoken|m',
  'sc|home',
];

export interface GenContext {
  rng: Rng;
  source: SourceKind;
  /** the chat's ids (the user is also the group member who wrote) */
  ids: { userId: string; groupId: string; roomId: string };
  /** wall-clock base for timestamps */
  now: number;
  /** a reply token the fake LINE API will accept for this chat */
  replyToken(): string;
  /** a fresh, unique webhookEventId */
  eventId(): string;
  /** force a subtype: discriminator base schema name → mapping key (e.g. { Event: 'message' }) */
  choose?: Record<string, string>;
  /** optional properties are included with this probability (default 0.6) */
  optional?: number;
}

export function lineId(rng: Rng, prefix: 'U' | 'C' | 'R'): string {
  return `${prefix}${rng.hex(32)}`;
}

function stringFor(prop: string | undefined, node: WebhookSchemaNode, ctx: GenContext): string {
  const { rng } = ctx;
  switch (prop) {
    case 'userId':
      return ctx.ids.userId;
    case 'groupId':
      return ctx.ids.groupId;
    case 'roomId':
      return ctx.ids.roomId;
    case 'botId':
    case 'destination':
      return lineId(rng, 'U');
    case 'webhookEventId':
      return ctx.eventId();
    case 'replyToken':
      return ctx.replyToken();
    case 'text':
      return rng.pick(TEXTS).slice(0, node.maxLength ?? Infinity);
    case 'data':
      return rng.pick(POSTBACK_DATA);
    case 'id':
    case 'messageId':
      return String(100000000000000 + rng.int(1e9));
    case 'packageId':
    case 'stickerId':
      return String(1 + rng.int(20000));
    case 'fileName':
      return rng.pick(['ケアプラン.pdf', 'photo.jpg', `${'a'.repeat(40)}.txt`]);
    case 'title':
      return '市役所';
    case 'address':
      return '東京都千代田区1-1';
    case 'hwid':
      return rng.hex(10);
    case 'dm':
      return rng.hex(8);
    case 'nonce':
    case 'trackingId':
    case 'quoteToken':
    case 'markAsReadToken':
    case 'quotedMessageId':
    case 'emojiId':
    case 'productId':
      return rng.hex(24);
  }
  if (node.format === 'uri') return `https://example.com/${rng.hex(8)}.jpg`;
  return rng.hex(1 + rng.int(12));
}

function numberFor(prop: string | undefined, node: WebhookSchemaNode, ctx: GenContext): number {
  const { rng } = ctx;
  if (prop === 'timestamp') return ctx.now - rng.int(2000);
  if (prop === 'expireAt') return ctx.now + 3_600_000;
  if (prop === 'latitude') return 35 + rng.next();
  if (prop === 'longitude') return 139 + rng.next();
  if (prop === 'duration') return rng.int(600_000);
  if (prop === 'fileSize') return rng.int(10_000_000);
  if (prop === 'index') return rng.int(10);
  if (prop === 'length') return 1 + rng.int(10);
  if (node.type === 'number') return rng.next() * 1000;
  return rng.int(1000);
}

/** Optional in the schema, always present in what LINE sends (for the chats we generate). */
const ALWAYS = new Set(['source', 'replyToken', 'userId', 'groupId', 'roomId']);

/**
 * A valid instance of a schema node. `required` collects the path of every required
 * property generated (the mutations drop them one by one).
 */
export function generate(node: WebhookSchemaNode, ctx: GenContext, path: Path = [], required: Path[] = [], prop?: string): Json {
  const { name, node: n } = resolve(node);
  const { rng } = ctx;
  if (n.discriminator && name) {
    const forced = ctx.choose?.[name] ?? (name === 'Source' ? ctx.source : undefined) ?? rng.pick(Object.keys(n.discriminator.mapping));
    const sub = n.discriminator.mapping[forced];
    if (!sub) throw new Error(`${name} has no subtype ${forced}`);
    return generate({ $ref: sub }, ctx, path, required, prop);
  }
  if (n.enum) return rng.pick(n.enum);
  switch (n.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      const req = new Set(n.required ?? []);
      for (const [k, child] of Object.entries(n.properties ?? {})) {
        const must = req.has(k);
        // What LINE always sends in practice (an event's source and reply token, the ids in a
        // source) is always generated; the other optional fields vary.
        if (!must && !ALWAYS.has(k) && !rng.chance(ctx.optional ?? 0.6)) continue;
        out[k] = generate(child, ctx, [...path, k], required, k);
        if (must) required.push([...path, k]);
      }
      if (n.additionalProperties && rng.chance(0.5)) out[`k${rng.hex(4)}`] = generate(n.additionalProperties, ctx, [...path, 'extra'], required);
      return out;
    }
    case 'array': {
      const max = Math.min(n.maxItems ?? 3, 3);
      const min = Math.max(n.minItems ?? (prop === 'mentionees' || prop === 'members' ? 1 : 0), 0);
      const len = min + rng.int(max - min + 1);
      return Array.from({ length: len }, (_, i) =>
        generate(n.items ?? {}, { ...ctx, ids: i === 0 ? ctx.ids : { ...ctx.ids, userId: lineId(rng, 'U') } }, [...path, i], required, prop),
      );
    }
    case 'string':
      return stringFor(prop, n, ctx);
    case 'integer':
    case 'number':
      return numberFor(prop, n, ctx);
    case 'boolean':
      return prop === 'isRedelivery' ? rng.chance(0.1) : rng.chance(0.5);
    default:
      return {};
  }
}

/** One event of `type` (and message `messageType`) from a `source` chat. */
export function generateEvent(ctx: GenContext, type: string, messageType?: string): { event: Record<string, Json>; required: Path[] } {
  const required: Path[] = [];
  const choose = { ...ctx.choose, Event: type, ...(messageType ? { MessageContent: messageType } : {}) };
  const event = generate({ $ref: 'Event' }, { ...ctx, choose }, [], required) as Record<string, Json>;
  return { event, required };
}

// ---------------------------------------------------------------------------
// Mutations

export const clone = <T>(v: T): T => structuredClone(v);

/** Every path in a JSON value (objects and arrays, depth-first), excluding the root. */
export function allPaths(v: Json, path: Path = [], out: Path[] = []): Path[] {
  if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = [...path, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      allPaths(child, p, out);
    }
  }
  return out;
}

function parentOf(root: Json, path: Path): Record<string | number, Json> | undefined {
  let cur = root as Record<string | number, Json> | undefined;
  for (const k of path.slice(0, -1)) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = cur[k] as Record<string | number, Json> | undefined;
  }
  return cur && typeof cur === 'object' ? cur : undefined;
}

export function getAt(root: Json, path: Path): Json {
  const p = parentOf(root, path);
  return p ? p[path[path.length - 1]!] : undefined;
}

export function setAt(root: Json, path: Path, value: Json): void {
  const p = parentOf(root, path);
  if (p) p[path[path.length - 1]!] = value;
}

export function deleteAt(root: Json, path: Path): void {
  const p = parentOf(root, path);
  if (!p) return;
  if (Array.isArray(p)) p.splice(Number(path[path.length - 1]), 1);
  else delete p[path[path.length - 1]!];
}

/** A value of a different JSON type than `v`. */
export function wrongType(rng: Rng, v: Json): Json {
  const options: Json[] = ['x', '', '0', 0, -1, 1.5, 2 ** 53 + 2, true, false, [], [1, 'a', null], {}, { type: 'text' }];
  const typeOf = (x: Json) => (Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x);
  const others = options.filter((o) => typeOf(o) !== typeOf(v));
  return clone(rng.pick(others));
}

/** Control characters, bidi overrides, zero-width and non-characters. */
export const ODD_TEXTS = [
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u001f',
  '\u007f\u0080\u009f',
  '\u202eメニュー\u202c',
  '\u200b\u200c\u200d\ufeff',
  '\ufffe\uffff',
  '\u2028\u2029',
  '"level":"error","event":"forged"}\n{"level":"error"',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  '%s%s%s%n',
  '{{city.name}}',
  '$' + '{process.exit()}',
  'Ｍｅｎｕ　メニュー',
  '\u{1F600}'.repeat(3000),
  'ア\u3099'.repeat(100),
  'e\u0301'.repeat(200),
];

/**
 * JSON text whose strings hold lone surrogates (valid JSON: `"\ud800"`). JSON.stringify
 * would escape them the same way, but we write them by hand to be sure of the bytes.
 */
export const LONE_SURROGATE_TEXTS = ['\\ud800', 'a\\udc00b', '\\udbff\\udbff', 'メニュー\\ud83d'];

export function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
