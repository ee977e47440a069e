/**
 * Invite codes for professionals: short enough to read out on the phone, long enough not to
 * be guessed (10 characters from a 31-letter alphabet ≈ 50 bits, and sign-up attempts go
 * through the chat one at a time). Only the SHA-256 of the normalised code is stored.
 */
// No 0/O, 1/I/L, so a code read aloud or typed from paper survives.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 10;

export function generateInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(LENGTH));
  let code = '';
  // 256 % 31 leaves a tiny bias; rejection keeps the letters uniform.
  for (let i = 0; code.length < LENGTH; i++) {
    const b = i < bytes.length ? bytes[i]! : crypto.getRandomValues(new Uint8Array(1))[0]!;
    if (b < 248) code += ALPHABET[b % ALPHABET.length];
  }
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Full-width letters, lower case, spaces and dashes are forgiven. */
export function normalizeInviteCode(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐ー−_]/g, '');
}

export function looksLikeInviteCode(input: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normalizeInviteCode(input));
}

export async function inviteCodeHash(input: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`renkei-invite:${normalizeInviteCode(input)}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
