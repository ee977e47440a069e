/**
 * POST /webhook: verify, record, acknowledge, then process in the background.
 *
 * The events are written to the inbox before LINE gets its 200 (a few ms on the local
 * database), so a crash right after the acknowledgement loses nothing: the scheduler
 * picks pending events up again. The primary key on webhookEventId stores a redelivery
 * once; handling is claimed per event (app/process-event.ts), so it happens once.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppDeps } from './deps.ts';
import { errorKind } from './log.ts';
import { handleReceived, type InboundEvent } from './process-event.ts';
import { isWellFormedSignature, verifySignature } from '../line/signature.ts';
import { closeAfterResponse, limitBody } from './body-limit.ts';
import { chatOf, INTERNAL_EVENT_TYPE, type RawEvent } from '../line/to-input.ts';

/** LINE's bodies are a few KB; anything far larger is not from LINE. */
export const MAX_WEBHOOK_BYTES = 1_000_000;

/** The envelope LINE sends: `{ destination, events: [...] }`; null when it is not that. */
function envelopeOf(body: unknown): { destination: string; events: unknown[] } | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { destination, events } = body as { destination?: unknown; events?: unknown };
  if (typeof destination !== 'string' || destination.length > 100) return null;
  if (!Array.isArray(events) || events.length > 1000) return null;
  return { destination, events };
}

/** The fields every event must have for us to handle it; everything else is read defensively later. */
function isEvent(e: unknown): e is RawEvent {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const { type, webhookEventId, timestamp } = e as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    type.length > 0 &&
    type.length <= 64 &&
    typeof webhookEventId === 'string' &&
    /^[\x21-\x7e]{1,64}$/.test(webhookEventId) && // printable ASCII (a ULID): stored and compared byte for byte
    typeof timestamp === 'number' &&
    Number.isSafeInteger(timestamp) &&
    timestamp >= 0 // larger integers cannot be read back from SQLite
  );
}

export function webhookRoutes(deps: AppDeps) {
  const app = new Hono();
  // A request without a well-formed signature is not from LINE: refused before a byte of its
  // body is read. Then the body is counted as it streams in and cut off at the limit.
  const requireSignatureHeader: MiddlewareHandler = async (c, next) => {
    if (!isWellFormedSignature(c.req.header('x-line-signature'))) {
      deps.log.warn('webhook.bad-signature', { malformed: true });
      closeAfterResponse(c);
      return c.json({ error: 'invalid signature' }, 401);
    }
    return next();
  };
  app.post('/', requireSignatureHeader, limitBody(MAX_WEBHOOK_BYTES), async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    // Only reachable in-process (app.request with a Content-Length that lies): the runtimes
    // frame a body by its declared length.
    if (body.length > MAX_WEBHOOK_BYTES) return c.json({ error: 'payload too large' }, 413);

    if (!(await verifySignature(deps.config.line.channelSecret, body, c.req.header('x-line-signature')))) {
      deps.log.warn('webhook.bad-signature', { bytes: body.length });
      return c.json({ error: 'invalid signature' }, 401);
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return c.json({ error: 'body is not valid UTF-8 JSON' }, 400);
    }
    const envelope = envelopeOf(parsed);
    if (!envelope) return c.json({ error: 'not a LINE webhook body: expected { destination, events: [...] }' }, 400);
    // Signed with our secret but meant for another bot (a secret shared between channels, a
    // replayed body): not ours to act on.
    const bot = deps.config.line.botUserId;
    if (bot && envelope.destination !== bot) {
      deps.log.warn('webhook.wrong-destination', { events: envelope.events.length });
      return c.json({ error: 'destination is not this bot' }, 403);
    }

    const events: InboundEvent[] = [];
    const seen = new Set<string>();
    let skipped = 0;
    for (const candidate of envelope.events) {
      // An event we cannot attribute to a chat is acknowledged and ignored, not retried forever.
      // The app's own event type is never accepted from outside, even with a valid signature.
      const chat = isEvent(candidate) && candidate.type !== INTERNAL_EVENT_TYPE ? chatOf(candidate) : null;
      if (!chat || seen.has((candidate as RawEvent).webhookEventId)) {
        skipped++;
        continue;
      }
      const event = candidate as RawEvent;
      seen.add(event.webhookEventId);
      events.push({ eventId: event.webhookEventId, chat, raw: event });
    }

    let fresh: Set<string>;
    try {
      const rows = events.map((e) => ({ eventId: e.eventId, chatId: e.chat.id, timestamp: e.raw.timestamp, payload: e.raw }));
      // (A busy libSQL server is asked again by the client wrapper, db/busy-retry.ts.)
      fresh = await deps.store.receive(rows, deps.wallClock());
    } catch (e) {
      if (e instanceof RangeError) return c.json({ error: 'an event nests too deeply to be stored' }, 400); // JSON.stringify's stack limit, not the database
      // Not recorded: let LINE redeliver rather than pretend we have it.
      deps.log.error('webhook.store-failed', { error: errorKind(e), events: events.length });
      return c.json({ error: 'temporarily unavailable' }, 503);
    }

    deps.log.debug('webhook.received', { events: events.length, new: fresh.size, skipped });
    // Redeliveries too: LINE resends what got no 200 (a crash after the insert), and such an
    // event may still be pending. The inbox claims make sure each is handled once.
    if (events.length > 0) {
      const work = handleReceived(deps, events);
      let scheduled = false;
      try {
        c.executionCtx.waitUntil(work);
        scheduled = true;
      } catch {
        // Not on Workers: no execution context.
      }
      if (!scheduled) deps.background(work);
    }
    return c.json({}, 200);
  });
  return app;
}
