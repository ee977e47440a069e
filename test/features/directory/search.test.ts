/**
 * The pure directory search: the nearest places agree with sorting everything by distance,
 * filters keep only what the data states, a search by 町名 lists the area first and fills up
 * around the area's point.
 */
import { describe, expect, it } from 'vitest';
import type { Place } from '../../../src/features/directory/engine/place.ts';
import { distanceMeters, isPointInJapan, nearestPlaces, placesForArea } from '../../../src/features/directory/engine/search.ts';

function place(i: number, lat: number | null, lng: number | null, over: Partial<Place> = {}): Place {
  return {
    id: `t:${i}`,
    source: 't',
    kind: 'nurse',
    name: `P${String(i).padStart(4, '0')}`,
    address: '',
    area: null,
    phone: null,
    lat,
    lng,
    hours: null,
    features: [],
    ...over,
  };
}

describe('the nearest places', () => {
  it('agrees with sorting every place by distance', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const places = Array.from({ length: 800 }, (_, i) => place(i, 35.5 + rnd() * 0.4, 139.3 + rnd() * 0.4));
    for (let q = 0; q < 20; q++) {
      const from = { lat: 35.5 + rnd() * 0.4, lng: 139.3 + rnd() * 0.4 };
      const expected = [...places]
        .map((p) => ({ id: p.id, d: distanceMeters(from, { lat: p.lat!, lng: p.lng! }) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10)
        .map((x) => x.id);
      expect(nearestPlaces(places, from, { kind: 'nurse' }, 10).map((n) => n.place.id)).toEqual(expected);
    }
  });

  it('leaves out other kinds, places without coordinates and those lacking a wanted feature', () => {
    const places = [
      place(1, 35.7, 139.5, { features: ['24h'] }),
      place(2, 35.7001, 139.5),
      place(3, null, null, { features: ['24h'] }),
      place(4, 35.7, 139.5, { kind: 'doctor', features: ['24h'] }),
    ];
    expect(nearestPlaces(places, { lat: 35.7, lng: 139.5 }, { kind: 'nurse', features: ['24h'] }).map((n) => n.place.id)).toEqual(['t:1']);
    expect(nearestPlaces(places, { lat: 35.7, lng: 139.5 }, { kind: 'nurse' }, 0)).toEqual([]);
  });

  it('orders places at the same distance by name, whatever order they come in', () => {
    const a = place(2, 35.7, 139.5);
    const b = place(1, 35.7, 139.5);
    expect(nearestPlaces([a, b], { lat: 35.71, lng: 139.5 }, { kind: 'nurse' }).map((n) => n.place.name)).toEqual(['P0001', 'P0002']);
  });

  it('measures distance in metres', () => {
    // One minute of latitude is about 1,852 m.
    expect(distanceMeters({ lat: 35, lng: 139 }, { lat: 35 + 1 / 60, lng: 139 })).toBeCloseTo(1853, -1);
    expect(isPointInJapan({ lat: 35.7, lng: 139.5 })).toBe(true);
    expect(isPointInJapan({ lat: 0, lng: 0 })).toBe(false);
  });
});

describe('a search by 町名', () => {
  it('lists the area by name, then the nearest others around the area point', () => {
    const places = [
      place(1, 35.7, 139.5, { area: '北町', name: 'い' }),
      place(2, 35.8, 139.5, { area: '北町', name: 'あ' }),
      place(3, 35.701, 139.5, { area: '南町' }),
      place(4, 35.9, 139.5, { area: '南町' }),
    ];
    const got = placesForArea(places, '北町', { kind: 'nurse' }, 3, { lat: 35.7, lng: 139.5 });
    expect(got.map((g) => g.place.id)).toEqual(['t:2', 't:1', 't:3']);
    expect(placesForArea(places, '北町', { kind: 'nurse' }, 3).map((g) => g.place.id)).toEqual(['t:2', 't:1']);
  });
});
