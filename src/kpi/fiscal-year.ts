/**
 * Japanese fiscal years (年度): April to March, named by the calendar year they start in
 * (FY2026 = 令和8年度 = April 2026 – March 2027). The boundaries are midnight in Japan time
 * (JST, UTC+9, no daylight saving), whatever the server's time zone. Pure: no clock reads.
 */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The first and last fiscal years the report accepts (a typo such as 2062 is refused, not shown as empty). */
export const FY_MIN = 2019;
export const FY_MAX = 2099;

/** The fiscal year an instant (ms since the epoch) falls in, by the date in Japan. */
export function fiscalYearOf(ms: number): number {
  const jst = new Date(ms + JST_OFFSET_MS);
  const year = jst.getUTCFullYear();
  return jst.getUTCMonth() >= 3 ? year : year - 1;
}

/** [start, end) of a fiscal year in ms: 1 April 00:00 JST to the next 1 April 00:00 JST. */
export function fiscalYearRange(fy: number): { start: number; end: number } {
  return { start: Date.UTC(fy, 3, 1) - JST_OFFSET_MS, end: Date.UTC(fy + 1, 3, 1) - JST_OFFSET_MS };
}

export function inFiscalYear(ms: number | null | undefined, fy: number): ms is number {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return false;
  const { start, end } = fiscalYearRange(fy);
  return ms >= start && ms < end;
}

/**
 * The era label used in Japanese plans: 令和 from FY2019 (令和元年度: the era began on
 * 1 May 2019 and the fiscal year is named after it), 平成 before.
 */
export function eraLabel(fy: number): string {
  if (fy >= 2019) {
    const n = fy - 2018;
    return `令和${n === 1 ? '元' : n}年度`;
  }
  return `平成${fy - 1988}年度`;
}

/** The short form used in tables: R8 (FY2026), H30 (FY2018). */
export function eraShort(fy: number): string {
  return fy >= 2019 ? `R${fy - 2018}` : `H${fy - 1988}`;
}

/** "2026年4月〜2027年3月" */
export function fiscalYearSpan(fy: number): string {
  return `${fy}年4月〜${fy + 1}年3月`;
}

/** A fiscal year from a query string or a command-line flag: four digits within range, else undefined. */
export function parseFiscalYear(raw: string | null | undefined): number | undefined {
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) return undefined;
  const fy = Number(raw);
  return fy >= FY_MIN && fy <= FY_MAX ? fy : undefined;
}
