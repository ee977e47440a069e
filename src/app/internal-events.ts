/**
 * Sends the engine an event from outside the chat (the console closed a case, a coordinator
 * took it). It is written to the inbox first, like a webhook event, so it survives a crash
 * and runs in order with the user's own messages; then it is processed in the background.
 */
import type { AppDeps } from './deps.ts';
import { processEvents, type InboundEvent } from './process-event.ts';
import type { InternalEvent } from '../engine/types.ts';
import { INTERNAL_EVENT_TYPE, type RawEvent } from '../line/to-input.ts';

export async function sendInternalEvent(deps: AppDeps, userId: string, event: InternalEvent, key?: string): Promise<void> {
  const now = deps.wallClock();
  // A stable key (e.g. the case id and action) makes a double-click a no-op.
  const eventId = `renkei:${key ?? crypto.randomUUID()}`.slice(0, 64);
  const raw: RawEvent & { event: InternalEvent } = { type: INTERNAL_EVENT_TYPE, webhookEventId: eventId, timestamp: now, source: { type: 'user', userId }, event };
  const fresh = await deps.store.receive([{ eventId, chatId: userId, timestamp: now, payload: raw }], now);
  if (!fresh.has(eventId)) return;
  const inbound: InboundEvent = { eventId, chat: { kind: 'user', id: userId, userId }, raw };
  deps.background(processEvents(deps, [inbound]));
}
