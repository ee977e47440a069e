/**
 * Web Crypto helpers shared by Node and Workers: AES-256-GCM for data at rest,
 * HMAC-SHA256 for LINE signatures. No Node APIs, so both runtimes use the same code.
 */
const te = new TextEncoder();
const td = new TextDecoder();

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Constant-time comparison: the time taken does not depend on where the inputs differ. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

// Importing a key costs as much as the signature itself; the channel secret rarely changes.
// Only imported keys are kept, never the pending import: on Workers a request must not wait
// for a promise another request created.
const hmacKeys = new Map<string, CryptoKey>();

export async function hmacSha256(secret: string, body: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = await crypto.subtle.importKey('raw', te.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (hmacKeys.size > 8) hmacKeys.clear();
    hmacKeys.set(secret, key);
  }
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
}

export function randomBase64(bytes = 32): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** URL-safe random token for unguessable links and ids. */
export function randomToken(bytes = 24): string {
  return randomBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Sealed values look like `v2.<keyId>.<iv>.<ciphertext>` so that a key rotation can tell
 * which key wrote a value; the key id is the first 8 hex chars of SHA-256(key). A value is
 * bound to where it is stored: the caller passes its table, column and row as associated data
 * (AES-GCM additionalData, see db/sealed-bindings.ts), so a ciphertext copied into another
 * row or column does not open. `v1.` values (written before binding) carry none; they still
 * open until the re-seal migration (db/rotate-key.ts) has bound them.
 */
export interface Sealer {
  readonly keyId: string;
  seal(plain: string, aad: string): Promise<string>;
  open(sealed: string, aad: string): Promise<string>;
}

export class DecryptError extends Error {
  constructor(readonly reason: 'format' | 'unknown-key' | 'auth') {
    super(`cannot decrypt value (${reason})`);
    this.name = 'DecryptError';
  }
}

async function keyIdOf(raw: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
  return Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param currentKey base64 key used to seal new values
 * @param previousKeys older keys still accepted for opening (during a rotation)
 */
export async function createSealer(currentKey: string, previousKeys: string[] = []): Promise<Sealer> {
  const keys = new Map<string, CryptoKey>();
  let currentId = '';
  for (const [i, b64] of [currentKey, ...previousKeys].entries()) {
    const raw = fromBase64(b64);
    const id = await keyIdOf(raw);
    keys.set(id, await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    if (i === 0) currentId = id;
  }
  const current = keys.get(currentId)!;
  return {
    keyId: currentId,
    async seal(plain, aad) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(aad) }, current, te.encode(plain)));
      return `v2.${currentId}.${toBase64(iv)}.${toBase64(ct)}`;
    },
    async open(sealed, aad) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || (parts[0] !== 'v1' && parts[0] !== 'v2')) throw new DecryptError('format');
      const key = keys.get(parts[1]!);
      if (!key) throw new DecryptError('unknown-key');
      try {
        const params: AesGcmParams = { name: 'AES-GCM', iv: fromBase64(parts[2]!) };
        if (parts[0] === 'v2') params.additionalData = te.encode(aad);
        const plain = await crypto.subtle.decrypt(params, key, fromBase64(parts[3]!));
        return td.decode(plain);
      } catch {
        throw new DecryptError('auth');
      }
    },
  };
}
