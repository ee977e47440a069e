/**
 * LINE's limits as numbers, and the text helpers that apply them: what the renderer (which
 * runs in the Worker too) needs at run time. Checking requests against LINE's schema is the
 * fake LINE API's job (fakes/line/validator.ts, dev and tests only), with these same numbers.
 */

export const LINE_LIMITS = {
  /** messages per reply / push / multicast / narrowcast / broadcast (yml) */
  messagesPerRequest: { min: 1, max: 5 },
  /** user ids per multicast (yml) */
  multicastRecipients: 500,
  /** user ids per rich menu bulk link / unlink (yml) */
  bulkLinkUserIds: 500,
  /** text message, UTF-16 code units */
  textLength: 5000,
  /** LINE emojis per text message */
  textEmojis: 20,
  /** quick reply items (yml) */
  quickReplyItems: 13,
  /** quick reply button label, grapheme clusters */
  quickReplyLabel: 20,
  /** action label in templates and rich menus, grapheme clusters */
  actionLabel: 20,
  /** action label in an image carousel column, grapheme clusters */
  imageCarouselLabel: 12,
  /** Flex button label, grapheme clusters */
  flexButtonLabel: 40,
  /** postback / datetimepicker / richmenuswitch data (yml), UTF-16 units */
  postbackData: 300,
  /** postback displayText, grapheme clusters */
  postbackDisplayText: 300,
  /** postback fillInText, grapheme clusters */
  postbackFillInText: 300,
  /** message action text, grapheme clusters */
  messageActionText: 300,
  /** uri action uri and altUri.desktop (yml for desktop) */
  uriLength: 1000,
  /** schemes a uri action may use */
  uriSchemes: ['http:', 'https:', 'line:', 'tel:'] as readonly string[],
  /** clipboard text (yml) */
  clipboardText: 1000,
  /** image / video / thumbnail URLs */
  imageUrlLength: 2000,
  /** Flex message altText, UTF-16 units */
  flexAltText: 1500,
  /** template (and imagemap) message altText, UTF-16 units */
  templateAltText: 400,
  /** Flex bubble JSON, UTF-8 bytes ("30 KB", read as 30,000: the stricter reading) */
  flexBubbleBytes: 30_000,
  /** bubbles per Flex carousel */
  flexCarouselBubbles: 12,
  /** Flex carousel JSON, UTF-8 bytes ("50 KB", read as 50,000) */
  flexCarouselBytes: 50_000,
  /** buttons template */
  buttonsActions: 4,
  buttonsTitle: 40,
  buttonsText: 160,
  buttonsTextWithImageOrTitle: 60,
  /** confirm template: exactly 2 actions */
  confirmActions: 2,
  confirmText: 240,
  /** carousel template */
  carouselColumns: 10,
  carouselActions: 3,
  carouselTitle: 40,
  carouselText: 120,
  carouselTextWithImageOrTitle: 60,
  /** image carousel template */
  imageCarouselColumns: 10,
  /** sender.name (yml) */
  senderName: 20,
  /** loading animation seconds (yml: 5..60, a multiple of 5) */
  loadingSeconds: { min: 5, max: 60, step: 5 },
  /** rich menu (name, chatBarText: yml; areas: yml on the response object) */
  richMenuName: 300,
  richMenuChatBarText: 14,
  richMenuAreas: 20,
  richMenuWidth: { min: 800, max: 2500 },
  richMenuMinHeight: 250,
  richMenuMinAspectRatio: 1.45,
  /** rich menu image upload (JPEG or PNG) */
  richMenuImageBytes: 1024 * 1024,
} as const;

/** Length as LINE counts text messages: UTF-16 code units (=== s.length). */
export const utf16Length = (s: string): number => s.length;

let segmenter: Intl.Segmenter | null | undefined;
/** Length in grapheme clusters (how LINE counts labels and template texts). */
export function graphemeLength(s: string): number {
  if (segmenter === undefined) segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : null;
  if (!segmenter) return [...s].length;
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

/** UTF-8 byte length of the compact JSON of a value (Flex size limits). */
export const jsonByteLength = (v: unknown): number => new TextEncoder().encode(JSON.stringify(v)).length;

/** Cut `s` to at most `max` UTF-16 units without splitting a surrogate pair; appends `ellipsis` (counted) when cut. */
export function truncateUtf16(s: string, max: number, ellipsis = '…'): string {
  if (s.length <= max) return s;
  let end = Math.max(0, max - ellipsis.length);
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end) + ellipsis;
}

/** Cut `s` to at most `max` grapheme clusters; appends `ellipsis` (counted) when cut. */
export function truncateGraphemes(s: string, max: number, ellipsis = '…'): string {
  // A string has at most as many graphemes as UTF-16 units: skip the (costly) segmenter.
  if (s.length <= max || graphemeLength(s) <= max) return s;
  const keep = Math.max(0, max - graphemeLength(ellipsis));
  const seg = typeof Intl.Segmenter === 'function' ? [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].map((x) => x.segment) : [...s];
  return seg.slice(0, keep).join('') + ellipsis;
}
