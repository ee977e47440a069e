/**
 * Derives test/security/webhook-events.schema.json from LINE's published webhook
 * description (line/line-openapi, webhook.yml, Apache-2.0). The hostile-input test
 * generates its events from that JSON, so it runs on a fresh clone without the yml.
 *
 *   npx tsx scripts/derive-webhook-schema.ts [path/to/webhook.yml]          # write
 *   npx tsx scripts/derive-webhook-schema.ts [path/to/webhook.yml] --check  # exit 1 if stale
 *
 * The yml defaults to $LINE_WEBHOOK_YML or ../shared/line-openapi/webhook.yml.
 *
 * What the derivation does (and nothing else), as scripts/derive-line-schema.ts does for
 * the Messaging API:
 *  - keeps the schemas reachable from the callback's request body (CallbackRequest),
 *    following $ref and discriminator mappings;
 *  - flattens `allOf` (a subtype gets its base's properties and required list; the base's
 *    discriminator stays on the base, and the subtype's discriminator property is pinned
 *    to its mapping value, e.g. FollowEvent.type = "follow");
 *  - keeps only validation keywords (type, required, properties, items, enum, min/max*,
 *    pattern, format, additionalProperties, discriminator): descriptions, examples and
 *    documentation links are dropped.
 */
import { writeOrCheck } from './lib/derived-file.ts';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

export const ROOT = 'CallbackRequest';
const SOURCE = 'line/line-openapi webhook.yml (commit 6e4c2a2, 2026-07-01), Apache-2.0';

/** A schema node in the derived file: `$ref` names a schema, `discriminator.mapping` names subtypes. */
export interface WebhookSchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  required?: string[];
  properties?: Record<string, WebhookSchemaNode>;
  additionalProperties?: WebhookSchemaNode;
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  items?: WebhookSchemaNode;
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

export interface WebhookSchema {
  source: string;
  /** the request body LINE posts to the webhook */
  root: string;
  schemas: Record<string, WebhookSchemaNode>;
}

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document parsed from YAML, walked by its known shape.
type Yml = Record<string, any>;

const refName = (ref: string): string => ref.replace('#/components/schemas/', '');

function copy(from: Yml, to: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) if (from[k] !== undefined) to[k] = from[k];
}

function walkRefs(n: unknown, visit: (name: string) => void): void {
  if (!n || typeof n !== 'object') return;
  const o = n as Record<string, unknown>;
  if (typeof o.$ref === 'string') visit(o.$ref);
  const d = o.discriminator as { mapping?: Record<string, string> } | undefined;
  for (const v of Object.values(d?.mapping ?? {})) visit(v);
  for (const [k, v] of Object.entries(o)) if (k !== 'discriminator') walkRefs(v, visit);
}

export function deriveWebhookSchema(ymlText: string): WebhookSchema {
  const doc = parse(ymlText) as Yml;
  const raw: Record<string, Yml> = doc.components.schemas;
  if (!raw[ROOT]) throw new Error(`${ROOT} not found in the yml`);

  // The value pinned on a subtype's discriminator property, e.g. TextMessageContent.type = "text".
  const pinned = new Map<string, { prop: string; value: string }>();
  for (const s of Object.values(raw)) {
    for (const [value, ref] of Object.entries<string>(s.discriminator?.mapping ?? {})) {
      pinned.set(refName(ref), { prop: s.discriminator.propertyName, value });
    }
  }

  const convert = (s: Yml): WebhookSchemaNode => {
    if (s.$ref) return { $ref: refName(s.$ref) };
    if (s.allOf || s.properties || s.type === 'object' || s.discriminator) return convertObject(s);
    const n: Record<string, unknown> = {};
    if (s.type) n.type = s.type;
    if (s.type === 'array') {
      if (s.items) n.items = convert(s.items);
      copy(s, n, ['minItems', 'maxItems']);
    }
    copy(s, n, ['enum', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum']);
    return n as WebhookSchemaNode;
  };

  const convertObject = (s: Yml, own = true): WebhookSchemaNode & { type: 'object' } => {
    const properties: Record<string, WebhookSchemaNode> = {};
    const required = new Set<string>(s.required ?? []);
    for (const part of s.allOf ?? []) {
      const base = part.$ref ? convertObject(raw[refName(part.$ref)]!, false) : convertObject(part, false);
      Object.assign(properties, base.properties);
      for (const r of base.required ?? []) required.add(r);
    }
    for (const [k, v] of Object.entries<Yml>(s.properties ?? {})) properties[k] = convert(v);
    const n: WebhookSchemaNode & { type: 'object' } = { type: 'object' };
    if (required.size) n.required = [...required];
    if (Object.keys(properties).length) n.properties = properties;
    if (s.additionalProperties && typeof s.additionalProperties === 'object') n.additionalProperties = convert(s.additionalProperties);
    if (own && s.discriminator) {
      const mapping: Record<string, string> = {};
      for (const [k, v] of Object.entries<string>(s.discriminator.mapping)) mapping[k] = refName(v);
      n.discriminator = { propertyName: s.discriminator.propertyName, mapping };
    }
    return n;
  };

  const schemas: Record<string, WebhookSchemaNode> = {};
  const queue = [ROOT];
  while (queue.length) {
    const name = queue.shift()!;
    if (schemas[name]) continue;
    const s = raw[name];
    if (!s) throw new Error(`schema ${name} not found`);
    const node = convert(s.$ref ? raw[refName(s.$ref)]! : s);
    const pin = pinned.get(name);
    if (pin && node.type === 'object') {
      node.properties = { ...node.properties, [pin.prop]: { type: 'string', enum: [pin.value] } };
      node.required = [...new Set([...(node.required ?? []), pin.prop])];
    }
    schemas[name] = node;
    walkRefs(node, (r) => queue.push(r));
  }

  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return { source: SOURCE, root: ROOT, schemas: sorted };
}

export const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../test/security/webhook-events.schema.json');

export function renderWebhookSchema(schema: WebhookSchema): string {
  return `${JSON.stringify(schema, null, 1)}\n`;
}

function main(argv: string[]): void {
  writeOrCheck({
    argv,
    defaultInput: '../shared/line-openapi/webhook.yml',
    envVar: 'LINE_WEBHOOK_YML',
    outPath: SCHEMA_PATH,
    script: 'scripts/derive-webhook-schema.ts',
    derive: (text) => renderWebhookSchema(deriveWebhookSchema(text)),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
