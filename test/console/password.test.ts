import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, PBKDF2_ITERATIONS, verifyPassword } from '../../src/console/password.ts';
import { fromBase64 } from '../../src/app/crypto.ts';

describe('staff password hashing (PBKDF2-SHA256, Web Crypto)', () => {
  it('uses OWASP\'s count for PBKDF2-HMAC-SHA256 and stores pbkdf2-sha256$<iterations>$<salt>$<hash>', async () => {
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
});
