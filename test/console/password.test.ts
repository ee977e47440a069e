import { afterEach, describe, expect, it, vi } from 'vitest';
import { EDGE_MAX_ITERATIONS, hashPassword, needsRehash, PBKDF2_ITERATIONS, resetIterationCap, verifyPassword } from '../../src/console/password.ts';
import { fromBase64 } from '../../src/shared/crypto.ts';
import { checkPassword, passwordProblem } from '../../src/console/password-policy.ts';
import COMMON from '../../src/console/common-passwords.json';

describe('staff password hashing (PBKDF2-SHA256, Web Crypto)', () => {
  it("uses OWASP's count for PBKDF2-HMAC-SHA256 and stores pbkdf2-sha256$<iterations>$<salt>$<hash>", async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const stored = await hashPassword('correct horse battery');
    const parts = stored.split('$');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('pbkdf2-sha256');
    expect(parts[1]).toBe('600000');
    expect(fromBase64(parts[2]!)).toHaveLength(16);
    expect(fromBase64(parts[3]!)).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
  });

  it('round trip: the right password verifies, a wrong one does not', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash: the same password never gives the same string', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
  });

  it('keeps verifying hashes made with a lower count and asks for a rehash (the count can be raised)', async () => {
    const old = await hashPassword('an older password', 1000);
    expect(old.split('$')[1]).toBe('1000');
    expect(await verifyPassword('an older password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('a current password'))).toBe(false);
  });

  it('rejects malformed or tampered stored values without throwing', async () => {
    for (const bad of ['', 'plain', 'pbkdf2-sha256$abc$AAAA$AAAA', 'pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAA', 'sha1$1$a$b']) {
      expect(await verifyPassword('whatever password', bad)).toBe(false);
    }
  });

  it('normalises Unicode (NFC), so a Japanese password typed on another keyboard still matches', async () => {
    const stored = await hashPassword('パスワードは長めにします');
    expect(await verifyPassword('パスワードは長めにします'.normalize('NFD'), stored)).toBe(true);
  });

  describe("on a runtime that refuses more than 100,000 iterations (Cloudflare's edge)", () => {
    afterEach(() => {
      vi.restoreAllMocks();
      resetIterationCap();
    });
    function refuseAbove(limit: number) {
      const real = crypto.subtle.deriveBits.bind(crypto.subtle);
      vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation(async (alg, key, bits) => {
        if ((alg as Pbkdf2Params).iterations > limit) throw new DOMException('iteration counts above 100000 are not supported', 'NotSupportedError');
        return real(alg, key, bits);
      });
    }

    it('hashes with the largest count it accepts, verifies, and does not ask for a rehash it cannot do', async () => {
      refuseAbove(EDGE_MAX_ITERATIONS);
      const stored = await hashPassword('edge-password-123');
      expect(stored.split('$')[1]).toBe(String(EDGE_MAX_ITERATIONS));
      expect(await verifyPassword('edge-password-123', stored)).toBe(true);
      expect(needsRehash(stored)).toBe(false);
    });

    it('refuses (never throws on) a hash whose count the runtime cannot compute', async () => {
      const fromNode = await hashPassword('node-password-123');
      refuseAbove(EDGE_MAX_ITERATIONS);
      expect(await verifyPassword('node-password-123', fromNode)).toBe(false);
    });
  });
});

describe('new passwords: common, repetitive, sequential and personal ones are refused', () => {
  it('refuses repeats and values with few different characters', () => {
    for (const p of ['aaaaaaaaaaaa', 'AAAAAAAAAAAAAAAA', 'abababababab', 'abcabcabcabc', 'passpasspass', '121212121212', '1111aaaa1111', 'abcdabcdabcd!!']) {
      expect(checkPassword(p), p).toBe('repeat');
    }
  });

  it('refuses runs along the alphabet, the digits and keyboard rows, either way', () => {
    for (const p of ['abcdefghijkl', '123456789012', '098765432109', 'qwertyuiopqw', 'lkjhgfdsaLKJ', 'zyxwvutsrqpo', '1qaz2wsx3edc']) {
      expect(checkPassword(p), p).toBe('run');
    }
  });

  it('refuses common passwords, also with digits and symbols around them or letters swapped for symbols', () => {
    expect(COMMON.length).toBeGreaterThan(5_000);
    for (const p of [
      'password1234',
      'Password2024!',
      'P@ssw0rd2024',
      '!!iloveyou!!',
      'sunshine1234',
      'football2026',
      'baseball!!!!',
      COMMON.find((x) => x.length >= 12)!,
    ]) {
      expect(checkPassword(p), p).toBe('common');
    }
  });

  it('refuses the e-mail address, its local part and the name', () => {
    const me = { email: 'hanako.yamada@center.example.jp', name: 'Yamada Hanako' };
    expect(checkPassword('hanako.yamada@center.example.jp', me)).toBe('personal');
    expect(checkPassword('my hanako.yamada key', me)).toBe('personal');
    expect(checkPassword('tree-yamada-river', me)).toBe('personal');
  });

  it('accepts passphrases and random strings, with a Japanese message for every refusal', () => {
    for (const p of ['correct horse battery staple', 'fmce-95b5-hkua-2r48', 'ひまわり畑で朝ごはんを食べる', 'Tr0ub4dor&3-plus-more']) {
      expect(checkPassword(p, { email: 'someone@example.jp' }), p).toBeUndefined();
      expect(passwordProblem(p)).toBeUndefined();
    }
    expect(passwordProblem('short')).toContain('12文字以上');
    expect(passwordProblem('aaaaaaaaaaaa')).toContain('繰り返し');
    expect(passwordProblem('password1234')).toContain('よく使われている');
  });
});
