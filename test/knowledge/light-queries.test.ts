/**
 * A query of one common word says too little to answer outright: the bot offers the
 * closest topics (「もしかして」) unless one topic clearly stands out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContentBundle } from '../../src/content/bundle.ts';
import { searchKnowledge } from '../../src/knowledge/index.ts';
import { testBundle } from '../support/harness.ts';

let bundle: ContentBundle;
beforeAll(async () => {
  bundle = await testBundle();
});

describe('light queries', () => {
  it.each(['介護', 'お金', '入院', '病院', '医者', '薬', '教えてください', '相談したいことがある'])('%s → unsure or none', (q) => {
    expect(searchKnowledge(bundle.knowledge, q).outcome).not.toBe('confident');
  });

  it.each([
    ['ショートステイ', 'respite-short-stay'],
    ['胃ろう', 'tube-feeding-decision'],
    ['出前講座', 'demae-koza'],
    ['訪問歯科', 'houmon-shika'],
    ['じんせいかいぎって なに', 'acp-what'],
  ])('%s → confidently %s', (q, id) => {
    const r = searchKnowledge(bundle.knowledge, q);
    expect(r.outcome).toBe('confident');
    expect(r.hits[0]?.id).toBe(id);
  });
});
