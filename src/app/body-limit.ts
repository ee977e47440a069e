/**
 * Request body limits, enforced while the body streams in (hono's `bodyLimit`): the reader
 * stops at the limit and answers 413, so a 300 MB upload never sits in memory. A declared
 * Content-Length above the limit is refused without reading; a smaller declared length is
 * trusted because both runtimes frame the body by it (Node's HTTP parser and Workers stop
 * the body at the declared length), and a chunked body is counted as it arrives.
 *
 * After the 413, @hono/node-server reads and discards at most 64 MB for up to 500 ms and then
 * closes the connection; Workers cancel the rest. Measured in test/security/body-limit-memory.test.ts.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** The console's forms and everything else but the webhook: a few KB of text at most. */
export const MAX_FORM_BYTES = 256 * 1024;

/**
 * Asks the server to close the connection after this answer: on Node the rest of a refused
 * body is then dropped with the socket instead of being read and thrown away (Workers ignore
 * the header and cancel the body themselves). The price: a client still writing often sees a
 * reset instead of the answer — fine for a request that is not from LINE at all, not for a
 * coordinator's over-long form, which gets its 413 page (the server drains the rest).
 */
export function closeAfterResponse(c: Context): void {
  c.header('Connection', 'close');
}

function tooLarge(c: Context): Response {
  if (c.req.path.startsWith('/console')) {
    return c.html(
      '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>送信できません</title><link rel="stylesheet" href="/console/console.css"></head>' +
        '<body><main class="narrow" id="main"><h1>送信できません（413）</h1><p>送信された内容が大きすぎます。文章を短くしてから、もう一度お試しください。</p>' +
        '<p><a href="/console">ホームへ戻る</a></p></main></body></html>',
      413,
    );
  }
  return c.json({ error: 'payload too large' }, 413);
}

export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({ maxSize: maxBytes, onError: tooLarge });
}
