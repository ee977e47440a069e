/**
 * The yearly KPI report in the console (any signed-in staff member):
 *   GET /kpi?fy=2026       the chart and the table for a fiscal year (default: the current one)
 *   GET /kpi.csv?fy=2026   the same table as CSV for Excel (UTF-8 with BOM)
 * The report holds counts only (no personal data); the CSV download is still audited because
 * it leaves the console.
 */
import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import type { AppDeps } from '../../../app/deps.ts';
import { kpiReport } from '../store.ts';
import { fiscalYearSpan, parseFiscalYear, FY_MAX, FY_MIN, eraLabel } from '../report/fiscal-year.ts';
import { fiscalYearOf } from '../../../shared/japan-time.ts';
import { planActualChart } from '../report/chart.ts';
import { toCsv } from '../report/csv.ts';
import type { KpiReport } from '../report/report.ts';
import { reportTable } from '../report/table.ts';
import { audit } from '../../../console/audit.ts';
import type { ConsoleMount } from '../../../console/mount.ts';
import { Layout, messagePage, page, type Frame } from '../../../console/pages.tsx';
import type { ConsoleEnv } from '../../../console/session.ts';

export function kpiRoutes(deps: AppDeps, m: ConsoleMount) {
  const app = new Hono<ConsoleEnv>();
  const plan = deps.content.bundle.city.plan;

  /** The requested year, the current one when none is given, or a 400 page for a bad value. */
  const yearOf = (c: Context<ConsoleEnv>): number | Response => {
    const q = c.req.query('fy');
    if (q === undefined || q === '') return fiscalYearOf(deps.clock.now().getTime());
    return (
      parseFiscalYear(q) ??
      c.html(messagePage(m.frame(c), '年度の指定が正しくありません', `年度は西暦4桁（${FY_MIN}〜${FY_MAX}）で指定してください。例：2026（令和8年度）`), 400)
    );
  };

  app.get('/kpi', m.signedIn(), async (c) => {
    const fy = yearOf(c);
    if (typeof fy !== 'number') return fy;
    const report = await kpiReport(deps.store.db, plan, fy, deps.clock.now().getTime());
    return c.html(kpiPage(m.frame(c), report));
  });

  app.get('/kpi.csv', m.signedIn(), async (c) => {
    const fy = yearOf(c);
    if (typeof fy !== 'number') return fy;
    const report = await kpiReport(deps.store.db, plan, fy, deps.clock.now().getTime());
    const { header, rows } = reportTable(report);
    await audit(deps, c.get('staff')!.id, 'kpi.export', `fy:${fy}`);
    return c.body(toCsv([header, ...rows]), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="renkei-kpi-FY${fy}.csv"`,
    });
  });

  return app;
}

function kpiPage(frame: Frame, r: KpiReport): string {
  const { header, rows } = reportTable(r);
  const activityRows = r.activities.length * 2;
  return page(
    <Layout title={`実績報告 ${r.label}`} frame={{ ...frame, current: 'kpi' }}>
      <h1>
        実績報告 {r.label}
        <small class="note">（{fiscalYearSpan(r.fy)}）</small>
      </h1>
      <form method="get" action="/console/kpi" class="fy-form">
        <div>
          <label for="fy">年度（西暦）</label>
          <input id="fy" name="fy" inputmode="numeric" pattern="[0-9]{4}" required value={String(r.fy)} aria-describedby="fy-note" />
        </div>
        <button type="submit" class="secondary">
          表示する
        </button>
        <a class="button" href={`/console/kpi.csv?fy=${r.fy}`} download={`renkei-kpi-FY${r.fy}.csv`}>
          CSVをダウンロード
        </a>
      </form>
      <p class="note" id="fy-note">
        年度は4月から翌年3月までです（2026＝令和8年度）。
        {r.fy > FY_MIN ? <a href={`/console/kpi?fy=${r.fy - 1}`}>← {eraLabel(r.fy - 1)}</a> : null}{' '}
        {r.fy < FY_MAX ? <a href={`/console/kpi?fy=${r.fy + 1}`}>{eraLabel(r.fy + 1)} →</a> : null}
      </p>

      <section class="card" aria-labelledby="chart-heading">
        <h2 id="chart-heading">計画と実績</h2>
        {raw(planActualChart(r))}
        <p class="note">計画は市の計画表（{r.planSource}）から、実績はこのシステムの記録から数えています。</p>
      </section>

      <section aria-labelledby="table-heading">
        <h2 id="table-heading">実績の一覧</h2>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{r.label}の計画と実績（参考として他の年度の値）</caption>
            <thead>
              <tr>
                {header.map((h, i) => (
                  <th scope="col" class={i >= 2 && i < header.length - 1 ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr class={i === activityRows ? 'section-start' : undefined}>
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th scope="row">{cell ?? ''}</th>
                    ) : (
                      <td class={j >= 2 && j < row.length - 1 ? 'num' : undefined}>
                        {cell === null || cell === undefined ? (j >= 2 && j < row.length - 1 ? '—' : '') : String(cell)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card" aria-labelledby="how-heading">
        <h2 id="how-heading">数え方</h2>
        <ul>
          <li>出前講座：状態が「実施済」の講座を、実施日の年度で数えます。参加者数は講座のあとに入力した人数です。</li>
          <li>普及啓発イベント・研修会：中止していない開催済みの回を数えます。参加者数は入力した人数、未入力なら出席の記録の数です。</li>
          <li>相談：受け付けた日の年度で数えます。応答時間は受付から最初の返信まで、対応終了は受付から終了までです。</li>
          <li>ACP：書き始めた件数と書き終えた件数です（本文は数えません）。</li>
          <li>答えられなかった質問：該当なしと候補の提示のみの回数、確認待ちとして保管中の件数です。</li>
        </ul>
      </section>
    </Layout>,
  );
}
