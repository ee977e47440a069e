/**
 * The baseline for `npm run bench`: the least a LINE bot can do — check the signature,
 * answer 200, then send one fixed reply. Same runtime, same fake LINE, no database.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { verifySignature } from '../../src/line/signature.ts';

const port = Number(process.env.PORT ?? 8790);
const secret = process.env.LINE_CHANNEL_SECRET ?? 'bench-secret';
const lineBase = process.env.LINE_API_BASE_URL ?? 'http://127.0.0.1:8788';

const app = new Hono();
app.post('/webhook', async (c) => {
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (!(await verifySignature(secret, body, c.req.header('x-line-signature')))) return c.json({}, 401);
  const parsed = JSON.parse(new TextDecoder().decode(body)) as { events: Array<{ replyToken?: string }> };
  for (const ev of parsed.events) {
    if (!ev.replyToken) continue;
    void fetch(`${lineBase}/v2/bot/message/reply`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: JSON.stringify({ replyToken: ev.replyToken, messages: [{ type: 'text', text: 'OK' }] }),
    }).catch(() => undefined);
  }
  return c.json({});
});
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`minimal bot on ${port}`));
