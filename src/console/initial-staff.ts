/**
 * First start: with no staff at all, an admin is created from CONSOLE_ADMIN_EMAIL and
 * CONSOLE_ADMIN_PASSWORD. In dev mode a demo coordinator and a demo admin are created (or
 * repaired) too, and their logins are printed and shown on the LINE simulator page.
 *
 * The demo password is derived from the data encryption key (HMAC), so it is the same on
 * every restart of one installation and in tests (fixed key), but not guessable by someone
 * who does not hold the key — dev mode is never meant to face the internet, but if it does
 * by mistake, a well-known password would be an open door.
 */
import { ConfigError } from '../app/config.ts';
import { hmacSha256 } from '../shared/crypto.ts';
import type { AppDeps } from '../app/deps.ts';
import type { ConsoleStore, StaffRole } from '../db/console-store.ts';
import { normalizeEmail } from '../db/console-store.ts';
import { audit } from './audit.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy.ts';

export const DEMO_COORDINATOR_EMAIL = 'demo@renkei.invalid';
export const DEMO_ADMIN_EMAIL = 'demo-admin@renkei.invalid';
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
// No 0/O, 1/l/I: read off a screen and typed on a tablet.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A demo account's console login (dev mode only; the Node entry shows it on the simulator page). */
export interface DemoCredentials {
  loginId: string;
  password: string;
}

export interface InitialStaffResult {
  /** E-mail addresses of the accounts created by this call. */
  created: string[];
  demo?: { coordinator: DemoCredentials; admin: DemoCredentials };
}

export async function demoPassword(deps: AppDeps, role: StaffRole): Promise<string> {
  const mac = await hmacSha256(deps.config.encryptionKey, new TextEncoder().encode(`renkei console demo password: ${role}`));
  const chars = Array.from(mac.subarray(0, 16), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export async function ensureInitialStaff(
  deps: AppDeps,
  store: ConsoleStore,
  env: Record<string, string | undefined>,
  opts: { print?: (line: string) => void } = {},
): Promise<InitialStaffResult> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const result: InitialStaffResult = { created: [] };
  const now = deps.wallClock();

  const email = env.CONSOLE_ADMIN_EMAIL?.trim();
  const password = env.CONSOLE_ADMIN_PASSWORD ?? '';
  if (email || password) {
    if (!email) throw new ConfigError('CONSOLE_ADMIN_EMAIL', 'is required when CONSOLE_ADMIN_PASSWORD is set');
    if (!password) throw new ConfigError('CONSOLE_ADMIN_PASSWORD', 'is required when CONSOLE_ADMIN_EMAIL is set');
    if (!EMAIL_RE.test(email)) throw new ConfigError('CONSOLE_ADMIN_EMAIL', 'must be an e-mail address');
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
      throw new ConfigError('CONSOLE_ADMIN_PASSWORD', 'must be at least 12 characters (and at most 256)');
  }

  if ((await store.countStaff()) === 0 && email) {
    // The full rules only when the account is created: an existing deployment keeps starting.
    const weak = checkPassword(password, { email });
    if (weak)
      throw new ConfigError(
        'CONSOLE_ADMIN_PASSWORD',
        `is too easy to guess (${weak}): not a common password, a repeat, a run like abcdef or 123456, or the e-mail address`,
      );
    const created = await store.createStaff({ email, name: '管理者', role: 'admin', passwordHash: await hashPassword(password), now });
    // undefined: another isolate or process created it at the same moment.
    if (created) {
      result.created.push(created.email);
      await audit(deps, null, 'staff.bootstrap', `staff:${created.id}`);
      deps.log.info('console.admin-created', { staffId: created.id });
    }
  }

  if (deps.config.mode === 'dev') {
    const accounts: Array<{ email: string; name: string; role: StaffRole }> = [
      { email: DEMO_COORDINATOR_EMAIL, name: 'デモ コーディネーター', role: 'coordinator' },
      { email: DEMO_ADMIN_EMAIL, name: 'デモ 管理者', role: 'admin' },
    ];
    const creds: DemoCredentials[] = [];
    for (const a of accounts) {
      const pw = await demoPassword(deps, a.role);
      const existing = await store.findStaffByEmail(a.email);
      if (!existing) {
        const created = await store.createStaff({ ...a, passwordHash: await hashPassword(pw), now });
        if (created) result.created.push(created.email);
      } else if (!(await verifyPassword(pw, existing.passwordHash))) {
        // The dev key changed (or someone changed it): the printed password must work.
        await store.setPasswordHash(existing.id, await hashPassword(pw), now);
      }
      creds.push({ loginId: normalizeEmail(a.email), password: pw });
    }
    result.demo = { coordinator: creds[0]!, admin: creds[1]! };
    print(`console (dev mode): coordinator ${result.demo.coordinator.loginId} / ${result.demo.coordinator.password}`);
    print(`console (dev mode): admin       ${result.demo.admin.loginId} / ${result.demo.admin.password}`);
  } else if ((await store.countStaff()) === 0) {
    deps.log.warn('console.no-staff', { hint: 'set CONSOLE_ADMIN_EMAIL and CONSOLE_ADMIN_PASSWORD to create the first admin' });
  }
  return result;
}
