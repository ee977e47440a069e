/**
 * Builders for LINE webhook bodies, shaped like LINE's own (webhook.yml): used by the
 * terminal chat, the simulator, the tests and the benchmarks — never by production code.
 */
import { signBody } from './signature.ts';

let counter = 0;

/** A unique id shaped like LINE's webhookEventId (ULID-like, 26 characters). */
export function newWebhookEventId(): string {
  const time = Date.now().toString(36).toUpperCase().padStart(10, '0');
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => 'ABCDEFGHJKMNPQRSTVWXYZ0123456789'[b % 32]).join('');
  counter = (counter + 1) % 1296;
  return `${time}${counter.toString(36).toUpperCase().padStart(2, '0')}${rand}`.slice(0, 26);
}

/** A LINE-shaped user id (U + 32 hex) derived from a name, so the same name is the same user. */
export async function userIdFor(name: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(name)));
  return `U${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface EventOptions {
  userId: string;
  groupId?: string;
  replyToken?: string;
  timestamp?: number;
  webhookEventId?: string;
  redelivery?: boolean;
  /** message events: the token that marks the message read (LINE sends one with each). */
  markAsReadToken?: string;
}

function base(type: string, o: EventOptions) {
  return {
    type,
    mode: 'active',
    timestamp: o.timestamp ?? Date.now(),
    source: o.groupId ? { type: 'group', groupId: o.groupId, userId: o.userId } : { type: 'user', userId: o.userId },
    webhookEventId: o.webhookEventId ?? newWebhookEventId(),
    deliveryContext: { isRedelivery: o.redelivery ?? false },
    ...(type !== 'unfollow' ? { replyToken: o.replyToken ?? crypto.randomUUID().replace(/-/g, '') } : {}),
  };
}

export const events = {
  text: (o: EventOptions, text: string) => ({
    ...base('message', o),
    message: {
      type: 'text',
      id: String(Date.now()) + String(++counter),
      quoteToken: crypto.randomUUID(),
      text,
      ...(o.markAsReadToken ? { markAsReadToken: o.markAsReadToken } : {}),
    },
  }),
  /** `params`: what a date picker answers ({ date: '2026-12-15' }, { datetime: '2026-12-15T14:00' }). */
  postback: (o: EventOptions, data: string, params?: Record<string, string>) => ({ ...base('postback', o), postback: { data, ...(params ? { params } : {}) } }),
  follow: (o: EventOptions) => ({ ...base('follow', o), follow: { isUnblocked: false } }),
  unfollow: (o: EventOptions) => base('unfollow', o),
  sticker: (o: EventOptions) => ({
    ...base('message', o),
    message: { type: 'sticker', id: String(++counter), quoteToken: crypto.randomUUID(), packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC' },
  }),
  /** A shared location (LINE sends the address and a title too). */
  location: (o: EventOptions, latitude: number, longitude: number) => ({
    ...base('message', o),
    message: { type: 'location', id: String(++counter), quoteToken: crypto.randomUUID(), title: '位置情報', address: 'デモ県デモ市', latitude, longitude },
  }),
  image: (o: EventOptions) => ({
    ...base('message', o),
    message: { type: 'image', id: String(++counter), quoteToken: crypto.randomUUID(), contentProvider: { type: 'line' } },
  }),
};

export function webhookBody(evs: unknown[], destination = 'Udeadbeefdeadbeefdeadbeefdeadbeef'): string {
  return JSON.stringify({ destination, events: evs });
}

/** A signed request init for POST /webhook. */
export async function signedWebhook(secret: string, body: string): Promise<RequestInit> {
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': await signBody(secret, body) }, body };
}
