/**
 * Structured logs: one JSON object per line, with ids and outcomes only. Callers pass
 * fields explicitly; there is deliberately no way to log a message body or a LINE payload.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  /** Per-event detail (every delivery, every webhook); off unless LOG_LEVEL=debug. */
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export function createLogger(write: (line: string) => void = (l) => console.log(l), minLevel: LogLevel = 'info'): Logger {
  const order = { debug: -1, info: 0, warn: 1, error: 2 } as const;
  const emit =
    (level: keyof typeof order) =>
    (event: string, fields: LogFields = {}) => {
      if (order[level] < order[minLevel]) return;
      write(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** An error's class and a short code, never its message (which could quote user text). */
export function errorKind(e: unknown): string {
  // Names and codes only, never messages (they can quote a user's text). Wrapped causes are
  // followed (drizzle wraps the driver's error), so a log says "DrizzleQueryError<LibsqlError:SQLITE_BUSY".
  const kinds: string[] = [];
  for (let cur: unknown = e, depth = 0; cur !== undefined && cur !== null && depth < 4; depth++) {
    if (!(cur instanceof Error)) {
      kinds.push(typeof cur);
      break;
    }
    const code = (cur as { code?: unknown }).code;
    kinds.push(typeof code === 'string' ? `${cur.name}:${code}` : cur.name);
    cur = (cur as { cause?: unknown }).cause;
  }
  return kinds.join('<');
}
