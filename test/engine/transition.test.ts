import { describe, expect, it } from 'vitest';
import { parseFlow, type CompiledFlow } from '../../src/engine/flow-schema.ts';
import { compileIntents } from '../../src/engine/intents.ts';
import { MULTI_DONE, transition, type EngineContext, type KnowledgeLookup } from '../../src/engine/transition.ts';
import { initialState, type ConversationState, type Input, type Transition } from '../../src/engine/types.ts';

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
    steps: [
      {
        id: 'menu',
        type: 'choose',
        say: 'menu.prompt',
        onText: 'leave',
        options: [
          { value: 'survey', label: 'menu.survey', next: 'flow:survey' },
          { value: 'person', label: 'menu.person', next: 'command:person' },
        ],
      },
    ],
  }),
  survey: flow({
    id: 'survey',
    version: 2,
    personal: true,
    start: 'name',
    steps: [
      { id: 'name', type: 'ask', say: 'q.name', save: 'name', max: 10, next: 'count' },
      { id: 'count', type: 'ask', say: 'q.count', save: 'count', input: 'number', next: 'colour' },
      {
        id: 'colour',
        type: 'choose',
        say: 'q.colour',
        save: 'colour',
        options: [
          { value: 'red', label: 'c.red', next: 'check' },
          { value: 'blue', label: 'c.blue', next: 'check' },
        ],
      },
      { id: 'check', type: 'branch', cases: [{ var: 'colour', equals: 'red', next: 'fruits' }], else: 'bye' },
      {
        id: 'fruits',
        type: 'choose',
        say: 'q.fruits',
        save: 'fruits',
        multi: { max: 2, done: 'c.done' },
        options: [
          { value: 'apple', label: 'c.apple' },
          { value: 'pear', label: 'c.pear' },
          { value: 'fig', label: 'c.fig' },
        ],
        next: 'bye',
      },
      { id: 'bye', type: 'end', say: 'q.thanks' },
    ],
  }),
};

const knowledge: KnowledgeLookup = {
  // A stand-in for the triage model: its levels and kinds, not its medicine.
  triage: (text) =>
    /息をして(い|な)|not breathing/.test(text)
      ? { level: 'a', kind: 'emergency' }
      : /家で死にたい/.test(text)
        ? { level: 'c', kind: 'crisis' }
        : /死にたい/.test(text)
          ? { level: 'a', kind: 'crisis' }
          : /熱が39度/.test(text)
            ? { level: 'b', kind: 'emergency' }
            : /頭が少し痛い|headache/.test(text)
              ? { level: 'c', kind: 'emergency' }
              : null,
  writtenIn: (text) => (/[\u3040-\u30ff\u4e00-\u9fff]/.test(text) ? 'ja' : /\b(the|my|is|what|how)\b/i.test(text) ? 'en' : null),
  search: (text) =>
    /介護保険/.test(text)
      ? {
          hits: [
            { id: 'kaigo', score: 9 },
            { id: 'nintei', score: 2 },
          ],
          outcome: 'confident',
        }
      : /介護/.test(text)
        ? {
            hits: [
              { id: 'kaigo', score: 3 },
              { id: 'nintei', score: 2.8 },
              { id: 'care', score: 2 },
            ],
            outcome: 'unsure',
          }
        : { hits: [], outcome: 'none' },
  topic: (id) => (['kaigo', 'nintei', 'care'].includes(id) ? { scene: 'daily', related: ['nintei'] } : undefined),
  scenes: { daily: ['kaigo', 'nintei', 'care'] },
};

const labels: Record<string, string> = { 'c.red': '赤', 'c.blue': '青' };

function ctx(over: Partial<EngineContext> = {}): EngineContext {
  return {
    flows,
    intents: compileIntents({
      menu: { exact: ['メニュー'], contains: [] },
      cancel: { exact: ['やめる'], contains: [] },
      back: { exact: ['もどる'], contains: [] },
      person: { exact: [], contains: ['人と話したい'] },
      'delete-data': { exact: [], contains: ['データを削除'] },
      language: { exact: ['言語'], contains: [] },
      help: { exact: ['使い方'], contains: [] },
      thanks: { exact: ['ありがとう'], contains: [] },
      greeting: { exact: ['こんにちは'], contains: [] },
    }),
    knowledge,
    label: (key) => labels[key] ?? key,
    now: new Date('2026-11-24T01:00:00Z'),
    chat: 'user',
    addressed: true,
    entry: { welcome: 'welcome', menu: 'main' },
    ...over,
  };
}

const text = (t: string): Input => ({ type: 'text', text: t });
const tap = (step: string, value: string): Input => ({ type: 'action', action: { type: 'choice', step, value } });

/** Runs inputs in order from a state; returns every transition. */
function run(inputs: Input[], state: ConversationState = initialState(), c = ctx()): Transition[] {
  const out: Transition[] = [];
  for (const input of inputs) {
    const t = transition(c, state, input);
    out.push(t);
    state = t.state;
  }
  return out;
}

const keys = (t: Transition) => t.replies.map((r) => (r.kind === 'text' ? r.key : r.kind));
const inSurvey = (step: string, vars: ConversationState['vars'] = {}, trail: string[] = ['name']): ConversationState => ({
  ...initialState(),
  flow: 'survey',
  step,
  flowVersion: 2,
  vars,
  trail,
});

describe('transition: triage levels and the language of the message', () => {
  it('level a: the 119 card only, the answer to the question on screen is not taken', () => {
    const [t] = run([text('父が息をしていない')], inSurvey('count', { name: 'A' }, ['name', 'count']));
    expect(keys(t!)).toEqual(['emergency']);
    expect(t!.state.vars).toEqual({ name: 'A' });
    expect(t!.state.step).toBe('count');
  });

  it('level b: the urgent card first, then the message is handled as usual', () => {
    const [t] = run([text('熱が39度あります。介護保険の申請はどこで')]);
    expect(t!.replies[0]).toEqual({ kind: 'emergency', variant: 'urgent' });
    expect(keys(t!)).toEqual(['emergency', 'article']);
    expect(t!.effects).toContainEqual({ type: 'count', name: 'urgent-advice' });
  });

  it('level c: the answer, then the 119 line — also after a fallback', () => {
    expect(keys(run([text('頭が少し痛いけど介護保険の申請は')])[0]!)).toEqual(['article', 'safety-note']);
    expect(keys(run([text('頭が少し痛いので天気を教えて')])[0]!)).toEqual(['faq.none', 'safety-note']);
    expect(keys(run([text('天気を教えて')])[0]!)).toEqual(['faq.none']);
  });

  it('a crisis at level c (家で死にたい): the answer first, then the crisis numbers, gently — never dropped', () => {
    const [t] = run([text('介護保険を使って家で死にたい')]);
    expect(keys(t!)).toEqual(['article', 'safety-note']);
    expect(t!.replies[1]).toEqual({ kind: 'safety-note', variant: 'crisis' });
    expect(t!.effects).not.toContainEqual({ type: 'count', name: 'crisis-advice' });
  });

  it('a crisis offers a person at once, in one-to-one chats', () => {
    const [t] = run([text('もう死にたい')]);
    expect(t!.replies[0]).toMatchObject({ kind: 'emergency', variant: 'crisis' });
    const quick = (t!.replies[0] as { quick?: { action: unknown }[] }).quick ?? [];
    expect(quick.map((q) => q.action)).toContainEqual({ type: 'command', command: 'person' });
  });

  it('answers an English message in English and offers to keep English; the stored language is unchanged', () => {
    const [t] = run([text('what is the headache help')]);
    expect(t!.locale).toBe('en');
    expect(t!.state.locale).toBe('ja');
    const last = t!.replies.find((r) => 'quick' in r && r.quick) as { quick: { label: string; action: unknown }[] } | undefined;
    expect(last?.quick[0]).toEqual({ label: 'language.always.en', action: { type: 'locale', locale: 'en' } });
    const [e] = run([text('my mother is not breathing')]);
    expect(e!.locale).toBe('en');
    expect(keys(e!)).toEqual(['emergency']);
  });

  it('keeps the stored language for Japanese from a Japanese-language user', () => {
    expect(run([text('介護保険の申請')])[0]!.locale).toBeUndefined();
  });
});

describe('transition: table of single steps', () => {
  const cases: Array<{
    name: string;
    state?: ConversationState;
    input: Input;
    replies: string[];
    step?: string | null;
    effects?: string[];
    c?: Partial<EngineContext>;
  }> = [
    {
      name: 'follow starts the welcome and ends in the menu',
      input: { type: 'follow' },
      replies: ['welcome.hello', 'menu.prompt'],
      step: 'menu',
      effects: ['reactivate', 'count', 'count'],
    },
    { name: 'unfollow marks inactive and says nothing', input: { type: 'unfollow' }, replies: [], effects: ['mark-inactive'] },
    { name: 'emergency from idle', input: text('母が息をしていません'), replies: ['emergency'], step: null },
    {
      name: 'emergency inside a question keeps the position',
      state: inSurvey('count', { name: 'A' }, ['name', 'count']),
      input: text('父が息をしていない'),
      replies: ['emergency'],
      step: 'count',
    },
    { name: 'crisis gets the crisis variant', input: text('もう死にたい'), replies: ['emergency'] },
    { name: 'confident question answers the article', input: text('介護保険の申請'), replies: ['article'], effects: ['count'] },
    { name: 'unsure question offers もしかして', input: text('介護のこと'), replies: ['faq.maybe'], effects: ['count', 'record-unanswered'] },
    { name: 'unknown question is declined and recorded', input: text('明日の天気'), replies: ['faq.none'], effects: ['count', 'record-unanswered'] },
    { name: 'menu from inside a flow', state: inSurvey('count'), input: text('メニュー'), replies: ['menu.prompt'], step: 'menu' },
    { name: 'cancel inside a flow goes idle', state: inSurvey('count'), input: text('やめる'), replies: ['engine.cancelled'], step: null },
    { name: 'cancel when idle', input: text('やめる'), replies: ['engine.nothing-to-cancel'] },
    {
      name: 'back at the first question cannot go back',
      state: inSurvey('name'),
      input: text('もどる'),
      replies: ['engine.cannot-go-back', 'q.name'],
      step: 'name',
    },
    {
      name: 'back returns to the previous question',
      state: inSurvey('count', { name: 'A' }, ['name', 'count']),
      input: text('もどる'),
      replies: ['q.name'],
      step: 'name',
    },
    {
      name: 'invalid number is re-asked',
      state: inSurvey('count', {}, ['name', 'count']),
      input: text('たくさん'),
      replies: ['input.invalid.number', 'q.count'],
      step: 'count',
    },
    {
      name: 'too long text is re-asked',
      state: inSurvey('name'),
      input: text('あいうえおかきくけこさ'),
      replies: ['input.invalid.too-long', 'q.name'],
      step: 'name',
    },
    {
      name: 'typed label selects the option',
      state: inSurvey('colour', {}, ['name', 'count', 'colour']),
      input: text('青'),
      replies: ['q.thanks'],
      step: null,
    },
    {
      name: 'other text at a choice asks to use the buttons',
      state: inSurvey('colour', {}, ['name', 'count', 'colour']),
      input: text('緑'),
      replies: ['engine.use-buttons', 'q.colour'],
      step: 'colour',
    },
    {
      name: 'a tap for another step is stale',
      state: inSurvey('count', {}, ['name', 'count']),
      input: tap('colour', 'red'),
      replies: ['engine.stale-button', 'q.count'],
      step: 'count',
    },
    {
      name: 'typed text in the menu is a question',
      state: { ...initialState(), flow: 'main', step: 'menu', flowVersion: 1 },
      input: text('介護保険の申請'),
      replies: ['article'],
      step: null,
    },
    { name: 'person shows the contact', input: text('人と話したい'), replies: ['contact'] },
    { name: 'person in a group is refused', input: text('人と話したい'), replies: ['group.personal-in-dm'], c: { chat: 'group' } },
    { name: 'group text not addressed is ignored', input: text('介護保険の申請'), replies: [], c: { chat: 'group', addressed: false } },
    {
      name: 'emergency in a group is answered even unaddressed',
      input: text('息をしていない'),
      replies: ['emergency'],
      c: { chat: 'group', addressed: false },
    },
    {
      name: 'personal flow cannot start in a group',
      input: { type: 'action', action: { type: 'start', flow: 'survey' } },
      replies: ['group.personal-in-dm'],
      c: { chat: 'group' },
    },
    { name: 'sticker is thanked', input: { type: 'media', kind: 'sticker' }, replies: ['media.sticker'] },
    {
      name: 'image is declined and the question re-asked',
      state: inSurvey('name'),
      input: { type: 'media', kind: 'image' },
      replies: ['media.unsupported', 'q.name'],
      step: 'name',
    },
    { name: 'unknown button', input: { type: 'unknown-action' }, replies: ['engine.unknown-button'] },
    { name: 'unsupported event says nothing', input: { type: 'unsupported' }, replies: [] },
    { name: 'delete asks for confirmation', input: text('データを削除'), replies: ['delete.confirm'] },
    { name: 'language offers the three languages', input: text('言語'), replies: ['language.choose'] },
    { name: 'thanks is answered in kind, idle', input: text('ありがとう'), replies: ['smalltalk.thanks'] },
    {
      name: 'a greeting inside a question re-asks it',
      state: inSurvey('count', {}, ['name', 'count']),
      input: text('こんにちは'),
      replies: ['smalltalk.greeting', 'q.count'],
      step: 'count',
    },
    {
      name: 'a flow id naming an Object.prototype member',
      input: { type: 'action', action: { type: 'start', flow: 'constructor' } },
      replies: ['engine.unknown-button'],
    },
    {
      name: 'a scene naming an Object.prototype member',
      input: { type: 'action', action: { type: 'scene', scene: 'constructor' } },
      replies: ['engine.unknown-button'],
    },
    { name: 'unknown article button', input: { type: 'action', action: { type: 'article', id: 'nope', part: 'summary' } }, replies: ['engine.unknown-button'] },
  ];
  it.each(cases)('$name', ({ state, input, replies, step, effects, c }) => {
    const t = transition(ctx(c), state ?? initialState(), input);
    expect(keys(t)).toEqual(replies);
    if (step !== undefined) expect(t.state.step).toBe(step);
    if (effects) expect(t.effects.map((e) => e.type)).toEqual(effects);
  });
});

describe('transition: conversations', () => {
  it('walks a flow, collects answers and returns to idle with the menu', () => {
    const ts = run([
      { type: 'action', action: { type: 'start', flow: 'survey' } },
      text('花子'),
      text('２５人'),
      tap('colour', 'red'),
      tap('fruits', 'apple'),
      tap('fruits', 'fig'),
      tap('fruits', MULTI_DONE),
    ]);
    expect(keys(ts[0]!)).toEqual(['q.name']);
    expect(ts[2]!.state.vars).toEqual({ name: '花子', count: 25 });
    expect(ts[5]!.state.vars.fruits).toEqual(['apple', 'fig']);
    const last = ts[6]!;
    expect(keys(last)).toEqual(['q.thanks']);
    expect(last.state.flow).toBeNull();
    const thanks = last.replies[0]!;
    expect(thanks.kind === 'text' && thanks.quick?.map((q) => q.action.type)).toEqual(['start', 'command']);
  });

  it('multi-choice toggles, respects the maximum and needs one pick', () => {
    const start = inSurvey('fruits', { colour: 'red' }, ['name', 'count', 'colour', 'fruits']);
    const ts = run(
      [tap('fruits', MULTI_DONE), tap('fruits', 'apple'), tap('fruits', 'pear'), tap('fruits', 'fig'), tap('fruits', 'apple'), tap('fruits', 'fig')],
      start,
    );
    expect(keys(ts[0]!)).toEqual(['engine.pick-one', 'q.fruits']);
    expect(keys(ts[3]!)).toEqual(['engine.too-many', 'q.fruits']);
    expect(ts[3]!.state.vars.fruits).toEqual(['apple', 'pear']);
    expect(ts[5]!.state.vars.fruits).toEqual(['pear', 'fig']);
    const prompt = ts[5]!.replies[0]!;
    expect(prompt.kind === 'text' && prompt.quick?.filter((q) => q.labelData?.checked).length).toBe(2);
  });

  it('back clears the answer of the question it returns to', () => {
    const ts = run([text('もどる')], inSurvey('colour', { name: 'A', count: 3 }, ['name', 'count', 'colour']));
    expect(ts[0]!.state.step).toBe('count');
    expect(ts[0]!.state.vars).toEqual({ name: 'A' });
    expect(ts[0]!.state.trail).toEqual(['name', 'count']);
  });

  it('delete: confirm yes resets the state and emits the deletion', () => {
    const ts = run([text('データを削除'), { type: 'action', action: { type: 'confirm-delete', yes: true } }], inSurvey('count'));
    expect(ts[1]!.effects.map((e) => e.type)).toEqual(['delete-user-data']);
    expect(ts[1]!.state.flow).toBeNull();
    expect(keys(ts[1]!)).toEqual(['delete.done']);
  });

  it('delete: a stale confirmation button does nothing', () => {
    const t = transition(ctx(), initialState(), { type: 'action', action: { type: 'confirm-delete', yes: true } });
    expect(t.effects).toEqual([]);
    expect(keys(t)).toEqual(['engine.unknown-button']);
  });

  it('delete: any other message cancels the pending confirmation', () => {
    const ts = run([text('データを削除'), text('介護保険の申請'), { type: 'action', action: { type: 'confirm-delete', yes: true } }]);
    expect(ts[2]!.effects).toEqual([]);
  });

  it('language change is stored and announced', () => {
    const t = transition(ctx(), initialState(), { type: 'action', action: { type: 'locale', locale: 'ja-easy' } });
    expect(t.state.locale).toBe('ja-easy');
    expect(t.effects).toEqual([{ type: 'set-locale', locale: 'ja-easy' }]);
  });

  it('a state from an older flow version continues when its step still exists', () => {
    const t = transition(ctx(), { ...inSurvey('count', {}, ['name', 'count']), flowVersion: 1 }, text('7'));
    expect(t.state.vars.count).toBe(7);
    expect(t.state.flowVersion).toBe(2);
  });

  it('a state whose step no longer exists restarts politely', () => {
    const t = transition(ctx(), { ...inSurvey('gone'), flowVersion: 1 }, text('介護保険の申請'));
    expect(keys(t)).toEqual(['engine.flow-restarted', 'article']);
    expect(t.state.flow).toBeNull();
  });

  it('a state for a flow that was removed restarts politely', () => {
    const t = transition(ctx(), { ...initialState(), flow: 'removed', step: 'x', flowVersion: 1 }, tap('x', 'y'));
    expect(keys(t)[0]).toBe('engine.flow-restarted');
  });

  it('never mutates the state it was given', () => {
    const before = inSurvey('count', { name: 'A' }, ['name', 'count']);
    const copy = structuredClone(before);
    transition(ctx(), before, text('5'));
    expect(before).toEqual(copy);
  });

  it('is deterministic: the same input gives the same output', () => {
    const a = transition(ctx(), initialState(), { type: 'follow' });
    const b = transition(ctx(), initialState(), { type: 'follow' });
    expect(a).toEqual(b);
  });

  it('huge input is cut before it is looked at', () => {
    const seen: string[] = [];
    const c = ctx({
      knowledge: {
        ...knowledge,
        search: (t) => {
          seen.push(t);
          return { hits: [], outcome: 'none' };
        },
      },
    });
    transition(c, initialState(), text('あ'.repeat(100_000)));
    expect(seen[0]!.length).toBe(2000);
  });
});
