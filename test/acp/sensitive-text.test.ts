import { describe, expect, it } from 'vitest';
import { luhnValid, sensitiveReason } from '../../src/features/acp-note/engine/sensitive-text.ts';

describe('free text the ACP note refuses to keep', () => {
  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(sensitiveReason('カードは4111 1111 1111 1111です')).toBe('card');
    expect(sensitiveReason('５１０５－１０５１－０５１０－５１００')).toBe('card'); // full-width
    expect(sensitiveReason('4111-1111-1111-1112')).toBeNull(); // not a valid card number
  });
  it('refuses bank account numbers and passwords', () => {
    expect(sensitiveReason('口座番号は1234567です')).toBe('account');
    expect(sensitiveReason('〇〇銀行 駅前支店 普通 7654321')).toBe('account');
    expect(sensitiveReason('ゆうちょ 10120-12345678')).toBe('account');
    expect(sensitiveReason('パスワードは hanako123')).toBe('password');
    expect(sensitiveReason('暗証番号 1234')).toBe('password');
    expect(sensitiveReason('my PIN is 1234')).toBe('password');
    expect(sensitiveReason('password: secret')).toBe('password');
  });
  it('keeps ordinary wishes, phone numbers and dates', () => {
    expect(sensitiveReason('長女の花子 090-1234-5678')).toBeNull();
    expect(sensitiveReason('家族に囲まれて、2030年までは畑を続けたい')).toBeNull();
    expect(sensitiveReason('寝室のたんすの上の段')).toBeNull();
    expect(sensitiveReason('口座のことは長男に任せています')).toBeNull();
  });
});
