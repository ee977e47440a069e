/**
 * Contract: whatever the engine asks for, the renderer produces messages LINE accepts —
 * checked with the schema and limits derived from LINE's OpenAPI description.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { messagingApi } from '@line/bot-sdk';
import { prepareContent, type Content } from '../../src/app/deps.ts';
import { LOCALES, type Choice, type Locale, type Reply } from '../../src/engine/types.ts';
import { validateMessages } from '../../src/line/limits.ts';
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

describe('render: every reply kind in every locale', () => {
  it.each(LOCALES)('%s', (locale) => {
    const ids = content.bundle.topics.map((t) => t.id);
    const replies: Reply[][] = [
      [{ kind: 'emergency', variant: 'emergency' }],
      [{ kind: 'emergency', variant: 'crisis' }],
      [{ kind: 'contact' }],
      ...Object.entries(content.knowledge.scenes).map(([scene, sceneIds]) => [{ kind: 'topics', scene, ids: sceneIds } as Reply]),
      ...ids.flatMap((id) => [[{ kind: 'article', id, part: 'summary' } as Reply], [{ kind: 'article', id, part: 'more' } as Reply]]),
    ];
    for (const r of replies) valid(renderReplies(rctx(locale), r));
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
