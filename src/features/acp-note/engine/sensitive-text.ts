/**
 * Free text the ACP note refuses to keep: card numbers, bank account numbers and passwords.
 * The note is about care wishes; such details do not belong in it, and a note that can be
 * printed and shared must never carry them. Pure, so it is unit-tested on its own.
 *
 * The checks err on the side of refusing: a refused answer costs the person a retyped
 * sentence, a kept card number could cost them their savings.
 */

export type SensitiveReason = 'card' | 'account' | 'password';

/** Luhn checksum (payment card numbers). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const PASSWORD_WORDS = /(パスワード|ぱすわーど|暗証番号|あんしょうばんごう|暗証|パスコード|ログインid|password|passcode|passwd|\bpin\b|pinコード|ピン番号)/i;
const ACCOUNT_WORDS = /(口座|こうざ|普通預金|当座|支店|店番|account\s*(no|number|#)|bank\s*account|sort\s*code|iban|swift)/i;

/** Runs of digits, allowing spaces and dashes between groups (「1234 5678 9012 3456」). */
function digitRuns(text: string): string[] {
  return (text.match(/\d(?:[\d\s\-‐−ー]*\d)?/g) ?? []).map((r) => r.replace(/\D/g, ''));
}

/** The reason a free-text answer must not be stored, or null when it may be. */
export function sensitiveReason(raw: string): SensitiveReason | null {
  const text = raw.normalize('NFKC');
  if (PASSWORD_WORDS.test(text)) return 'password';
  // Japan Post Bank style 「12345-12345678」 (記号・番号) even without the word; checked before
  // cards, as its 13 digits may pass the Luhn check by chance.
  if (/\d{5}[\s\-‐−ー]\d{7,8}(?!\d)/.test(text)) return 'account';
  const runs = digitRuns(text);
  if (runs.some((d) => d.length >= 13 && d.length <= 19 && luhnValid(d))) return 'card';
  // A bank account number: the word with a number of 6–8 digits, or with any long number.
  if (ACCOUNT_WORDS.test(text) && runs.some((d) => d.length >= 6)) return 'account';
  return null;
}
