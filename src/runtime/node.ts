/**
 * Node entry: `npm start`. With no settings it runs in dev mode on http://localhost:8787
 * with an embedded libSQL file (./data/renkei.db) and an in-process fake LINE API.
 */
import { serve } from '@hono/node-server';
import { tick } from '../app/tick.ts';
import { createNodeApp, StartupError } from './node-deps.ts';

const TICK_MS = 5_000;

async function main(): Promise<void> {
  const node = await createNodeApp();
  const { config, deps, app } = node;

  // Anything left pending by a previous process (a crash mid-delivery) is picked up now.
  const first = await tick(deps, { recoverAfterMs: 0 });
  if (first.recovered || first.delivered) deps.log.info('startup.recovered', first);

  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void tick(deps).finally(() => (ticking = false));
  }, TICK_MS);

  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    const base = `http://localhost:${info.port}`;
    console.log(`renkei is running (${config.mode} mode, content ${deps.content.bundle.version})`);
    console.log(`  health:   ${base}/health`);
    console.log(`  webhook:  ${base}/webhook`);
    if (config.mode === 'dev') {
      console.log(`  simulator: ${base}/dev   (a LINE-like chat, no LINE account needed)`);
      console.log('  LINE:     no credentials set: outgoing LINE calls go to an in-process fake');
      console.log(`            (see ${base}/dev/line/calls, or chat with: npm run renkei -- chat)`);
    }
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info('shutdown', { signal });
    clearInterval(timer);
    server.close();
    // Let in-flight events finish; anything unfinished stays pending and is recovered at next start.
    await Promise.race([node.close(), new Promise((r) => setTimeout(r, 5_000))]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof StartupError) console.error(`renkei cannot start: ${e.message}`);
  else console.error('renkei cannot start:', e);
  process.exit(1);
});
