import { describe, expect, it } from 'vitest';
import { createSealer, DecryptError, randomBase64, timingSafeEqual } from '../../src/app/crypto.ts';
import { signBody, verifySignature } from '../../src/line/signature.ts';

describe('sealer (AES-256-GCM)', () => {
  it('round-trips text, with a fresh IV every time', async () => {
    const s = await createSealer(randomBase64(32));
    const a = await s.seal('人生会議の答え');
    const b = await s.seal('人生会議の答え');
    expect(a).not.toBe(b);
    expect(a).not.toContain('人生会議');
    expect(await s.open(a)).toBe('人生会議の答え');
    expect(a.startsWith(`v1.${s.keyId}.`)).toBe(true);
  });

  it('refuses tampered, foreign and malformed values', async () => {
    const s = await createSealer(randomBase64(32));
    const other = await createSealer(randomBase64(32));
    const sealed = await s.seal('secret');
    const parts = sealed.split('.');
    const flipped = [...parts.slice(0, 3), parts[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('.');
    await expect(s.open(flipped)).rejects.toMatchObject({ reason: 'auth' });
    await expect(other.open(sealed)).rejects.toMatchObject({ reason: 'unknown-key' });
    await expect(s.open('plain text')).rejects.toBeInstanceOf(DecryptError);
  });

  it('opens values written with a previous key during a rotation', async () => {
    const oldKey = randomBase64(32);
    const old = await createSealer(oldKey);
    const sealed = await old.seal('kept');
    const rotated = await createSealer(randomBase64(32), [oldKey]);
    expect(await rotated.open(sealed)).toBe('kept');
    expect((await rotated.seal('new')).split('.')[1]).toBe(rotated.keyId);
  });
});

describe('LINE signature', () => {
  it('accepts the right signature and rejects everything else', async () => {
    const body = new TextEncoder().encode('{"events":[]}');
    const sig = await signBody('secret', body);
    expect(await verifySignature('secret', body, sig)).toBe(true);
    expect(await verifySignature('other', body, sig)).toBe(false);
    expect(await verifySignature('secret', new TextEncoder().encode('{"events":[1]}'), sig)).toBe(false);
    expect(await verifySignature('secret', body, undefined)).toBe(false);
    expect(await verifySignature('secret', body, '')).toBe(false);
    expect(await verifySignature('secret', body, 'not base64!')).toBe(false);
    expect(await verifySignature('secret', body, sig.slice(0, -2) + '==')).toBe(false);
  });

  it('compares in constant time regardless of where bytes differ', () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});
