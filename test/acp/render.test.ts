/**
 * The ACP summary as LINE messages: within LINE's limits even with every answer at its
 * longest, 変更 buttons that decode to the note's action, and an alt text (shown in
 * notifications) that names the sections but never an answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareContent, type Content } from '../../src/app/deps.ts';
import { buildSummary, noteOutline } from '../../src/features/acp-note/engine/summary.ts';
import type { AcpAnswer } from '../../src/features/acp-note/engine/types.ts';
import { LOCALES } from '../../src/engine/types.ts';
import { validateMessages } from '../../fakes/line/validator.ts';
import { decodeAction } from '../../src/line/postback.ts';
import { renderReplies } from '../../src/line/render.ts';
import { testBundle } from '../support/harness.ts';

let content: Content;
beforeAll(async () => {
  content = prepareContent(await testBundle());
});

describe('the ACP summary in the chat', () => {
  it.each(LOCALES)('stays within LINE limits with every answer at its longest (%s)', (locale) => {
    const flow = content.bundle.flows['acp-note']!;
    const answers: Record<string, AcpAnswer> = {};
    for (const item of noteOutline(flow).items) {
      const choose = item.steps.find((s) => s.type === 'choose');
      const ask = item.steps.find((s) => s.type === 'ask');
      const options = choose && choose.type === 'choose' ? choose.options.map((o) => o.value) : [];
      answers[item.item] = {
        ...(options.length ? { v: choose && choose.type === 'choose' && choose.multi ? options : options[0]! } : {}),
        ...(ask && ask.type === 'ask' ? { t: '秘密の想い'.repeat(Math.ceil(ask.max / 5)).slice(0, ask.max) } : {}),
      };
    }
    answers.cpr = { v: 'doctor' };
    const summary = buildSummary(flow, { answers, writer: 'family', updatedAt: '2026-11-24T01:00:00.000Z' }, { all: true });
    const messages = renderReplies({ locale, t: content.translator.t, city: content.bundle.city, topic: content.topic, scenes: content.knowledge.scenes }, [
      { kind: 'acp-summary', summary, mode: 'review' },
    ]);
    expect(validateMessages(messages)).toEqual([]);
    const flex = messages[0] as { type: 'flex'; altText: string; contents: { type: string; contents?: unknown[] } };
    expect(flex.type).toBe('flex');
    expect(flex.contents.type).toBe('carousel');
    expect(flex.altText).not.toContain('秘密の想い');
    expect(flex.altText).toContain(content.translator.t(locale, 'acp.section.care'));
    const json = JSON.stringify(flex);
    const data = [...json.matchAll(/"data":"([^"]+)"/g)].map((m) => decodeAction(m[1]!));
    expect(data).toContainEqual({ type: 'acp', op: 'change', arg: 'tube_feeding' });
    expect(data.every((a) => a !== null)).toBe(true);
  });
});
