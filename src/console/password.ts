/**
 * Staff passwords: PBKDF2-HMAC-SHA256 through Web Crypto (the same code on Node and Workers).
 * Stored as `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`, so the iteration count can be
 * raised later: a hash below the current count still verifies, and `needsRehash` tells the
 * caller to store a new one at sign-in.
 *
 * Cloudflare's production Workers refuse PBKDF2 above 100,000 iterations (workerd run locally
 * does not). When the runtime refuses the OWASP count, hashing falls back to the largest
 * count it accepts and remembers that for the isolate, so sign-in keeps working there and
 * `needsRehash` does not ask for a count the runtime cannot do.
 */
import { fromBase64, timingSafeEqual, toBase64 } from '../shared/crypto.ts';
import { MAX_PASSWORD_LENGTH } from './password-policy.ts';

/** OWASP Password Storage Cheat Sheet, PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
/** Bounds what a stored hash may ask for, so a tampered row cannot tie up the CPU. */
const MAX_ITERATIONS = 10_000_000;

/** What Cloudflare's edge accepts; tried when the runtime refuses PBKDF2_ITERATIONS. */
export const EDGE_MAX_ITERATIONS = 100_000;
/** Learned per isolate/process: the largest count this runtime accepted after a refusal. */
let runtimeCap: number | undefined;

const te = new TextEncoder();

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', te.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS));
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  let count = Math.min(iterations, runtimeCap ?? iterations);
  let hash: Uint8Array;
  try {
    hash = await derive(password, salt, count);
  } catch (e) {
    if (count <= EDGE_MAX_ITERATIONS) throw e;
    // The runtime refused the count (Cloudflare's edge): use what it allows, from now on.
    hash = await derive(password, salt, EDGE_MAX_ITERATIONS);
    runtimeCap = count = EDGE_MAX_ITERATIONS;
  }
  return `pbkdf2-sha256$${count}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** Forgets what the runtime refused (tests simulate the edge and then a normal runtime). */
export function resetIterationCap(): void {
  runtimeCap = undefined;
}

function parse(stored: string): { iterations: number; salt: Uint8Array<ArrayBuffer>; hash: Uint8Array } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== 'pbkdf2-sha256') return undefined;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) return undefined;
  try {
    const salt = fromBase64(parts[2]!);
    const hash = fromBase64(parts[3]!);
    if (salt.length < SALT_BYTES || hash.length !== HASH_BITS / 8) return undefined;
    return { iterations, salt, hash };
  } catch {
    return undefined;
  }
}

/** Constant-time comparison of the derived hash; false for a malformed stored value. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const p = parse(stored);
  if (!p || password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return timingSafeEqual(await derive(password, p.salt, p.iterations), p.hash);
  } catch {
    // A count this runtime refuses (a hash made on Node, checked on the edge): an admin must
    // set a new password for the account; refusing is the safe answer.
    return false;
  }
}

/** True when the stored hash used fewer iterations than today's count. */
export function needsRehash(stored: string, iterations = PBKDF2_ITERATIONS): boolean {
  const p = parse(stored);
  return !p || p.iterations < Math.min(iterations, runtimeCap ?? iterations);
}

let dummy: string | undefined;
/**
 * A hash to verify against when the e-mail address is unknown, so a failed sign-in takes as
 * long whether or not the account exists. Only the finished string is kept: on Workers a
 * request must never await a promise another request started (workerd cancels it as hung),
 * so until one hash has finished each caller makes its own.
 */
export async function dummyHash(): Promise<string> {
  if (dummy) return dummy;
  const made = await hashPassword('not a real password: timing equaliser');
  dummy ??= made;
  return made;
}
