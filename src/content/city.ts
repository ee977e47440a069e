/**
 * The city file at run time: localisation and `{{path}}` placeholders. Pure, and free of
 * the schema library so the Worker bundle stays small (the schema is in city-schema.ts).
 */
import type { Locale } from '../engine/types.ts';
import type { City, Localized } from './city-schema.ts';

export type { City, Localized };

export function localize(value: Localized, locale: Locale): string {
  if (typeof value === 'string') return value;
  // やさしい日本語 falls back to Japanese, English too (a city may not translate everything).
  return value[locale] ?? value.ja;
}

function isLocalizedMap(v: unknown): v is Exclude<Localized, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { ja?: unknown }).ja === 'string';
}

/**
 * Looks up `a.b.c` in the city; a number picks from a list (`emergency.crisis_lines.0.number`).
 * Returns undefined when the path does not lead to text or a switch.
 */
export function cityValue(city: City, path: string, locale: Locale): string | boolean | undefined {
  let node: unknown = city;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) return undefined;
      node = node[Number(part)];
      continue;
    }
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (typeof node === 'boolean') return node;
  if (isLocalizedMap(node)) return localize(node, locale);
  return undefined;
}

const IF_BLOCK = /\{\{#if ([a-z0-9_.]+)\}\}([\s\S]*?)(?:\{\{else\}\}([\s\S]*?))?\{\{\/if\}\}/g;
const PLACEHOLDER = /\{\{\s*([a-z0-9_.]+)\s*\}\}/g;

/** Replaces `{{path}}` and `{{#if path}}…{{else}}…{{/if}}` with the city's values. */
export function fillPlaceholders(text: string, city: City, locale: Locale): string {
  return text
    .replace(IF_BLOCK, (_m, path: string, yes: string, no = '') => (cityValue(city, path, locale) ? yes : no))
    .replace(PLACEHOLDER, (m, path: string) => {
      const v = cityValue(city, path, locale);
      return typeof v === 'string' ? v : m;
    });
}

/** Placeholders in `text` that do not resolve to a value in the city file. */
export function unresolvedPlaceholders(text: string, city: City): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(IF_BLOCK)) if (typeof cityValue(city, m[1]!, 'ja') !== 'boolean') bad.push(`#if ${m[1]}`);
  const stripped = text.replace(/\{\{#if [a-z0-9_.]+\}\}|\{\{else\}\}|\{\{\/if\}\}/g, '');
  for (const m of stripped.matchAll(PLACEHOLDER)) if (typeof cityValue(city, m[1]!, 'ja') !== 'string') bad.push(m[1]!);
  const leftovers = stripped.replace(PLACEHOLDER, '').match(/\{\{[^}]*\}\}/g);
  if (leftovers) bad.push(...leftovers);
  return bad;
}
