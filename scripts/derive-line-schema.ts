/**
 * Derives fakes/line/schema/messaging-api.subset.json from LINE's published
 * OpenAPI description (line/line-openapi, messaging-api.yml, Apache-2.0).
 *
 *   npx tsx scripts/derive-line-schema.ts [path/to/messaging-api.yml]          # write
 *   npx tsx scripts/derive-line-schema.ts [path/to/messaging-api.yml] --check  # exit 1 if stale
 *
 * The yml defaults to $LINE_OPENAPI_YML or ../shared/line-openapi/messaging-api.yml.
 *
 * The result is a JSON Schema document (`$defs`, `$ref: "#/$defs/Name"`) that Ajv
 * compiles as it is (fakes/line/validator.ts), plus the table of operations.
 *
 * What the derivation does (and nothing else):
 *  - keeps only the operations a bot uses (OPERATIONS below) and the schemas
 *    reachable from their request bodies;
 *  - flattens `allOf` (a subtype gets its base's properties and required list;
 *    the subtype's discriminator property is pinned to its mapping value);
 *  - writes each OpenAPI discriminator as JSON Schema: `oneOf` over the mapped
 *    subtypes, the discriminator property's `enum` of the mapping's values, and
 *    `discriminator: { propertyName }` (Ajv's keyword, which picks the one subtype
 *    by that property instead of trying them all);
 *  - keeps only validation keywords (type, required, properties, items,
 *    enum, min/max*, pattern, format, additionalProperties);
 *  - normalises the malformed AreaDemographic enum values of the upstream file
 *    ("id_07: メダン // Medan" -> "id_07").
 * Limits that the yml does not state live in fakes/line/validator.ts.
 */
import { writeOrCheck } from './lib/derived-file.ts';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { LineSchemaNode, LineSchemaSubset, LineOperation } from '../fakes/line/validator.ts';

const DEFS = '#/$defs/';

export const OPERATIONS = [
  'replyMessage',
  'pushMessage',
  'multicast',
  'narrowcast',
  'broadcast',
  'validateReply',
  'validatePush',
  'validateMulticast',
  'validateNarrowcast',
  'validateBroadcast',
  'getMessageQuota',
  'getMessageQuotaConsumption',
  'getProfile',
  'showLoadingAnimation',
  'markMessagesAsRead',
  'markMessagesAsReadByToken',
  'createRichMenu',
  'validateRichMenuObject',
  'getRichMenu',
  'deleteRichMenu',
  'getRichMenuList',
  'setRichMenuImage',
  'getRichMenuImage',
  'setDefaultRichMenu',
  'getDefaultRichMenuId',
  'cancelDefaultRichMenu',
  'linkRichMenuIdToUser',
  'getRichMenuIdOfUser',
  'unlinkRichMenuIdFromUser',
  'linkRichMenuIdToUsers',
  'unlinkRichMenuIdFromUsers',
] as const;

const SOURCE = 'line/line-openapi messaging-api.yml (commit 6e4c2a2, 2026-07-01), Apache-2.0';
const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document parsed from YAML, walked by its known shape.
type Yml = Record<string, any>;

const refName = (ref: string): string => ref.replace('#/components/schemas/', '');
const ref = (name: string): LineSchemaNode => ({ $ref: DEFS + name });

export function deriveLineSchema(ymlText: string): LineSchemaSubset {
  const doc = parse(ymlText) as Yml;
  const raw: Record<string, Yml> = doc.components.schemas;

  // --- operations --------------------------------------------------------
  const operations: LineOperation[] = [];
  const roots = new Set<string>();
  for (const [path, item] of Object.entries<Yml>(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op || !(OPERATIONS as readonly string[]).includes(op.operationId)) continue;
      const out: LineOperation = { operationId: op.operationId, method: method.toUpperCase(), path };
      const params: Yml[] = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      if (params.some((p) => p.in === 'header' && p.name === 'X-Line-Retry-Key')) out.retryKey = true;
      if (op.servers?.[0]?.url?.includes('api-data')) out.dataHost = true;
      const content = op.requestBody?.content as Yml | undefined;
      if (content?.['application/json']?.schema?.$ref) {
        out.body = refName(content['application/json'].schema.$ref);
        roots.add(out.body);
      } else if (content) {
        out.binary = true;
      }
      operations.push(out);
    }
  }
  const missing = OPERATIONS.filter((id) => !operations.some((o) => o.operationId === id));
  if (missing.length) throw new Error(`operations not found in the yml: ${missing.join(', ')}`);
  operations.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));

  // --- schemas -------------------------------------------------------------
  // value pinned on a subtype's discriminator property, e.g. TextMessage.type = "text"
  const pinned = new Map<string, { prop: string; value: string }>();
  for (const s of Object.values(raw)) {
    for (const [value, ref] of Object.entries<string>(s.discriminator?.mapping ?? {})) {
      pinned.set(refName(ref), { prop: s.discriminator.propertyName, value });
    }
  }

  const convert = (s: Yml): LineSchemaNode => {
    if (s.$ref) return ref(refName(s.$ref));
    if (s.allOf || s.properties || s.type === 'object' || s.discriminator) return convertObject(s);
    const n: Record<string, unknown> = {};
    if (s.type) n.type = s.type;
    if (s.type === 'array') {
      if (s.items) n.items = convert(s.items);
      copy(s, n, ['minItems', 'maxItems']);
    }
    copy(s, n, ['enum', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum']);
    if (Array.isArray(n.enum)) n.enum = (n.enum as unknown[]).map((v) => (typeof v === 'string' ? v.replace(/:.*$/, '') : v));
    return n as LineSchemaNode;
  };

  const convertObject = (s: Yml, own = true): LineSchemaNode & { type: 'object' } => {
    const properties: Record<string, LineSchemaNode> = {};
    const required = new Set<string>(s.required ?? []);
    for (const part of s.allOf ?? []) {
      const base = part.$ref ? convertObject(raw[refName(part.$ref)]!, false) : convertObject(part, false);
      Object.assign(properties, base.properties);
      for (const r of base.required ?? []) required.add(r);
    }
    for (const [k, v] of Object.entries<Yml>(s.properties ?? {})) properties[k] = convert(v);
    const n: LineSchemaNode & { type: 'object' } = { type: 'object' };
    if (required.size) n.required = [...required];
    if (Object.keys(properties).length) n.properties = properties;
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      n.additionalProperties = convert(s.additionalProperties);
    }
    if (own && s.discriminator) {
      const prop: string = s.discriminator.propertyName;
      const mapping = Object.entries<string>(s.discriminator.mapping);
      n.properties = { ...n.properties, [prop]: { ...n.properties?.[prop], enum: mapping.map(([value]) => value) } };
      n.discriminator = { propertyName: prop };
      n.oneOf = mapping.map(([, target]) => ref(refName(target)));
    }
    return n;
  };

  const schemas: Record<string, LineSchemaNode> = {};
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift()!;
    if (schemas[name]) continue;
    const s = raw[name];
    if (!s) throw new Error(`schema ${name} not found`);
    const node = convert(s.$ref ? raw[refName(s.$ref)]! : s);
    const pin = pinned.get(name);
    if (pin && 'type' in node && node.type === 'object') {
      node.properties = { ...node.properties, [pin.prop]: { type: 'string', enum: [pin.value] } };
      node.required = [...new Set([...(node.required ?? []), pin.prop])];
    }
    schemas[name] = node;
    walkRefs(node, (r) => queue.push(r));
  }

  return { source: SOURCE, operations, $defs: sortKeys(schemas) };
}

function copy(from: Yml, to: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) if (from[k] !== undefined) to[k] = from[k];
}

function walkRefs(n: unknown, visit: (name: string) => void): void {
  if (!n || typeof n !== 'object') return;
  const o = n as Record<string, unknown>;
  if (typeof o.$ref === 'string') visit(o.$ref.slice(DEFS.length));
  for (const v of Object.values(o)) walkRefs(v, visit);
}

function sortKeys<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))) as T;
}

export const SUBSET_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../fakes/line/schema/messaging-api.subset.json');

export function renderSubset(subset: LineSchemaSubset): string {
  return `${JSON.stringify(subset, null, 1)}\n`;
}

function main(argv: string[]): void {
  writeOrCheck({
    argv,
    defaultInput: '../shared/line-openapi/messaging-api.yml',
    envVar: 'LINE_OPENAPI_YML',
    outPath: SUBSET_PATH,
    script: 'scripts/derive-line-schema.ts',
    derive: (text) => renderSubset(deriveLineSchema(text)),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
