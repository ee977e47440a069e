/**
 * The dev-mode app with the console mounted at /console and the first-start staff created
 * (as the runtime will do once integrated), served on a free loopback port for the browser.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDevApp, type DevApp } from '../../dev/dev-app.ts';
import { ensureInitialStaff, type InitialStaffResult } from '../../../src/console/initial-staff.ts';
import { createConsoleStore } from '../../../src/db/console-store.ts';

export interface ConsoleServer extends DevApp {
  url: string;
  demo: NonNullable<InitialStaffResult['demo']>;
}

export async function startConsoleServer(env: Record<string, string> = {}): Promise<ConsoleServer> {
  const dev = await createDevApp(env);
  const store = createConsoleStore(dev.node.deps.store.db);
  const { demo } = await ensureInitialStaff(dev.node.deps, store, env, { print: () => undefined });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: dev.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...dev,
    url: `http://127.0.0.1:${port}`,
    demo: demo!,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await dev.close();
    },
  };
}
