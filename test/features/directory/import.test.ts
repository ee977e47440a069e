/**
 * The directory import: the demo files in the official layouts parse cleanly; bad rows are
 * errors with their file and line; a file with any bad row imports nothing (the previous data
 * stays whole); only the city's own municipality is kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client.ts';
import { migrateDatabase, PROJECT_ROOT } from '../../../src/runtime/node-deps.ts';
import { createDirectoryStore, type DirectoryStore } from '../../../src/features/directory/store.ts';
import { importDirectory, dateFromFileName } from '../../../src/features/directory/import/import-directory.ts';
import { parseKaigoOpenData } from '../../../src/features/directory/import/kaigo-opendata.ts';
import { parseCityList } from '../../../src/features/directory/import/city-list.ts';
import { decodeText } from '../../../src/features/directory/import/read-csv.ts';
import { areaOf, type ImportScope } from '../../../src/features/directory/import/scope.ts';

const CITY_FILE = join(PROJECT_ROOT, 'content/city.yaml');
const DEMO_KAIGO = join(PROJECT_ROOT, 'content/directory/demo/kaigo-opendata-demo.csv');
const SCOPE: ImportScope = { municipalityCode: '990001', municipalityName: 'デモ市', areas: ['北町', '東北町', '本町', '中央町'] };

/** The header row of the national file, as published (24 columns). */
const HEADER =
  '都道府県コード又は市町村コード,No,都道府県名,市区町村名,事業所名,事業所名カナ,サービスの種類,住所,方書（ビル名等）,緯度,経度,電話番号,FAX番号,法人番号,法人の名称,事業所番号,利用可能曜日,利用可能曜日特記事項,定員,URL,高齢者の方と障害者の方が同時一体的に利用できるサービス,介護保険の通常の指定基準を満たしている,障害福祉の通常の指定基準を満たしている,備考';

function row(over: Partial<Record<'code' | 'city' | 'name' | 'service' | 'address' | 'lat' | 'lng' | 'phone' | 'number', string>> = {}): string {
  const v = {
    code: '990001',
    city: 'デモ市',
    name: 'テスト訪問看護（デモ）',
    service: '訪問看護',
    address: 'デモ県デモ市北町1-1',
    lat: '35.72',
    lng: '139.49',
    phone: '000-0000-0000',
    number: '9970000999',
    ...over,
  };
  return [
    v.code,
    v.number,
    'デモ県',
    v.city,
    v.name,
    '',
    v.service,
    v.address,
    '',
    v.lat,
    v.lng,
    v.phone,
    '',
    '',
    '',
    v.number,
    '月,火',
    '',
    '0',
    '',
    '',
    '',
    '',
    '',
  ]
    .map((x) => `"${x}"`)
    .join(',');
}

describe('parsing the 介護サービス情報公表システム open data', () => {
  it('reads the demo file in the official layout, keeping only the city and naming each area', async () => {
    const { readFile } = await import('node:fs/promises');
    const city = parseCityList(await readFile(CITY_FILE, 'utf8'), CITY_FILE);
    expect(city.errors).toEqual([]);
    const parsed = parseKaigoOpenData(decodeText(await readFile(DEMO_KAIGO)), DEMO_KAIGO, city.scope!);
    expect(parsed.errors).toEqual([]);
    expect(parsed.skipped.otherMunicipality).toBe(1);
    expect(parsed.places.length).toBe(14);
    const nurse = parsed.places.find((p) => p.name === 'さくら訪問看護ステーション（デモ）')!;
    expect(nurse).toMatchObject({ kind: 'nurse', area: '桜町', phone: '000-0000-2102', features: [] });
    // The building is added to the address when 住所 does not already carry it.
    expect(nurse.address).toBe('デモ県デモ市桜町1-4-6 さくらビル2階');
    expect(parsed.places.every((p) => p.area !== null)).toBe(true);
  });

  it('reports every bad row with its file and line, and keeps no row of the file', () => {
    const text = [
      HEADER,
      row(),
      row({ number: '123', name: 'A' }),
      row({ number: '9970000002', name: '' }),
      row({ number: '9970000003', lat: '135.7' }),
      row({ number: '9970000004', phone: '電話なし' }),
      row(), // the same office and service twice
    ].join('\r\n');
    const parsed = parseKaigoOpenData(text, 'kaigo.csv', SCOPE);
    expect(parsed.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['kaigo.csv:3', 'kaigo.csv:4', 'kaigo.csv:5', 'kaigo.csv:6', 'kaigo.csv:7']);
    expect(parsed.errors[0]!.message).toContain('事業所番号');
    expect(parsed.errors[2]!.message).toContain('緯度/経度');
    expect(parsed.errors[4]!.message).toContain('already on line 2');
  });

  it('counts a quoted field over two lines in the line numbers of the rows after it', () => {
    const multi = row({ number: '9970000005' }).replace('"月,火"', '"月,火\n祝日も"');
    const parsed = parseKaigoOpenData([HEADER, multi, row({ number: 'x' })].join('\n'), 'f.csv', SCOPE);
    expect(parsed.errors).toEqual([{ file: 'f.csv', line: 4, message: expect.stringContaining('10 digits') }]);
  });

  it('refuses a file in another layout at line 1', () => {
    const parsed = parseKaigoOpenData('ID,名称,所在地\n1,A,B\n', 'other.csv', SCOPE);
    expect(parsed.errors).toEqual([{ file: 'other.csv', line: 1, message: expect.stringContaining('missing column(s)') }]);
  });

  it('leaves out services the directory does not list, without calling them errors', () => {
    const parsed = parseKaigoOpenData([HEADER, row({ service: '福祉用具貸与' }), row({ code: '990002', city: 'となり町' })].join('\n'), 'f.csv', SCOPE);
    expect(parsed).toMatchObject({ errors: [], places: [], skipped: { otherService: 1, otherMunicipality: 1 } });
  });

  it('reads a Shift_JIS file as well as UTF-8 with a BOM', () => {
    // 「北町」 in Shift_JIS.
    expect(decodeText(new Uint8Array([0x96, 0x6b, 0x92, 0xac]))).toBe('北町');
    expect(decodeText(new TextEncoder().encode('北町'))).toBe('北町');
  });
});

describe('areas and dates', () => {
  it('finds the 町名 right after the city name, the longest first', () => {
    expect(areaOf('デモ県デモ市東北町3-1', SCOPE)).toBe('東北町');
    expect(areaOf('デモ県デモ市北町3-1', SCOPE)).toBe('北町');
    expect(areaOf('デモ県デモ市西町3-1', SCOPE)).toBeNull();
  });
  it('reads the date from an open-data file name', () => {
    expect(dateFromFileName('/x/jigyosho_130_20260630.csv')).toBe('2026-06-30');
    expect(dateFromFileName('kaigo.csv')).toBeUndefined();
  });
});

describe('the city list', () => {
  it('reports a bad entry with the line it is on', () => {
    const yaml = [
      'houkatsu_centers:',
      '  - { id: a, areas: [北町] }',
      'directory:',
      '  municipality_code: "990001"',
      '  municipality_name: デモ市',
      '  list_date: "2026-10-01"',
      '  places:',
      '    - { id: ok, kind: doctor, name: A, address: デモ市北町1 }',
      '    - { id: bad, kind: doctor, name: B, address: デモ市北町2, lat: 99, lng: 139.5 }',
    ].join('\n');
    const parsed = parseCityList(yaml, 'city.yaml');
    expect(parsed.places).toEqual([]);
    expect(parsed.errors).toEqual([{ file: 'city.yaml', line: 9, message: expect.stringContaining('directory › places › 1 › lat') }]);
  });
});

describe('importing into the database', () => {
  let dir: string;
  let client: Client;
  let store: DirectoryStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'renkei-directory-'));
    client = createClient({ url: `file:${join(dir, 'db.sqlite')}` });
    await migrateDatabase(client);
    store = createDirectoryStore(createDb(client));
  });
  afterAll(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the city list and the open data, recording each source and its date', async () => {
    const outcome = await importDirectory(store, { cityFile: CITY_FILE, city: true, kaigo: [{ path: DEMO_KAIGO, date: '2026-06-30' }] }, 1_000);
    expect(outcome.ok).toBe(true);
    const sources = await store.sources();
    expect(sources.map((s) => [s.source, s.dataDate, s.rows])).toEqual([
      ['city', '2026-10-01', 14],
      ['kaigo-opendata', '2026-06-30', 14],
    ]);
    expect((await store.placesOfKinds(['nurse'])).length).toBe(6);
  });

  it('imports nothing from a file with a bad row: the previous data stays whole', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, [HEADER, row({ number: '9970000123' }), row({ number: 'bad' })].join('\n'));
    const outcome = await importDirectory(store, { cityFile: CITY_FILE, city: true, kaigo: [{ path: bad, date: '2027-06-30' }] }, 2_000);
    expect(outcome).toEqual({ ok: false, errors: [{ file: bad, line: 3, message: expect.stringContaining('10 digits') }] });
    expect((await store.placesOfKinds(['nurse'])).length).toBe(6);
    expect((await store.sources()).find((s) => s.source === 'kaigo-opendata')!.dataDate).toBe('2026-06-30');
  });

  it('replaces a source whole: a place missing from the new file is gone', async () => {
    const next = join(dir, 'next_20270630.csv');
    writeFileSync(next, [HEADER, row({ number: '9970000123' })].join('\n'));
    const outcome = await importDirectory(store, { cityFile: CITY_FILE, city: false, kaigo: [{ path: next, date: '2027-06-30' }] }, 3_000);
    expect(outcome.ok).toBe(true);
    expect((await store.placesOfKinds(['nurse', 'home-help'])).map((p) => p.name)).toEqual(['テスト訪問看護（デモ）']);
    expect((await store.placesOfKinds(['doctor'])).length).toBe(4);
  });
});
