/**
 * /console/console.css, served as a file (the CSP allows no inline style). Large type for
 * tablets (20 px body, 48 px tap targets), WCAG AA contrast, a visible focus ring.
 */
export const CONSOLE_CSS = `
:root {
  --ink: #1a1a1a;
  --muted: #3c4450;
  --bg: #f3f5f8;
  --card: #ffffff;
  --line: #c9d1dc;
  --bar: #1f3a5f;
  --accent: #0b57d0;
  --accent-dark: #083f99;
  --danger: #b3261e;
  --focus: #f59e0b;
  font-size: 20px;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--ink);
  font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "IPAPGothic", "IPAGothic", Meiryo, system-ui, sans-serif;
  line-height: 1.7;
}
a { color: var(--accent); }
:focus-visible { outline: 4px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; top: 1rem; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
header.bar {
  background: var(--bar); color: #fff;
  display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem;
  padding: .75rem 1.25rem;
}
header.bar .brand { font-weight: 700; font-size: 1.1rem; margin: 0; }
header.bar .brand small { display: block; font-weight: 400; font-size: .8rem; }
header.bar nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin: 0; padding: 0; }
header.bar nav a { color: #fff; display: inline-block; padding: .5rem .75rem; min-height: 48px; text-underline-offset: 4px; }
header.bar nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
header.bar .who { margin-left: auto; display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; }
header.bar .who form { margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 1.25rem; }
main.narrow { max-width: 560px; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 .75rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem; margin-bottom: 1.25rem; }
.placeholder { border-style: dashed; }
.note { color: var(--muted); }
label { display: block; font-weight: 700; margin: 1rem 0 .25rem; }
input, select, textarea {
  font: inherit; width: 100%; min-height: 52px; padding: .5rem .75rem;
  border: 2px solid #6b7685; border-radius: 8px; background: #fff; color: var(--ink);
}
.button, button {
  font: inherit; cursor: pointer; display: inline-block;
  min-height: 52px; padding: .5rem 1.25rem; border-radius: 8px;
  border: 2px solid var(--accent); background: var(--accent); color: #fff; font-weight: 700;
}
button:hover { background: var(--accent-dark); }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--danger); border-color: var(--danger); }
header.bar button { background: #fff; color: var(--bar); border-color: #fff; min-height: 48px; }
.actions { margin-top: 1.5rem; }
.error, .notice { border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
.error { background: #fdecea; border: 2px solid var(--danger); color: #6b1510; }
.notice { background: #e8f3ec; border: 2px solid #1e7b45; color: #0f4527; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { background: #e6ebf2; }
td form { margin: 0; }
.status-disabled { color: var(--muted); }
.pager { display: flex; gap: 1rem; align-items: center; margin-top: 1rem; flex-wrap: wrap; }
.pager a { display: inline-block; padding: .5rem 1rem; min-height: 48px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0 1rem; }
/* Cases: the queue's tabs and filters, the case page's transcript and forms. */
textarea { min-height: 8rem; resize: vertical; }
.tabs ul, .filters ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 .75rem; padding: 0; }
.tabs a, .filters a { display: inline-block; min-height: 48px; padding: .5rem 1rem; border: 2px solid var(--accent); border-radius: 8px; background: #fff; text-decoration: none; font-weight: 700; }
.tabs a[aria-current="page"], .filters a[aria-current="true"] { background: var(--accent); color: #fff; }
.filters a { border-width: 1px; font-weight: 400; }
table.queue td { vertical-align: top; }
tr.unassigned { background: #fff8e1; }
.case-link { display: inline-block; min-height: 48px; padding: .25rem 0; }
.case-link .kind { display: block; font-size: .8rem; color: var(--muted); }
.priority-high { color: var(--danger); font-weight: 700; }
.block { display: block; }
.assign { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.assign form { margin: 0; }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
form.inline select { width: auto; min-width: 10rem; }
form.inline label:not(.visually-hidden) { margin: 0; }
.crumbs { margin: 0; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
dl.summary dt { font-weight: 700; }
dl.summary dd { margin: 0; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
.said { white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0; }
ul.recent { margin: 0; padding-left: 1.25rem; }
ol.transcript { list-style: none; padding: 0; margin: 0 0 1.25rem; }
ol.transcript li { border-radius: 10px; padding: .5rem 1rem; margin: 0 0 .75rem; max-width: 85%; border: 1px solid var(--line); }
ol.transcript li.from-user { background: #fff; }
ol.transcript li.from-staff { background: #e8f0fe; margin-left: auto; }
.meta { font-size: .85rem; color: var(--muted); margin: 0; }
.delivery { margin-left: .75rem; font-weight: 700; }
.delivery-failed { color: var(--danger); }
.delivery-sent { color: #1e6b3d; }
.canned-pick { margin-bottom: .5rem; }
ul.notes, ul.canned-list { list-style: none; padding: 0; }
.row-actions { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; }
.row-actions form { margin: 0; }
a.button { text-decoration: none; }
a.button.secondary { background: #fff; color: var(--accent); }
.actions .cancel { margin-left: 1rem; }
.created-code { border: 3px solid #1e7b45; }
.code { font-size: 2rem; font-weight: 700; letter-spacing: .15em; font-family: ui-monospace, "Noto Sans Mono", monospace; margin: .25rem 0; }
.empty { color: var(--muted); }
.card > h2:first-child { margin-top: 0; }
.case-side > section:first-child > h2 { margin-top: 0; }
@media (min-width: 900px) {
  main:has(.case-grid) { max-width: 1400px; }
  .case-grid { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); gap: 1.25rem; align-items: start; }
}
table.queue th, table.queue td { padding: .5rem .5rem; }
table.queue td:first-child { min-width: 10em; }
table.queue form.inline select { min-width: 8rem; }
table.queue td:nth-child(n+2):nth-child(-n+6), table.queue th { white-space: nowrap; }
label.check { display: flex; align-items: center; gap: .5rem; font-weight: 400; margin: 0 0 1rem; min-height: 48px; }
label.check input { width: 28px; min-height: 28px; height: 28px; margin: 0; }
/* Outreach pages: attendance checkboxes, descriptions, inline status buttons. */
input[type="checkbox"] { width: 32px; min-height: 32px; height: 32px; margin: 0; }
textarea { font: inherit; width: 100%; padding: .5rem .75rem; border: 2px solid #6b7685; border-radius: 8px; }
.inline-forms { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
.inline-forms form { margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; }
/* KPI report and announcements */
.kpi-chart { max-width: 100%; height: auto; background: #fff; }
tr.section-start > * { border-top: 3px solid var(--bar); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.fy-form { display: flex; gap: .75rem; align-items: end; flex-wrap: wrap; }
.fy-form label { margin: 0 0 .25rem; }
.fy-form input { width: 8rem; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 1rem 0; }
fieldset label { font-weight: 400; display: flex; gap: .5rem; align-items: center; min-height: 48px; margin: 0; }
fieldset input[type=checkbox] { width: 1.5rem; min-height: 1.5rem; }
.line-preview { background: #8cabd9; border-radius: 10px; padding: 1rem; max-width: 420px; }
.line-preview .bubble { background: #fff; border-radius: 16px; padding: .75rem 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.line-preview .quick { display: flex; gap: .5rem; margin-top: .5rem; padding: 0; list-style: none; }
.line-preview .quick li { background: #fff; border: 1px solid #0a7a35; color: #0a6b2f; border-radius: 999px; padding: .25rem .75rem; font-size: .85rem; }
@media (max-width: 640px) {
  :root { font-size: 18px; }
  header.bar .who { margin-left: 0; }
}
`;
