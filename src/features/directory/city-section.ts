/**
 * The `directory:` section of content/city.yaml: what the city keeps itself (the center's own
 * list of home-visit clinics, dentists and pharmacies, the 地域包括支援センター's addresses),
 * which municipality the national open data is cut to, and a point for each 町名 so a search by
 * area can fill up with the nearest places around it. Imported into the database by
 * `npm run renkei -- directory import --city` (features/directory/import/city-list.ts).
 */
import { z } from 'zod';
import { PLACE_FEATURES, PLACE_KINDS } from './engine/place.ts';

const lat = z.number().min(20).max(46);
const lng = z.number().min(122).max(154);
const phone = z.string().regex(/^\d{2,5}(-\d{1,4}){1,3}$/, 'a phone number such as 000-0000-0000');

export const cityPlaceSchema = z
  .object({
    /** Stable within the list: checks by phone in the console stay with it. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lower-case letters, digits and dashes'),
    kind: z.enum(PLACE_KINDS),
    name: z.string().min(1).max(100),
    address: z.string().min(1).max(200),
    phone: phone.optional(),
    lat: lat.optional(),
    lng: lng.optional(),
    /** As the place states it (診療時間, 営業時間): shown as written. */
    hours: z.string().max(100).optional(),
    /** Only what the place has confirmed to the center (24時間対応, 看取り…). */
    features: z.array(z.enum(PLACE_FEATURES)).default([]),
  })
  .strict()
  .refine((p) => (p.lat === undefined) === (p.lng === undefined), 'give both lat and lng, or neither');

export const directorySectionSchema = z
  .object({
    /** 全国地方公共団体コード (6 digits): the open data's 都道府県コード又は市町村コード. */
    municipality_code: z.string().regex(/^\d{6}$/, 'six digits, e.g. 132110'),
    /** The city's name as the open data writes it in 市区町村名 and in addresses. */
    municipality_name: z.string().min(1),
    /** The date the center last confirmed its own list (shown beside the results). */
    list_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    /** A point in each 町名 (lat, lng): a search by area is filled up with the nearest places around it. */
    area_points: z.record(z.string(), z.tuple([lat, lng])).default({}),
    places: z.array(cityPlaceSchema).default([]),
  })
  .strict();

export type DirectorySection = z.infer<typeof directorySectionSchema>;
export type CityPlace = z.infer<typeof cityPlaceSchema>;
