/**
 * Handles one webhook event after LINE has been answered: read the state, run the pure
 * engine, commit the new state + effects + outgoing messages in one transaction, then
 * deliver. A conflict with a concurrent writer re-reads and runs the engine again.
 */
import type { AppDeps } from './deps.ts';
import { errorKind } from './log.ts';
import { deliverChat } from './deliver.ts';
import { ConflictError, type OutboxRow } from '../db/store.ts';
import { transition, type EngineContext } from '../engine/transition.ts';
import { initialState, NO_FACTS, type ConversationState, type Effect, type Facts, type Locale, type Reply, type Transition } from '../engine/types.ts';
import type { BatchItem } from 'drizzle-orm/batch';
import { createCaseStore } from '../db/case-store.ts';
import { createAcpStore } from '../db/acp-store.ts';
import { openingState } from '../engine/opening-hours.ts';
import { requestHandlers } from './requests/index.ts';
import { renderReplies } from '../line/render.ts';
import { chatOf, localeFromProfile, replyTokenOf, toInput, type Chat, type RawEvent } from '../line/to-input.ts';

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
  return renderReplies(
    { locale, t: content.translator.t, city: content.bundle.city, topic: content.topic, scenes: content.knowledge.scenes },
    replies,
  );
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
  /** Writes from requests and case effects, committed with the state. */
  extra: BatchItem<'sqlite'>[];
  after: Array<() => Promise<void>>;
}

/**
 * Runs the engine and carries out the requests its `do` steps make, feeding each result back
 * in, until the conversation waits for the user again.
 */
async function runTurn(deps: AppDeps, ev: InboundEvent, state: ConversationState, ctx: EngineContext, input: ReturnType<typeof toInput>['input']): Promise<Turn> {
  let result = transition(ctx, state, input);
  const extra: BatchItem<'sqlite'>[] = [];
  const after: Array<() => Promise<void>> = [];
  for (let n = 0; n < MAX_REQUESTS_PER_TURN; n++) {
    const request = result.effects.find((e): e is Extract<Effect, { type: 'request' }> => e.type === 'request');
    if (!request) break;
    const handler = requestHandlers[request.name];
    let outcome;
    try {
      outcome = await handler(
        { deps, chatId: ev.chat.id, ...(ev.chat.userId ? { userId: ev.chat.userId } : {}), eventId: n === 0 ? ev.eventId : `${ev.eventId}#${n}`, recent: state.recent ?? [], now: ctx.now.getTime() },
        request.data,
      );
    } catch (e) {
      deps.log.error('request.failed', { eventId: ev.eventId, request: request.name, error: errorKind(e) });
      outcome = { ok: false, data: { reason: 'error' } };
    }
    if (outcome.statements) extra.push(...outcome.statements);
    if (outcome.after) after.push(outcome.after);
    const next = transition(ctx, result.state, { type: 'internal', event: { kind: 'result', request: request.name, ok: outcome.ok, data: outcome.data } });
    const locale = result.locale ?? next.locale;
    result = { state: next.state, replies: [...result.replies, ...next.replies], effects: [...result.effects.filter((e) => e !== request), ...next.effects], ...(locale ? { locale } : {}) };
  }
  const cases = createCaseStore(deps.store.db, deps.sealer);
  const afterHours = !openingState(ctx.now, deps.content.opening).open;
  const m = ev.raw.message as { markAsReadToken?: unknown } | undefined;
  const markReadToken = typeof m?.markAsReadToken === 'string' && m.markAsReadToken.length < 300 ? m.markAsReadToken : undefined;
  const acp = createAcpStore(deps.store.db, deps.sealer);
  for (const effect of result.effects) {
    extra.push(...(await cases.effectStatements(effect, { chatId: ev.chat.id, eventId: ev.eventId, now: ctx.now.getTime(), afterHours, ...(markReadToken ? { markReadToken } : {}) })));
    // The ACP note's writes (only in one-to-one chats, where the note lives).
    if (effect.type === 'acp' && ev.chat.kind === 'user') extra.push(...(await acp.effectStatements(effect.op, { chatId: ev.chat.id, now: ctx.now.getTime() })));
  }
  return { result: { ...result, effects: result.effects.filter((e) => e.type !== 'request') }, extra, after };
}

/**
 * Processes one event exactly once (by webhookEventId) and delivers its answer. `fresh`: the
 * event was inserted into the inbox by this very request, so nobody else can have done it.
 */
export async function processEvent(deps: AppDeps, ev: InboundEvent, fresh = false): Promise<void> {
  const { store, log } = deps;
  let committed: OutboxRow | undefined;
  let afterCommit: Array<() => Promise<void>> = [];
  await deps.locks.run(`ev:${ev.chat.id}`, () => deps.workers.run(async () => {
    if (!fresh && (await store.isDone(ev.eventId))) return;
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
        let turn: Turn;
        try {
          turn = await runTurn(deps, ev, state, engineContext(deps, ev.chat, addressed, facts), input);
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
        const retryKey = crypto.randomUUID();
        try {
          const { outboxId } = await store.commit({
            chatId: ev.chat.id,
            ...(ev.chat.kind === 'user' && ev.chat.userId ? { userId: ev.chat.userId } : {}),
            expectedRev: conv.rev,
            state: result.state,
            flowVersion: deps.content.bundle.version,
            eventId: ev.eventId,
            effects: result.effects,
            extra: turn.extra,
            ...(messages.length
              ? {
                  outbox: {
                    messages,
                    retryKey,
                    ...(replyToken ? { replyToken, replyTokenAt: ev.raw.timestamp } : {}),
                  },
                }
              : {}),
            now: wall,
            businessNow: deps.clock.now().getTime(),
          });
          if (outboxId !== undefined) {
            committed = { id: outboxId, chatId: ev.chat.id, replyToken: replyToken ?? null, replyTokenAt: replyToken ? ev.raw.timestamp : null, retryKey, attempts: 0, messages };
          }
          log.info('event.processed', { eventId: ev.eventId, type: ev.raw.type, chat: ev.chat.kind, replies: messages.length, attempt });
          afterCommit = turn.after;
          break;
        } catch (e) {
          if (e instanceof ConflictError && attempt < MAX_CONFLICT_RETRIES) {
            log.info('event.conflict', { eventId: ev.eventId, attempt });
            await deps.sleep(Math.random() * 20 * (attempt + 1));
            continue;
          }
          throw e;
        }
      }
    } finally {
      if (loading) clearTimeout(loading);
    }
  }));
  // Delivery waits mostly on LINE's API, so it does not hold a processing slot.
  if (committed) await deliverChat(deps, ev.chat.id, committed);
  else if (!fresh) await deliverChat(deps, ev.chat.id);
  for (const task of afterCommit) {
    await task().catch((e: unknown) => log.warn('event.after-failed', { eventId: ev.eventId, error: errorKind(e) }));
  }
}

/**
 * Processes events of one webhook: chats in parallel, each chat's events in order.
 * Failures leave the event pending in the inbox; the scheduler retries it.
 */
export async function processEvents(deps: AppDeps, events: InboundEvent[], fresh = false): Promise<void> {
  const byChat = new Map<string, InboundEvent[]>();
  for (const ev of events) byChat.set(ev.chat.id, [...(byChat.get(ev.chat.id) ?? []), ev]);
  await Promise.all(
    [...byChat.values()].map(async (list) => {
      list.sort((a, b) => (a.raw.timestamp ?? 0) - (b.raw.timestamp ?? 0));
      for (const ev of list) {
        try {
          await processEvent(deps, ev, fresh);
        } catch (e) {
          deps.log.error('event.failed', { eventId: ev.eventId, error: errorKind(e) });
          await deps.store.noteAttempt(ev.eventId, false, deps.wallClock()).catch(() => undefined);
        }
      }
    }),
  );
}
