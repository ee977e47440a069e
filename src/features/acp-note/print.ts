/**
 * The printable summary of the ACP note: GET /note/:token, an A4 page in large type for the
 * home doctor and the care manager. Public (the person hands the link over), so:
 *  - the token is random (192 bits) and only its SHA-256 is stored; it expires (ACP_LINK_DAYS,
 *    14 by default) and can be revoked: unknown → 404, expired or revoked → 410, and after
 *    「ノートを削除」 the link is gone (404);
 *  - the page is not indexed, not cached, and never logged with its path (the token is in it);
 *  - no inline script or style (the app's CSP): the CSS is served from /note/print.css.
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import { errorKind } from '../../app/log.ts';
import { buildSummary, NOTE_FLOW } from './engine/summary.ts';
import type { Locale } from '../../engine/types.ts';
import { acpAnswerText, jstYmd } from '../../line/render.ts';
import { japanSlashDate } from '../../shared/japan-time.ts';

const CSS = `@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif; font-size: 15pt; line-height: 1.55; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm 4mm; }
h1 { font-size: 22pt; margin: 0 0 2mm; color: #4a148c; }
h2 { font-size: 17pt; margin: 6mm 0 2mm; border-bottom: 2px solid #6a1b9a; padding-bottom: 1mm; }
p.meta { margin: 0; font-size: 14pt; }
p.note { font-size: 12pt; color: #333; margin: 2mm 0 4mm; }
dl { margin: 0; }
dt { font-weight: bold; font-size: 13pt; color: #444; margin-top: 2.5mm; }
dd { margin: 0 0 0 4mm; }
dd.none { color: #777; }
section.doctor { border: 3px solid #6a1b9a; padding: 2mm 4mm; margin: 4mm 0; break-inside: avoid; }
section { break-inside: avoid-page; }
footer { margin-top: 8mm; font-size: 11pt; color: #555; }
@media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(lang: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'ja'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/note/print.css">
</head>
<body>
${body}
</body>
</html>`;
}

function privateHeaders(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

export function acpPrintRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const t = deps.content.translator.t;

  app.get('/print.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CSS);
  });

  app.get('/:token', async (c) => {
    privateHeaders(c);
    try {
      const store = deps.stores.acp;
      // Links expire on the date the person was told: business time.
      const link = await store.resolveLink(c.req.param('token'), deps.clock.now().getTime());
      if (link.status !== 'ok') {
        const key = link.status === 'gone' ? 'acp.page.gone' : 'acp.page.unknown';
        return c.html(
          page('ja', t('ja', 'acp.page.title'), `<h1>${esc(t('ja', 'acp.summary.title'))}</h1><p>${esc(t('ja', key))}</p>`),
          link.status === 'gone' ? 410 : 404,
        );
      }
      const locale: Locale = (await deps.store.userLocale(link.chatId)) ?? 'ja';
      const tr = (key: string, data?: Record<string, unknown>) => t(locale, key, data);
      const flow = deps.content.bundle.flows[NOTE_FLOW];
      const note = await store.load(link.chatId);
      if (!flow || Object.keys(note.answers).length === 0) {
        return c.html(page(locale, tr('acp.page.title'), `<h1>${esc(tr('acp.summary.title'))}</h1><p>${esc(tr('acp.summary.empty'))}</p>`));
      }
      const view = buildSummary(
        flow,
        { answers: note.answers, writer: note.writer, updatedAt: note.updatedAt ? new Date(note.updatedAt).toISOString() : null },
        { all: true },
      );
      const parts: string[] = [`<h1>${esc(tr('acp.page.title'))}</h1>`];
      if (view.writer) parts.push(`<p class="meta">${esc(tr(`acp.summary.writer.${view.writer}`))}</p>`);
      if (view.updatedAt) parts.push(`<p class="meta">${esc(tr('acp.summary.updated', { date: jstYmd(view.updatedAt) }))}</p>`);
      parts.push(`<p class="note">${esc(tr('acp.page.intro'))}</p>`);
      if (view.doctorItems.length) {
        parts.push(
          `<section class="doctor"><h2>${esc(tr('acp.page.doctor'))}</h2><ul>${view.doctorItems.map((i) => `<li>${esc(tr(`acp.item.${i}`))}</li>`).join('')}</ul></section>`,
        );
      }
      for (const section of view.sections) {
        const rows = section.rows
          .map((r) => {
            const answered = r.answers.length > 0 || Boolean(r.text);
            return `<dt>${esc(tr(`acp.item.${r.item}`))}</dt><dd${answered ? '' : ' class="none"'}>${r.doctor ? '★ ' : ''}${esc(acpAnswerText(tr, r))}</dd>`;
          })
          .join('');
        parts.push(`<section><h2>${esc(tr(`acp.section.${section.id}`))}</h2><dl>${rows}</dl></section>`);
      }
      parts.push(`<footer>${esc(tr('acp.page.printed', { date: japanSlashDate(link.expiresAt) }))}</footer>`);
      return c.html(page(locale, tr('acp.page.title'), parts.join('\n')));
    } catch (e) {
      // Never the path: it holds the token.
      deps.log.error('acp.print.failed', { error: errorKind(e) });
      return c.text('error', 500);
    }
  });
  return app;
}
