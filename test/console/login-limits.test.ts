/**
 * Sign-in limits: checks reserved in the database before the password is hashed (a parallel
 * burst is limited too, across two apps on one database), a lock per account and client with
 * backoff that an attacker cannot turn on against a coordinator elsewhere, the admins'
 * notice, the client address from the trusted proxy header, and the password rules on
 * create and reset.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { ADMIN, COORDINATOR, createConsoleHarness, csrfOf, form, Jar, type ConsoleHarness } from './support.ts';
import { createHarness } from '../support/harness.ts';
import { addressKey, clientAddress } from '../../src/console/client-address.ts';
import { MAX_CHECKS_PER_ACCOUNT_AND_CLIENT } from '../../src/console/routes.tsx';

const MIN = 60_000;
const attacker = { 'cf-connecting-ip': '203.0.113.66' };
const office = { 'cf-connecting-ip': '198.51.100.10' };

let ch: ConsoleHarness;
beforeEach(async () => {
  ch = await createConsoleHarness();
});
afterEach(async () => {
  await ch.close();
});

const audit = async (action: string) =>
  (await ch.h.node.deps.store.db.all(sql`select target from audit_log where action = ${action} order by id`)) as Array<{ target: string | null }>;
const statuses = (xs: Array<{ res: Response }>) => xs.map((x) => x.res.status);
const countOf = (xs: number[], s: number) => xs.filter((x) => x === s).length;

describe('a parallel burst of wrong passwords', () => {
  it('gets 5 password checks, not 30, and the right password sent with it does not get in', async () => {
    const burst = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => ch.login({ email: COORDINATOR.email, password: `wrong-guess-${i}-xyz` }, attacker)),
      ch.login(COORDINATOR, attacker),
    ]);
    const s = statuses(burst);
    // Whichever 5 requests reserved a check were checked; everything else was refused unhashed.
    expect(countOf(s, 429)).toBe(31 - MAX_CHECKS_PER_ACCOUNT_AND_CLIENT);
    expect(countOf(s, 401) + countOf(s, 303)).toBe(MAX_CHECKS_PER_ACCOUNT_AND_CLIENT);
    expect((await audit('login.failed')).length + countOf(s, 303)).toBe(MAX_CHECKS_PER_ACCOUNT_AND_CLIENT);
    // Unless the right one happened to win a slot, it is refused now as well.
    if (countOf(s, 303) === 0) expect((await ch.login(COORDINATOR, attacker)).res.status).toBe(429);
  });

  it('is limited across two apps (two isolates or processes) on one database', async () => {
    const second = await createHarness({ env: { DATABASE_URL: `file:${ch.h.dbFile}` }, wallClock: () => ch.clock.now });
    try {
      const viaSecond = async (i: number) => {
        const jar = new Jar();
        const page = await second.node.app.request('/console/login');
        jar.take(page);
        const res = await second.node.app.request('/console/login', {
          ...form({ _csrf: csrfOf(await page.text()), email: COORDINATOR.email, password: `wrong-other-${i}-xyz` }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(), ...attacker },
        });
        return { res };
      };
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? viaSecond(i) : ch.login({ email: COORDINATOR.email, password: `wrong-one-${i}-xyz` }, attacker))),
      );
      const s = statuses(burst);
      expect(countOf(s, 401)).toBe(MAX_CHECKS_PER_ACCOUNT_AND_CLIENT);
      expect(countOf(s, 429)).toBe(30 - MAX_CHECKS_PER_ACCOUNT_AND_CLIENT);
    } finally {
      await second.close();
    }
  });
});

describe('a lock-out', () => {
  it('is per account and client: an attacker locks only themselves out, the coordinator signs in from the office', async () => {
    for (let i = 0; i < 5; i++) expect((await ch.login({ email: COORDINATOR.email, password: `wrong-${i}-password` }, attacker)).res.status).toBe(401);
    expect((await ch.login(COORDINATOR, attacker)).res.status).toBe(429);
    expect((await ch.login(COORDINATOR, office)).res.status).toBe(303);
  });

  it('backs off: the second lock lasts 30 minutes, the third an hour', async () => {
    const fail5 = async () => {
      for (let i = 0; i < 5; i++) expect((await ch.login({ email: COORDINATOR.email, password: `wrong-${i}-password` }, attacker)).res.status).toBe(401);
    };
    await fail5();
    ch.clock.now += 15 * MIN + 1000;
    await fail5(); // second lock
    ch.clock.now += 16 * MIN;
    expect((await ch.login(COORDINATOR, attacker)).res.status).toBe(429);
    ch.clock.now += 15 * MIN;
    await fail5(); // third lock
    ch.clock.now += 31 * MIN;
    expect((await ch.login(COORDINATOR, attacker)).res.status).toBe(429);
    ch.clock.now += 30 * MIN;
    expect((await ch.login(COORDINATOR, attacker)).res.status).toBe(303);
  });

  it("a successful sign-in clears the pair's failures", async () => {
    for (let i = 0; i < 4; i++) await ch.login({ email: COORDINATOR.email, password: `wrong-${i}-password` }, office);
    expect((await ch.login(COORDINATOR, office)).res.status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await ch.login({ email: COORDINATOR.email, password: `typo-${i}-password` }, office)).res.status).toBe(401);
    expect((await ch.login(COORDINATOR, office)).res.status).toBe(303);
  });

  it('is written to the audit log and shown to admins on their pages, naming the account', async () => {
    for (let i = 0; i < 5; i++) await ch.login({ email: COORDINATOR.email, password: `wrong-${i}-password` }, attacker);
    const [locked] = await audit('login.locked');
    expect(locked?.target).toMatch(/^staff:\d+$/);
    const admin = await ch.login(ADMIN, office);
    const home = await (await ch.request('/console', {}, admin.jar)).text();
    expect(home).toContain('ログインの失敗が続いたため');
    expect(home).toContain('佐藤 コーディネーター（1回）');
    // Coordinators are not shown it.
    const coordinator = await ch.login(COORDINATOR, office);
    expect(await (await ch.request('/console', {}, coordinator.jar)).text()).not.toContain('ログインの失敗が続いたため');
    // A day later the notice is gone (the audit entry stays).
    ch.clock.now += 24 * 60 * MIN + 1000;
    const later = await ch.login(ADMIN, office);
    expect(await (await ch.request('/console', {}, later.jar)).text()).not.toContain('ログインの失敗が続いたため');
  });
});

describe('the client address', () => {
  const probe = (trusted: string | undefined) => {
    const app = new Hono();
    app.get('/', (c) => c.text(clientAddress(c, trusted)));
    return async (headers: Record<string, string>, socket?: string) =>
      (await app.request('/', { headers }, socket ? { incoming: { socket: { remoteAddress: socket } } } : {})).text();
  };

  it("on Node is the socket's peer unless a trusted proxy header is configured (then its last entry)", async () => {
    const plain = probe(undefined);
    expect(await plain({ 'x-forwarded-for': '1.2.3.4', 'cf-connecting-ip': '5.6.7.8' }, '10.0.0.2')).toBe('10.0.0.2');
    const proxied = probe('x-forwarded-for');
    expect(await proxied({ 'x-forwarded-for': '1.2.3.4, 203.0.113.9' }, '10.0.0.2')).toBe('203.0.113.9');
    expect(await proxied({}, '10.0.0.2')).toBe('10.0.0.2');
  });

  it('on Workers is CF-Connecting-IP', async () => {
    expect(await probe(undefined)({ 'cf-connecting-ip': '203.0.113.5', 'x-forwarded-for': '1.2.3.4' })).toBe('203.0.113.5');
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped ones by the IPv4 address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });

  it('TRUSTED_PROXY_HEADER: clients behind one proxy are told apart by the header', async () => {
    const proxied = await createConsoleHarness({ env: { TRUSTED_PROXY_HEADER: 'X-Forwarded-For' } });
    try {
      const login = async (who: { email: string; password: string }, client: string) => {
        const jar = new Jar();
        const env = { incoming: { socket: { remoteAddress: '10.0.0.1' } } }; // every request comes from the proxy
        const page = await proxied.h.node.app.request('/console/login', {}, env);
        jar.take(page);
        const res = await proxied.h.node.app.request(
          '/console/login',
          {
            ...form({ _csrf: csrfOf(await page.text()), ...who }),
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(), 'x-forwarded-for': client },
          },
          env,
        );
        return res.status;
      };
      for (let i = 0; i < 5; i++) expect(await login({ email: COORDINATOR.email, password: `wrong-${i}-password` }, '203.0.113.66')).toBe(401);
      expect(await login(COORDINATOR, '203.0.113.66')).toBe(429);
      expect(await login(COORDINATOR, '198.51.100.10')).toBe(303);
    } finally {
      await proxied.close();
    }
  });
});

describe('new passwords from the console', () => {
  it('refuses a repeat, a common password or one with the e-mail when adding staff or resetting a password', async () => {
    const { jar } = await ch.login(ADMIN, office);
    const page = await (await ch.request('/console/admin/staff', {}, jar)).text();
    const csrf = csrfOf(page);
    const add = (password: string) =>
      ch.request('/console/admin/staff', form({ _csrf: csrf, name: '山田 花子', email: 'hanako@center.example.jp', role: 'coordinator', password }), jar);
    for (const [password, message] of [
      ['aaaaaaaaaaaa', '繰り返し'],
      ['Password2024!', 'よく使われている'],
      ['hanako-at-work-2026', 'メールアドレスや名前'],
    ] as const) {
      const res = await add(password);
      expect(res.status, password).toBe(400);
      expect(await res.text(), password).toContain(message);
    }
    expect((await add('kawa-no-nagare-wa-taezu')).status).toBe(303);

    const id = ((await ch.h.node.deps.store.db.all(sql`select id from staff where email = 'hanako@center.example.jp'`)) as Array<{ id: number }>)[0]!.id;
    const reset = await ch.request(`/console/admin/staff/${id}/password`, form({ _csrf: csrf, password: '123456789012' }), jar);
    expect(reset.status).toBe(400);
  });
});
