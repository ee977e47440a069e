/**
 * LINE webhook signature: base64(HMAC-SHA256(channel secret, raw body)) in x-line-signature.
 * Verified over the exact bytes received, with a constant-time comparison.
 */
import { fromBase64, hmacSha256, timingSafeEqual, toBase64 } from '../shared/crypto.ts';

/** base64 of 32 bytes: the only shape LINE sends, checked before the body is read. */
export function isWellFormedSignature(signature: string | undefined | null): signature is string {
  return typeof signature === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(signature);
}

export async function verifySignature(secret: string, body: Uint8Array<ArrayBuffer>, signature: string | undefined | null): Promise<boolean> {
  if (!isWellFormedSignature(signature)) return false;
  const expected = await hmacSha256(secret, body);
  return timingSafeEqual(expected, fromBase64(signature));
}

export async function signBody(secret: string, body: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return toBase64(await hmacSha256(secret, bytes));
}
