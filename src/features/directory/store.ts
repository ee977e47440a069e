/**
 * The directory in the database: a source's places replaced whole in one batch (a failed
 * import leaves the previous year's data as it was), the places of a kind for a search, and
 * what was imported when.
 */
import { and, asc, desc, eq, inArray, like, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { PLACE_FEATURES, type Place, type PlaceFeature, type PlaceKind } from './engine/place.ts';
import { directoryChecks, directoryPlaces, directorySources } from './schema.ts';

/** Rows per INSERT: SQLite's bound-parameter limit (32,766) over 12 columns, with room. */
const INSERT_CHUNK = 500;

export interface SourceInfo {
  source: string;
  file: string;
  dataDate: string;
  importedAt: number;
  rows: number;
}

export interface ImportedPlace extends Place {
  sourceLine: number | null;
}

export interface PlaceCheck {
  placeId: string;
  staffId: number;
  checkedAt: number;
}

type Row = typeof directoryPlaces.$inferSelect;

function toPlace(r: Row): Place {
  let features: PlaceFeature[] = [];
  try {
    const parsed: unknown = JSON.parse(r.features);
    if (Array.isArray(parsed)) features = parsed.filter((f): f is PlaceFeature => (PLACE_FEATURES as readonly unknown[]).includes(f));
  } catch {
    // A row written by hand with a broken list: no features rather than no answer.
  }
  return {
    id: r.id,
    source: r.source,
    kind: r.kind,
    name: r.name,
    address: r.address,
    area: r.area,
    phone: r.phone,
    lat: r.lat,
    lng: r.lng,
    hours: r.hours,
    features,
  };
}

export function createDirectoryStore(db: Db) {
  return {
    /**
     * Replaces everything from `source` with `places` and records the import, all in one
     * batch (one transaction): nothing is half imported.
     */
    async replaceSource(info: SourceInfo, places: ImportedPlace[]): Promise<void> {
      const inserts = [];
      for (let i = 0; i < places.length; i += INSERT_CHUNK) {
        const chunk = places.slice(i, i + INSERT_CHUNK).map((p) => ({
          id: p.id,
          source: info.source,
          kind: p.kind,
          name: p.name,
          address: p.address,
          area: p.area,
          phone: p.phone,
          lat: p.lat,
          lng: p.lng,
          hours: p.hours,
          features: JSON.stringify(p.features),
          sourceLine: p.sourceLine,
        }));
        inserts.push(db.insert(directoryPlaces).values(chunk));
      }
      await db.batch([
        db.delete(directoryPlaces).where(eq(directoryPlaces.source, info.source)),
        ...inserts,
        db
          .insert(directorySources)
          .values(info)
          .onConflictDoUpdate({
            target: directorySources.source,
            set: { file: info.file, dataDate: info.dataDate, importedAt: info.importedAt, rows: info.rows },
          }),
      ]);
    },

    /** Every place of these kinds (a search ranks them in memory: features/directory/engine/search.ts). */
    async placesOfKinds(kinds: PlaceKind[]): Promise<Place[]> {
      const rows = await db.select().from(directoryPlaces).where(inArray(directoryPlaces.kind, kinds));
      return rows.map(toPlace);
    },

    async sources(): Promise<SourceInfo[]> {
      return db.select().from(directorySources).orderBy(asc(directorySources.source));
    },

    async hasAny(): Promise<boolean> {
      const [row] = await db.select({ id: directoryPlaces.id }).from(directoryPlaces).limit(1);
      return Boolean(row);
    },

    /** The console's look-up: by kind and/or a word in the name, address or area. */
    async lookUp(q: { kind?: PlaceKind; text?: string; limit?: number }): Promise<Place[]> {
      const conds = [];
      if (q.kind) conds.push(eq(directoryPlaces.kind, q.kind));
      const text = q.text?.trim();
      if (text) {
        const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conds.push(or(like(directoryPlaces.name, pattern), like(directoryPlaces.address, pattern), like(directoryPlaces.area, pattern)));
      }
      const rows = await db
        .select()
        .from(directoryPlaces)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(asc(directoryPlaces.kind), asc(directoryPlaces.name))
        .limit(q.limit ?? 50);
      return rows.map(toPlace);
    },

    async place(id: string): Promise<Place | undefined> {
      const [row] = await db.select().from(directoryPlaces).where(eq(directoryPlaces.id, id));
      return row ? toPlace(row) : undefined;
    },

    async markChecked(placeId: string, staffId: number, now: number): Promise<void> {
      await db.insert(directoryChecks).values({ placeId, staffId, checkedAt: now });
    },

    /** The latest phone check of each of these places. */
    async lastChecks(placeIds: string[]): Promise<Map<string, PlaceCheck>> {
      const out = new Map<string, PlaceCheck>();
      if (!placeIds.length) return out;
      const rows = await db
        .select({ placeId: directoryChecks.placeId, staffId: directoryChecks.staffId, checkedAt: directoryChecks.checkedAt })
        .from(directoryChecks)
        .where(inArray(directoryChecks.placeId, placeIds))
        .orderBy(desc(directoryChecks.checkedAt));
      for (const r of rows) if (!out.has(r.placeId)) out.set(r.placeId, r);
      return out;
    },
  };
}

export type DirectoryStore = ReturnType<typeof createDirectoryStore>;
