/**
 * The plan-versus-actual chart as an SVG string drawn on the server (no script, no external
 * file, no style attributes: the console's CSP allows neither). Each activity has a row for
 * times and one for participants; the pale track is the plan (100 %), the dark bar the
 * actual, so activities of very different sizes (18 lectures, 700 visitors) read alike.
 * <title> and <desc> give screen readers the same figures as text.
 */
import { UNIT_LABELS } from './labels.ts';
import type { KpiReport } from './report.ts';
import { rate } from './table.ts';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const WIDTH = 720;
const LABEL_W = 230;
const TRACK_W = 330;
const ROW_H = 34;
const BAR_H = 18;
const TOP = 24;

export function planActualChart(r: KpiReport): string {
  const rows = r.activities.flatMap((a) =>
    (['times', 'participants'] as const).map((unit) => ({ name: a.name, unit, plan: a.plan?.[unit], actual: a.actual[unit] })),
  );
  const height = TOP + rows.length * ROW_H + 28;
  const unitWord = { times: '回', participants: '人' } as const;
  const desc = rows
    .map(
      (row) =>
        `${row.name} ${UNIT_LABELS[row.unit]}: 実績 ${row.actual}${unitWord[row.unit]}${row.plan !== undefined ? `、計画 ${row.plan}${unitWord[row.unit]}（${rate(row.actual, row.plan) ?? 0}%）` : '、計画なし'}`,
    )
    .join('。');
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="kpi-chart-title kpi-chart-desc" class="kpi-chart">`,
  );
  out.push(`<title id="kpi-chart-title">${escapeXml(`${r.label}の計画と実績`)}</title>`);
  out.push(`<desc id="kpi-chart-desc">${escapeXml(desc)}</desc>`);
  out.push(`<text x="${LABEL_W}" y="14" font-size="12" fill="#444">計画を100%とした実績（薄い帯＝計画、濃い棒＝実績）</text>`);
  rows.forEach((row, i) => {
    const y = TOP + i * ROW_H;
    const pct = rate(row.actual, row.plan);
    // Beyond the plan the bar stops at 120 % of the track with the figure still printed.
    const frac = row.plan === undefined ? 0 : Math.min(1.2, pct! / 100);
    const barW = Math.round(TRACK_W * frac);
    out.push(
      `<text x="${LABEL_W - 8}" y="${y + BAR_H - 4}" font-size="13" text-anchor="end" fill="#222">${escapeXml(`${row.name}（${UNIT_LABELS[row.unit]}）`)}</text>`,
    );
    out.push(`<rect x="${LABEL_W}" y="${y}" width="${TRACK_W}" height="${BAR_H}" fill="#dde6f0" stroke="#9fb3c8"/>`);
    if (barW > 0) out.push(`<rect x="${LABEL_W}" y="${y}" width="${barW}" height="${BAR_H}" fill="#1d5fa8"/>`);
    const figure = `${row.actual} / ${row.plan ?? '—'}${unitWord[row.unit]}${pct !== undefined ? `（${pct}%）` : ''}`;
    out.push(`<text x="${LABEL_W + Math.max(TRACK_W, barW) + 8}" y="${y + BAR_H - 4}" font-size="13" fill="#222">${escapeXml(figure)}</text>`);
  });
  const axisY = TOP + rows.length * ROW_H;
  out.push(`<line x1="${LABEL_W + TRACK_W}" y1="${TOP - 4}" x2="${LABEL_W + TRACK_W}" y2="${axisY}" stroke="#555" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${LABEL_W + TRACK_W}" y="${axisY + 16}" font-size="12" text-anchor="middle" fill="#444">計画（100%）</text>`);
  out.push(`</svg>`);
  return out.join('');
}
