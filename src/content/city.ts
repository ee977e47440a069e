/**
 * The city file (content/city.yaml): schema, localisation and `{{path}}` placeholders.
 * Pure; see docs/content-guide.md for what a city may change.
 */
import { z } from 'zod';
import type { Locale } from '../engine/types.ts';

/** A plain string (same in every language) or one string per locale; `ja` is required. */
export const localized = z.union([
  z.string().min(1),
  z.object({ ja: z.string().min(1), 'ja-easy': z.string().min(1).optional(), en: z.string().min(1).optional() }).strict(),
]);
export type Localized = z.infer<typeof localized>;

const phone = z.string().regex(/^(#\d{3,5}|\d{2,5}(-\d{1,4}){1,3})$/, 'a phone number such as 000-0000-0000 or #7119');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM-HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const contact = z.object({ name: localized, phone, hours: localized.optional() }).strict();
const yearFigures = z.object({ times: z.number().int().min(0), participants: z.number().int().min(0), note: z.string().optional() }).strict();

export const citySchema = z
  .object({
    city: z.object({ name: localized, prefecture: localized.optional() }).strict(),
    timezone: z.literal('Asia/Tokyo'),
    locales: z.array(z.enum(['ja', 'ja-easy', 'en'])).min(1),
    center: z
      .object({
        name: localized,
        phone,
        address: localized,
        operator: localized.optional(),
        hours: z.object({ mon: hhmm.nullable(), tue: hhmm.nullable(), wed: hhmm.nullable(), thu: hhmm.nullable(), fri: hhmm.nullable(), sat: hhmm.nullable(), sun: hhmm.nullable() }).strict(),
        hours_text: localized,
        first_response_minutes: z.number().int().positive(),
      })
      .strict(),
    holidays: z
      .object({
        year_end_closure: z.object({ from: z.string().regex(/^\d{2}-\d{2}$/), to: z.string().regex(/^\d{2}-\d{2}$/) }).strict(),
        dates: z.record(z.string().regex(/^\d{4}$/), z.array(isoDate)),
      })
      .strict(),
    emergency: z
      .object({
        number: z.literal('119'),
        advice_line: z.object({ available: z.boolean(), number: phone, name: localized, hours: localized }).strict(),
        crisis_lines: z.array(z.object({ name: localized, number: phone, hours: localized }).strict()).min(1),
        crisis_source: z.string(),
      })
      .strict(),
    contacts: z.object({
      care_insurance_desk: contact,
      night_clinic: contact,
      dementia_desk: contact,
      dental_home_visit: contact,
      pharmacy_home_visit: contact,
    }),
    houkatsu_centers: z
      .array(z.object({ id: z.string(), name: localized, phone, hours: localized, areas: z.array(z.string()).min(1) }).strict())
      .min(1),
    tools: z.object({
      ict: z.object({ name: localized, description: localized, how_to_join: localized, help_desk_phone: phone }).strict(),
      emergency_sheet: z.object({ name: localized, description: localized, where_to_get: localized }).strict(),
      admission_rule: z.object({ name: localized, description: localized }).strict(),
      living_alone_register: z.object({ name: localized, description: localized, how_to_register: localized }).strict(),
      emergency_call_device: z.object({ available: z.boolean(), name: localized, description: localized }).strict(),
    }),
    plan: z
      .object({
        source: z.string(),
        activities: z
          .array(
            z
              .object({
                id: z.enum(['lecture', 'event', 'training']),
                name: localized,
                actual: z.record(z.string().regex(/^\d{4}$/), yearFigures),
                plan: z.record(z.string().regex(/^\d{4}$/), yearFigures),
              })
              .strict(),
          )
          .length(3),
      })
      .strict(),
  })
  .strict();

export type City = z.infer<typeof citySchema>;

export function localize(value: Localized, locale: Locale): string {
  if (typeof value === 'string') return value;
  // やさしい日本語 falls back to Japanese, English too (a city may not translate everything).
  return value[locale] ?? value.ja;
}

function isLocalizedMap(v: unknown): v is Exclude<Localized, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { ja?: unknown }).ja === 'string';
}

/** Looks up `a.b.c` in the city; returns undefined when it does not lead to text or a switch. */
export function cityValue(city: City, path: string, locale: Locale): string | boolean | undefined {
  let node: unknown = city;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
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
