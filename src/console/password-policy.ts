/**
 * What a new staff password must not be (NIST SP 800-63B, 5.1.1.2: no length games, no
 * composition rules, but no value that is known to be common, repetitive or sequential, or
 * that contains the account's own details):
 *  - shorter than 12 or longer than 256 characters;
 *  - one of the common passwords (src/console/common-passwords.json, derived from zxcvbn-ts's
 *    frequency list), also once digits and symbols are stripped from both ends and the usual
 *    letter-for-symbol swaps are undone (`P@ssw0rd2024!` is `password`);
 *  - a repeat (`aaaaaaaaaaaa`, `abcabcabcabc`) or fewer than 5 different characters;
 *  - a run along the alphabet, the digits or a keyboard row (`abcdefghijkl`, `123456789012`);
 *  - containing the account's e-mail address, its part before the @ or the person's name.
 */
import COMMON from './common-passwords.json';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; bounds the work per attempt. */
export const MAX_PASSWORD_LENGTH = 256;
const MIN_DISTINCT = 5;

const common = new Set(COMMON as string[]);
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', $: 's', '5': 's', '7': 't', '+': 't' };
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm'];

/** Digits, spaces and symbols at either end (what people add to satisfy composition rules). */
const trimDecoration = (s: string) => s.replace(/^[\d\s\p{P}\p{S}]+|[\d\s\p{P}\p{S}]+$/gu, '');

function isCommon(lower: string): boolean {
  const stem = trimDecoration(lower);
  const unleet = [...lower].map((ch) => LEET[ch] ?? ch).join('');
  return [lower, stem, unleet, trimDecoration(unleet), trimDecoration([...stem].map((ch) => LEET[ch] ?? ch).join(''))].some(
    (v) => v.length > 0 && common.has(v),
  );
}

function isRepeat(lower: string): boolean {
  if (new Set(lower).size < MIN_DISTINCT) return true;
  // A unit repeated over the whole value (`abcdabcdabcd`, `passpasspass`).
  return /^(.{1,}?)\1+$/su.test(lower) || /^(.+?)\1+$/su.test(trimDecoration(lower));
}

function isRun(lower: string): boolean {
  const squeezed = lower.replace(/[\s\-_.]/g, '');
  if (squeezed.length < 4) return false;
  return RUNS.some((run) => {
    const forward = run.repeat(Math.ceil(squeezed.length / run.length) + 1);
    const backward = [...forward].reverse().join('');
    return forward.includes(squeezed) || backward.includes(squeezed);
  });
}

function containsPersonal(lower: string, personal: { email?: string; name?: string }): boolean {
  const parts: string[] = [];
  const email = personal.email?.trim().toLowerCase();
  if (email) parts.push(email, email.split('@')[0] ?? '');
  const name = personal.name?.normalize('NFKC').trim().toLowerCase();
  if (name) parts.push(name, ...name.split(/\s+/));
  return parts.some((p) => p.length >= 3 && lower.includes(p));
}

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'repeat' | 'run' | 'personal';

/** The first rule the password breaks, or undefined when it is acceptable. */
export function checkPassword(password: string, personal: { email?: string; name?: string } = {}): PasswordProblem | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too-long';
  const lower = password.normalize('NFKC').toLowerCase();
  if (isRepeat(lower)) return 'repeat';
  if (isRun(lower)) return 'run';
  if (isCommon(lower)) return 'common';
  if (containsPersonal(lower, personal)) return 'personal';
  return undefined;
}

const MESSAGES: Record<PasswordProblem, string> = {
  'too-short': `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`,
  'too-long': `パスワードは${MAX_PASSWORD_LENGTH}文字以内にしてください。`,
  common: 'よく使われているパスワードです。推測されにくい、別のパスワードにしてください（単語をいくつか組み合わせると覚えやすく、安全です）。',
  repeat: '同じ文字や同じ並びの繰り返しは使えません。別のパスワードにしてください。',
  run: '「abcdef」「123456」「qwerty」のような連続した並びは使えません。別のパスワードにしてください。',
  personal: 'メールアドレスや名前を含むパスワードは使えません。別のパスワードにしてください。',
};

/** A problem with a new password, in Japanese, or undefined when it is acceptable. */
export function passwordProblem(password: string, personal: { email?: string; name?: string } = {}): string | undefined {
  const problem = checkPassword(password, personal);
  return problem ? MESSAGES[problem] : undefined;
}
