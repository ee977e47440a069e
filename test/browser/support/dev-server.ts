/** The dev-mode app (see test/dev/dev-app.ts) served on a free loopback port for the browser. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDevApp, type DevApp } from '../../dev/dev-app.ts';

export interface DevServer extends DevApp {
  url: string;
}

export async function startDevServer(env: Record<string, string> = {}): Promise<DevServer> {
  const dev = await createDevApp(env);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: dev.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...dev,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Long-polls from the page would otherwise keep the server open for their 20 s.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await dev.close();
    },
  };
}
