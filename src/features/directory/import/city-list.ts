/**
 * The city's own list (`directory:` in content/city.yaml) → directory places, and the scope
 * (municipality, 町名) every import is cut to. Errors name the file and the line of the entry,
 * found through the YAML document's source positions.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { directorySectionSchema, type DirectorySection } from '../city-section.ts';
import type { ImportedPlace } from '../store.ts';
import { areaOf, type ImportError, type ImportScope } from './scope.ts';

export const CITY_SOURCE = 'city';

export interface CityListImport {
  section?: DirectorySection;
  scope?: ImportScope;
  places: ImportedPlace[];
  errors: ImportError[];
}

/** The line of the node at `path` (or of the nearest parent that exists). */
function lineAt(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: Array<string | number>): number {
  let node: unknown = doc.contents;
  let offset = 0;
  for (const key of path) {
    if (!isMap(node) && !isSeq(node)) break;
    const next = (node as { get(k: unknown, keepScalar: boolean): unknown }).get(key, true);
    if (!next) break;
    node = next;
    offset = (next as Node).range?.[0] ?? offset;
  }
  return offset ? counter.linePos(offset).line : 0;
}

export function parseCityList(text: string, file: string): CityListImport {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) return { places: [], errors: doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? 0, message: e.message })) };
  const raw = doc.toJS() as { directory?: unknown; houkatsu_centers?: Array<{ areas?: unknown }> } | null;
  if (!raw?.directory) return { places: [], errors: [{ file, line: 0, message: 'no directory: section (see docs/directory.md)' }] };
  const parsed = directorySectionSchema.safeParse(raw.directory);
  if (!parsed.success) {
    return {
      places: [],
      errors: parsed.error.issues.map((i) => ({
        file,
        line: lineAt(doc, counter, ['directory', ...(i.path as Array<string | number>)]),
        message: `directory › ${i.path.join(' › ')}: ${i.message}`,
      })),
    };
  }
  const section = parsed.data;
  const areas = (raw.houkatsu_centers ?? []).flatMap((c) => (Array.isArray(c.areas) ? c.areas.filter((a): a is string => typeof a === 'string') : []));
  const scope: ImportScope = { municipalityCode: section.municipality_code, municipalityName: section.municipality_name, areas };
  const errors: ImportError[] = [];
  const ids = new Set<string>();
  section.places.forEach((p, i) => {
    if (ids.has(p.id))
      errors.push({ file, line: lineAt(doc, counter, ['directory', 'places', i]), message: `directory › places › ${i}: the id "${p.id}" is used twice` });
    ids.add(p.id);
  });
  for (const name of Object.keys(section.area_points)) {
    if (!areas.includes(name))
      errors.push({
        file,
        line: lineAt(doc, counter, ['directory', 'area_points', name]),
        message: `directory › area_points: "${name}" is not an area of any 地域包括支援センター`,
      });
  }
  const places = section.places.map(
    (p, i): ImportedPlace => ({
      id: `${CITY_SOURCE}:${p.id}`,
      source: CITY_SOURCE,
      kind: p.kind,
      name: p.name,
      address: p.address,
      area: areaOf(p.address, scope),
      phone: p.phone ?? null,
      lat: p.lat ?? null,
      lng: p.lng ?? null,
      hours: p.hours ?? null,
      features: p.features,
      sourceLine: lineAt(doc, counter, ['directory', 'places', i]) || null,
    }),
  );
  return errors.length ? { section, scope, places: [], errors } : { section, scope, places, errors };
}
