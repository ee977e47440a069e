import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.ts';

const KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
const base = { DATABASE_URL: 'file:./x.db', DATA_ENCRYPTION_KEY: KEY };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it("runs in dev mode without LINE credentials, with LINE's own API by default", () => {
    const c = loadConfig(base);
    expect(c.mode).toBe('dev');
    expect(c.line.apiBaseUrl).toBe('https://api.line.me');
    expect(c.line.dataApiBaseUrl).toBe('https://api-data.line.me');
    expect(c.port).toBe(8787);
    expect(c.publicBaseUrl).toBe('http://localhost:8787');
    expect(c.fixedNow).toBeUndefined();
  });

  it('runs live with both credentials and reads every setting', () => {
    const c = loadConfig({
      ...base,
      LINE_CHANNEL_SECRET: 's',
      LINE_CHANNEL_ACCESS_TOKEN: 't',
      LINE_API_BASE_URL: 'http://127.0.0.1:9000/',
      DATABASE_AUTH_TOKEN: 'tok',
      PUBLIC_BASE_URL: 'https://renkei.example.jp',
      RENKEI_NOW: '2026-11-30T10:00:00+09:00',
      PORT: '9999',
    });
    expect(c).toMatchObject({ mode: 'live', port: 9999, publicBaseUrl: 'https://renkei.example.jp', database: { authToken: 'tok' } });
    expect(c.line.apiBaseUrl).toBe('http://127.0.0.1:9000');
    expect(c.fixedNow?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });

  it.each([
    [{ LINE_CHANNEL_SECRET: 's' }, 'LINE_CHANNEL_ACCESS_TOKEN'],
    [{ LINE_CHANNEL_ACCESS_TOKEN: 't' }, 'LINE_CHANNEL_SECRET'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LINE_API_BASE_URL: 'ftp://x' }, 'LINE_API_BASE_URL'],
    [{ LINE_DATA_API_BASE_URL: 'not a url' }, 'LINE_DATA_API_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'example.com' }, 'PUBLIC_BASE_URL'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ DATA_ENCRYPTION_KEY: 'short' }, 'DATA_ENCRYPTION_KEY'],
    [{ RENKEI_NOW: 'tomorrow' }, 'RENKEI_NOW'],
    [{ RENKEI_NOW: '2026-11-30 10:00' }, 'RENKEI_NOW'],
    [{ EVENT_RETENTION_DAYS: '0' }, 'EVENT_RETENTION_DAYS'],
    [{ DATA_ENCRYPTION_KEY_PREVIOUS: `${KEY},nope` }, 'DATA_ENCRYPTION_KEY_PREVIOUS'],
  ])('names the bad variable: %j → %s', (over, variable) => {
    const e = errorOf({ ...base, ...over });
    expect(e.variable).toBe(variable);
    expect(e.message.startsWith(`${variable}:`)).toBe(true);
  });

  it('requires a database and a key when no defaults are given (Workers)', () => {
    expect(errorOf({ DATA_ENCRYPTION_KEY: KEY }).variable).toBe('DATABASE_URL');
    expect(errorOf({ DATABASE_URL: 'libsql://x.turso.io' }).variable).toBe('DATA_ENCRYPTION_KEY');
  });

  it('reads LINE_BOT_USER_ID and refuses one that is not a LINE user id', () => {
    const id = `U${'0123456789abcdef'.repeat(2)}`;
    expect(loadConfig({ ...base, LINE_BOT_USER_ID: id }).line.botUserId).toBe(id);
    expect(loadConfig(base).line.botUserId).toBeUndefined();
    expect(errorOf({ ...base, LINE_BOT_USER_ID: 'my-bot' }).variable).toBe('LINE_BOT_USER_ID');
  });
});
