import { describe, expect, it } from 'vitest';
import { graphemeLength, truncateGraphemes, truncateUtf16 } from '../../src/line/limit-values.ts';

describe('helpers', () => {
  it('count and truncate without splitting characters', () => {
    expect('🍎'.length).toBe(2);
    expect(graphemeLength('👨‍👩‍👧🍎a')).toBe(3);
    expect(truncateUtf16('ab🍎cd', 4, '…')).toBe('ab…');
    expect(truncateUtf16('abc', 3)).toBe('abc');
    expect(truncateGraphemes('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 2, '…')).toBe('👨‍👩‍👧…');
  });
});
