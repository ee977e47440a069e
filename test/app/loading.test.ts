import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A client whose next write batch takes a while, as a slow remote database would. */
function slowBatchClient(ms: number): Client {
  const client = createClient({ url: `file:${join(mkdtempSync(join(tmpdir(), 'renkei-slow-')), 'db')}` });
  const batch = client.batch.bind(client);
  let slowed = false;
  client.batch = (async (...args: Parameters<Client['batch']>) => {
    if (!slowed && (args[0] as unknown[]).length > 2) {
      slowed = true;
      await new Promise((r) => setTimeout(r, ms));
    }
    return batch(...args);
  }) as Client['batch'];
  return client;
}

describe('loading animation', () => {
  it('is shown when an answer takes a while, and not for quick ones', async () => {
    h = await createHarness({ client: slowBatchClient(1200) });
    const u = await h.user('patient');
    await u.say('メニュー');
    const loading = h.fake.callsFor(u.id).filter((c) => c.path === '/v2/bot/chat/loading/start');
    expect(loading).toHaveLength(1);
    expect(loading[0]!.body).toMatchObject({ chatId: u.id });
    expect(loading[0]!.violations).toEqual([]);
    await u.say('使い方');
    expect(h.fake.callsFor(u.id).filter((c) => c.path === '/v2/bot/chat/loading/start')).toHaveLength(1);
  });
});
