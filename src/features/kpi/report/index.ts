/** The KPI report: pure functions from records and the city's plan to figures, a table, CSV and a chart. */
export * from './fiscal-year.ts';
export * from './report.ts';
export * from './table.ts';
export * from './csv.ts';
export * from './chart.ts';
export * from './labels.ts';
