/**
 * Engine actions ↔ LINE postback data. Compact (LINE allows 300 characters) and strictly
 * parsed: anything we cannot read becomes null, never an exception.
 */
import type { Action, GlobalCommand, Locale } from '../engine/types.ts';
import { EVENT_OPS, GLOBAL_COMMANDS, LOCALES, PICKER_MODES, type EventOp, type PickerMode } from '../engine/types.ts';
import { ACP_OPS, type AcpOp } from '../features/acp-note/engine/types.ts';

const COMMANDS: readonly GlobalCommand[] = GLOBAL_COMMANDS;
const ID = /^[a-z0-9][a-z0-9_-]{0,80}$/;

export function encodeAction(a: Action): string {
  switch (a.type) {
    case 'choice':
      return `c|${a.step}|${a.value}`;
    case 'command':
      return `g|${a.command}`;
    case 'start':
      return `s|${a.flow}`;
    case 'article':
      return `a|${a.id}|${a.part === 'more' ? 'm' : 's'}`;
    case 'scene':
      return `sc|${a.scene}`;
    case 'locale':
      return `l|${a.locale}`;
    case 'confirm-delete':
      return `d|${a.yes ? 1 : 0}`;
    case 'event':
      return `e|${a.op}|${a.id}`;
    case 'acp':
      // The ACP note: `n|op` or `n|op|arg` (an item id or a share id).
      return a.arg ? `n|${a.op}|${a.arg}` : `n|${a.op}`;
    case 'share-location':
      // Rendered as LINE's location action (render.ts), never as postback data; decoded as unknown.
      return 'x|location';
    case 'pick-date':
      // The picked value travels in the postback's params, not in its data.
      return `p|${a.step}|${a.mode}`;
  }
}

export function decodeAction(data: string): Action | null {
  if (typeof data !== 'string' || data.length > 300) return null;
  const [kind, a = '', b = '', ...rest] = data.split('|');
  if (rest.length) return null;
  switch (kind) {
    case 'c':
      return ID.test(a) && ID.test(b) ? { type: 'choice', step: a, value: b } : null;
    case 'g':
      return (COMMANDS as readonly string[]).includes(a) && !b ? { type: 'command', command: a as GlobalCommand } : null;
    case 's':
      return ID.test(a) && !b ? { type: 'start', flow: a } : null;
    case 'a':
      return ID.test(a) && (b === 'm' || b === 's') ? { type: 'article', id: a, part: b === 'm' ? 'more' : 'summary' } : null;
    case 'sc':
      return ID.test(a) && !b ? { type: 'scene', scene: a } : null;
    case 'l':
      return (LOCALES as readonly string[]).includes(a) && !b ? { type: 'locale', locale: a as Locale } : null;
    case 'd':
      return (a === '1' || a === '0') && !b ? { type: 'confirm-delete', yes: a === '1' } : null;
    case 'e': {
      // Event ids are database row ids: positive integers of a sane length.
      const id = /^[1-9][0-9]{0,9}$/.test(b) ? Number(b) : NaN;
      return (EVENT_OPS as readonly string[]).includes(a) && Number.isSafeInteger(id) ? { type: 'event', op: a as EventOp, id } : null;
    }
    case 'n':
      if (!(ACP_OPS as readonly string[]).includes(a)) return null;
      if (b && !ID.test(b)) return null;
      return { type: 'acp', op: a as AcpOp, ...(b ? { arg: b } : {}) };
    case 'p':
      return ID.test(a) && (PICKER_MODES as readonly string[]).includes(b) ? { type: 'pick-date', step: a, mode: b as PickerMode } : null;
    default:
      return null;
  }
}

const PICKED = { date: /^\d{4}-\d{2}-\d{2}$/, datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/ } as const;

/**
 * A date picker's answer (`postback.params`) joined to its action: the value for the
 * picker's mode, or null when it is missing or malformed.
 */
export function withPicked(action: Action, params: unknown): Action | null {
  if (action.type !== 'pick-date') return action;
  const p = params && typeof params === 'object' ? (params as Record<string, unknown>)[action.mode] : undefined;
  return typeof p === 'string' && PICKED[action.mode].test(p) ? { ...action, value: p } : null;
}
