/**
 * Announcements as LINE sees them, and the checks before one may be sent. Pure (no I/O), so
 * the console's preview and the multicast use the very same message object.
 */
import type { messagingApi } from '@line/bot-sdk';
import { encodeAction } from '../../line/postback.ts';
import { SEGMENTS } from './schema.ts';

export type Segment = (typeof SEGMENTS)[number];
export { SEGMENTS };

export const TITLE_MAX = 60;
export const BODY_MAX = 500;
/** LINE's multicast takes at most 500 user ids per request. */
export const MULTICAST_CHUNK = 500;

export const SEGMENT_LABELS: Record<Segment, string> = {
  residents: '市民のみなさん',
  professionals: '専門職（登録済み）',
  attendees: '講座・イベントに参加した方',
};

export interface AnnouncementText {
  title: string;
  body: string;
}

/** The fixed words around the coordinator's text (Japanese: one message goes to everyone). */
export interface MessageFrame {
  centerName: string;
  /** How to stop, e.g. 「配信停止」と送ると…; also the quick reply's label. */
  footer: string;
  stopLabel: string;
}

/** The single text message a multicast sends, with the 「配信停止」 quick reply. */
export function announcementMessage(a: AnnouncementText, f: MessageFrame): messagingApi.TextMessage {
  return {
    type: 'text',
    text: `【${f.centerName}からのお知らせ】\n${a.title}\n\n${a.body}\n\n${f.footer}`,
    quickReply: {
      items: [
        {
          type: 'action',
          action: { type: 'postback', label: f.stopLabel, data: encodeAction({ type: 'start', flow: 'announce-stop' }), displayText: f.stopLabel },
        },
      ],
    },
  };
}

/** Digits of a phone number, full-width and hyphen variants folded. */
export function phoneDigits(s: string): string {
  return s.normalize('NFKC').replace(/\D/g, '');
}

const EMAIL = /[A-Za-z0-9._%+-]+\s*[@＠]\s*[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
/** Japanese phone numbers: 0 then 9–10 more digits, with or without separators. */
const PHONE = /(?:\+81[\s-]?|\(?0)\d{1,4}\)?[\s\-‐－ー()]?\d{1,4}[\s\-‐－ー()]?\d{3,4}/g;
const LINE_USER_ID = /U[0-9a-f]{32}/;
const POSTAL = /〒\s*\d{3}-?\d{4}/;

/**
 * Reasons the text may hold personal data, in Japanese for the console (empty when none).
 * An announcement goes to many people: no private phone numbers (numbers published in the
 * city file — the center, 地域包括支援センター, help desks — are allowed), no e-mail
 * addresses, no LINE user ids, no postal codes of a home address.
 */
export function personalDataProblems(text: string, publicPhones: ReadonlySet<string>): string[] {
  const t = text.normalize('NFKC');
  const problems: string[] = [];
  if (EMAIL.test(t)) problems.push('メールアドレスのような文字列があります。個人の連絡先は書かないでください。');
  const phones = [...t.matchAll(PHONE)].map((m) => phoneDigits(m[0]).replace(/^81/, '0')).filter((d) => d.length >= 10 && d.length <= 11);
  if (phones.some((d) => !publicPhones.has(d))) problems.push('センターや公的機関以外の電話番号のような数字があります。個人の電話番号は書かないでください。');
  if (LINE_USER_ID.test(t)) problems.push('LINEのユーザーIDのような文字列があります。');
  if (POSTAL.test(t)) problems.push('郵便番号があります。個人の住所は書かないでください。');
  return problems;
}

/** Every phone number written in the city file (all of them are public offices). */
export function publicPhonesOf(city: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.normalize('NFKC').matchAll(PHONE)) {
        const d = phoneDigits(m[0]);
        if (d.length >= 10 && d.length <= 11) out.add(d);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(city);
  return out;
}

export interface DraftInput {
  title: string;
  body: string;
  segments: string[];
}

/** Checks a draft; returns the cleaned draft or the problems (Japanese). */
export function checkDraft(
  d: DraftInput,
  publicPhones: ReadonlySet<string>,
): { ok: true; draft: { title: string; body: string; segments: Segment[] } } | { ok: false; problems: string[] } {
  const title = d.title.trim().replace(/\r\n?/g, '\n');
  const body = d.body.trim().replace(/\r\n?/g, '\n');
  const segments = SEGMENTS.filter((s) => d.segments.includes(s));
  const problems: string[] = [];
  if (!title) problems.push('件名を入力してください。');
  else if (title.length > TITLE_MAX || title.includes('\n')) problems.push(`件名は${TITLE_MAX}文字以内の1行にしてください。`);
  if (!body) problems.push('本文を入力してください。');
  else if ([...body].length > BODY_MAX) problems.push(`本文は${BODY_MAX}文字以内にしてください（いま${[...body].length}文字）。`);
  if (segments.length === 0 || segments.length !== new Set(d.segments).size) problems.push('送る相手を1つ以上選んでください。');
  problems.push(...personalDataProblems(`${title}\n${body}`, publicPhones));
  return problems.length ? { ok: false, problems } : { ok: true, draft: { title, body, segments } };
}

export function chunks<T>(items: readonly T[], size = MULTICAST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The X-Line-Retry-Key of one chunk of one announcement: a UUID derived from the
 * announcement and the chunk number, so sending the same announcement again (a double
 * click, a retry after a failure) reuses the keys and LINE delivers each chunk once.
 */
export async function chunkRetryKey(announcementId: number, createdAt: number, chunk: number): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`renkei-announcement:${announcementId}:${createdAt}:${chunk}`)));
  const b = digest.slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5 style (name-based)
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
