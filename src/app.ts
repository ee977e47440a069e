/**
 * createApp(deps): the whole HTTP surface, the same on Node and Workers.
 *   /health   liveness and readiness (JSON)
 *   /webhook  LINE webhook
 *   /console  the coordinators' console (the case queue, cases, invite codes, staff, audit log)
 *   /dev/*    dev mode only: what the fake LINE API received (for the simulator and `renkei chat`)
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'drizzle-orm';
import type { AppDeps } from './app/deps.ts';
import { webhookRoutes } from './app/webhook.ts';
import { limitBody, MAX_FORM_BYTES } from './app/body-limit.ts';
import { errorKind } from './app/log.ts';
import { consoleRoutes } from './console/routes.tsx';
import { acpPrintRoutes } from './features/acp-note/print.ts';

export interface DevTools {
  /** Calls the fake LINE API recorded, newest last. */
  calls(): unknown[];
  clear(): void;
  /**
   * Adds more dev-only routes (the LINE simulator on Node). Passed in by the runtime so the
   * Worker bundle does not carry the simulator.
   */
  mount?(app: Hono): void;
}

/**
 * Only POST /webhook, for the Worker, which builds its app per request: the whole app costs
 * about ten times as much CPU to build, and LINE's traffic needs none of it.
 */
export function createWebhookApp(deps: AppDeps) {
  const app = new Hono();
  app.onError((err, c) => {
    deps.log.error('http.error', { path: c.req.path, error: errorKind(err) });
    return c.json({ error: 'internal error' }, 500);
  });
  app.route('/webhook', webhookRoutes(deps));
  return app;
}

export function createApp(deps: AppDeps, devTools?: DevTools) {
  const app = new Hono();

  // Pages are served without inline script or style, so the policy can be strict. HSTS only
  // when the public origin is https (a local http origin must stay reachable).
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: deps.config.publicBaseUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );

  app.onError((err, c) => {
    deps.log.error('http.error', { path: c.req.path, error: errorKind(err) });
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));

  // Every body but the webhook's is limited here, before any handler (the console's CSRF
  // check parses the form); the webhook checks its signature header first and then limits
  // its own body (app/webhook.ts).
  const formLimit = limitBody(MAX_FORM_BYTES);
  app.use('*', (c, next) => (c.req.path === '/webhook' || c.req.path.startsWith('/webhook/') ? next() : formLimit(c, next)));

  app.get('/health', async (c) => {
    let db = 'ok';
    try {
      await deps.store.db.run(sql`select 1`);
    } catch {
      db = 'unavailable';
    }
    return c.json(
      { status: db === 'ok' ? 'ok' : 'degraded', mode: deps.config.mode, content: deps.content.bundle.version, database: db },
      db === 'ok' ? 200 : 503,
    );
  });

  app.route('/webhook', webhookRoutes(deps));
  app.route('/console', consoleRoutes(deps, deps.stores.console));
  // The ACP note's printable page (public, by an unguessable expiring link).
  app.route('/note', acpPrintRoutes(deps));

  if (deps.config.mode === 'dev' && devTools) {
    app.get('/dev/line/calls', (c) => {
      const to = c.req.query('to');
      const calls = devTools.calls() as Array<{ userId?: string }>;
      return c.json(to ? calls.filter((x) => x.userId === to) : calls);
    });
    app.delete('/dev/line/calls', (c) => {
      devTools.clear();
      return c.json({});
    });
    devTools.mount?.(app);
  }

  return app;
}
