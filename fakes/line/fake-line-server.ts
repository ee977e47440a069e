/**
 * The fake LINE API as a standalone Node HTTP server (dev mode, benchmarks in
 * another process). Node-only: never import this from Worker code.
 *
 *   npx tsx fakes/line/fake-line-server.ts [--port 8788] [--host 127.0.0.1] [--lenient-tokens] [--max-calls 10000]
 *
 * Point both LINE base URLs (api.line.me and api-data.line.me) at it.
 * Control routes (not recorded): POST /__fake/reply-token {userId},
 * POST /__fake/mark-as-read-token {userId}, GET /__fake/calls[?userId=],
 * GET /__fake/messages/:userId, POST /__fake/clear, POST /__fake/reset,
 * PUT /__fake/behaviour {faults:[{path,times,status,delayMs}], monthlyQuota}.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { createFakeLine, type FakeLine, type FakeLineOptions } from './fake-line.ts';

export interface FakeLineServer {
  fake: FakeLine;
  /** e.g. http://127.0.0.1:8788 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Start the fake on `port` (0 = any free port). Resolves once listening. */
export function startFakeLineServer(opts: FakeLineOptions & { port?: number; hostname?: string } = {}): Promise<FakeLineServer> {
  const { port = 0, hostname = '127.0.0.1', ...fakeOpts } = opts;
  const fake = createFakeLine(fakeOpts);
  return new Promise((resolveServer, reject) => {
    const server = serve({ fetch: fake.app.fetch, port, hostname }, (info: AddressInfo) => {
      resolveServer({
        fake,
        port: info.port,
        url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const maxCalls = arg(argv, '--max-calls');
  const s = await startFakeLineServer({
    port: Number(arg(argv, '--port') ?? process.env.FAKE_LINE_PORT ?? 8788),
    hostname: arg(argv, '--host') ?? '127.0.0.1',
    lenientTokens: argv.includes('--lenient-tokens'),
    maxCalls: maxCalls ? Number(maxCalls) : 10_000,
  });
  console.log(`fake LINE API listening on ${s.url}`);
  const stop = () => void s.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
