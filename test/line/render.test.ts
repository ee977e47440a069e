/**
 * Contract: whatever the engine asks for, the renderer produces messages LINE accepts —
 * checked with the schema and limits derived from LINE's OpenAPI description.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { messagingApi } from '@line/bot-sdk';
import { prepareContent, type Content } from '../../src/app/deps.ts';
import { LOCALES, type Choice, type EventCard, type Locale, type Reply } from '../../src/engine/types.ts';
import { validateMessages } from '../../fakes/line/validator.ts';
import { renderReplies, splitText, type RenderContext, type TopicView } from '../../src/line/render.ts';
import { testBundle } from '../support/harness.ts';

let content: Content;
beforeAll(async () => {
  content = prepareContent(await testBundle());
});

function rctx(locale: Locale, extra: Record<string, TopicView> = {}): RenderContext {
  return {
    locale,
    t: content.translator.t,
    city: content.bundle.city,
    topic: (id) => extra[id] ?? content.topic(id),
    scenes: content.knowledge.scenes,
  };
}

function valid(messages: messagingApi.Message[]): void {
  expect(messages.length).toBeGreaterThanOrEqual(1);
  expect(validateMessages(messages)).toEqual([]);
}

/** Event cards: none, one, a full carousel and more, long titles; open and one's own. */
function eventReplies(): Reply[][] {
  const card = (id: number, over: Partial<EventCard> = {}): EventCard => ({
    id,
    kind: id % 2 ? 'event' : 'training',
    title: `在宅医療を知る市民講座 第${id}回`,
    place: '市民会館 大ホール',
    startsAt: Date.parse('2026-12-12T14:00:00+09:00') + id * 86_400_000,
    description: '在宅医療の医師と訪問看護師がお話しします。',
    seatsLeft: id % 3,
    ...over,
  });
  const many = Array.from({ length: 15 }, (_, i) =>
    card(i + 1, { title: 'とても長いイベントの名称'.repeat(20), description: '説明'.repeat(500), place: '会場'.repeat(100) }),
  );
  const quick: Choice[] = [{ label: 'nav.menu', action: { type: 'command', command: 'menu' } }];
  return [
    [{ kind: 'events', mode: 'open', items: [] }],
    [{ kind: 'events', mode: 'open', items: [card(1)], quick }],
    [{ kind: 'events', mode: 'open', items: many }],
    [{ kind: 'events', mode: 'mine', items: [] }],
    [
      {
        kind: 'events',
        mode: 'mine',
        items: [
          card(1, { status: 'registered', remind: true }),
          card(2, { status: 'waitlisted', remind: true }),
          card(3, { status: 'registered', remind: false }),
        ],
      },
    ],
  ];
}

describe('render: every reply kind in every locale', () => {
  it.each(LOCALES)('%s', (locale) => {
    const ids = content.bundle.topics.map((t) => t.id);
    const replies: Reply[][] = [
      [{ kind: 'emergency', variant: 'emergency' }],
      [{ kind: 'emergency', variant: 'crisis' }],
      [{ kind: 'contact' }],
      ...Object.entries(content.knowledge.scenes).map(([scene, sceneIds]) => [{ kind: 'topics', scene, ids: sceneIds } as Reply]),
      ...ids.flatMap((id) => [[{ kind: 'article', id, part: 'summary' } as Reply], [{ kind: 'article', id, part: 'more' } as Reply]]),
      ...eventReplies(),
    ];
    for (const r of replies) valid(renderReplies(rctx(locale), r));
  });
});

describe('render: the gentle crisis line and area names', () => {
  const text = (m: messagingApi.Message[]) => m.map((x) => (x.type === 'text' ? x.text : '')).join('\n');

  it.each(LOCALES)('%s: after 家で死にたい, every crisis number from the city file, and no 119 card', (locale) => {
    const messages = renderReplies(rctx(locale), [{ kind: 'safety-note', variant: 'crisis' }]);
    valid(messages);
    for (const line of content.bundle.city.emergency.crisis_lines) expect(text(messages)).toContain(line.number);
  });

  it('names the areas of each community support centre in Latin letters in English, as written in Japanese', () => {
    const article = content.bundle.topics.find((t) => t.contacts.includes('houkatsu'))!;
    const en = text(renderReplies(rctx('en'), [{ kind: 'article', id: article.id, part: 'summary' }]));
    const ja = text(renderReplies(rctx('ja'), [{ kind: 'article', id: article.id, part: 'summary' }]));
    for (const h of content.bundle.city.houkatsu_centers) {
      for (const a of h.areas_en ?? []) expect(en).toContain(a);
      for (const a of h.areas) expect(ja).toContain(a);
      for (const a of h.areas) expect(en).not.toContain(a);
    }
  });
});

describe('render: topic buttons', () => {
  it.each(LOCALES)('%s: every topic button shows a label written to fit, never a title cut with …', (locale) => {
    const quick: Choice[] = content.bundle.topics.slice(0, 13).map((t) => ({ action: { type: 'article', id: t.id } }) as Choice);
    const [message] = renderReplies(rctx(locale), [{ kind: 'text', key: 'faq.none', quick }]);
    const labels = (message!.quickReply?.items ?? []).map((i) => (i.action as { label: string }).label);
    expect(labels).toHaveLength(13);
    for (const label of labels) {
      expect(label.endsWith('…'), label).toBe(false);
      expect([...new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(label)].length).toBeLessThanOrEqual(20);
    }
  });
});

describe('render: limits are enforced before sending', () => {
  const huge: TopicView = {
    id: 'huge',
    scene: 'daily',
    contacts: ['center', 'houkatsu'],
    sources: [{ title: 'x', url: 'https://example.org' }],
    reviewed: '2026-11-20',
    byLang: { ja: { title: '長い'.repeat(40), summary: '本文🙂'.repeat(4000), more: 'くわしく'.repeat(3000) } },
  };

  it('splits text over 5,000 UTF-16 units (emoji count twice) without breaking a pair', () => {
    const ms = renderReplies(rctx('ja', { huge }), [{ kind: 'article', id: 'huge', part: 'summary' }]);
    valid(ms);
    expect(ms.length).toBeGreaterThan(1);
    for (const m of ms) expect((m as messagingApi.TextMessage).text.length).toBeLessThanOrEqual(5000);
    expect(splitText('a🙂'.repeat(3000), 5000).every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });

  it('never sends more than five messages or thirteen quick replies, and shortens labels', () => {
    const many: Choice[] = Array.from({ length: 20 }, () => ({ label: '', action: { type: 'article', id: 'huge', part: 'summary' } }));
    const replies: Reply[] = [
      { kind: 'emergency', variant: 'emergency' },
      ...Array.from({ length: 7 }, (): Reply => ({ kind: 'text', key: 'help.text' })),
      { kind: 'text', key: 'faq.maybe', quick: many },
    ];
    const ms = renderReplies(rctx('ja', { huge }), replies);
    valid(ms);
    expect(ms).toHaveLength(5);
    expect(ms[0]!.type).toBe('flex'); // the emergency stays first
    const items = ms.at(-1)!.quickReply!.items ?? [];
    expect(items).toHaveLength(13);
    for (const i of items) expect([...new Intl.Segmenter().segment((i.action as { label: string }).label)].length).toBeLessThanOrEqual(20);
  });
});

describe('render: event cards', () => {
  it("open events carry 申し込む, or キャンセル待ち when full; one's own carry キャンセル and リマインド停止 (only for a seat with the reminder on)", () => {
    const base = { kind: 'event' as const, title: '市民講座', place: '市民会館', startsAt: Date.parse('2026-12-12T14:00:00+09:00'), description: '' };
    const open = renderReplies(rctx('ja'), [
      {
        kind: 'events',
        mode: 'open',
        items: [
          { ...base, id: 7, seatsLeft: 3 },
          { ...base, id: 8, seatsLeft: 0 },
        ],
      },
    ]);
    valid(open);
    const json = JSON.stringify(open);
    expect(json).toContain('e|register|7');
    expect(json).toContain('e|register|8');
    expect(json).toContain('残り3席');
    expect(json).toContain('キャンセル待ちに登録');
    expect(json).toContain('12月12日（土） 14:00');
    const mine = JSON.stringify(
      renderReplies(rctx('en'), [
        {
          kind: 'events',
          mode: 'mine',
          items: [
            { ...base, id: 7, seatsLeft: 0, status: 'registered', remind: true },
            { ...base, id: 8, seatsLeft: 0, status: 'waitlisted', remind: true },
          ],
        },
      ]),
    );
    expect(mine).toContain('e|cancel|7');
    expect(mine).toContain('e|stop-remind|7');
    expect(mine).toContain('e|cancel|8');
    expect(mine).not.toContain('e|stop-remind|8');
    expect(mine).toContain('Sat 12 Dec 14:00');
  });
});
