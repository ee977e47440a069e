/**
 * Would LINE accept this request? The fake LINE API's checker (dev and test tooling, see
 * fakes/README.md). PURE: no I/O, no clock.
 *
 * Ajv compiles one JSON Schema made of two sources, kept apart:
 *  - ./schema/messaging-api.subset.json, derived from LINE's OpenAPI file by
 *    scripts/derive-line-schema.ts (Apache-2.0, see ./schema/NOTICE): required fields,
 *    types, enums, discriminators and the numbers the yml itself states (1–5 messages,
 *    13 quick reply items, postback data 300, multicast 500, loadingSeconds 5..60,
 *    chatBarText 14…);
 *  - DOCUMENTED below: the limits LINE documents but the yml does not encode (text 5000
 *    UTF-16 units, labels, altText, template and Flex sizes…), as JSON Schema merged into
 *    the derived definitions. Their numbers are src/line/limit-values.ts's, the ones the
 *    renderer applies, so the fake holds the renderer to the same figures.
 *
 * Counting: LINE counts UTF-16 code units (JS `.length`; 🍎 counts 2), except for action
 * labels and texts, template texts/titles and rich menu name/chatBarText, which it counts in
 * grapheme clusters (developers.line.biz/en/docs/messaging-api/text-character-count/).
 * JSON Schema's maxLength counts code points, so here `maxLength`/`minLength` are redefined
 * to count UTF-16 units, and `maxGraphemes`/`minGraphemes` count grapheme clusters.
 *
 * A violation is `{ path, message }`: the LINE-style property path of the offending value
 * ("messages[0].quickReply.items[2].action.label") and the reason.
 */
import Ajv, { type ErrorObject, type FuncKeywordDefinition, type SchemaObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import { LINE_LIMITS, graphemeLength, jsonByteLength } from '../../src/line/limit-values.ts';
import subsetJson from './schema/messaging-api.subset.json' with { type: 'json' };

const L = LINE_LIMITS;

// ---------------------------------------------------------------------------
// Types of the derived schema

/** A node of the derived JSON Schema (only the keywords the derivation keeps). */
export interface LineSchemaNode {
  /** "#/$defs/Name" */
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  required?: string[];
  properties?: Record<string, LineSchemaNode>;
  additionalProperties?: LineSchemaNode;
  /** Ajv's discriminator keyword: `oneOf` is decided by this property's value */
  discriminator?: { propertyName: string };
  oneOf?: LineSchemaNode[];
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
  $defs: Record<string, LineSchemaNode>;
}

export interface LineViolation {
  /** LINE-style property path: "messages[0].quickReply.items[2].action.label"; "" for the request itself */
  path: string;
  message: string;
}

export const LINE_SCHEMA = subsetJson as unknown as LineSchemaSubset;

// ---------------------------------------------------------------------------
// Documented limits the yml does not encode, as JSON Schema

type Schema = SchemaObject;

const utf16 = (min: number | undefined, max: number): Schema => ({ ...(min !== undefined ? { minLength: min } : {}), maxLength: max });
const chars = (max: number, min?: number): Schema => ({ ...(min !== undefined ? { minGraphemes: min } : {}), maxGraphemes: max });
const https: Schema = { urlSchemes: ['https:'] };
const image: Schema = { urlSchemes: ['https:'], maxLength: L.imageUrlLength };
const imageLayout = { imageAspectRatio: { enum: ['rectangle', 'square'] }, imageSize: { enum: ['cover', 'contain'] } };

/** Buttons and carousel columns allow a shorter text once they carry an image or a title. */
const textMax = (withImageOrTitle: number, plain: number): Schema => ({
  if: { anyOf: [{ required: ['thumbnailImageUrl'] }, { required: ['title'] }] },
  then: { properties: { text: chars(withImageOrTitle) } },
  else: { properties: { text: chars(plain) } },
});

const QUICK_REPLY_ONLY = ['camera', 'cameraRoll', 'location'];
const RICH_MENU_ONLY = ['richmenuswitch'];

/**
 * An action in a given place: what its label may be there, and the action types LINE
 * allows only elsewhere. Merged with the yml's `$ref` to Action.
 */
function actionIn(place: 'quickReply' | 'richMenu' | 'message', label?: { max: number; required?: boolean }): Schema {
  const notHere: Schema[] = [];
  if (place !== 'quickReply') notHere.push({ not: { enum: QUICK_REPLY_ONLY }, 'x-violation': 'a {value} action can only be used in quick reply' });
  if (place !== 'richMenu') notHere.push({ not: { enum: RICH_MENU_ONLY }, 'x-violation': 'a {value} action can only be used in rich menus' });
  return {
    ...(label?.required ? { required: ['label'] } : {}),
    properties: {
      ...(label ? { label: chars(label.max, 1) } : {}),
      ...(notHere.length ? { type: { allOf: notHere } } : {}),
    },
  };
}

const inMessage = actionIn('message');
const labelled = (max: number): Schema => actionIn('message', { max, required: true });

/** `Definition` → what LINE's documentation adds to it (merged: both apply). */
const DOCUMENTED: Record<string, Schema> = {
  TextMessage: { properties: { text: utf16(1, L.textLength), emojis: { maxItems: L.textEmojis } } },
  TextMessageV2: { properties: { text: utf16(1, L.textLength) } },
  Emoji: { required: ['index', 'productId', 'emojiId'] },
  ImageMessage: { properties: { originalContentUrl: image, previewImageUrl: image } },
  VideoMessage: { properties: { originalContentUrl: image, previewImageUrl: image } },
  AudioMessage: { properties: { originalContentUrl: image } },
  ImagemapMessage: { properties: { altText: utf16(1, L.templateAltText) } },
  TemplateMessage: { properties: { altText: utf16(1, L.templateAltText) } },
  FlexMessage: { properties: { altText: utf16(1, L.flexAltText) } },
  QuickReply: { required: ['items'], properties: { items: { minItems: 1 } } },
  QuickReplyItem: { required: ['action'], properties: { imageUrl: https, action: actionIn('quickReply', { max: L.quickReplyLabel, required: true }) } },
  Sender: { properties: { iconUrl: https } },
  ButtonsTemplate: {
    properties: {
      thumbnailImageUrl: image,
      title: chars(L.buttonsTitle),
      actions: { minItems: 1, maxItems: L.buttonsActions, items: labelled(L.actionLabel) },
      defaultAction: actionIn('message', { max: L.actionLabel }),
      ...imageLayout,
    },
    ...textMax(L.buttonsTextWithImageOrTitle, L.buttonsText),
  },
  ConfirmTemplate: {
    properties: { text: chars(L.confirmText), actions: { minItems: L.confirmActions, maxItems: L.confirmActions, items: labelled(L.actionLabel) } },
  },
  CarouselTemplate: {
    properties: {
      columns: { minItems: 1, maxItems: L.carouselColumns, sameActionCount: true, onEveryColumnOrNone: ['thumbnailImageUrl', 'title'] },
      ...imageLayout,
    },
  },
  CarouselColumn: {
    properties: {
      thumbnailImageUrl: image,
      title: chars(L.carouselTitle),
      actions: { minItems: 1, maxItems: L.carouselActions, items: labelled(L.actionLabel) },
      defaultAction: actionIn('message', { max: L.actionLabel }),
    },
    ...textMax(L.carouselTextWithImageOrTitle, L.carouselText),
  },
  ImageCarouselTemplate: { properties: { columns: { minItems: 1, maxItems: L.imageCarouselColumns } } },
  ImageCarouselColumn: { properties: { imageUrl: image, action: actionIn('message', { max: L.imageCarouselLabel }) } },
  FlexBubble: { maxJsonBytes: L.flexBubbleBytes, properties: { action: inMessage } },
  FlexCarousel: { maxJsonBytes: L.flexCarouselBytes, properties: { contents: { minItems: 1, maxItems: L.flexCarouselBubbles } } },
  FlexBox: { properties: { action: inMessage } },
  FlexButton: { properties: { action: labelled(L.flexButtonLabel) } },
  FlexImage: { properties: { url: image, action: inMessage } },
  FlexIcon: { properties: { url: image } },
  FlexVideo: { properties: { url: image, previewUrl: image, action: inMessage } },
  FlexText: {
    properties: { action: inMessage },
    // text is required unless the text is made of spans
    if: { required: ['contents'], properties: { contents: { type: 'array', minItems: 1 } } },
    else: { required: ['text'], properties: { text: { minLength: 1 } } },
  },
  FlexSpan: { required: ['text'] },
  PostbackAction: {
    required: ['data'],
    properties: { displayText: chars(L.postbackDisplayText), text: chars(L.postbackDisplayText), fillInText: chars(L.postbackFillInText) },
    if: { required: ['text'] },
    then: { properties: { displayText: { not: {}, 'x-violation': 'displayText and text cannot both be set' } } },
  },
  MessageAction: { required: ['text'], properties: { text: chars(L.messageActionText, 1) } },
  URIAction: { required: ['uri'], properties: { uri: { maxLength: L.uriLength, urlSchemes: L.uriSchemes } } },
  AltUri: { properties: { desktop: { urlSchemes: L.uriSchemes } } },
  DatetimePickerAction: { required: ['data', 'mode'] },
  RichMenuSwitchAction: { required: ['richMenuAliasId', 'data'] },
  RichMenuRequest: {
    required: ['size', 'selected', 'name', 'chatBarText', 'areas'],
    properties: { areas: { minItems: 1, maxItems: L.richMenuAreas } },
    richMenuGeometry: true,
  },
  RichMenuSize: {
    required: ['width', 'height'],
    properties: { width: { minimum: L.richMenuWidth.min, maximum: L.richMenuWidth.max }, height: { minimum: L.richMenuMinHeight } },
  },
  RichMenuArea: { required: ['bounds', 'action'], properties: { action: actionIn('richMenu', { max: L.actionLabel }) } },
  RichMenuBounds: { required: ['x', 'y', 'width', 'height'] },
  ShowLoadingAnimationRequest: { properties: { loadingSeconds: { multipleOf: L.loadingSeconds.step } } },
};

/** Strings the yml limits (maxLength) that LINE counts in grapheme clusters. */
const GRAPHEME_FIELDS: Array<[string, string]> = [
  ['RichMenuRequest', 'name'],
  ['RichMenuRequest', 'chatBarText'],
];

// ---------------------------------------------------------------------------
// Building the schema

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const TIGHTER: Record<string, (a: number, b: number) => number> = {
  minimum: Math.max,
  minLength: Math.max,
  minItems: Math.max,
  minGraphemes: Math.max,
  maximum: Math.min,
  maxLength: Math.min,
  maxItems: Math.min,
  maxGraphemes: Math.min,
};

/** Both schemas apply: properties merge, required lists add up, bounds take the tighter. */
function merge(base: Schema, extra: Schema, where: string): Schema {
  const out: Schema = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    if (b === undefined) out[k] = v;
    else if (k === 'items') out[k] = merge(b, v, `${where}[]`);
    else if (k === 'properties') {
      const props: Record<string, Schema> = { ...b };
      for (const [p, s] of Object.entries<Schema>(v)) props[p] = merge(props[p] ?? {}, s, `${where}.${p}`);
      out[k] = props;
    } else if (k === 'required') out[k] = [...new Set([...b, ...v])];
    else if (TIGHTER[k]) out[k] = TIGHTER[k](b, v);
    else if (JSON.stringify(b) !== JSON.stringify(v)) throw new Error(`documented limit ${where}.${k} conflicts with the derived schema`);
  }
  return out;
}

function buildDefs(): Record<string, Schema> {
  const defs: Record<string, Schema> = structuredClone(LINE_SCHEMA.$defs) as Record<string, Schema>;
  for (const [name, prop] of GRAPHEME_FIELDS) {
    const node = defs[name]?.properties?.[prop] as Schema | undefined;
    if (!node || node.maxLength === undefined) throw new Error(`${name}.${prop} has no maxLength in the derived schema`);
    node.maxGraphemes = node.maxLength;
    delete node.maxLength;
  }
  for (const [name, extra] of Object.entries(DOCUMENTED)) {
    if (!defs[name]) throw new Error(`documented limits for ${name}, which the derived schema lacks`);
    defs[name] = merge(defs[name], extra, name);
  }
  return defs;
}

// ---------------------------------------------------------------------------
// Keywords JSON Schema lacks (each reports its own message)

interface Found {
  /** JSON pointer below the value the keyword is on, e.g. "/size" */
  at?: string;
  message: string;
}

/**
 * A keyword whose check returns what it found wrong (nothing when the value is fine). Ajv
 * applies a typed keyword only to values of that type, like the standard ones.
 */
// biome-ignore lint/suspicious/noExplicitAny: Ajv hands a custom keyword whatever value its type filter let through; each check narrows it.
function keyword<S>(name: string, type: 'string' | 'array' | 'object' | undefined, fn: (schema: S, data: any) => Found[]): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (schema, data, _parent, cxt) => {
    const found = fn(schema as S, data);
    // Ajv puts an error without instancePath at the value's own path; `at` points below it.
    validate.errors = found.map((f) => ({
      keyword: name,
      params: {},
      message: f.message,
      ...(f.at ? { instancePath: `${cxt?.instancePath ?? ''}${f.at}` } : {}),
    }));
    return found.length === 0;
  };
  return { keyword: name, ...(type ? { type } : {}), errors: true, validate };
}

const only = (bad: boolean, message: string): Found[] => (bad ? [{ message }] : []);

function urlProblem(v: string, schemes?: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'must be an absolute URL';
  }
  if (!schemes || schemes.includes(url.protocol)) return undefined;
  return schemes.length === 1 && schemes[0] === 'https:' ? 'must be an https URL' : `scheme must be one of ${schemes.join(' ')}`;
}

const KEYWORDS: FuncKeywordDefinition[] = [
  // LINE's counts: UTF-16 units for maxLength/minLength (see the top of this file)
  keyword<number>('maxLength', 'string', (max, s: string) => only(s.length > max, `must be at most ${max} UTF-16 code units, got ${s.length}`)),
  keyword<number>('minLength', 'string', (min, s: string) =>
    only(s.length < min, min === 1 ? 'must not be empty' : `must be at least ${min} UTF-16 code units`),
  ),
  keyword<number>('maxGraphemes', 'string', (max, s: string) => {
    const n = s.length <= max ? s.length : graphemeLength(s);
    return only(n > max, `must be at most ${max} characters, got ${n}`);
  }),
  keyword<number>('minGraphemes', 'string', (min, s: string) =>
    only(graphemeLength(s) < min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`),
  ),
  keyword<number>('maxJsonBytes', undefined, (max, v) => {
    const n = jsonByteLength(v);
    return only(n > max, `JSON must be at most ${max} bytes, got ${n}`);
  }),
  keyword<string[]>('urlSchemes', 'string', (schemes, s: string) => {
    const problem = urlProblem(s, schemes);
    return problem ? [{ message: problem }] : [];
  }),
  keyword<true>('sameActionCount', 'array', (_, columns: unknown[]) => {
    const counts = new Set(columns.filter(isObj).map((c) => (Array.isArray(c.actions) ? c.actions.length : 0)));
    return only(counts.size > 1, 'every column must have the same number of actions');
  }),
  keyword<string[]>('onEveryColumnOrNone', 'array', (keys, columns: unknown[]) => {
    const cols = columns.filter(isObj);
    return keys.filter((k) => new Set(cols.map((c) => c[k] !== undefined)).size > 1).map((k) => ({ message: `${k}: set it on every column or on none` }));
  }),
  keyword<true>('richMenuGeometry', 'object', (_, menu: Record<string, unknown>) => {
    const size = menu.size;
    if (!isObj(size) || typeof size.width !== 'number' || typeof size.height !== 'number') return [];
    const { width, height } = size;
    const found: Found[] = [];
    if (width / height < L.richMenuMinAspectRatio) found.push({ at: '/size', message: `width/height must be at least ${L.richMenuMinAspectRatio}` });
    if (Array.isArray(menu.areas)) {
      menu.areas.forEach((a, i) => {
        const b = isObj(a) ? a.bounds : undefined;
        if (!isObj(b) || ![b.x, b.y, b.width, b.height].every((n) => typeof n === 'number')) return;
        if ((b.x as number) + (b.width as number) > width || (b.y as number) + (b.height as number) > height) {
          found.push({ at: `/areas/${i}/bounds`, message: 'must lie inside the rich menu size' });
        }
      });
    }
    return found;
  }),
];

const MESSAGES_PER_KEYWORD = new Set(KEYWORDS.map((k) => k.keyword as string));

// ---------------------------------------------------------------------------
// Ajv

const SCHEMA_ID = 'https://renkei.invalid/line/messaging-api.json';

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function compiled(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (v) return v;
  if (!ajv) {
    ajv = new Ajv({
      allErrors: true,
      // errors carry the value and the schema, which the messages below are made from
      verbose: true,
      discriminator: true,
      // each definition compiled once and called, not inlined at every use: compiles faster
      inlineRefs: false,
      // the documented limits add keywords to subschemas without repeating their type
      strictTypes: false,
      formats: {
        uri: (s: string) => urlProblem(s) === undefined,
        // OpenAPI's numeric formats describe storage; LINE's ranges are the yml's minimum/maximum
        int32: true,
        int64: true,
        double: true,
      },
    });
    ajv.removeKeyword('maxLength');
    ajv.removeKeyword('minLength');
    for (const k of KEYWORDS) ajv.addKeyword(k);
    // What a failing `not` beside it reports ("{value}": the value). An annotation: it checks nothing.
    ajv.addKeyword({ keyword: 'x-violation', schemaType: 'string' });
    ajv.addSchema({ $id: SCHEMA_ID, $defs: buildDefs() });
  }
  v = ajv.getSchema(`${SCHEMA_ID}#${pointer}`);
  if (!v) throw new Error(`no schema at ${pointer}`);
  validators.set(pointer, v);
  return v;
}

// ---------------------------------------------------------------------------
// Ajv's errors as LINE-style violations

/** "/messages/0/text" → "messages[0].text" (after `prefix`), telling array indexes from keys by the data. */
function linePath(prefix: string, pointer: string, root: unknown): string {
  let path = prefix;
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path += `[${key}]`;
      node = node[Number(key)];
    } else {
      path = join(path, key);
      node = isObj(node) ? node[key] : undefined;
    }
  }
  return path;
}

const join = (p: string, k: string): string => (p ? `${p}.${k}` : k);

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

/** One Ajv error → a violation, or undefined for errors that only wrap others. */
function violation(e: ErrorObject, path: string): LineViolation | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: Ajv's params differ per keyword; the switch below reads each keyword's own.
  const p = e.params as Record<string, any>;
  const data = e.data;
  if (MESSAGES_PER_KEYWORD.has(e.keyword)) return { path, message: e.message ?? e.keyword };
  switch (e.keyword) {
    case 'required':
      return { path: join(path, p.missingProperty), message: 'required' };
    case 'discriminator':
      // a missing tag is "required"; a wrong one is reported by the tag's enum
      return p.error === 'tag' && isObj(data) && data[p.tag] === undefined ? { path: join(path, p.tag), message: 'required' } : undefined;
    case 'type': {
      const want = String(p.type);
      if (want === 'integer' && typeof data === 'number' && Number.isFinite(data)) return { path, message: 'must be an integer' };
      return { path, message: `must be ${article(want === 'integer' ? 'number' : want)}, got ${typeName(data)}` };
    }
    case 'enum':
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}; got ${JSON.stringify(data)}` };
    case 'minItems':
      return { path, message: `must have at least ${p.limit} item(s), got ${(data as unknown[]).length}` };
    case 'maxItems':
      return { path, message: `must have at most ${p.limit} items, got ${(data as unknown[]).length}` };
    case 'minimum':
      return { path, message: `must be at least ${p.limit}` };
    case 'maximum':
      return { path, message: `must be at most ${p.limit}` };
    case 'multipleOf':
      return { path, message: `must be a multiple of ${p.multipleOf}` };
    case 'pattern':
      return { path, message: `must match ${p.pattern}` };
    case 'format':
      return { path, message: p.format === 'uri' ? 'must be an absolute URL' : `must be ${p.format}` };
    case 'not': {
      const said = e.parentSchema?.['x-violation'];
      return { path, message: typeof said === 'string' ? said.replace('{value}', String(data)) : 'is not allowed here' };
    }
    case 'if':
      // the failing branch reports its own errors
      return undefined;
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

function violationsOf(validate: ValidateFunction, data: unknown, prefix: string): LineViolation[] {
  if (validate(data)) return [];
  const out: LineViolation[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const v = violation(e, linePath(prefix, e.instancePath, data));
    if (!v) continue;
    // the derived schema and the documented limits may both say the same thing
    const key = `${v.path}\u0000${v.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Public checks

/** Check one message object (any type: text, sticker, image, template, flex…). */
export function validateMessage(message: unknown, path = 'message'): LineViolation[] {
  return violationsOf(compiled('/$defs/Message'), message, path);
}

/** Check a messages array as a reply/push body carries it (1–5 messages, each valid). */
export function validateMessages(messages: unknown, path = 'messages'): LineViolation[] {
  if (messages === undefined) return [{ path, message: 'required' }];
  return violationsOf(compiled('/$defs/ReplyMessageRequest/properties/messages'), messages, path);
}

const routes = LINE_SCHEMA.operations.map((op) => {
  const segs = op.path.split('/');
  return {
    op,
    literal: segs.filter((s) => !s.startsWith('{')).length,
    re: new RegExp(`^${segs.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
  };
});

/**
 * Compile the checks of every request body now (a second or so, once per process) rather
 * than on the first request, where the wait would fall inside a caller's timeout.
 */
export function prepareLineValidator(): void {
  compiled('/$defs/Message');
  for (const op of LINE_SCHEMA.operations) if (op.body) compiled(`/$defs/${op.body}`);
}

/** Strip origin and query: "https://api.line.me/v2/bot/x?y" → "/v2/bot/x". */
export function linePathOf(pathOrUrl: string): string {
  return pathOrUrl
    .replace(/^[a-z]+:\/\/[^/]+/i, '')
    .split('?')[0]!
    .split('#')[0]!;
}

/** The operation of the derived table a request addresses (most specific path wins). */
export function findLineOperation(method: string, pathOrUrl: string): LineOperation | undefined {
  const path = linePathOf(pathOrUrl);
  const m = method.toUpperCase();
  let best: (typeof routes)[number] | undefined;
  for (const c of routes) if (c.op.method === m && c.re.test(path) && (!best || c.literal > best.literal)) best = c;
  return best?.op;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  const found: LineViolation[] = [];
  const report = (path: string, message: string): void => void found.push({ path, message });
  checkRequest(method, path, headers, body, report);
  return found;
}

function checkRequest(method: string, path: string, headers: HeadersLike | undefined, body: unknown, report: (path: string, message: string) => void): void {
  const op = findLineOperation(method, path);
  if (!op) {
    const p = linePathOf(path);
    const other = routes.some((c) => c.re.test(p));
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
  for (const v of violationsOf(compiled(`/$defs/${op.body}`), json, '')) report(v.path, v.message);
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
