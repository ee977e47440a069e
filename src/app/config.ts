/**
 * Configuration from environment variables, validated once at start.
 * Pure: takes the variables as a plain record so Node and Workers share it. (No schema
 * library here: this runs in the Worker, whose bundle we keep small.)
 */

export const DEFAULT_LINE_API_BASE_URL = 'https://api.line.me';
export const DEFAULT_LINE_DATA_API_BASE_URL = 'https://api-data.line.me';
/** Dev mode signs simulator webhooks with this; it never protects anything real. */
export const DEV_CHANNEL_SECRET = 'renkei-dev-channel-secret';
export const DEV_ACCESS_TOKEN = 'renkei-dev-access-token';

export interface Config {
  /** `dev` when no LINE credentials are given: a fake LINE API runs in-process. */
  mode: 'dev' | 'live';
  line: {
    channelSecret: string;
    accessToken: string;
    apiBaseUrl: string;
    dataApiBaseUrl: string;
    /** LINE_BOT_USER_ID: the bot's own user id; a webhook whose `destination` differs is refused. */
    botUserId?: string;
  };
  database: { url: string; authToken?: string };
  publicBaseUrl: string;
  /** base64 of 32 random bytes (AES-256-GCM). */
  encryptionKey: string;
  /** Older keys still accepted for reading while data is re-sealed (DATA_ENCRYPTION_KEY_PREVIOUS). */
  previousEncryptionKeys: string[];
  /** RENKEI_NOW: the business clock is frozen at this instant (demos, tests). */
  fixedNow?: Date;
  port: number;
  /** Days to keep: processed event ids, delivered message records, unanswered questions. */
  retention: { processedEventDays: number; outboxDays: number; unansweredDays: number };
  /** CLAIM_LEASE_SECONDS: how long a claim on an event or a message holds before a crashed holder's work is taken over. */
  claimLeaseMs: number;
  /** LOG_LEVEL: debug adds a line per webhook and per delivery. */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Where new cases are announced (no personal data): a LINE group the bot is in, and/or a URL that receives a JSON POST. */
  notify: { lineGroupId?: string; webhookUrl?: string };
  /** CASE_REOPEN_DAYS: a message this many days after a case was closed reopens it. */
  caseReopenDays: number;
  /** ACP_LINK_DAYS: how long a link to the printable ACP note stays valid. */
  acpLinkDays: number;
  /** TRUSTED_PROXY_HEADER (Node behind a reverse proxy): the header holding the client's address. */
  trustedProxyHeader?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const url = (variable: string, raw: string | undefined, fallback: string): string => {
  const value = raw?.trim() || fallback;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    throw new ConfigError(variable, `must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
};

export function isValidEncryptionKey(key: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return false;
  try {
    return atob(key).length === 32;
  } catch {
    return false;
  }
}

export interface ConfigDefaults {
  databaseUrl?: string;
  encryptionKey?: string;
}

/** Reads and validates the configuration; throws ConfigError naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined>, defaults: ConfigDefaults = {}): Config {
  const secret = env.LINE_CHANNEL_SECRET?.trim();
  const token = env.LINE_CHANNEL_ACCESS_TOKEN?.trim();
  if (Boolean(secret) !== Boolean(token)) {
    throw new ConfigError(
      secret ? 'LINE_CHANNEL_ACCESS_TOKEN' : 'LINE_CHANNEL_SECRET',
      'set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or neither for dev mode',
    );
  }
  const mode = secret ? 'live' : 'dev';

  const portRaw = env.PORT?.trim() || '8787';
  const port = Number(portRaw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a port number (1–65535), got "${portRaw}"`);
  }

  const databaseUrl = env.DATABASE_URL?.trim() || defaults.databaseUrl;
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', 'is required here (e.g. libsql://<db>.turso.io)');
  if (!/^(file:|libsql:|https?:|wss?:|:memory:)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', `must start with file:, libsql:, http(s): or ws(s):, got "${databaseUrl}"`);
  }

  const encryptionKey = env.DATA_ENCRYPTION_KEY?.trim() || defaults.encryptionKey;
  if (!encryptionKey) throw new ConfigError('DATA_ENCRYPTION_KEY', 'is required (base64 of 32 random bytes: `openssl rand -base64 32`)');
  if (!isValidEncryptionKey(encryptionKey)) {
    throw new ConfigError('DATA_ENCRYPTION_KEY', 'must be base64 of exactly 32 bytes (`openssl rand -base64 32`)');
  }

  const previousEncryptionKeys = (env.DATA_ENCRYPTION_KEY_PREVIOUS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of previousEncryptionKeys) {
    if (!isValidEncryptionKey(k)) throw new ConfigError('DATA_ENCRYPTION_KEY_PREVIOUS', 'each comma-separated key must be base64 of exactly 32 bytes');
  }

  let fixedNow: Date | undefined;
  const nowRaw = env.RENKEI_NOW?.trim();
  if (nowRaw) {
    // ISO 8601 instant with a time zone, so a demo means the same moment everywhere.
    const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(nowRaw);
    fixedNow = new Date(nowRaw);
    if (!ok || Number.isNaN(fixedNow.getTime())) {
      throw new ConfigError('RENKEI_NOW', `must be an ISO 8601 instant such as 2026-11-30T10:00:00+09:00, got "${nowRaw}"`);
    }
  }

  const days = (variable: string, fallback: number): number => {
    const raw = env[variable]?.trim() || String(fallback);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(variable, `must be a whole number of days ≥ 1, got "${raw}"`);
    return n;
  };
  const retention = {
    processedEventDays: days('EVENT_RETENTION_DAYS', 7),
    outboxDays: days('OUTBOX_RETENTION_DAYS', 7),
    unansweredDays: days('UNANSWERED_RETENTION_DAYS', 90),
  };

  const lineGroupId = env.NOTIFY_LINE_GROUP_ID?.trim();
  if (lineGroupId && !/^C[0-9a-f]{32}$/.test(lineGroupId))
    throw new ConfigError('NOTIFY_LINE_GROUP_ID', 'must be a LINE group id (C followed by 32 hex digits)');
  const notifyUrl = env.NOTIFY_WEBHOOK_URL?.trim();
  const notify = { ...(lineGroupId ? { lineGroupId } : {}), ...(notifyUrl ? { webhookUrl: url('NOTIFY_WEBHOOK_URL', notifyUrl, notifyUrl) } : {}) };

  const leaseRaw = env.CLAIM_LEASE_SECONDS?.trim() || '25';
  const claimLeaseSeconds = Number(leaseRaw);
  if (!Number.isInteger(claimLeaseSeconds) || claimLeaseSeconds < 1 || claimLeaseSeconds > 45) {
    throw new ConfigError('CLAIM_LEASE_SECONDS', `must be a whole number of seconds from 1 to 45 (a reply token must outlive it), got "${leaseRaw}"`);
  }

  const botUserId = env.LINE_BOT_USER_ID?.trim();
  if (botUserId && !/^U[0-9a-f]{32}$/.test(botUserId)) {
    throw new ConfigError('LINE_BOT_USER_ID', "must be the bot's LINE user id (U followed by 32 hex digits; the `userId` of GET /v2/bot/info)");
  }

  const trustedProxyHeader = env.TRUSTED_PROXY_HEADER?.trim().toLowerCase();
  if (trustedProxyHeader && !/^[a-z0-9-]{1,64}$/.test(trustedProxyHeader)) {
    throw new ConfigError('TRUSTED_PROXY_HEADER', `must be a header name such as X-Forwarded-For, got "${trustedProxyHeader}"`);
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be debug, info, warn or error, got "${logLevel}"`);

  return {
    mode,
    logLevel,
    line: {
      channelSecret: secret || DEV_CHANNEL_SECRET,
      accessToken: token || DEV_ACCESS_TOKEN,
      apiBaseUrl: url('LINE_API_BASE_URL', env.LINE_API_BASE_URL, DEFAULT_LINE_API_BASE_URL),
      dataApiBaseUrl: url('LINE_DATA_API_BASE_URL', env.LINE_DATA_API_BASE_URL, DEFAULT_LINE_DATA_API_BASE_URL),
      ...(botUserId ? { botUserId } : {}),
    },
    database: { url: databaseUrl, ...(env.DATABASE_AUTH_TOKEN?.trim() ? { authToken: env.DATABASE_AUTH_TOKEN.trim() } : {}) },
    publicBaseUrl: url('PUBLIC_BASE_URL', env.PUBLIC_BASE_URL, `http://localhost:${port}`),
    encryptionKey,
    previousEncryptionKeys,
    ...(fixedNow ? { fixedNow } : {}),
    port,
    retention,
    notify,
    claimLeaseMs: claimLeaseSeconds * 1000,
    caseReopenDays: days('CASE_REOPEN_DAYS', 3),
    acpLinkDays: days('ACP_LINK_DAYS', 14),
    ...(trustedProxyHeader ? { trustedProxyHeader } : {}),
  };
}
