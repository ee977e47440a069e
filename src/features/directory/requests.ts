/**
 * The shell's side of the directory's `do` steps: the city's 町名 for the question, and the
 * search itself — the places of a kind read from the database, ranked by the pure search
 * (engine/search.ts). What a step sends comes from a stored state or a LINE event, so every
 * value is checked here; a shared location is used for this search only and is not logged.
 */
import type { RequestHandler } from '../../app/requests/contract.ts';
import type { Json } from '../../engine/types.ts';
import { PLACE_FEATURES, PLACE_KINDS, type CenterCard, type Place, type PlaceCard, type PlaceFeature, type PlaceKind } from './engine/place.ts';
import { isPointInJapan, nearestPlaces, placesForArea, type Point } from './engine/search.ts';

/** At most this many places are shown (a carousel holds 12 bubbles; one is the centre's). */
export const RESULTS_SHOWN = 10;

export const directoryAreas: RequestHandler<'directory-areas'> = async (rc) => {
  const centers = rc.deps.content.bundle.city.houkatsu_centers;
  return { ok: true, data: { groups: centers.map((c) => [...c.areas]) } };
};

function pointOf(v: Json | undefined): Point | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const { lat, lng } = v;
  if (typeof lat !== 'number' || typeof lng !== 'number') return undefined;
  const p = { lat, lng };
  return isPointInJapan(p) ? p : undefined;
}

function card(place: Place, distance?: number): PlaceCard {
  return {
    id: place.id,
    kind: place.kind,
    name: place.name,
    address: place.address,
    area: place.area,
    phone: place.phone,
    ...(distance !== undefined ? { distance: Math.round(distance) } : {}),
    hours: place.hours,
    features: place.features,
    lat: place.lat,
    lng: place.lng,
  };
}

export const directorySearch: RequestHandler<'directory-search'> = async (rc, data) => {
  const { deps } = rc;
  const city = deps.content.bundle.city;
  const kind = typeof data.kind === 'string' && (PLACE_KINDS as readonly string[]).includes(data.kind) ? (data.kind as PlaceKind) : undefined;
  if (!kind) return { ok: false, data: { reason: 'bad-request' } };
  // Flow values are ids (flows/directory.yaml): 「24時間対応」 is `round-the-clock` there.
  const wanted = data.filter === 'round-the-clock' ? '24h' : data.filter;
  const feature = typeof wanted === 'string' && (PLACE_FEATURES as readonly string[]).includes(wanted) ? (wanted as PlaceFeature) : undefined;
  const filter = { kind, ...(feature ? { features: [feature] } : {}) };
  const near = pointOf(data.near);
  const area = typeof data.where === 'string' && city.houkatsu_centers.some((c) => c.areas.includes(data.where as string)) ? data.where : undefined;
  if (!near && !area) return { ok: false, data: { reason: 'bad-request' } };

  const store = deps.stores.directory;
  const places = await store.placesOfKinds(kind === 'houkatsu' ? ['houkatsu'] : [kind, 'houkatsu']);
  const ofKind = places.filter((p) => p.kind === kind);
  let items: PlaceCard[];
  let center: CenterCard | null = null;
  if (near) {
    items = nearestPlaces(ofKind, near, filter, RESULTS_SHOWN).map((n) => card(n.place, n.distance));
    const [closest] = nearestPlaces(places, near, { kind: 'houkatsu' }, 1);
    if (closest && kind !== 'houkatsu')
      center = { basis: 'nearest', name: closest.place.name, phone: closest.place.phone, distance: Math.round(closest.distance) };
  } else {
    const at = city.directory?.area_points[area!];
    items = placesForArea(ofKind, area!, filter, RESULTS_SHOWN, at ? { lat: at[0], lng: at[1] } : undefined).map((n) => card(n.place));
    const covering = city.houkatsu_centers.find((c) => c.areas.includes(area!));
    if (covering) center = { basis: 'area', id: covering.id };
  }
  const sources = new Map((await store.sources()).map((s) => [s.source, s.dataDate]));
  const shownSources = new Set(places.filter((p) => items.some((i) => i.id === p.id)).map((p) => p.source));
  const dates = [...shownSources]
    .map((s) => sources.get(s))
    .filter((d): d is string => Boolean(d))
    .sort();
  return {
    ok: true,
    data: { mode: near ? 'near' : 'area', kind, ...(area && !near ? { area } : {}), items, center, dataDate: dates[0] ?? null, count: items.length },
  };
};
