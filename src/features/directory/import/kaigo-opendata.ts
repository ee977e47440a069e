/**
 * 介護サービス情報公表システムのオープンデータ (厚生労働省, one CSV per service type, published
 * twice a year at https://www.mhlw.go.jp/stf/kaigo-kouhyou_opendata.html) → directory places.
 *
 * The column layout is the published one, 24 columns, as the header row names them:
 * 都道府県コード又は市町村コード, No, 都道府県名, 市区町村名, 事業所名, 事業所名カナ, サービスの種類,
 * 住所, 方書（ビル名等）, 緯度, 経度, 電話番号, FAX番号, 法人番号, 法人の名称, 事業所番号,
 * 利用可能曜日, 利用可能曜日特記事項, 定員, URL, and three columns on 共生型 services and 備考.
 * Columns are found by their header, not their position, so a column added later does no harm;
 * a required column that is missing stops the import.
 *
 * Rows of other municipalities are left out (a prefecture's file holds all of them); rows of
 * services the directory does not list (施設, 福祉用具…) are counted and left out. Every other
 * row must be whole: a bad one is an error with its line, and nothing of the file is imported.
 */
import type { PlaceKind } from '../engine/place.ts';
import { isPointInJapan } from '../engine/search.ts';
import type { ImportedPlace } from '../store.ts';
import { areaOf, type ImportError, type ImportScope } from './scope.ts';
import { readCsv, CsvFormatError } from './read-csv.ts';

export const KAIGO_SOURCE = 'kaigo-opendata';

const REQUIRED = ['都道府県コード又は市町村コード', '市区町村名', '事業所名', 'サービスの種類', '住所', '緯度', '経度', '電話番号', '事業所番号'] as const;

/** サービスの種類 → what people ask for. Services not listed here are not in the directory. */
const SERVICE_KINDS: Record<string, PlaceKind> = {
  訪問看護: 'nurse',
  訪問介護: 'home-help',
  居宅介護支援: 'care-manager',
  通所介護: 'day-service',
  地域密着型通所介護: 'day-service',
  通所リハビリテーション: 'day-service',
  認知症対応型通所介護: 'day-service',
};

export interface KaigoImport {
  places: ImportedPlace[];
  errors: ImportError[];
  /** Rows of other municipalities and of services the directory does not list. */
  skipped: { otherMunicipality: number; otherService: number };
}

const PHONE = /^0\d{1,4}-?\d{1,4}-?\d{3,4}$/;
const OFFICE_NUMBER = /^\d{10}$/;

export function parseKaigoOpenData(text: string, file: string, scope: ImportScope): KaigoImport {
  const errors: ImportError[] = [];
  const out: KaigoImport = { places: [], errors, skipped: { otherMunicipality: 0, otherService: 0 } };
  let csv: ReturnType<typeof readCsv>;
  try {
    csv = readCsv(text);
  } catch (e) {
    errors.push({ file, line: e instanceof CsvFormatError ? e.line : 0, message: `not a readable CSV file: ${e instanceof Error ? e.message : String(e)}` });
    return out;
  }
  const missing = REQUIRED.filter((c) => !csv.header.includes(c));
  if (missing.length) {
    errors.push({ file, line: 1, message: `not the 介護サービス情報公表システム open-data layout: missing column(s) ${missing.join(', ')}` });
    return out;
  }
  const seen = new Map<string, number>();
  for (const row of csv.rows) {
    const err = (message: string) => errors.push({ file, line: row.line, message });
    const code = row.get('都道府県コード又は市町村コード');
    // Kept when either the code or the name is the city's: files differ in which they fill.
    if (code !== scope.municipalityCode && row.get('市区町村名') !== scope.municipalityName) {
      out.skipped.otherMunicipality++;
      continue;
    }
    const service = row.get('サービスの種類');
    const kind = Object.hasOwn(SERVICE_KINDS, service) ? SERVICE_KINDS[service] : undefined;
    if (!kind) {
      if (!service) err('サービスの種類 is empty');
      else out.skipped.otherService++;
      continue;
    }
    const number = row.get('事業所番号');
    const name = row.get('事業所名');
    const address = row.get('住所');
    const phone = row.get('電話番号');
    const lat = Number(row.get('緯度'));
    const lng = Number(row.get('経度'));
    const before = errors.length;
    if (!OFFICE_NUMBER.test(number)) err(`事業所番号 "${number}" is not 10 digits`);
    if (!name) err('事業所名 is empty');
    if (!address) err('住所 is empty');
    if (phone && !PHONE.test(phone)) err(`電話番号 "${phone}" is not a phone number`);
    if (!row.get('緯度') || !row.get('経度') || !isPointInJapan({ lat, lng }))
      err(`緯度/経度 "${row.get('緯度')}, ${row.get('経度')}" is not a point in Japan`);
    // One office offers one service per row; the same office twice for one service is a broken file.
    const key = `${number}:${service}`;
    const first = seen.get(key);
    if (first !== undefined) err(`事業所番号 ${number} (${service}) is already on line ${first}`);
    else seen.set(key, row.line);
    if (errors.length > before) continue;
    const building = row.get('方書（ビル名等）');
    const days = row.get('利用可能曜日');
    const daysNote = row.get('利用可能曜日特記事項');
    out.places.push({
      id: `${KAIGO_SOURCE}:${number}:${kind}`,
      source: KAIGO_SOURCE,
      kind,
      name,
      // The building is sometimes already in 住所; added only when it is not.
      address: building && !address.includes(building) ? `${address} ${building}` : address,
      area: areaOf(address, scope),
      phone: phone || null,
      lat,
      lng,
      hours: [days, daysNote].filter(Boolean).join(' ') || null,
      // The open data says nothing of 24-hour support or 看取り: no features are claimed.
      features: [],
      sourceLine: row.line,
    });
  }
  return out;
}
