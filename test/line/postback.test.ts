import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction } from '../../src/line/postback.ts';
import { toInput } from '../../src/line/to-input.ts';
import type { Action } from '../../src/engine/types.ts';

describe('postback data', () => {
  const actions: Action[] = [
    { type: 'choice', step: 'colour', value: 'red' },
    { type: 'command', command: 'menu' },
    { type: 'command', command: 'delete-data' },
    { type: 'start', flow: 'emergency-info' },
    { type: 'article', id: 'kaigo-hoken-apply', part: 'more' },
    { type: 'article', id: 'kaigo-hoken-apply', part: 'summary' },
    { type: 'scene', scene: 'daily' },
    { type: 'locale', locale: 'ja-easy' },
    { type: 'confirm-delete', yes: true },
    { type: 'confirm-delete', yes: false },
    { type: 'event', op: 'register', id: 1 },
    { type: 'event', op: 'cancel', id: 4_294_967_295 },
    { type: 'event', op: 'stop-remind', id: 42 },
    { type: 'choice', step: 'values', value: '0done' },
    { type: 'acp', op: 'review' },
    { type: 'acp', op: 'change', arg: 'tube_feeding' },
    { type: 'acp', op: 'revoke-share', arg: '12' },
    { type: 'pick-date', step: 'date1', mode: 'date' },
    { type: 'pick-date', step: 'visit', mode: 'datetime' },
  ];
  it.each(actions)('round-trips %j within 300 characters', (a) => {
    const data = encodeAction(a);
    expect(data.length).toBeLessThanOrEqual(300);
    expect(decodeAction(data)).toEqual(a);
  });

  it.each([
    '',
    'x',
    'g|reboot',
    'l|fr',
    'c|Bad Step|x',
    'a|id|x',
    'd|2',
    's|a|b',
    'c|a|b|c',
    'x'.repeat(301),
    '{"type":"command"}',
    'e|register|0',
    'e|register|-1',
    'e|register|01',
    'e|register|1.5',
    'e|delete|3',
    'e|register|12345678901',
    'e|register',
    'n|explode',
    'n|change|Bad Item',
    'n|review|a|b',
    'p|date1|time',
    'p|Bad Step|date',
  ])('rejects %j', (data) => {
    expect(decodeAction(data)).toBeNull();
  });
});

describe("a date picker's answer", () => {
  const picked = (data: string, params: unknown) =>
    toInput({ type: 'postback', webhookEventId: 'x', timestamp: 0, source: { type: 'user', userId: 'U1' }, postback: { data, params } }).input;

  it("becomes the picker's action with the value for its mode", () => {
    expect(picked('p|date1|date', { date: '2026-12-15' })).toEqual({
      type: 'action',
      action: { type: 'pick-date', step: 'date1', mode: 'date', value: '2026-12-15' },
    });
    expect(picked('p|visit|datetime', { datetime: '2026-12-15T14:00' })).toEqual({
      type: 'action',
      action: { type: 'pick-date', step: 'visit', mode: 'datetime', value: '2026-12-15T14:00' },
    });
  });

  it.each([undefined, {}, { date: '15 Dec' }, { datetime: '2026-12-15T14:00' }, { date: 20261215 }])(
    'without a readable value (%j) is an unknown button',
    (params) => {
      expect(picked('p|date1|date', params)).toEqual({ type: 'unknown-action' });
    },
  );
});
