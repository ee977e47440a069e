/**
 * The directory's answer as LINE shows it: a Flex carousel, one bubble per place (what it is,
 * its name, how far or which 町名, the address, its days or hours as the data gives them, what
 * the data states it offers), a call button (`tel:`) and a map link; the 地域包括支援センター
 * last. Only what the data says is shown: a place without hours has no hours line, not "closed".
 */
import type { messagingApi } from '@line/bot-sdk';
import { localize, type City } from '../../../content/city.ts';
import type { Translate } from '../../../content/i18n.ts';
import type { Locale } from '../../../engine/types.ts';
import { LINE_LIMITS, truncateGraphemes, truncateUtf16 } from '../../../line/limit-values.ts';
import type { PlaceCard } from '../engine/place.ts';
import type { DirectoryView } from '../engine/requests.ts';

type FlexBubble = messagingApi.FlexBubble;
type FlexComponent = messagingApi.FlexComponent;

/** What the renderer needs from line/render.ts's context (the same shape, named here to keep the import one way). */
export interface PlacesRenderContext {
  locale: Locale;
  t: Translate;
  city: City;
}

const TEAL = '#00695C';

function text(value: string, extra: Partial<messagingApi.FlexText> = {}): FlexComponent {
  return { type: 'text', text: truncateUtf16(value, 400, '…'), wrap: true, size: 'sm', ...extra } as FlexComponent;
}

function uriButton(label: string, uri: string, primary: boolean): FlexComponent {
  return {
    type: 'button',
    style: primary ? 'primary' : 'secondary',
    ...(primary ? { color: TEAL } : {}),
    height: 'sm',
    action: { type: 'uri', label: truncateGraphemes(label, LINE_LIMITS.flexButtonLabel, '…'), uri },
  } as FlexComponent;
}

/** `tel:` with digits only (LINE opens the dialer with it). */
export function telUri(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

/** A map search for the point (or the address when the data has no coordinates). */
export function mapUri(place: Pick<PlaceCard, 'lat' | 'lng' | 'address'>): string {
  const query = place.lat !== null && place.lng !== null ? `${place.lat},${place.lng}` : place.address;
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(query)}`;
}

function distanceText(t: (k: string, d?: Record<string, unknown>) => string, metres: number): string {
  return metres < 1000
    ? t('directory.card.distance-m', { m: Math.max(10, Math.round(metres / 10) * 10) })
    : t('directory.card.distance-km', { km: (metres / 1000).toFixed(1) });
}

function placeBubble(ctx: PlacesRenderContext, p: PlaceCard): FlexBubble {
  const t = (k: string, d?: Record<string, unknown>) => ctx.t(ctx.locale, k, d);
  const body: FlexComponent[] = [text(t(`directory.kind.${p.kind}`), { color: '#555555', size: 'xs' }), text(p.name, { weight: 'bold', size: 'md' })];
  if (p.distance !== undefined) body.push(text(distanceText(t, p.distance), { weight: 'bold', color: TEAL }));
  else if (p.area) body.push(text(t('directory.card.area', { area: p.area }), { weight: 'bold', color: TEAL }));
  body.push(text(p.address, { color: '#555555' }));
  if (p.hours) body.push(text(t('directory.card.hours', { hours: p.hours })));
  if (p.features.length) body.push(text(p.features.map((f) => `✓ ${t(`directory.feature.${f}`)}`).join('  ')));
  const footer: FlexComponent[] = [];
  if (p.phone) footer.push(uriButton(t('directory.card.call'), telUri(p.phone), true));
  footer.push(uriButton(t('directory.card.map'), mapUri(p), false));
  return {
    type: 'bubble',
    size: 'kilo',
    body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
    footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: footer },
  };
}

function centerBubble(ctx: PlacesRenderContext, view: DirectoryView): FlexBubble | undefined {
  const t = (k: string, d?: Record<string, unknown>) => ctx.t(ctx.locale, k, d);
  const c = view.center;
  if (!c) return undefined;
  let name: string;
  let phone: string | null;
  let lines: FlexComponent[];
  if (c.basis === 'area') {
    const centre = ctx.city.houkatsu_centers.find((x) => x.id === c.id);
    if (!centre) return undefined;
    name = localize(centre.name, ctx.locale);
    phone = centre.phone;
    lines = [text(t('directory.center.for-area', { area: view.area ?? '' })), text(localize(centre.hours, ctx.locale))];
  } else {
    name = c.name;
    phone = c.phone;
    lines = [text(distanceText(t, c.distance), { weight: 'bold', color: TEAL }), text(t('directory.center.nearest-note'))];
  }
  return {
    type: 'bubble',
    size: 'kilo',
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [text(t('directory.center.title'), { color: '#555555', size: 'xs' }), text(name, { weight: 'bold', size: 'md' }), ...lines],
    },
    ...(phone ? { footer: { type: 'box', layout: 'vertical', contents: [uriButton(t('directory.card.call'), telUri(phone), true)] } } : {}),
  };
}

/** The carousel, then one line with the data's date and what to check by phone. */
export function renderPlaces(ctx: PlacesRenderContext, view: DirectoryView): messagingApi.Message[] {
  const t = (k: string, d?: Record<string, unknown>) => ctx.t(ctx.locale, k, d);
  const center = centerBubble(ctx, view);
  const room = LINE_LIMITS.flexCarouselBubbles - (center ? 1 : 0);
  const bubbles = [...view.items.slice(0, room).map((p) => placeBubble(ctx, p)), ...(center ? [center] : [])];
  const kind = t(`directory.kind.${view.kind}`);
  const heading = view.mode === 'near' ? t('directory.result.near', { kind }) : t('directory.result.area', { kind, area: view.area ?? '' });
  const date = view.dataDate ? view.dataDate.replaceAll('-', '/') : t('directory.result.date-unknown');
  const messages: messagingApi.Message[] = [];
  if (bubbles.length) {
    messages.push({
      type: 'flex',
      altText: truncateUtf16(`${heading}: ${view.items.map((p) => p.name).join(' / ')}`, LINE_LIMITS.flexAltText, '…'),
      contents: bubbles.length === 1 ? bubbles[0]! : { type: 'carousel', contents: bubbles },
    });
  }
  messages.push({ type: 'text', text: t('directory.result.note', { heading, date }) });
  return messages;
}
