/**
 * The directory's tables: the places imported from each source, and one row per source saying
 * what was imported when (the date the data describes, shown to people beside the results).
 * A source is replaced whole by each import (features/directory/store.ts), so a place that
 * closed disappears with the next year's file.
 *
 * Times are integer milliseconds since the epoch (UTC).
 */
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { PLACE_KINDS } from './engine/place.ts';

export const directoryPlaces = sqliteTable(
  'directory_places',
  {
    /** `<source>:<the source's own key>`. */
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    kind: text('kind', { enum: PLACE_KINDS }).notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    area: text('area'),
    phone: text('phone'),
    lat: real('lat'),
    lng: real('lng'),
    hours: text('hours'),
    /** JSON array of PlaceFeature. */
    features: text('features').notNull().default('[]'),
    /** The line of the source file the place came from (for questions about a row). */
    sourceLine: integer('source_line'),
  },
  (t) => [index('directory_places_kind_idx').on(t.kind, t.area), index('directory_places_source_idx').on(t.source)],
);

export const directorySources = sqliteTable('directory_sources', {
  /** `kaigo-opendata`, `city`… */
  source: text('source').primaryKey(),
  /** What the file was (its name), for the console and the import log. */
  file: text('file').notNull(),
  /** The date the data describes (YYYY-MM-DD), e.g. the open data's 公表日. */
  dataDate: text('data_date').notNull(),
  importedAt: integer('imported_at').notNull(),
  rows: integer('rows').notNull(),
});

/**
 * A coordinator's note that an entry was checked by phone (the console). Kept apart from the
 * places, which each import replaces, so a check survives the next year's file.
 */
export const directoryChecks = sqliteTable(
  'directory_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    placeId: text('place_id').notNull(),
    staffId: integer('staff_id').notNull(),
    checkedAt: integer('checked_at').notNull(),
    note: text('note'),
  },
  (t) => [index('directory_checks_place_idx').on(t.placeId, t.checkedAt)],
);
