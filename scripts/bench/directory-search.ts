/**
 * The directory search's figure for `npm run bench` (--only directory): the nearest 10 among
 * 5,000 places of the searched kind (a large city's whole directory, the worst case: every
 * place must be looked at) and a search by 町名, per query in milliseconds. Deterministic data
 * (a seeded generator), so runs compare; figures only, no assertion.
 */
import { performance } from 'node:perf_hooks';
import type { Place } from '../../src/features/directory/engine/place.ts';
import { nearestPlaces, placesForArea } from '../../src/features/directory/engine/search.ts';

const PLACES = 5000;
const QUERIES = 2000;

/** mulberry32: a small seeded generator, so every run measures the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export function directoryBench(): Record<string, unknown> {
  const rnd = random(18);
  // About 30 km across, around the demo city.
  const places: Place[] = Array.from({ length: PLACES }, (_, i) => ({
    id: `bench:${i}`,
    source: 'bench',
    kind: 'nurse',
    name: `訪問看護ステーション${i}`,
    address: `デモ市${i % 40}町`,
    area: `${i % 40}町`,
    phone: '000-0000-0000',
    lat: 35.55 + rnd() * 0.3,
    lng: 139.35 + rnd() * 0.3,
    hours: null,
    features: i % 3 === 0 ? ['24h'] : [],
  }));
  const points = Array.from({ length: QUERIES }, () => ({ lat: 35.55 + rnd() * 0.3, lng: 139.35 + rnd() * 0.3 }));
  for (const p of points.slice(0, 200)) nearestPlaces(places, p, { kind: 'nurse' }, 10); // warm-up
  const near: number[] = [];
  for (const p of points) {
    const t0 = performance.now();
    nearestPlaces(places, p, { kind: 'nurse' }, 10);
    near.push(performance.now() - t0);
  }
  const area: number[] = [];
  for (const [i, p] of points.entries()) {
    const t0 = performance.now();
    placesForArea(places, `${i % 40}町`, { kind: 'nurse', features: ['24h'] }, 10, p);
    area.push(performance.now() - t0);
  }
  near.sort((a, b) => a - b);
  area.sort((a, b) => a - b);
  const ms = (x: number) => Number(x.toFixed(3));
  return {
    bench: 'directory.search',
    places: PLACES,
    queries: QUERIES,
    nearest10_p50_ms: ms(percentile(near, 0.5)),
    nearest10_p99_ms: ms(percentile(near, 0.99)),
    nearest10_max_ms: ms(near[near.length - 1]!),
    area_p50_ms: ms(percentile(area, 0.5)),
    area_p99_ms: ms(percentile(area, 0.99)),
  };
}
