/**
 * The Worker entry when a burst reaches a cold isolate: at most two requests fetch and prepare
 * the content (each copy holds about 3 MB, an isolate has 128 MB); the other webhooks store
 * their events, answer 200 and leave them pending, and the requests that have the content
 * answer them — each exactly once. Run in Node with the real entry, a libSQL server and the
 * fake LINE API, the assets binding held back until the test lets it answer.
 *
 * The libSQL server is this file's own: a handler that has the content also takes up whatever
 * else is pending in the database, and on the suite's shared server that would be other test
 * files' events, answered through this file's fake LINE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLineServer, startFakeLineServer } from '../../fakes/line/fake-line-server.ts';
import { LOAD_BUSINESS_TIME, type Sqld, startSqld } from '../../scripts/worker-stack.ts';
import { signBody } from '../../src/line/signature.ts';
import { events, userIdFor, webhookBody } from '../../src/line/webhook-events.ts';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';
import worker from '../../src/runtime/worker.ts';

const SECRET = 'cold-content-secret';
let line: FakeLineServer;
let sqld: Sqld;
beforeAll(async () => {
  [line, sqld] = await Promise.all([startFakeLineServer({ port: 0 }), startSqld()]);
});
afterAll(async () => {
  await Promise.all([line?.close(), sqld?.close()]);
});

/** An assets binding that answers only once the test opens the gate, and counts its fetches. */
function heldAssets() {
  const body = readFileSync(join(PROJECT_ROOT, 'dist/worker-assets/content.json'));
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const assets = {
    fetches: 0,
    open,
    fetch: async (_request: Request) => {
      assets.fetches++;
      await gate;
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    },
  };
  return assets;
}

describe('a cold isolate under a burst', () => {
  it('prepares the content in at most two requests; the other webhooks are stored, answered 200 and each answered once', async () => {
    const assets = heldAssets();
    const env = {
      DATABASE_URL: sqld.url,
      DATA_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'cold-content-token',
      LINE_API_BASE_URL: line.url,
      LINE_DATA_API_BASE_URL: line.url,
      RENKEI_NOW: LOAD_BUSINESS_TIME,
      ASSETS: assets,
    };
    const background: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void background.push(p), passThroughOnException: () => undefined };
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => userIdFor(`cold-content-${Date.now()}-${i}`)));
    const requests = await Promise.all(
      users.map(async (userId) => {
        const body = webhookBody([events.text({ userId, replyToken: line.fake.issueReplyToken(userId) }, 'メニュー')]);
        return new Request('https://renkei.test/webhook', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-line-signature': await signBody(SECRET, body) },
          body,
        });
      }),
    );
    const responses = requests.map((r) => worker.fetch(r, env, ctx));
    // Four webhooks answer while the content is still on its way: they did not load a copy.
    const settled = await Promise.all(responses.slice(2).map((r) => r.then((x) => x.status)));
    expect(settled).toEqual([200, 200, 200, 200]);
    expect(assets.fetches).toBe(2);
    assets.open();
    expect(await Promise.all(responses.slice(0, 2).map((r) => r.then((x) => x.status)))).toEqual([200, 200]);
    for (let seen = 0; seen < background.length; ) {
      const now = background.length;
      await Promise.all(background.slice(seen));
      seen = now;
    }
    expect(assets.fetches).toBe(2);
    for (const userId of users) {
      const answers = line.fake.callsFor(userId).filter((c) => (c.path.endsWith('/reply') || c.path.endsWith('/push')) && c.status === 200);
      expect(answers, userId).toHaveLength(1);
    }
  });
});
