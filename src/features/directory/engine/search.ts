/**
 * The directory search: the nearest places to a point, or the places of one area. Pure and
 * allocation-light, since a request may scan every place of a kind in the city (a large city
 * has a few thousand): one pass, keeping the best `limit` in a small sorted array, instead of
 * sorting everything.
 */
import type { Place, PlaceFeature, PlaceKind } from './place.ts';

export interface Point {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_M = 6_371_000;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine): exact enough at a city's scale and beyond. */
export function distanceMeters(a: Point, b: Point): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether a point is a plausible location in Japan (what LINE sends, what the open data holds). */
export function isPointInJapan(p: Point): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && p.lat >= 20 && p.lat <= 46 && p.lng >= 122 && p.lng <= 154;
}

export interface PlaceFilter {
  kind: PlaceKind;
  /** Every feature listed must be stated by the data (a professional's filter). */
  features?: readonly PlaceFeature[];
}

function matches(p: Place, f: PlaceFilter): boolean {
  if (p.kind !== f.kind) return false;
  if (f.features) for (const x of f.features) if (!p.features.includes(x)) return false;
  return true;
}

export interface NearPlace {
  place: Place;
  distance: number;
}

/**
 * The `limit` places nearest to `from` that match the filter, nearest first (ties by name, so
 * the answer does not depend on the order rows came from the database). Places without
 * coordinates cannot be ranked and are left out.
 */
export function nearestPlaces(places: readonly Place[], from: Point, filter: PlaceFilter, limit = 10): NearPlace[] {
  const best: NearPlace[] = [];
  if (limit <= 0) return best;
  // A cheap bound first: the equirectangular distance is within a hair of the haversine at
  // these ranges, but skipping the trigonometry for places that cannot enter the list is
  // what keeps a scan of thousands well under a millisecond.
  const cosLat = Math.cos(from.lat * RAD);
  for (const place of places) {
    if (place.lat === null || place.lng === null || !matches(place, filter)) continue;
    const x = (place.lng - from.lng) * RAD * cosLat;
    const y = (place.lat - from.lat) * RAD;
    const rough = Math.sqrt(x * x + y * y) * EARTH_RADIUS_M;
    if (best.length === limit && rough > best[best.length - 1]!.distance * 1.01) continue;
    const distance = distanceMeters(from, { lat: place.lat, lng: place.lng });
    if (best.length === limit && !closer(distance, place, best[best.length - 1]!)) continue;
    const entry = { place, distance };
    if (best.length < limit) best.push(entry);
    else best[limit - 1] = entry;
    for (let i = best.length - 1; i > 0 && closer(distance, place, best[i - 1]!); i--) {
      best[i] = best[i - 1]!;
      best[i - 1] = entry;
    }
  }
  return best;
}

function closer(distance: number, place: Place, than: NearPlace): boolean {
  return distance < than.distance || (distance === than.distance && place.name < than.place.name);
}

/**
 * The places of one 町名 that match, by name; then, when the area has a known point, the
 * nearest others to it, so a small area still gets an answer (each card says its own area).
 */
export function placesForArea(
  places: readonly Place[],
  area: string,
  filter: PlaceFilter,
  limit = 10,
  areaPoint?: Point,
): Array<NearPlace | { place: Place; distance?: undefined }> {
  const inArea = places
    .filter((p) => p.area === area && matches(p, filter))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit);
  if (inArea.length >= limit || !areaPoint) return inArea.map((place) => ({ place }));
  const taken = new Set(inArea.map((p) => p.id));
  const others = nearestPlaces(
    places.filter((p) => !taken.has(p.id)),
    areaPoint,
    filter,
    limit - inArea.length,
  );
  return [...inArea.map((place) => ({ place })), ...others.map((n) => ({ place: n.place }))];
}
