/**
 * The engine's side of outreach, with the real flows: notices from the console and the
 * scheduler (worded in the person's language, a question in progress asked again), the
 * buttons on event cards (a request in a one-to-one chat only), and the internal-event
 * parser that guards what reaches the engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareContent, type Content } from '../../src/app/deps.ts';
import { transition, type EngineContext } from '../../src/engine/transition.ts';
import { initialState, type ConversationState, type Input } from '../../src/engine/types.ts';
import { toInput, INTERNAL_EVENT_TYPE } from '../../src/line/to-input.ts';
import { testBundle } from '../support/harness.ts';

let content: Content;
beforeAll(async () => {
  content = prepareContent(await testBundle());
});

function ctx(over: Partial<EngineContext> = {}): EngineContext {
  return {
    flows: content.bundle.flows,
    intents: content.intents,
    knowledge: content.knowledge,
    label: (key, locale) => content.translator.t(locale, key),
    now: new Date('2026-11-30T01:00:00Z'),
    chat: 'user',
    addressed: true,
    entry: { welcome: 'welcome', menu: 'main' },
    ...over,
  };
}

const notice: Input = {
  type: 'internal',
  event: { kind: 'lecture-status', ref: 'L-2611-0001', status: 'confirmed', at: Date.parse('2026-12-15T14:00:00+09:00') },
};

describe('outreach in the engine', () => {
  it('a lecture notice is worded with the reference and the date in the person’s locale', () => {
    const en = transition(ctx(), initialState('en'), notice);
    expect(en.replies).toEqual([
      expect.objectContaining({ kind: 'text', key: 'outreach.lecture.status.confirmed', data: { ref: 'L-2611-0001', when: 'Tue 15 Dec 14:00' } }),
    ]);
    const ja = transition(ctx(), initialState('ja'), notice);
    expect(ja.replies[0]).toMatchObject({ data: { when: '12月15日（火） 14:00' } });
  });

  it('a notice in the middle of a question leaves the position and asks the question again', () => {
    let s: ConversationState = initialState('ja');
    s = transition(ctx(), s, { type: 'text', text: '出前講座' }).state;
    expect(s.step).toBe('group');
    const t = transition(ctx(), s, notice);
    expect(t.state.step).toBe('group');
    expect(t.replies.map((r) => (r.kind === 'text' ? r.key : r.kind))).toEqual(['outreach.lecture.status.confirmed', 'outreach.lecture.group']);
  });

  it('a reminder offers リマインド停止 and キャンセル for that event', () => {
    const t = transition(ctx(), initialState(), {
      type: 'internal',
      event: { kind: 'event-notice', notice: 'reminder', eventId: 9, title: '市民講座', startsAt: Date.parse('2026-12-12T14:00:00+09:00'), place: '市民会館' },
    });
    const quick = t.replies[0]!.kind === 'text' ? t.replies[0]!.quick : undefined;
    expect(quick?.map((q) => q.action)).toEqual([
      { type: 'event', op: 'stop-remind', id: 9 },
      { type: 'event', op: 'cancel', id: 9 },
    ]);
  });

  it('an event button starts the request in a one-to-one chat and is refused in a group', () => {
    const tap: Input = { type: 'action', action: { type: 'event', op: 'register', id: 3 } };
    const t = transition(ctx(), initialState(), tap);
    expect(t.effects).toContainEqual({ type: 'request', name: 'event-action', data: { op: 'register', event: 3, flow: 'event-action' } });
    const g = transition(ctx({ chat: 'group' }), initialState(), tap);
    expect(g.effects.filter((e) => e.type === 'request')).toEqual([]);
    expect(g.replies[0]).toMatchObject({ key: 'group.personal-in-dm' });
  });

  it('the internal-event parser accepts well-formed outreach notices only', () => {
    const parse = (event: unknown) =>
      toInput({ type: INTERNAL_EVENT_TYPE, webhookEventId: 'x', timestamp: 0, source: { type: 'user', userId: 'U1' }, event } as never).input;
    expect(parse({ kind: 'lecture-status', ref: 'L-2611-0001', status: 'done' })).toEqual({
      type: 'internal',
      event: { kind: 'lecture-status', ref: 'L-2611-0001', status: 'done' },
    });
    expect(parse({ kind: 'lecture-status', ref: 'L-2611-0001', status: 'received' }).type).toBe('unsupported');
    expect(parse({ kind: 'lecture-status', ref: 'x'.repeat(40), status: 'done' }).type).toBe('unsupported');
    expect(parse({ kind: 'event-notice', notice: 'reminder', eventId: 1, title: 't', startsAt: 1, place: 'p' }).type).toBe('internal');
    expect(parse({ kind: 'event-notice', notice: 'party', eventId: 1, title: 't', startsAt: 1, place: 'p' }).type).toBe('unsupported');
    expect(parse({ kind: 'event-notice', notice: 'reminder', eventId: '1', title: 't', startsAt: 1, place: 'p' }).type).toBe('unsupported');
  });
});
