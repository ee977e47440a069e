/**
 * LINE webhook events → the engine's input vocabulary. Defensive: the body has passed the
 * signature check, but any field may still be missing or of the wrong type.
 */
import type { ChatKind, Input, InternalEvent, Locale } from '../engine/types.ts';
import { EVENT_NOTICES, LECTURE_NOTICE_STATUSES, type EventNotice, type LectureNoticeStatus } from '../engine/types.ts';
import { decodeAction, withPicked } from './postback.ts';
import { ACP_REMINDERS } from '../features/acp-note/engine/types.ts';

/** The minimal event shape we rely on; everything else is read defensively. */
export interface RawEvent {
  type: string;
  webhookEventId: string;
  timestamp: number;
  source?: { type?: unknown; userId?: unknown; groupId?: unknown; roomId?: unknown };
  replyToken?: unknown;
  message?: unknown;
  postback?: unknown;
  deliveryContext?: unknown;
  mode?: unknown;
}

export interface Chat {
  kind: ChatKind;
  /** Conversation key: the user, group or room id. */
  id: string;
  userId?: string;
}

const LINE_ID = /^[UCR][0-9a-f]{32}$/;
const ANY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The chat an event belongs to, or null when the source is missing or malformed. */
export function chatOf(event: RawEvent, strictIds = false): Chat | null {
  const s = event.source;
  if (!s || typeof s !== 'object') return null;
  const ok = (v: unknown): v is string => typeof v === 'string' && (strictIds ? LINE_ID.test(v) : ANY_ID.test(v));
  const userId = ok(s.userId) ? s.userId : undefined;
  if (s.type === 'user' && userId) return { kind: 'user', id: userId, userId };
  if (s.type === 'group' && ok(s.groupId)) return { kind: 'group', id: s.groupId, ...(userId ? { userId } : {}) };
  if (s.type === 'room' && ok(s.roomId)) return { kind: 'room', id: s.roomId, ...(userId ? { userId } : {}) };
  return null;
}

export function replyTokenOf(event: RawEvent): string | undefined {
  return typeof event.replyToken === 'string' && event.replyToken.length > 0 && event.replyToken.length < 200 ? event.replyToken : undefined;
}

/**
 * Events the app makes itself (a coordinator closed a case…) travel through the inbox like
 * LINE's, so they are stored before they are acted on and processed exactly once, in order
 * with the chat's other events. The webhook refuses this type from outside.
 */
export const INTERNAL_EVENT_TYPE = 'renkei.internal';

function internalEventOf(v: unknown): InternalEvent | null {
  if (!v || typeof v !== 'object') return null;
  const e = v as Record<string, unknown>;
  const outreach = outreachEventOf(e);
  if (outreach) return outreach;
  if (e.kind === 'acp-reminder') {
    return typeof e.reminder === 'string' && (ACP_REMINDERS as readonly string[]).includes(e.reminder)
      ? { kind: 'acp-reminder', reminder: e.reminder as (typeof ACP_REMINDERS)[number] }
      : null;
  }
  if (typeof e.caseId !== 'string' || e.caseId.length > 64) return null;
  if (e.kind === 'case-closed') return { kind: 'case-closed', caseId: e.caseId };
  if (e.kind === 'case-status' && e.status === 'assigned') return { kind: 'case-status', caseId: e.caseId, status: 'assigned' };
  return null;
}

const shortText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const instant = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Lecture and event notices (outreach): every field checked, as for the other kinds. */
function outreachEventOf(e: Record<string, unknown>): InternalEvent | null {
  if (e.kind === 'lecture-status' && shortText(e.ref, 32) && (LECTURE_NOTICE_STATUSES as readonly unknown[]).includes(e.status)) {
    return { kind: 'lecture-status', ref: e.ref, status: e.status as LectureNoticeStatus, ...(instant(e.at) ? { at: e.at } : {}) };
  }
  if (
    e.kind === 'event-notice' &&
    (EVENT_NOTICES as readonly unknown[]).includes(e.notice) &&
    instant(e.eventId) &&
    shortText(e.title, 200) &&
    instant(e.startsAt) &&
    shortText(e.place, 200)
  ) {
    return { kind: 'event-notice', notice: e.notice as EventNotice, eventId: e.eventId, title: e.title, startsAt: e.startsAt, place: e.place };
  }
  return null;
}

export interface EngineEvent {
  input: Input;
  /** Group chats: whether the bot was mentioned. */
  addressed: boolean;
}

export function toInput(event: RawEvent): EngineEvent {
  const addressedDefault = event.source?.type === 'user';
  switch (event.type) {
    case 'follow':
      return { input: { type: 'follow' }, addressed: true };
    case 'unfollow':
      return { input: { type: 'unfollow' }, addressed: true };
    case 'message': {
      const m = event.message as { type?: unknown; text?: unknown; mention?: { mentionees?: Array<{ isSelf?: unknown }> } } | undefined;
      if (!m || typeof m !== 'object') return { input: { type: 'unsupported' }, addressed: false };
      if (m.type === 'text' && typeof m.text === 'string') {
        const mentioned = Array.isArray(m.mention?.mentionees) && m.mention.mentionees.some((x) => x?.isSelf === true);
        return { input: { type: 'text', text: m.text }, addressed: addressedDefault || mentioned };
      }
      if (m.type === 'location') {
        const { latitude, longitude } = m as { latitude?: unknown; longitude?: unknown };
        if (typeof latitude === 'number' && typeof longitude === 'number' && Number.isFinite(latitude) && Number.isFinite(longitude)) {
          // Only the point: LINE also sends an address and a title, which nothing needs.
          return { input: { type: 'location', lat: latitude, lng: longitude }, addressed: addressedDefault };
        }
      }
      if (m.type === 'image' || m.type === 'video' || m.type === 'audio' || m.type === 'file' || m.type === 'sticker' || m.type === 'location') {
        return { input: { type: 'media', kind: m.type }, addressed: addressedDefault };
      }
      return { input: { type: 'unsupported' }, addressed: false };
    }
    case 'postback': {
      const p = event.postback as { data?: unknown; params?: unknown } | undefined;
      const decoded = typeof p?.data === 'string' ? decodeAction(p.data) : null;
      // A date picker's postback carries the picked date in its params.
      const action = decoded && withPicked(decoded, p?.params);
      // A button press in a group is addressed to the bot by definition.
      return { input: action ? { type: 'action', action } : { type: 'unknown-action' }, addressed: true };
    }
    case INTERNAL_EVENT_TYPE: {
      const internal = internalEventOf((event as { event?: unknown }).event);
      return { input: internal ? { type: 'internal', event: internal } : { type: 'unsupported' }, addressed: true };
    }
    default:
      return { input: { type: 'unsupported' }, addressed: false };
  }
}

/** LINE profile language (BCP 47) → our locales; anything not Japanese gets English. */
export function localeFromProfile(language: string | undefined): Locale {
  if (!language) return 'ja';
  return language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
