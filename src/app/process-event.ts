/**
 * Handles webhook events after LINE has been answered: claim the event, read the state, run
 * the pure engine, commit the new state + effects + outgoing messages in one transaction
 * guarded by the claim, then deliver. A conflict with a concurrent writer re-reads and runs
 * the engine again.
 */
import type { AppDeps } from './deps.ts';
import { errorKind } from './log.ts';
import { deliverChat } from './deliver.ts';
import { ClaimLostError, ConflictError, isBusy } from '../db/store.ts';
import { transition, type EngineContext } from '../engine/transition.ts';
import {
  initialState,
  NO_FACTS,
  type ConversationState,
  type Effect,
  type Facts,
  type InternalEvent,
  type Locale,
  type Reply,
  type RequestName,
  type ResultEvent,
  type Transition,
} from '../engine/types.ts';
import type { BatchItem } from 'drizzle-orm/batch';
import { openingState } from '../engine/opening-hours.ts';
import { requestHandlers, type ChatNotice, type RequestOutcome } from './requests/index.ts';
import { renderReplies } from '../line/render.ts';
import { chatOf, INTERNAL_EVENT_TYPE, localeFromProfile, replyTokenOf, toInput, type Chat, type RawEvent } from '../line/to-input.ts';

const MAX_CONFLICT_RETRIES = 8;
/** Show LINE's loading animation when an answer takes longer than this. */
const LOADING_AFTER_MS = 800;

export interface InboundEvent {
  eventId: string;
  chat: Chat;
  raw: RawEvent;
}

export function inboundFromPayload(eventId: string, payload: unknown): InboundEvent | null {
  const raw = payload as RawEvent;
  const chat = raw && typeof raw === 'object' ? chatOf(raw) : null;
  return chat ? { eventId, chat, raw } : null;
}

function engineContext(deps: AppDeps, chat: Chat, addressed: boolean, facts: Facts): EngineContext {
  const { content } = deps;
  return {
    facts,
    reopenDays: deps.config.caseReopenDays,
    flows: content.bundle.flows,
    intents: content.intents,
    knowledge: content.knowledge,
    label: (key, locale) => content.translator.t(locale, key),
    now: deps.clock.now(),
    chat: chat.kind,
    addressed,
    opening: content.opening,
    entry: { welcome: 'welcome', menu: 'main' },
  };
}

function render(deps: AppDeps, locale: Locale, replies: Reply[]) {
  const { content } = deps;
  return renderReplies({ locale, t: content.translator.t, city: content.bundle.city, topic: content.topic, scenes: content.knowledge.scenes }, replies);
}

async function startingState(deps: AppDeps, ev: InboundEvent, stored: ConversationState | null): Promise<ConversationState> {
  if (stored) return stored;
  let locale: Locale = 'ja';
  if (ev.chat.kind === 'user' && ev.chat.userId) {
    const known = await deps.store.userLocale(ev.chat.userId);
    if (known) locale = known;
    else if (ev.raw.type === 'follow') locale = localeFromProfile((await deps.line.profile(ev.chat.userId))?.language);
  }
  return initialState(locale);
}

/** The reply when the engine itself fails: an apology, back to the menu, never silence. */
function apology(state: ConversationState): Transition {
  return {
    state: { ...initialState(state.locale) },
    replies: [{ kind: 'text', key: 'engine.error', quick: [{ label: 'nav.menu', action: { type: 'command', command: 'menu' } }] }],
    effects: [{ type: 'count', name: 'engine-error' }],
  };
}

/** A flow's `do` steps chain at most this many requests in one turn. */
const MAX_REQUESTS_PER_TURN = 4;

interface Turn {
  result: Transition;
  /** Writes from requests, committed with the state (the effects' own are written by the commit). */
  extra: BatchItem<'sqlite'>[];
  after: Array<() => Promise<void>>;
}

/**
 * The engine's `result` event for a request's outcome. The handler map pairs each request
 * with a handler returning that request's result (app/requests/contract.ts), which TypeScript
 * cannot follow through a name known only at run time; hence the one cast.
 */
function resultEvent(request: RequestName, outcome: RequestOutcome): ResultEvent {
  return { kind: 'result', request, ok: outcome.ok, data: outcome.data } as ResultEvent;
}

/**
 * Runs the engine and carries out the requests its `do` steps make, feeding each result back
 * in, until the conversation waits for the user again.
 */
async function runTurn(
  deps: AppDeps,
  ev: InboundEvent,
  state: ConversationState,
  ctx: EngineContext,
  input: ReturnType<typeof toInput>['input'],
): Promise<Turn> {
  let result = transition(ctx, state, input);
  const extra: BatchItem<'sqlite'>[] = [];
  const after: Array<() => Promise<void>> = [];
  for (let n = 0; n < MAX_REQUESTS_PER_TURN; n++) {
    const request = result.effects.find((e): e is Extract<Effect, { type: 'request' }> => e.type === 'request');
    if (!request) break;
    let outcome: RequestOutcome;
    try {
      outcome = await requestHandlers[request.name](
        {
          deps,
          chatId: ev.chat.id,
          ...(ev.chat.userId ? { userId: ev.chat.userId } : {}),
          eventId: n === 0 ? ev.eventId : `${ev.eventId}#${n}`,
          recent: state.recent ?? [],
          now: ctx.now.getTime(),
        },
        request.data,
      );
    } catch (e) {
      deps.log.error('request.failed', { eventId: ev.eventId, request: request.name, error: errorKind(e) });
      outcome = { ok: false, data: { reason: 'error' } };
    }
    if (outcome.statements) extra.push(...outcome.statements);
    if (outcome.after) after.push(outcome.after);
    if (outcome.notices?.length) after.push(() => sendNotices(deps, outcome.notices!));
    const next = transition(ctx, result.state, { type: 'internal', event: resultEvent(request.name, outcome) });
    const locale = result.locale ?? next.locale;
    result = {
      state: next.state,
      replies: [...result.replies, ...next.replies],
      effects: [...result.effects.filter((e) => e !== request), ...next.effects],
      ...(locale ? { locale } : {}),
    };
  }
  return { result: { ...result, effects: result.effects.filter((e) => e.type !== 'request') }, extra, after };
}

/** A claimed event whose handling started this many times is set aside (a poison event). */
export const MAX_EVENT_ATTEMPTS = 5;
/** One drain handles at most this many events of a chat; the scheduler continues after. */
const MAX_EVENTS_PER_DRAIN = 50;

/**
 * Handles one event that `owner` has claimed: read the state, run the engine, and commit
 * state, effects, outgoing messages and the inbox mark in one batch that aborts unless the
 * claim still holds (`store.commit` with `claimOwner`). Returns what to deliver and what to
 * run after the commit, or null when the event turned out to be someone else's or done.
 */
async function handleClaimed(
  deps: AppDeps,
  ev: InboundEvent,
  owner: string,
): Promise<{ outbox?: { id: number; messages: unknown[] }; after: Array<() => Promise<void>> } | null> {
  const { store, log } = deps;
  let loading: ReturnType<typeof setTimeout> | undefined;
  if (ev.chat.kind === 'user' && ev.raw.type !== 'unfollow') {
    loading = setTimeout(() => void deps.line.startLoading(ev.chat.id, 20).catch(() => undefined), LOADING_AFTER_MS);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      const wall = deps.wallClock();
      const conv = await store.loadConversation(ev.chat.id, wall);
      const state = await startingState(deps, ev, conv.state);
      const { input, addressed } = toInput(ev.raw);
      // Facts describe a person: in groups nobody's are used.
      const facts = ev.chat.kind === 'user' ? conv.facts : NO_FACTS;
      const ctx = engineContext(deps, ev.chat, addressed, facts);
      let turn: Turn;
      try {
        turn = await runTurn(deps, ev, state, ctx, input);
      } catch (e) {
        log.error('engine.failed', { eventId: ev.eventId, error: errorKind(e) });
        turn = { result: apology(state), extra: [], after: [] };
      }
      let result: Transition = turn.result;
      let messages: ReturnType<typeof render>;
      try {
        // An emergency or a question is shown in the language it was written in (see Transition.locale).
        messages = result.replies.length ? render(deps, result.locale ?? result.state.locale, result.replies) : [];
      } catch (e) {
        // A reply that cannot be drawn still gets an answer, never silence.
        log.error('render.failed', { eventId: ev.eventId, error: errorKind(e) });
        result = apology(state);
        messages = render(deps, state.locale, result.replies);
      }
      const replyToken = replyTokenOf(ev.raw);
      const m = ev.raw.message as { markAsReadToken?: unknown } | undefined;
      const markReadToken = typeof m?.markAsReadToken === 'string' && m.markAsReadToken.length < 300 ? m.markAsReadToken : undefined;
      try {
        const { outboxId } = await store.commit({
          chatId: ev.chat.id,
          ...(ev.chat.kind === 'user' && ev.chat.userId ? { userId: ev.chat.userId } : {}),
          expectedRev: conv.rev,
          state: result.state,
          flowVersion: deps.content.bundle.version,
          eventId: ev.eventId,
          claimOwner: owner,
          effects: result.effects,
          extra: turn.extra,
          afterHours: !openingState(ctx.now, deps.content.opening).open,
          ...(markReadToken ? { markReadToken } : {}),
          ...(messages.length
            ? {
                outbox: {
                  messages,
                  retryKey: crypto.randomUUID(),
                  ...(replyToken ? { replyToken, replyTokenAt: ev.raw.timestamp } : {}),
                },
              }
            : {}),
          now: wall,
          // The turn's business time: what the engine decided with is what its effects record.
          businessNow: ctx.now.getTime(),
        });
        log.info('event.processed', { eventId: ev.eventId, type: ev.raw.type, chat: ev.chat.kind, replies: messages.length, attempt });
        return { ...(outboxId !== undefined ? { outbox: { id: outboxId, messages } } : {}), after: turn.after };
      } catch (e) {
        if (e instanceof ClaimLostError) {
          // Done by someone else, or taken over after our claim ran out: nothing was applied.
          log.info('event.claim-lost', { eventId: ev.eventId, attempt });
          return null;
        }
        if ((e instanceof ConflictError || isBusy(e)) && attempt < MAX_CONFLICT_RETRIES) {
          log.info('event.conflict', { eventId: ev.eventId, attempt, busy: !(e instanceof ConflictError) });
          await deps.sleep(Math.random() * 20 * (attempt + 1));
          // The done-check on every retry: another handler may have finished it meanwhile.
          if (await store.isDone(ev.eventId)) return null;
          continue;
        }
        throw e;
      }
    }
  } finally {
    if (loading) clearTimeout(loading);
  }
}

/**
 * Handles a chat's pending events, oldest first, each under its own inbox claim, until none
 * is left or another handler holds the chat's oldest (it then takes the rest: it claims again
 * after each commit). `known`: events whose payload the caller already holds (the webhook's
 * own), so they need not be read back and decrypted. Returns the number of events handled.
 *
 * Nothing here is an in-memory lock: two requests, processes or isolates may drain one chat
 * at the same moment, and the claims decide which of them handles each event.
 */
export async function drainChat(deps: AppDeps, chatId: string, known: ReadonlyMap<string, InboundEvent> = new Map()): Promise<number> {
  const { store, log } = deps;
  const owner = deps.newClaimOwner();
  let handled = 0;
  for (let n = 0; n < MAX_EVENTS_PER_DRAIN; n++) {
    const step = await deps.workers.run(async () => {
      const now = deps.wallClock();
      const claimed = await store.claimNextEvent(chatId, owner, now, now + deps.claimLeaseMs);
      if (!claimed) return 'none' as const;
      const ev = known.get(claimed.eventId) ?? inboundFromPayload(claimed.eventId, await claimed.payload());
      if (!ev || claimed.attempts > MAX_EVENT_ATTEMPTS) {
        await store.abandonEvent(claimed.eventId, owner, deps.wallClock());
        log.error('event.abandoned', { eventId: claimed.eventId, attempts: claimed.attempts });
        return 'next' as const;
      }
      try {
        return { done: await handleClaimed(deps, ev, owner) };
      } catch (e) {
        // Left pending (our claim given back): the chat's later events wait behind it, in
        // order, and the scheduler tries again.
        log.error('event.failed', { eventId: ev.eventId, error: errorKind(e) });
        await store.releaseEvent(ev.eventId, owner).catch(() => undefined);
        return 'failed' as const;
      }
    });
    if (step === 'none' || step === 'failed') break;
    if (step === 'next' || step.done === null) continue;
    handled++;
    const { outbox, after } = step.done;
    // After-commit work (notifications) never holds up the chat's next event.
    if (after.length) {
      deps.background(
        (async () => {
          for (const task of after) await task().catch((e: unknown) => log.warn('event.after-failed', { chatId, error: errorKind(e) }));
        })(),
      );
    }
    // The answer goes out before the chat's next event is handled. A delivery failure leaves
    // the message in the outbox (claimed until the lease ends), never the event undone.
    await deliverChat(deps, chatId, outbox).catch((e: unknown) => log.error('delivery.failed', { chatId, error: errorKind(e) }));
  }
  return handled;
}

/**
 * Handles the events of one webhook (and any still waiting in their chats): chats in
 * parallel, each chat's events in order. Failures leave events pending in the inbox; the
 * scheduler retries them.
 */
/**
 * A webhook's events, once stored. Where the isolate bounds its handlers (Workers), a handler
 * that finds no free slot leaves them pending; one that has a slot also takes up what is
 * waiting before letting go, so nothing deferred waits for the Cron tick unless every
 * handler had already finished (see app/admission.ts).
 */
export async function handleReceived(deps: AppDeps, events: InboundEvent[]): Promise<number> {
  const admission = deps.admission;
  if (!admission) return processEvents(deps, events);
  if (!admission.tryEnter()) {
    admission.defer();
    deps.log.info('webhook.deferred', { events: events.length });
    return 0;
  }
  try {
    let handled = await processEvents(deps, events);
    for (let round = 0; round < MAX_HELP_ROUNDS; round++) {
      const seen = admission.deferrals;
      const now = deps.wallClock();
      // Pending and unclaimed, however young: claims keep a chat's events to one handler.
      const chats = await deps.store.chatsWithWaitingEvents(now, now, 8);
      if (!chats.length) {
        if (admission.deferrals === seen) break;
        continue;
      }
      for (const chatId of chats) {
        handled += await drainChat(deps, chatId).catch((e: unknown) => {
          deps.log.error('chat.failed', { chatId, error: errorKind(e) });
          return 0;
        });
      }
    }
    return handled;
  } finally {
    admission.leave();
  }
}

/** Bounds one handler's help with others' events (a Worker request's waitUntil is limited too). */
const MAX_HELP_ROUNDS = 25;

export async function processEvents(deps: AppDeps, events: InboundEvent[]): Promise<number> {
  const byChat = new Map<string, Map<string, InboundEvent>>();
  for (const ev of events) {
    const chat = byChat.get(ev.chat.id) ?? new Map<string, InboundEvent>();
    chat.set(ev.eventId, ev);
    byChat.set(ev.chat.id, chat);
  }
  const counts = await Promise.all(
    [...byChat].map(([chatId, known]) =>
      drainChat(deps, chatId, known).catch((e: unknown) => {
        deps.log.error('chat.failed', { chatId, error: errorKind(e) });
        return 0;
      }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Sends the engine an event from outside the chat (the console closed a case, a coordinator
 * took it, a seat freed up). It is written to the inbox first, like a webhook event, so it
 * survives a crash and runs in order with the user's own messages; then it is processed in
 * the background.
 */
export async function sendInternalEvent(deps: AppDeps, userId: string, event: InternalEvent, key?: string): Promise<void> {
  const now = deps.wallClock();
  // A stable key (e.g. the case id and action) makes a double-click a no-op.
  const eventId = `renkei:${key ?? crypto.randomUUID()}`.slice(0, 64);
  const raw: RawEvent & { event: InternalEvent } = {
    type: INTERNAL_EVENT_TYPE,
    webhookEventId: eventId,
    timestamp: now,
    source: { type: 'user', userId },
    event,
  };
  const fresh = await deps.store.receive([{ eventId, chatId: userId, timestamp: now, payload: raw }], now);
  if (!fresh.has(eventId)) return;
  const inbound: InboundEvent = { eventId, chat: { kind: 'user', id: userId, userId }, raw };
  deps.background(processEvents(deps, [inbound]));
}

/** Events for other chats that a request produced (sent after its commit). */
export async function sendNotices(deps: AppDeps, notices: readonly ChatNotice[]): Promise<void> {
  for (const n of notices) await sendInternalEvent(deps, n.chatId, n.event, n.key);
}
