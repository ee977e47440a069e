/**
 * The directory's vocabulary, shared by the import, the store, the requests and the chat:
 * what a place is and what a search answers with. Pure data, no I/O.
 */

/**
 * What people look for. `doctor` is a clinic that visits (往診・訪問診療), `houkatsu` a
 * 地域包括支援センター; the others are the care services of the national open data.
 */
export const PLACE_KINDS = ['doctor', 'nurse', 'dentist', 'pharmacy', 'care-manager', 'home-help', 'day-service', 'houkatsu'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/**
 * What a source may say about a place beyond its address. Only shown when the data says so:
 * a place without `24h` is not "not 24-hour", it is "not known".
 */
export const PLACE_FEATURES = ['24h', 'mitori', 'home-oxygen', 'tube-feeding', 'palliative', 'dementia'] as const;
export type PlaceFeature = (typeof PLACE_FEATURES)[number];

export interface Place {
  /** `<source>:<the source's own key>` (the 事業所番号 for the care open data). */
  id: string;
  source: string;
  kind: PlaceKind;
  name: string;
  address: string;
  /** The 町名 the address lies in, when it names one of the city's areas. */
  area: string | null;
  phone: string | null;
  lat: number | null;
  lng: number | null;
  /** Days or hours as the source publishes them (利用可能曜日…), never reworded. */
  hours: string | null;
  features: PlaceFeature[];
}

/** A place as the chat shows it (the `directory-search` request's items). */
export type PlaceCard = {
  id: string;
  kind: PlaceKind;
  name: string;
  address: string;
  area: string | null;
  phone: string | null;
  /** Metres from the shared location; absent for a search by area. */
  distance?: number;
  hours: string | null;
  features: PlaceFeature[];
  /** For the map link. */
  lat: number | null;
  lng: number | null;
};

/**
 * The 地域包括支援センター shown with the results: for a 町名, the centre that covers it (by its
 * id in the city file, so its name shows in the person's language); for a shared location, the
 * nearest one, which may not be the one in charge (the message says so).
 */
export type CenterCard = { basis: 'area'; id: string } | { basis: 'nearest'; name: string; phone: string | null; distance: number };
