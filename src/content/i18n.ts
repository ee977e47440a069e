/**
 * i18next set up once per process from the bundled resources (no backend, no I/O).
 */
import i18next, { type TFunction } from 'i18next';
import type { Locale } from '../engine/types.ts';
import { formatIsoDate } from '../engine/format-when.ts';

export type Resources = Record<Locale, Record<string, unknown>>;
export type Translate = (locale: Locale, key: string, data?: Record<string, unknown>) => string;

export interface Translator {
  t: Translate;
  has(key: string): boolean;
}

export function createTranslator(resources: Resources): Translator {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([lng, ns]) => [lng, { bot: ns }])),
    ns: ['bot'],
    defaultNS: 'bot',
    lng: 'ja',
    fallbackLng: { 'ja-easy': ['ja'], en: ['ja'], default: ['ja'] },
    initAsync: false,
    // Our locale 'ja-easy' is not a BCP 47 region: keep codes exactly as written.
    lowerCaseLng: true,
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    // Keeps stdout clean (the CLI's --jsonl output must hold only JSON lines).
    showSupportNotice: false,
  });
  // 「{{date1, jstdate}}」: a YYYY-MM-DD answer as people read it (12月15日（火）, Tue 15 Dec).
  instance.services.formatter?.add('jstdate', (value: unknown, lng: string | undefined) =>
    typeof value === 'string' ? formatIsoDate(value, (lng === 'en' || lng === 'ja-easy' ? lng : 'ja') as Locale) : String(value),
  );
  const fixed = new Map<Locale, TFunction>();
  for (const lng of Object.keys(resources) as Locale[]) fixed.set(lng, instance.getFixedT(lng, 'bot'));
  return {
    t: (locale, key, data) => (fixed.get(locale) ?? fixed.get('ja')!)(key, data ?? {}) as string,
    has: (key) => Object.keys(resources).every((lng) => instance.exists(key, { lng, fallbackLng: false as never })),
  };
}

/** Every leaf key of a nested resource object, as dotted paths. */
export function leafKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? leafKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
