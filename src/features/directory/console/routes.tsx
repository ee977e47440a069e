/**
 * The directory in the console (any signed-in staff member), for looking a place up while
 * answering a case:
 *   GET  /directory?kind=nurse&q=北町   places by kind and a word in the name, address or 町名,
 *                                       with the last phone check and what was imported when
 *   POST /directory/checked             a coordinator confirmed an entry by phone (audited)
 * The directory holds no personal data: viewing it is not audited, a check is.
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../../app/deps.ts';
import { audit } from '../../../console/audit.ts';
import type { ConsoleMount } from '../../../console/mount.ts';
import { Csrf, formatTime, Layout, messagePage, Notice, page, type Frame } from '../../../console/pages.tsx';
import type { ConsoleEnv } from '../../../console/session.ts';
import { PLACE_KINDS, type Place, type PlaceKind } from '../engine/place.ts';
import type { PlaceCheck, SourceInfo } from '../store.ts';

const KIND_LABELS: Record<PlaceKind, string> = {
  doctor: '往診・訪問診療の医師',
  nurse: '訪問看護',
  dentist: '訪問歯科',
  pharmacy: '訪問薬剤（薬局）',
  'care-manager': '居宅介護支援',
  'home-help': '訪問介護',
  'day-service': '通所（デイサービス）',
  houkatsu: '地域包括支援センター',
};

const FEATURE_LABELS: Record<string, string> = {
  '24h': '24時間対応',
  mitori: '看取り',
  'home-oxygen': '在宅酸素',
  'tube-feeding': '経管栄養',
  palliative: '緩和ケア',
  dementia: '認知症',
};

const SOURCE_LABELS: Record<string, string> = { city: '市の名簿（city.yaml）', 'kaigo-opendata': '介護サービス情報公表システム オープンデータ' };

const NOTICES: Record<string, string> = { checked: '電話で確認したことを記録しました。' };

export function directoryRoutes(deps: AppDeps, m: ConsoleMount) {
  const app = new Hono<ConsoleEnv>();
  const store = deps.stores.directory;
  app.use('*', m.signedIn());

  const query = (c: Context<ConsoleEnv>) => {
    const k = c.req.query('kind') ?? '';
    const kind = (PLACE_KINDS as readonly string[]).includes(k) ? (k as PlaceKind) : undefined;
    const text = (c.req.query('q') ?? '').slice(0, 50);
    return { kind, text };
  };

  app.get('/', async (c) => {
    const q = query(c);
    const places = await store.lookUp({ ...q, limit: 50 });
    const checks = await store.lastChecks(places.map((p) => p.id));
    const sources = await store.sources();
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return c.html(directoryPage(m.frame(c), { places, checks, sources, q, notice }));
  });

  app.post('/checked', async (c) => {
    const body = await c.req.parseBody();
    const id = typeof body.place === 'string' ? body.place.slice(0, 120) : '';
    const place = id ? await store.place(id) : undefined;
    if (!place) return c.html(messagePage(m.frame(c), '見つかりません', 'その事業所は登録されていません。'), 404);
    const staffId = c.get('staff')!.id;
    // Wall time, as for the audit entry written with it.
    await store.markChecked(place.id, staffId, deps.wallClock());
    await audit(deps, staffId, 'directory.checked', `place:${place.id}`);
    const back = new URLSearchParams({
      q: typeof body.q === 'string' ? body.q.slice(0, 50) : '',
      kind: typeof body.kind === 'string' ? body.kind.slice(0, 20) : '',
      notice: 'checked',
    });
    return c.redirect(`/console/directory?${back}`, 303);
  });

  return app;
}

function directoryPage(
  frame: Frame,
  v: {
    places: Place[];
    checks: Map<string, PlaceCheck>;
    sources: SourceInfo[];
    q: { kind?: PlaceKind | undefined; text: string };
    notice?: string | undefined;
  },
): string {
  return page(
    <Layout title="事業所さがし" frame={{ ...frame, current: 'directory' }}>
      <h1>事業所さがし</h1>
      <Notice notice={v.notice} />
      <form method="get" action="/console/directory" class="fy-form">
        <div>
          <label for="kind">種類</label>
          <select id="kind" name="kind">
            <option value="">すべて</option>
            {PLACE_KINDS.map((k) => (
              <option value={k} selected={v.q.kind === k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="q">名前・住所・町名</label>
          <input id="q" name="q" value={v.q.text} />
        </div>
        <button type="submit" class="secondary">
          さがす
        </button>
      </form>
      <h2>データ</h2>
      {v.sources.length ? (
        <ul>
          {v.sources.map((s) => (
            <li>
              {SOURCE_LABELS[s.source] ?? s.source}：{s.dataDate.replaceAll('-', '/')} 時点のデータ、{s.rows}件（{s.file}、取り込み{' '}
              {formatTime(s.importedAt, frame.timeZone)}）
            </li>
          ))}
        </ul>
      ) : (
        <p>まだ取り込まれていません。docs/directory.md の手順で取り込んでください。</p>
      )}
      <h2>
        結果（{v.places.length}件{v.places.length === 50 ? '、先頭の50件' : ''}）
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">種類</th>
            <th scope="col">名前</th>
            <th scope="col">町名・住所</th>
            <th scope="col">電話</th>
            <th scope="col">曜日・時間／データに記載のある対応</th>
            <th scope="col">電話での確認</th>
          </tr>
        </thead>
        <tbody>
          {v.places.map((p) => {
            const check = v.checks.get(p.id);
            return (
              <tr>
                <td>{KIND_LABELS[p.kind]}</td>
                <td>{p.name}</td>
                <td>
                  {p.area ?? ''} {p.address}
                </td>
                <td>{p.phone ? <a href={`tel:${p.phone.replace(/[^0-9]/g, '')}`}>{p.phone}</a> : '—'}</td>
                <td>
                  {p.hours ?? ''} {p.features.map((f) => FEATURE_LABELS[f] ?? f).join('・')}
                </td>
                <td>
                  {check ? <span>{formatTime(check.checkedAt, frame.timeZone)} 確認済み</span> : <span>未確認</span>}
                  <form method="post" action="/console/directory/checked">
                    <Csrf token={frame.csrf} />
                    <input type="hidden" name="place" value={p.id} />
                    <input type="hidden" name="q" value={v.q.text} />
                    <input type="hidden" name="kind" value={v.q.kind ?? ''} />
                    <button type="submit" class="secondary">
                      電話で確認した
                    </button>
                  </form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Layout>,
  );
}
