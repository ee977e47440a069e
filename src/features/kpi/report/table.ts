/**
 * The report as one rectangular table: the plan table's rows (each activity × times /
 * participants) with this year's plan, actual and rate, then the other years from the city
 * file for reference, then the other figures (consultations, handoffs, ACP, unanswered
 * questions) with the actual only. The CSV, the CLI and the console's table all use it, so
 * they always agree.
 */
import type { Cell } from './csv.ts';
import { CATEGORY_LABELS, OUTCOME_LABELS, UNIT_LABELS } from './labels.ts';
import type { Duration, KpiReport } from './report.ts';

export interface ReportTable {
  header: string[];
  rows: Cell[][];
}

/** actual ÷ plan in per cent, one decimal; undefined without a plan. */
export function rate(actual: number, plan: number | undefined): number | undefined {
  if (plan === undefined || plan <= 0) return undefined;
  return Math.round((actual / plan) * 1000) / 10;
}

export function reportTable(r: KpiReport): ReportTable {
  const refKeys: Array<{ fy: number; kind: 'actual' | 'plan'; label: string }> = [];
  for (const a of r.activities) {
    for (const ref of a.reference) {
      if (!refKeys.some((k) => k.fy === ref.fy && k.kind === ref.kind))
        refKeys.push({ fy: ref.fy, kind: ref.kind, label: `${ref.label} ${ref.kind === 'actual' ? '実績' : '計画'}` });
    }
  }
  refKeys.sort((a, b) => a.fy - b.fy || (a.kind === 'actual' ? -1 : 1));
  const header = ['区分', '項目', `${r.short} 計画`, `${r.short} 実績`, '達成率(%)', ...refKeys.map((k) => k.label), '備考'];
  const width = header.length;
  const rows: Cell[][] = [];
  const other = (group: string, item: string, value: number | undefined) => {
    const row: Cell[] = [group, item, null, value ?? null];
    while (row.length < width) row.push(null);
    rows.push(row);
  };

  for (const a of r.activities) {
    for (const unit of ['times', 'participants'] as const) {
      const plan = a.plan?.[unit];
      const notes = a.reference.filter((ref) => ref.note).map((ref) => `${ref.label}${ref.kind === 'actual' ? '実績' : '計画'}: ${ref.note}`);
      rows.push([
        a.name,
        UNIT_LABELS[unit],
        plan ?? null,
        a.actual[unit],
        rate(a.actual[unit], plan) ?? null,
        ...refKeys.map((k) => a.reference.find((ref) => ref.fy === k.fy && ref.kind === k.kind)?.[unit] ?? null),
        notes.join(' / ') || null,
      ]);
    }
  }

  const c = r.consultations;
  other('相談', '相談件数（合計）', c.total);
  other('相談', '住民・家族（引き継ぎ）', c.byKind.resident);
  other('相談', '専門職', c.byKind.pro);
  other('相談', '時間外に受け付けた件数', c.afterHours);
  for (const { category, count } of c.byCategory) other('専門職の相談分類', CATEGORY_LABELS[category] ?? category, count);
  for (const [outcome, n] of Object.entries(c.byOutcome)) other('相談の結果', OUTCOME_LABELS[outcome as keyof typeof OUTCOME_LABELS], n);
  const durations = (name: string, d: Duration) => {
    other('応答時間', `${name}（件数）`, d.count);
    other('応答時間', `${name}（中央値・分）`, d.median);
    other('応答時間', `${name}（90%・分）`, d.p90);
  };
  durations('初回応答まで', c.firstResponse);
  durations('対応終了まで', c.resolution);
  other('引き継ぎ', '「相談したい」の件数', r.handoffs.requested);
  other('引き継ぎ', '担当者につないだ件数', r.handoffs.opened);
  other('ACP（わたしの想いノート）', '書き始めた件数', r.acp.started);
  other('ACP（わたしの想いノート）', '書き終えた件数', r.acp.completed);
  other('答えられなかった質問', '該当なし', r.unanswered.none);
  other('答えられなかった質問', '候補の提示のみ', r.unanswered.unsure);
  other('答えられなかった質問', '確認待ちとして保管中', r.unanswered.kept);
  return { header, rows };
}
