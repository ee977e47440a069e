/**
 * The app as `npm start` runs it with no settings (dev mode: the in-process fake LINE API),
 * on a throwaway database, with the simulator mounted. For the simulator's API and browser tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/app/log.ts';
import type { createApp } from '../../src/app.ts';
import type { FakeLine } from '../../fakes/line/fake-line.ts';
import { createNodeApp, type NodeApp } from '../../src/runtime/node-deps.ts';
import { TEST_KEY, TEST_NOW, testBundle } from '../support/harness.ts';

export interface DevApp {
  app: ReturnType<typeof createApp>;
  node: NodeApp;
  fake: FakeLine;
  close(): Promise<void>;
}

/** `env` adds settings, e.g. RENKEI_NOW to freeze the clock for screenshots. */
export async function createDevApp(env: Record<string, string> = {}): Promise<DevApp> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-dev-'));
  const node = await createNodeApp({
    env: { DATABASE_URL: `file:${join(dir, 'dev.db')}`, DATA_ENCRYPTION_KEY: TEST_KEY, RENKEI_NOW: TEST_NOW, ...env },
    bundle: await testBundle(),
    log: silentLogger,
    warn: () => undefined,
  });
  const fake = node.fakeLine;
  if (node.config.mode !== 'dev' || !fake) throw new Error('expected dev mode with the in-process fake LINE API');
  // The app exactly as the server entry wires it in dev mode (simulator mounted at /dev).
  const app = node.app;
  return {
    app,
    node,
    fake,
    async close() {
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
