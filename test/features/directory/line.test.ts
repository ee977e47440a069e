/**
 * The directory at LINE's edge: a location message becomes an engine input (a malformed one does
 * not), the location quick reply is LINE's location action, and the carousel stays within LINE's
 * schema and limits in every language however many places come back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { messagingApi } from '@line/bot-sdk';
import { prepareContent, type Content } from '../../../src/app/deps.ts';
import { LOCALES, type Reply } from '../../../src/engine/types.ts';
import { validateMessages } from '../../../fakes/line/validator.ts';
import { renderReplies, type RenderContext } from '../../../src/line/render.ts';
import { toInput, type RawEvent } from '../../../src/line/to-input.ts';
import type { PlaceCard } from '../../../src/features/directory/engine/place.ts';
import { mapUri, telUri } from '../../../src/features/directory/line/render-places.ts';
import { testBundle } from '../../support/harness.ts';

let content: Content;
beforeAll(async () => {
  content = prepareContent(await testBundle());
});

const rctx = (locale: (typeof LOCALES)[number]): RenderContext => ({
  locale,
  t: content.translator.t,
  city: content.bundle.city,
  topic: (id) => content.topic(id),
  scenes: content.knowledge.scenes,
});

function locationEvent(message: Record<string, unknown>): RawEvent {
  return { type: 'message', webhookEventId: 'e', timestamp: 0, source: { type: 'user', userId: 'U1' }, message: { type: 'location', id: '1', ...message } };
}

describe('a location message', () => {
  it('becomes a location input with the point only', () => {
    expect(toInput(locationEvent({ latitude: 35.7, longitude: 139.5, address: 'デモ市北町', title: '自宅' })).input).toEqual({
      type: 'location',
      lat: 35.7,
      lng: 139.5,
    });
  });
  it('without a readable point stays a plain location message', () => {
    expect(toInput(locationEvent({ latitude: 'north' })).input).toEqual({ type: 'media', kind: 'location' });
  });
});

function card(i: number, over: Partial<PlaceCard> = {}): PlaceCard {
  return {
    id: `p${i}`,
    kind: 'nurse',
    name: `とても長い名前の訪問看護ステーション${'ながい'.repeat(30)}${i}`,
    address: `デモ県デモ市北町${i}-1-1`,
    area: '北町',
    phone: '000-0000-0000',
    distance: i * 350,
    hours: '月,火,水,木,金 祝日も訪問（年末年始を除く）',
    features: ['24h', 'mitori'],
    lat: 35.7,
    lng: 139.5,
    ...over,
  };
}

/** A card of a search by 町名: no distance. */
function withoutDistance(c: PlaceCard): PlaceCard {
  const copy = { ...c };
  delete copy.distance;
  return copy;
}

describe('the carousel', () => {
  it('keeps within LINE limits with the most places and the centre, in every language', () => {
    const quick = [{ label: 'directory.where.location', action: { type: 'share-location' as const } }];
    for (const locale of LOCALES) {
      const reply: Reply = {
        kind: 'directory',
        view: {
          mode: 'near',
          kind: 'nurse',
          items: Array.from({ length: 15 }, (_, i) => card(i)),
          center: { basis: 'nearest', name: 'センター', phone: '000-0000-0011', distance: 900 },
          dataDate: '2026-06-30',
        },
        quick,
      };
      const ms = renderReplies(rctx(locale), [reply]);
      expect(validateMessages(ms)).toEqual([]);
      const flex = ms[0] as messagingApi.FlexMessage;
      expect((flex.contents as messagingApi.FlexCarousel).contents.length).toBe(12);
      const last = ms[ms.length - 1] as messagingApi.Message;
      expect(last.quickReply?.items?.[0]?.action).toEqual({ type: 'location', label: content.translator.t(locale, 'directory.where.location') });
    }
  });

  it('shows no hours, features or call button the data does not have', () => {
    const reply: Reply = {
      kind: 'directory',
      view: {
        mode: 'area',
        kind: 'doctor',
        area: '北町',
        items: [withoutDistance(card(1, { phone: null, hours: null, features: [] }))],
        center: { basis: 'area', id: 'kita' },
        dataDate: null,
      },
    };
    const ms = renderReplies(rctx('ja'), [reply]);
    expect(validateMessages(ms)).toEqual([]);
    const json = JSON.stringify(ms);
    expect(json).not.toContain('曜日・時間');
    expect(json).not.toContain('24時間対応');
    expect(json).toContain('デモ市北地域包括支援センター');
    expect(json).toContain('日付不明');
  });

  it('dials digits and maps the point', () => {
    expect(telUri('000-0000-1101')).toBe('tel:00000001101');
    expect(mapUri({ lat: 35.7, lng: 139.5, address: 'x' })).toBe('https://www.google.com/maps/search/?api=1&query=35.7%2C139.5');
    expect(mapUri({ lat: null, lng: null, address: 'デモ市北町1' })).toContain(encodeURIComponent('デモ市北町1'));
  });
});
