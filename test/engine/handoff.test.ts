/**
 * The engine's side of handing a conversation to a coordinator (src/features/consultation/engine.ts) and
 * of `do` steps: pure transitions, the shell's request results fed in as internal events.
 */
import { describe, expect, it } from 'vitest';
import { checkFlowReferences, parseFlow, type CompiledFlow } from '../../src/engine/flow-schema.ts';
import { compileIntents } from '../../src/engine/intents.ts';
import { openingRulesFromCity } from '../../src/engine/opening-hours.ts';
import { transition, type EngineContext, type KnowledgeLookup } from '../../src/engine/transition.ts';
import { initialState, type ConversationState, type Effect, type Input, type Transition } from '../../src/engine/types.ts';

function flow(data: unknown): CompiledFlow {
  const { flow: f, errors } = parseFlow('test.yaml', data);
  if (!f || errors.length) throw new Error(JSON.stringify(errors));
  return f;
}

const flows: Record<string, CompiledFlow> = {
  welcome: flow({ id: 'welcome', version: 1, start: 'hi', steps: [{ id: 'hi', type: 'say', say: 'welcome.hello', next: 'flow:main' }] }),
  main: flow({
    id: 'main',
    version: 1,
    start: 'menu',
    steps: [{ id: 'menu', type: 'choose', say: 'menu.prompt', onText: 'leave', options: [{ value: 'survey', label: 'menu.survey', next: 'flow:survey' }] }],
  }),
  survey: flow({
    id: 'survey',
    version: 1,
    personal: true,
    start: 'name',
    steps: [
      { id: 'name', type: 'ask', say: 'q.name', save: 'name', next: 'age' },
      { id: 'age', type: 'ask', say: 'q.age', save: 'age', input: 'number', next: 'done' },
      { id: 'done', type: 'end', say: 'q.thanks' },
    ],
  }),
  handoff: flow({
    id: 'handoff',
    version: 1,
    personal: true,
    start: 'message',
    steps: [
      { id: 'message', type: 'ask', say: 'h.message', save: 'message', next: 'send' },
      { id: 'send', type: 'do', request: 'open-case', with: ['message'], data: { kind: 'resident' } },
    ],
  }),
  consult: flow({
    id: 'consult',
    version: 1,
    personal: true,
    start: 'summary',
    steps: [
      { id: 'summary', type: 'ask', say: 'c.summary', save: 'message', next: 'send' },
      { id: 'send', type: 'do', request: 'open-case', data: { kind: 'pro' } },
    ],
  }),
  register: flow({
    id: 'register',
    version: 1,
    personal: true,
    start: 'check',
    steps: [
      { id: 'check', type: 'branch', cases: [{ fact: 'verified', equals: true, next: 'already' }], else: 'code' },
      { id: 'already', type: 'end', say: 'r.already' },
      { id: 'code', type: 'ask', say: 'r.code', save: 'code', next: 'redeem' },
      { id: 'redeem', type: 'do', request: 'redeem-invite', with: ['code'], save: 'receipt', next: 'ok', fail: 'bad' },
      { id: 'ok', type: 'end', say: 'r.ok' },
      { id: 'bad', type: 'end', say: 'r.bad' },
    ],
  }),
};

const knowledge: KnowledgeLookup = {
  triage: (t) => (/息をしていない/.test(t) ? { level: 'a', kind: 'emergency' } : null),
  writtenIn: () => 'ja',
  search: () => ({ hits: [], outcome: 'none' }),
  topic: () => undefined,
  scenes: {},
};

const opening = openingRulesFromCity({
  center: { hours: { mon: '08:30-17:15', tue: '08:30-17:15', wed: '08:30-17:15', thu: '08:30-17:15', fri: '08:30-17:15', sat: null, sun: null } },
  holidays: { year_end_closure: { from: '12-29', to: '01-03' }, dates: { '2026': ['2026-11-23'] } },
});

const WEEKDAY_10 = new Date('2026-11-24T10:00:00+09:00');
const SATURDAY_NIGHT = new Date('2026-11-28T22:00:00+09:00');

function ctx(over: Partial<EngineContext> = {}): EngineContext {
  return {
    flows,
    intents: compileIntents({
      menu: { exact: ['メニュー'], contains: [] },
      cancel: { exact: ['やめる'], contains: [] },
      person: { exact: ['相談したい'], contains: [] },
      'delete-data': { exact: ['データ削除'], contains: [] },
      end: { exact: ['終了'], contains: [] },
      start: { register: { exact: ['招待コード'], contains: [] } },
    }),
    knowledge,
    label: (key) => key,
    now: WEEKDAY_10,
    chat: 'user',
    addressed: true,
    opening,
    entry: { welcome: 'welcome', menu: 'main' },
    reopenDays: 3,
    ...over,
  };
}

const text = (t: string): Input => ({ type: 'text', text: t });
const opened = (caseId = 'c1'): Input => ({ type: 'internal', event: { kind: 'result', request: 'open-case', ok: true, data: { caseId } } });
const keys = (t: Transition) => t.replies.map((r) => (r.kind === 'text' ? r.key : r.kind));
const types = (t: Transition) => t.effects.map((e) => e.type);

/** Runs inputs in order; returns every transition. */
function run(inputs: Input[], state: ConversationState = initialState(), c = ctx()): Transition[] {
  const out: Transition[] = [];
  for (const input of inputs) {
    const t = transition(c, state, input);
    out.push(t);
    state = t.state;
  }
  return out;
}

/** A state with an open case, entered from idle. */
function withOpenCase(c = ctx()): ConversationState {
  const ts = run([text('相談したい'), text('父の退院のことで'), opened()], initialState(), c);
  return ts.at(-1)!.state;
}

describe('do steps', () => {
  it('emit the request with the chosen values and wait for the result', () => {
    const [, t] = run([text('相談したい'), text('父の退院のことで')]);
    const request = t!.effects.find((e) => e.type === 'request') as Extract<Effect, { type: 'request' }>;
    expect(request).toEqual({ type: 'request', name: 'open-case', data: { message: '父の退院のことで', kind: 'resident', flow: 'handoff' } });
    expect(t!.state.step).toBe('send');
    expect(t!.replies).toEqual([]);
  });

  it('continue to next with the result saved, or to fail with the reason', () => {
    const base = run([text('招待コード'), text('ABCDE-23456')]).at(-1)!.state;
    const ok = transition(ctx(), base, { type: 'internal', event: { kind: 'result', request: 'redeem-invite', ok: true, data: { profession: 'nurse' } } });
    expect(keys(ok)).toEqual(['r.ok']);
    expect(ok.state.flow).toBeNull();
    const bad = transition(ctx(), base, { type: 'internal', event: { kind: 'result', request: 'redeem-invite', ok: false, data: { reason: 'used' } } });
    expect(keys(bad)).toEqual(['r.bad']);
    // The reason is available to the message (as {{failure}}).
    expect(bad.replies[0]).toMatchObject({ data: { failure: 'used' } });
  });

  it('ignore a result nobody is waiting for', () => {
    const t = transition(ctx(), initialState(), opened());
    expect(t.replies).toEqual([]);
    expect(t.state.handoff).toBeUndefined();
  });

  it('apologise and go idle when a request without a fail step fails', () => {
    const waiting = run([text('相談したい'), text('相談内容')]).at(-1)!.state;
    const t = transition(ctx(), waiting, { type: 'internal', event: { kind: 'result', request: 'open-case', ok: false, data: { reason: 'error' } } });
    expect(keys(t)).toEqual(['engine.request-failed']);
    expect(t.state.flow).toBeNull();
    expect(t.state.handoff).toBeUndefined();
  });

  it('branch on facts: a verified professional is told they are registered', () => {
    const t = transition(ctx({ facts: { role: 'pro', verified: true } }), initialState(), text('招待コード'));
    expect(keys(t)).toEqual(['r.already']);
  });

  it('are refused by the checker in a flow that is not personal, and open-case takes no next', () => {
    const { flow: f } = parseFlow('x.yaml', {
      id: 'x',
      version: 1,
      start: 'a',
      steps: [{ id: 'a', type: 'do', request: 'open-case', next: 'end' }],
    });
    const errors = checkFlowReferences('x.yaml', f!, { hasMessage: () => true, hasScene: () => true, flowIds: new Set(['x']) });
    expect(errors.map((e) => e.message).join('\n')).toMatch(/personal: true/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/no next/);
  });
});

describe('handoff', () => {
  it('residents get the handoff flow, verified professionals the consultation', () => {
    expect(transition(ctx(), initialState(), text('相談したい')).state.flow).toBe('handoff');
    expect(transition(ctx({ facts: { role: 'pro', verified: true } }), initialState(), text('相談したい')).state.flow).toBe('consult');
  });

  it('within opening hours: the case opens, the user is told, and the bot goes quiet', () => {
    const [, , t] = run([text('相談したい'), text('父の退院のことで'), opened('c9')]);
    expect(keys(t!)).toEqual(['handoff.opened']);
    expect(t!.state.handoff).toEqual({ caseId: 'c9', status: 'open' });
    expect(t!.state.flow).toBeNull();
    expect(types(t!)).toContain('count');
    const quiet = transition(ctx(), t!.state, text('追加で、薬の相談もあります'));
    expect(quiet.replies).toEqual([]);
    expect(quiet.effects).toEqual([{ type: 'case-message', caseId: 'c9', text: '追加で、薬の相談もあります' }]);
  });

  it('outside opening hours: the message waits and the card gives the next opening, 119 and the advice line', () => {
    const c = ctx({ now: SATURDAY_NIGHT });
    const t = run([text('相談したい'), text('父の退院のことで'), opened()], initialState(), c).at(-1)!;
    expect(keys(t)).toEqual(['handoff.after-hours', 'contact']);
    const card = t.replies[1] as Extract<(typeof t.replies)[number], { kind: 'contact' }>;
    expect(card.urgent).toBe(true);
    expect(card.opening).toMatchObject({ open: false, next: new Date('2026-11-30T08:30:00+09:00').toISOString() });
  });

  it('commands are forwarded as words while a case is open, except 終了 and data deletion', () => {
    const open = withOpenCase();
    expect(transition(ctx(), open, text('メニュー')).effects).toEqual([{ type: 'case-message', caseId: 'c1', text: 'メニュー' }]);
    const del = transition(ctx(), open, text('データ削除'));
    expect(keys(del)).toEqual(['delete.confirm']);
    const end = transition(ctx(), open, text('終了'));
    expect(keys(end)).toEqual(['handoff.ended-by-user']);
    expect(end.effects).toEqual([{ type: 'case-ended-by-user', caseId: 'c1' }]);
    expect(end.state.handoff).toBeUndefined();
  });

  it('an emergency during a case gets 119 first and is passed to the coordinator too', () => {
    const t = transition(ctx(), withOpenCase(), text('父が息をしていない'));
    expect(keys(t)).toEqual(['emergency']);
    expect(t.effects).toContainEqual({ type: 'case-message', caseId: 'c1', text: '父が息をしていない' });
    expect(t.state.handoff?.status).toBe('open');
  });

  it('buttons and pictures during a case get a short note with 終了, not the menu', () => {
    const open = withOpenCase();
    const tap = transition(ctx(), open, { type: 'action', action: { type: 'start', flow: 'survey' } });
    expect(keys(tap)).toEqual(['handoff.busy']);
    expect(tap.state.flow).toBeNull();
    const img = transition(ctx(), open, { type: 'media', kind: 'image' });
    expect(keys(img)).toEqual(['handoff.media']);
  });

  it('a coordinator closing the case returns the user to the question they left', () => {
    const ts = run(
      [text('相談したい'), text('内容'), opened('c2')],
      run([{ type: 'action', action: { type: 'start', flow: 'survey' } }, text('花子')]).at(-1)!.state,
    );
    const open = ts.at(-1)!.state;
    expect(open.handoff?.resume).toMatchObject({ flow: 'survey', step: 'age', vars: { name: '花子' } });
    const closed = transition(ctx(), open, { type: 'internal', event: { kind: 'case-closed', caseId: 'c2' } });
    expect(keys(closed)).toEqual(['handoff.closed', 'handoff.resuming', 'q.age']);
    expect(closed.state).toMatchObject({ flow: 'survey', step: 'age', vars: { name: '花子' }, handoff: { caseId: 'c2', status: 'closed' } });
  });

  it('a close for another case, or a second close, changes nothing', () => {
    const open = withOpenCase();
    expect(transition(ctx(), open, { type: 'internal', event: { kind: 'case-closed', caseId: 'other' } }).replies).toEqual([]);
    const closed = transition(ctx(), open, { type: 'internal', event: { kind: 'case-closed', caseId: 'c1' } }).state;
    expect(transition(ctx(), closed, { type: 'internal', event: { kind: 'case-closed', caseId: 'c1' } }).replies).toEqual([]);
  });

  it('the close lets the person choose: a plain message goes to the bot with a way back to the case, which reopens it within the window', () => {
    const closing = transition(ctx(), withOpenCase(), { type: 'internal', event: { kind: 'case-closed', caseId: 'c1' } });
    expect(closing.replies.at(-1)).toMatchObject({ key: 'handoff.closed', quick: [{ label: 'handoff.continue' }, { label: 'handoff.to-bot' }] });
    const closed = closing.state;
    const soon = transition(ctx({ now: new Date(WEEKDAY_10.getTime() + 2 * 86_400_000) }), closed, text('もう一つ質問です'));
    expect(keys(soon)).toEqual(['faq.none']);
    expect(soon.effects.filter((e) => e.type.startsWith('case-'))).toEqual([]);
    const answer = soon.replies.at(-1);
    expect(answer && 'quick' in answer ? answer.quick?.[0] : undefined).toMatchObject({
      label: 'handoff.continue',
      action: { type: 'command', command: 'person' },
    });
    const back = transition(ctx({ now: new Date(WEEKDAY_10.getTime() + 2 * 86_400_000) }), soon.state, {
      type: 'action',
      action: { type: 'command', command: 'person' },
    });
    expect(keys(back)).toEqual(['handoff.reopened']);
    expect(back.effects).toEqual([
      { type: 'count', name: 'person-requested' },
      { type: 'case-reopened', caseId: 'c1' },
      { type: 'count', name: 'case-reopened' },
    ]);
    // 「自動の案内に戻る」 lets the case go: no more offers to continue it.
    const toBot = transition(ctx(), closed, { type: 'action', action: { type: 'command', command: 'menu' } });
    expect(toBot.state.handoff).toBeUndefined();
    const late = transition(ctx({ now: new Date(WEEKDAY_10.getTime() + 4 * 86_400_000) }), closed, text('もう一つ質問です'));
    expect(keys(late)).toEqual(['faq.none']);
    expect(late.state.handoff).toBeUndefined();
  });

  it('「相談したい」 while a case is open says so instead of opening another', () => {
    expect(keys(transition(ctx(), withOpenCase(), { type: 'action', action: { type: 'command', command: 'person' } }))).toEqual(['handoff.busy']);
  });

  it('the coordinator taking the case is announced once, only for the open case', () => {
    const open = withOpenCase();
    expect(keys(transition(ctx(), open, { type: 'internal', event: { kind: 'case-status', caseId: 'c1', status: 'assigned' } }))).toEqual([
      'handoff.status.assigned',
    ]);
    expect(transition(ctx(), initialState(), { type: 'internal', event: { kind: 'case-status', caseId: 'c1', status: 'assigned' } }).replies).toEqual([]);
  });

  it('in a group chat there is no handoff, only the refusal to discuss personal matters there', () => {
    const t = transition(ctx({ chat: 'group' }), initialState(), text('相談したい'));
    expect(keys(t)).toEqual(['group.personal-in-dm']);
    expect(t.state.flow).toBeNull();
  });
});

describe('the case summary', () => {
  it('carries the questions put to the bot, not answers typed inside a flow', () => {
    const ts = run([text('介護保険のこと'), { type: 'action', action: { type: 'start', flow: 'survey' } }, text('秘密のメモ'), text('相談したい')]);
    expect(ts.at(-1)!.state.recent).toEqual(['介護保険のこと']);
  });
});
