/**
 * LINE Messaging API limits and a request checker. PURE: no I/O, no clock.
 *
 * Two sources, kept apart:
 *  - the schema (required fields, types, enums, and the numbers the yml itself
 *    states: 1–5 messages, 13 quick reply items, postback data 300, multicast
 *    500, loadingSeconds 5..60, chatBarText 14…) comes from
 *    ./schema/messaging-api.subset.json, derived from LINE's OpenAPI file by
 *    scripts/derive-line-schema.ts (Apache-2.0, see ./schema/NOTICE);
 *  - the limits LINE documents but the yml does not encode (text 5000 UTF-16
 *    units, labels, altText, template and Flex sizes…) are the tables below.
 *
 * Counting: LINE counts UTF-16 code units (JS `.length`; 🍎 counts 2), except
 * for action labels and texts, template texts/titles and rich menu
 * name/chatBarText, which it counts in grapheme clusters
 * (developers.line.biz/en/docs/messaging-api/text-character-count/).
 */
import subsetJson from './schema/messaging-api.subset.json' with { type: 'json' };

// ---------------------------------------------------------------------------
// Limits

export { LINE_LIMITS } from '../../src/line/limit-values.ts';

const L = LINE_LIMITS;

// ---------------------------------------------------------------------------
// Types of the derived schema

export interface LineSchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  required?: string[];
  properties?: Record<string, LineSchemaNode>;
  additionalProperties?: LineSchemaNode;
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  items?: LineSchemaNode;
  minItems?: number;
  maxItems?: number;
  enum?: Array<string | number>;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

export interface LineOperation {
  operationId: string;
  method: string;
  /** as in the yml, with {params} */
  path: string;
  /** name of the JSON request body schema */
  body?: string;
  /** the body is a binary upload (rich menu image) */
  binary?: boolean;
  /** accepts X-Line-Retry-Key */
  retryKey?: boolean;
  /** served by api-data.line.me */
  dataHost?: boolean;
}

export interface LineSchemaSubset {
  source: string;
  operations: LineOperation[];
  schemas: Record<string, LineSchemaNode>;
}

export interface LineViolation {
  /** LINE-style property path: "messages[0].quickReply.items[2].action.label"; "" for the request itself */
  path: string;
  message: string;
}

export const LINE_SCHEMA = subsetJson as unknown as LineSchemaSubset;
const S = LINE_SCHEMA.schemas;

// ---------------------------------------------------------------------------
// Counting helpers (exported: the renderer needs the same arithmetic)

export { utf16Length, graphemeLength, jsonByteLength, truncateUtf16, truncateGraphemes } from '../../src/line/limit-values.ts';
import { LINE_LIMITS, graphemeLength, jsonByteLength, utf16Length } from '../../src/line/limit-values.ts';

// ---------------------------------------------------------------------------
// Documented limits the yml does not encode (tables)

type Unit = 'utf16' | 'grapheme';
interface FieldRule {
  required?: boolean;
  min?: number;
  max?: number;
  unit?: Unit;
  https?: boolean;
  schemes?: readonly string[];
  enum?: readonly string[];
  minItems?: number;
  maxItems?: number;
}

const img: FieldRule = { https: true, max: L.imageUrlLength };

/** `Schema.property` → rule. Applied after the schema check of that object. */
const FIELD_RULES: Record<string, FieldRule> = {
  'TextMessage.text': { min: 1, max: L.textLength },
  'TextMessage.emojis': { maxItems: L.textEmojis },
  'TextMessageV2.text': { min: 1, max: L.textLength },
  'Emoji.index': { required: true },
  'Emoji.productId': { required: true },
  'Emoji.emojiId': { required: true },
  'ImageMessage.originalContentUrl': img,
  'ImageMessage.previewImageUrl': img,
  'VideoMessage.originalContentUrl': img,
  'VideoMessage.previewImageUrl': img,
  'AudioMessage.originalContentUrl': img,
  'ImagemapMessage.altText': { min: 1, max: L.templateAltText },
  'TemplateMessage.altText': { min: 1, max: L.templateAltText },
  'FlexMessage.altText': { min: 1, max: L.flexAltText },
  'QuickReply.items': { required: true, minItems: 1 },
  'QuickReplyItem.action': { required: true },
  'QuickReplyItem.imageUrl': { https: true },
  'Sender.iconUrl': { https: true },
  'ButtonsTemplate.thumbnailImageUrl': img,
  'ButtonsTemplate.title': { max: L.buttonsTitle, unit: 'grapheme' },
  'ButtonsTemplate.actions': { minItems: 1, maxItems: L.buttonsActions },
  'ButtonsTemplate.imageAspectRatio': { enum: ['rectangle', 'square'] },
  'ButtonsTemplate.imageSize': { enum: ['cover', 'contain'] },
  'ConfirmTemplate.text': { max: L.confirmText, unit: 'grapheme' },
  'ConfirmTemplate.actions': { minItems: L.confirmActions, maxItems: L.confirmActions },
  'CarouselTemplate.columns': { minItems: 1, maxItems: L.carouselColumns },
  'CarouselTemplate.imageAspectRatio': { enum: ['rectangle', 'square'] },
  'CarouselTemplate.imageSize': { enum: ['cover', 'contain'] },
  'CarouselColumn.thumbnailImageUrl': img,
  'CarouselColumn.title': { max: L.carouselTitle, unit: 'grapheme' },
  'CarouselColumn.actions': { minItems: 1, maxItems: L.carouselActions },
  'ImageCarouselTemplate.columns': { minItems: 1, maxItems: L.imageCarouselColumns },
  'ImageCarouselColumn.imageUrl': img,
  'FlexCarousel.contents': { minItems: 1, maxItems: L.flexCarouselBubbles },
  'FlexImage.url': img,
  'FlexIcon.url': img,
  'FlexVideo.url': img,
  'FlexVideo.previewUrl': img,
  'PostbackAction.data': { required: true },
  'PostbackAction.displayText': { max: L.postbackDisplayText, unit: 'grapheme' },
  'PostbackAction.text': { max: L.postbackDisplayText, unit: 'grapheme' },
  'PostbackAction.fillInText': { max: L.postbackFillInText, unit: 'grapheme' },
  'MessageAction.text': { required: true, min: 1, max: L.messageActionText, unit: 'grapheme' },
  'URIAction.uri': { required: true, max: L.uriLength, schemes: L.uriSchemes },
  'AltUri.desktop': { schemes: L.uriSchemes },
  'DatetimePickerAction.data': { required: true },
  'DatetimePickerAction.mode': { required: true },
  'RichMenuSwitchAction.richMenuAliasId': { required: true },
  'RichMenuSwitchAction.data': { required: true },
  'RichMenuRequest.size': { required: true },
  'RichMenuRequest.selected': { required: true },
  'RichMenuRequest.name': { required: true },
  'RichMenuRequest.chatBarText': { required: true },
  'RichMenuRequest.areas': { required: true, minItems: 1, maxItems: L.richMenuAreas },
  'RichMenuSize.width': { required: true },
  'RichMenuSize.height': { required: true },
  'RichMenuArea.bounds': { required: true },
  'RichMenuArea.action': { required: true },
  'RichMenuBounds.x': { required: true },
  'RichMenuBounds.y': { required: true },
  'RichMenuBounds.width': { required: true },
  'RichMenuBounds.height': { required: true },
};

/** Strings the yml limits (maxLength) that LINE counts in grapheme clusters (besides every action's label). */
const GRAPHEME_FIELDS = new Set(['RichMenuRequest.name', 'RichMenuRequest.chatBarText']);

const QUICK_REPLY_ONLY = new Set(['camera', 'cameraRoll', 'location']);
const RICH_MENU_ONLY = new Set(['richmenuswitch']);
type Slot = { labelMax?: number; labelRequired?: boolean; place: 'quickReply' | 'richMenu' | 'message' };
/** Where actions sit, and what their label may be there. */
const ACTION_SLOTS: Record<string, Slot> = {
  'QuickReplyItem.action': { labelMax: L.quickReplyLabel, labelRequired: true, place: 'quickReply' },
  'ButtonsTemplate.actions': { labelMax: L.actionLabel, labelRequired: true, place: 'message' },
  'ButtonsTemplate.defaultAction': { labelMax: L.actionLabel, place: 'message' },
  'ConfirmTemplate.actions': { labelMax: L.actionLabel, labelRequired: true, place: 'message' },
  'CarouselColumn.actions': { labelMax: L.actionLabel, labelRequired: true, place: 'message' },
  'CarouselColumn.defaultAction': { labelMax: L.actionLabel, place: 'message' },
  'ImageCarouselColumn.action': { labelMax: L.imageCarouselLabel, place: 'message' },
  'RichMenuArea.action': { labelMax: L.actionLabel, place: 'richMenu' },
  'FlexButton.action': { labelMax: L.flexButtonLabel, labelRequired: true, place: 'message' },
  'FlexBox.action': { place: 'message' },
  'FlexImage.action': { place: 'message' },
  'FlexText.action': { place: 'message' },
  'FlexVideo.action': { place: 'message' },
  'FlexBubble.action': { place: 'message' },
};

type Obj = Record<string, unknown>;
type Report = (path: string, message: string) => void;
type Rule = (v: Obj, path: string, report: Report) => void;

const textMax = (o: Obj, withImageOrTitle: number, plain: number): number =>
  o.thumbnailImageUrl !== undefined || o.title !== undefined ? withImageOrTitle : plain;

/** Rules that need more than one field. */
const OBJECT_RULES: Record<string, Rule> = {
  ButtonsTemplate: (o, p, report) => {
    lengthRule(o.text, `${p}.text`, textMax(o, L.buttonsTextWithImageOrTitle, L.buttonsText), 'grapheme', report);
  },
  CarouselTemplate: (o, p, report) => {
    const cols = Array.isArray(o.columns) ? (o.columns.filter(isObj) as Obj[]) : [];
    cols.forEach((c, i) => lengthRule(c.text, `${p}.columns[${i}].text`, textMax(c, L.carouselTextWithImageOrTitle, L.carouselText), 'grapheme', report));
    const counts = new Set(cols.map((c) => (Array.isArray(c.actions) ? c.actions.length : 0)));
    if (counts.size > 1) report(`${p}.columns`, 'every column must have the same number of actions');
    for (const k of ['thumbnailImageUrl', 'title']) {
      if (new Set(cols.map((c) => c[k] !== undefined)).size > 1) report(`${p}.columns`, `${k}: set it on every column or on none`);
    }
  },
  PostbackAction: (o, p, report) => {
    if (o.displayText !== undefined && o.text !== undefined) report(`${p}.displayText`, 'displayText and text cannot both be set');
  },
  FlexMessage: (o, p, report) => {
    const c = o.contents;
    if (!isObj(c)) return;
    if (c.type === 'bubble') sizeRule(c, `${p}.contents`, L.flexBubbleBytes, report);
    if (c.type === 'carousel') {
      sizeRule(c, `${p}.contents`, L.flexCarouselBytes, report);
      if (Array.isArray(c.contents)) c.contents.forEach((b, i) => sizeRule(b, `${p}.contents.contents[${i}]`, L.flexBubbleBytes, report));
    }
  },
  FlexText: (o, p, report) => {
    const hasSpans = Array.isArray(o.contents) && o.contents.length > 0;
    if (!hasSpans && (typeof o.text !== 'string' || o.text === '')) report(`${p}.text`, 'required (unless contents has spans)');
  },
  FlexSpan: (o, p, report) => {
    if (typeof o.text !== 'string') report(`${p}.text`, 'required');
  },
  ShowLoadingAnimationRequest: (o, p, report) => {
    if (typeof o.loadingSeconds === 'number' && o.loadingSeconds % L.loadingSeconds.step !== 0) {
      report(join(p, 'loadingSeconds'), `must be a multiple of ${L.loadingSeconds.step}`);
    }
  },
  RichMenuRequest: (o, p, report) => {
    const size = o.size as Obj | undefined;
    if (!isObj(size) || typeof size.width !== 'number' || typeof size.height !== 'number') return;
    const { width, height } = size;
    if (width < L.richMenuWidth.min || width > L.richMenuWidth.max) report(join(p, 'size.width'), `must be ${L.richMenuWidth.min}..${L.richMenuWidth.max}`);
    if (height < L.richMenuMinHeight) report(join(p, 'size.height'), `must be at least ${L.richMenuMinHeight}`);
    if (width / height < L.richMenuMinAspectRatio) report(join(p, 'size'), `width/height must be at least ${L.richMenuMinAspectRatio}`);
    if (!Array.isArray(o.areas)) return;
    o.areas.forEach((a, i) => {
      const b = isObj(a) ? (a.bounds as Obj | undefined) : undefined;
      if (!isObj(b) || ![b.x, b.y, b.width, b.height].every((n) => typeof n === 'number')) return;
      if ((b.x as number) + (b.width as number) > width || (b.y as number) + (b.height as number) > height) {
        report(join(p, `areas[${i}].bounds`), 'must lie inside the rich menu size');
      }
    });
  },
};

// ---------------------------------------------------------------------------
// The checker

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (p: string, k: string): string => (p ? `${p}.${k}` : k);
const ACTION_TYPES = new Set(Object.values(S.Action?.discriminator?.mapping ?? {}));
function bySchema<T>(table: Record<string, T>): Map<string, Array<[string, T]>> {
  const m = new Map<string, Array<[string, T]>>();
  for (const [key, val] of Object.entries(table)) {
    const [schema, prop] = key.split('.') as [string, string];
    m.set(schema, [...(m.get(schema) ?? []), [prop, val]]);
  }
  return m;
}
const FIELD_RULES_BY_SCHEMA = bySchema(FIELD_RULES);
const SLOTS_BY_SCHEMA = bySchema(ACTION_SLOTS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function lengthRule(v: unknown, path: string, max: number, unit: Unit, report: Report, min = 0): void {
  if (typeof v !== 'string') return;
  const n = unit === 'grapheme' ? graphemeLength(v) : utf16Length(v);
  const what = unit === 'grapheme' ? 'characters' : 'UTF-16 code units';
  if (n > max) report(path, `must be at most ${max} ${what}, got ${n}`);
  if (n < min) report(path, min === 1 ? 'must not be empty' : `must be at least ${min} ${what}`);
}

function sizeRule(v: unknown, path: string, max: number, report: Report): void {
  const n = jsonByteLength(v);
  if (n > max) report(path, `JSON must be at most ${max} bytes, got ${n}`);
}

function urlRule(v: unknown, path: string, r: FieldRule, report: Report): void {
  if (typeof v !== 'string') return;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    report(path, 'must be an absolute URL');
    return;
  }
  if (r.https && url.protocol !== 'https:') report(path, 'must be an https URL');
  if (r.schemes && !r.schemes.includes(url.protocol)) report(path, `scheme must be one of ${r.schemes.join(' ')}`);
}

function fieldRule(o: Obj, prop: string, r: FieldRule, path: string, report: Report): void {
  const v = o[prop];
  if (v === undefined || v === null) {
    if (r.required) report(path, 'required');
    return;
  }
  if (typeof v === 'string') {
    if (r.max !== undefined || r.min !== undefined) lengthRule(v, path, r.max ?? Infinity, r.unit ?? 'utf16', report, r.min);
    if (r.https || r.schemes) urlRule(v, path, r, report);
    if (r.enum && !r.enum.includes(v)) report(path, `must be one of: ${r.enum.join(', ')}`);
  }
  if (Array.isArray(v)) {
    if (r.maxItems !== undefined && v.length > r.maxItems) report(path, `must have at most ${r.maxItems} items, got ${v.length}`);
    if (r.minItems !== undefined && v.length < r.minItems) report(path, `must have at least ${r.minItems} item(s), got ${v.length}`);
  }
}

function actionSlotRule(action: unknown, path: string, slot: Slot, report: Report): void {
  if (!isObj(action)) return;
  const type = String(action.type);
  if (QUICK_REPLY_ONLY.has(type) && slot.place !== 'quickReply') report(`${path}.type`, `a ${type} action can only be used in quick reply`);
  if (RICH_MENU_ONLY.has(type) && slot.place !== 'richMenu') report(`${path}.type`, `a ${type} action can only be used in rich menus`);
  if (action.label === undefined) {
    if (slot.labelRequired) report(`${path}.label`, 'required');
  } else if (slot.labelMax !== undefined) {
    lengthRule(action.label, `${path}.label`, slot.labelMax, 'grapheme', report, 1);
  }
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Check `v` against the named schema (dispatching on its discriminator). */
function checkNamed(v: unknown, name: string, path: string, report: Report): void {
  const node = S[name];
  if (!node) return;
  const d = node.discriminator;
  if (d) {
    if (!isObj(v)) return report(path, `must be an object, got ${typeName(v)}`);
    const tag = v[d.propertyName];
    const target = typeof tag === 'string' ? d.mapping[tag] : undefined;
    if (tag === undefined) return report(join(path, d.propertyName), 'required');
    if (!target) return report(join(path, d.propertyName), `must be one of: ${Object.keys(d.mapping).join(', ')}; got ${JSON.stringify(tag)}`);
    return checkNamed(v, target, path, report);
  }
  checkNode(v, node, path, name, report);
  if (!isObj(v)) return;
  for (const [prop, rule] of FIELD_RULES_BY_SCHEMA.get(name) ?? []) fieldRule(v, prop, rule, join(path, prop), report);
  for (const [prop, slot] of SLOTS_BY_SCHEMA.get(name) ?? []) {
    const val = v[prop];
    if (Array.isArray(val)) val.forEach((a, i) => actionSlotRule(a, `${join(path, prop)}[${i}]`, slot, report));
    else if (val !== undefined) actionSlotRule(val, join(path, prop), slot, report);
  }
  OBJECT_RULES[name]?.(v, path, report);
}

function unitOf(owner: string | undefined, prop: string | undefined): Unit {
  if (!owner || !prop) return 'utf16';
  if (GRAPHEME_FIELDS.has(`${owner}.${prop}`)) return 'grapheme';
  if (prop === 'label' && ACTION_TYPES.has(owner)) return 'grapheme';
  return FIELD_RULES[`${owner}.${prop}`]?.unit ?? 'utf16';
}

function checkNode(v: unknown, n: LineSchemaNode, path: string, owner: string | undefined, report: Report, prop?: string): void {
  if (n.$ref) return checkNamed(v, n.$ref, path, report);
  if (v === undefined) return;
  switch (n.type) {
    case 'object': {
      if (!isObj(v)) return report(path, `must be an object, got ${typeName(v)}`);
      for (const r of n.required ?? []) if (v[r] === undefined || v[r] === null) report(join(path, r), 'required');
      for (const [k, val] of Object.entries(v)) {
        const pn = n.properties?.[k] ?? n.additionalProperties;
        if (pn && val !== undefined) checkNode(val, pn, join(path, k), owner, report, k);
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(v)) return report(path, `must be an array, got ${typeName(v)}`);
      if (n.minItems !== undefined && v.length < n.minItems) report(path, `must have at least ${n.minItems} item(s), got ${v.length}`);
      if (n.maxItems !== undefined && v.length > n.maxItems) report(path, `must have at most ${n.maxItems} items, got ${v.length}`);
      if (n.items) v.forEach((item, i) => checkNode(item, n.items!, `${path}[${i}]`, owner, report, prop));
      return;
    }
    case 'string': {
      if (typeof v !== 'string') return report(path, `must be a string, got ${typeName(v)}`);
      if (n.enum && !n.enum.includes(v)) return report(path, `must be one of: ${n.enum.join(', ')}; got ${JSON.stringify(v)}`);
      lengthRule(v, path, n.maxLength ?? Infinity, unitOf(owner, prop), report, n.minLength);
      if (n.pattern && !new RegExp(n.pattern).test(v)) report(path, `must match ${n.pattern}`);
      if (n.format === 'uri') urlRule(v, path, {}, report);
      return;
    }
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return report(path, `must be a number, got ${typeName(v)}`);
      if (n.type === 'integer' && !Number.isInteger(v)) return report(path, 'must be an integer');
      if (n.minimum !== undefined && v < n.minimum) report(path, `must be at least ${n.minimum}`);
      if (n.maximum !== undefined && v > n.maximum) report(path, `must be at most ${n.maximum}`);
      return;
    }
    case 'boolean':
      if (typeof v !== 'boolean') report(path, `must be a boolean, got ${typeName(v)}`);
      return;
  }
}

function collect(fn: (report: Report) => void): LineViolation[] {
  const out: LineViolation[] = [];
  const seen = new Set<string>();
  fn((path, message) => {
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path, message });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------
// Public checks

/** Check one message object (any type: text, sticker, image, template, flex…). */
export function validateMessage(message: unknown, path = 'message'): LineViolation[] {
  return collect((report) => checkNamed(message, 'Message', path, report));
}

/** Check a messages array as a reply/push body carries it (1–5 messages, each valid). */
export function validateMessages(messages: unknown, path = 'messages'): LineViolation[] {
  const node = S.ReplyMessageRequest?.properties?.messages;
  return collect((report) => {
    if (messages === undefined) return report(path, 'required');
    if (node) checkNode(messages, node, path, 'ReplyMessageRequest', report, 'messages');
  });
}

const compiled = LINE_SCHEMA.operations.map((op) => {
  const segs = op.path.split('/');
  return {
    op,
    literal: segs.filter((s) => !s.startsWith('{')).length,
    re: new RegExp(`^${segs.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
  };
});

/** Strip origin and query: "https://api.line.me/v2/bot/x?y" → "/v2/bot/x". */
export function linePathOf(pathOrUrl: string): string {
  return pathOrUrl.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0]!.split('#')[0]!;
}

/** The operation of the derived table a request addresses (most specific path wins). */
export function findLineOperation(method: string, pathOrUrl: string): LineOperation | undefined {
  const path = linePathOf(pathOrUrl);
  const m = method.toUpperCase();
  let best: (typeof compiled)[number] | undefined;
  for (const c of compiled) if (c.op.method === m && c.re.test(path) && (!best || c.literal > best.literal)) best = c;
  return best?.op;
}

export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

function header(h: HeadersLike, name: string): string | undefined {
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name) ?? undefined;
  for (const [k, v] of Object.entries(h as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

function imageType(b: Uint8Array): 'image/png' | 'image/jpeg' | undefined {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/**
 * Check a request a bot sends to LINE, as LINE would: the endpoint exists for
 * the method, headers (Content-Type, X-Line-Retry-Key format) and the body's
 * schema and limits.
 *
 * @param headers pass `undefined` to skip the header checks
 * @param body parsed JSON (a string is parsed), or the bytes of an image upload
 * @returns violations; empty when LINE would accept the request
 */
export function validateLineRequest(method: string, path: string, headers: HeadersLike | undefined, body: unknown): LineViolation[] {
  return collect((report) => {
    const op = findLineOperation(method, path);
    if (!op) {
      const p = linePathOf(path);
      const other = compiled.some((c) => c.re.test(p));
      return report('', other ? `method ${method.toUpperCase()} is not allowed on ${p}` : `unknown endpoint ${method.toUpperCase()} ${p}`);
    }
    const contentType = headers ? header(headers, 'content-type')?.toLowerCase() : undefined;
    if (headers && op.retryKey) {
      const key = header(headers, 'x-line-retry-key');
      if (key !== undefined && !UUID.test(key)) report('headers.X-Line-Retry-Key', 'must be a UUID (hex, 8-4-4-4-12)');
    }
    if (op.binary) {
      const bytes = body instanceof Uint8Array ? body : body instanceof ArrayBuffer ? new Uint8Array(body) : undefined;
      if (headers && contentType !== 'image/jpeg' && contentType !== 'image/png') report('headers.Content-Type', 'must be image/jpeg or image/png');
      if (!bytes || bytes.length === 0) return report('', 'an image body is required');
      if (bytes.length > L.richMenuImageBytes) report('', `image must be at most ${L.richMenuImageBytes} bytes, got ${bytes.length}`);
      const actual = imageType(bytes);
      if (!actual) report('', 'image must be a JPEG or PNG');
      else if (headers && contentType && actual !== contentType) report('headers.Content-Type', `is ${contentType} but the body is ${actual}`);
      return;
    }
    if (!op.body) return;
    if (headers && !contentType?.startsWith('application/json')) report('headers.Content-Type', 'must be application/json');
    let json = body;
    if (typeof body === 'string') {
      try {
        json = JSON.parse(body);
      } catch {
        return report('', 'the request body is not valid JSON');
      }
    }
    if (json === undefined || json === null) return report('', 'a JSON request body is required');
    checkNamed(json, op.body, '', report);
  });
}

/** Image dimensions of a PNG or JPEG (for the rich menu upload check), or undefined. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const t = imageType(bytes);
  const u16 = (i: number) => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  const u32 = (i: number) => ((u16(i) << 16) | u16(i + 2)) >>> 0;
  if (t === 'image/png' && bytes.length >= 24) return { width: u32(16), height: u32(20) };
  if (t !== 'image/jpeg') return undefined;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16(i + 5), width: u16(i + 7) };
    }
    i += 2 + u16(i + 2);
  }
  return undefined;
}
