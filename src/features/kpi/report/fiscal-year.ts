/**
 * How the KPI report names and accepts Japanese fiscal years (年度): 令和 labels, the span in
 * words, the years a query may ask for. Which fiscal year an instant falls in, and its bounds
 * in Japan time, are in shared/japan-time.ts with the rest of the calendar arithmetic.
 */

/** The first and last fiscal years the report accepts (a typo such as 2062 is refused, not shown as empty). */
export const FY_MIN = 2019;
export const FY_MAX = 2099;

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
