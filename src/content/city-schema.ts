/**
 * The schema of content/city.yaml (see docs/content-guide.md for what a city may change).
 * Used when content is validated and bundled, not at run time.
 */
import { z } from 'zod';
import { JAPAN_TIME_ZONE } from '../shared/japan-time.ts';
import { directorySectionSchema } from '../features/directory/city-section.ts';

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
    timezone: z.literal(JAPAN_TIME_ZONE),
    locales: z.array(z.enum(['ja', 'ja-easy', 'en'])).min(1),
    center: z
      .object({
        name: localized,
        phone,
        address: localized,
        operator: localized.optional(),
        hours: z
          .object({
            mon: hhmm.nullable(),
            tue: hhmm.nullable(),
            wed: hhmm.nullable(),
            thu: hhmm.nullable(),
            fri: hhmm.nullable(),
            sat: hhmm.nullable(),
            sun: hhmm.nullable(),
          })
          .strict(),
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
        /** The police, for a crisis where someone is in danger now. */
        police_number: z.literal('110'),
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
      /** The city's elder-abuse consultation and report desk (高齢者虐待 相談・通報窓口). */
      elder_abuse_desk: contact,
      /** Where a family reports a person with dementia missing, beside the police (the SOS network's desk). */
      missing_person_desk: contact,
    }),
    houkatsu_centers: z
      .array(
        z
          .object({
            id: z.string(),
            name: localized,
            phone,
            hours: localized,
            areas: z.array(z.string()).min(1),
            /** The areas in Latin letters for English (Kitamachi, Sakuramachi…), in the order of `areas`. */
            areas_en: z.array(z.string()).min(1).optional(),
          })
          .strict()
          .refine((h) => !h.areas_en || h.areas_en.length === h.areas.length, {
            message: 'areas_en must list every area of areas, in order',
            path: ['areas_en'],
          }),
      )
      .min(1),
    tools: z.object({
      ict: z.object({ name: localized, description: localized, how_to_join: localized, help_desk_phone: phone }).strict(),
      emergency_sheet: z.object({ name: localized, description: localized, where_to_get: localized }).strict(),
      admission_rule: z.object({ name: localized, description: localized }).strict(),
      living_alone_register: z.object({ name: localized, description: localized, how_to_register: localized }).strict(),
      emergency_call_device: z.object({ available: z.boolean(), name: localized, description: localized }).strict(),
      /** The network that looks for a missing person with dementia (行方不明 SOS ネットワーク), with advance registration. */
      sos_network: z.object({ name: localized, description: localized, how_to_register: localized, gps: localized }).strict(),
      /** The city's help with incontinence pads and diapers (紙おむつの支給・助成); available: false hides it. */
      diaper_support: z.object({ available: z.boolean(), name: localized, description: localized, who: localized }).strict(),
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
    /** The local directory: the city's own list and how the open data is cut (features/directory/). */
    directory: directorySectionSchema.optional(),
  })
  .strict();

export type City = z.infer<typeof citySchema>;
