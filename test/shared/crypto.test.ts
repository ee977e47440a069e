import { describe, expect, it } from 'vitest';
import { createSealer, DecryptError, fromBase64, randomBase64, timingSafeEqual, toBase64 } from '../../src/shared/crypto.ts';
import { signBody, verifySignature } from '../../src/line/signature.ts';

describe('sealer (AES-256-GCM)', () => {
  const here = 'renkei:conversations.state_sealed:["U1"]';
  const there = 'renkei:conversations.state_sealed:["U2"]';

  it('round-trips text, with a fresh IV every time', async () => {
    const s = await createSealer(randomBase64(32));
    const a = await s.seal('人生会議の答え', here);
    const b = await s.seal('人生会議の答え', here);
    expect(a).not.toBe(b);
    expect(a).not.toContain('人生会議');
    expect(await s.open(a, here)).toBe('人生会議の答え');
    expect(a.startsWith(`v2.${s.keyId}.`)).toBe(true);
  });

  it('binds a value to where it is stored: other associated data does not open it', async () => {
    const s = await createSealer(randomBase64(32));
    const sealed = await s.seal('secret', here);
    await expect(s.open(sealed, there)).rejects.toMatchObject({ reason: 'auth' });
    await expect(s.open(sealed, '')).rejects.toMatchObject({ reason: 'auth' });
    // Relabelling it as an unbound (v1) value does not help either.
    await expect(s.open(sealed.replace(/^v2\./, 'v1.'), here)).rejects.toMatchObject({ reason: 'auth' });
  });

  it('still opens a value sealed before binding (v1, no associated data) until it is re-sealed', async () => {
    const key = randomBase64(32);
    const s = await createSealer(key);
    const raw = await crypto.subtle.importKey('raw', fromBase64(key), 'AES-GCM', false, ['encrypt']);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, raw, new TextEncoder().encode('old')));
    expect(await s.open(`v1.${s.keyId}.${toBase64(iv)}.${toBase64(ct)}`, here)).toBe('old');
  });

  it('refuses tampered, foreign and malformed values', async () => {
    const s = await createSealer(randomBase64(32));
    const other = await createSealer(randomBase64(32));
    const sealed = await s.seal('secret', here);
    const parts = sealed.split('.');
    const flipped = [...parts.slice(0, 3), parts[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('.');
    await expect(s.open(flipped, here)).rejects.toMatchObject({ reason: 'auth' });
    await expect(other.open(sealed, here)).rejects.toMatchObject({ reason: 'unknown-key' });
    await expect(s.open('plain text', here)).rejects.toBeInstanceOf(DecryptError);
  });

  it('opens values written with a previous key during a rotation', async () => {
    const oldKey = randomBase64(32);
    const old = await createSealer(oldKey);
    const sealed = await old.seal('kept', here);
    const rotated = await createSealer(randomBase64(32), [oldKey]);
    expect(await rotated.open(sealed, here)).toBe('kept');
    expect((await rotated.seal('new', here)).split('.')[1]).toBe(rotated.keyId);
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
    expect(await verifySignature('secret', body, `${sig.slice(0, -2)}==`)).toBe(false);
  });

  it('compares in constant time regardless of where bytes differ', () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});
