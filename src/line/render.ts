/**
 * Engine replies → LINE message objects. The only place that knows LINE's message
 * shapes besides the client. Every result is kept within LINE's limits here, before it
 * is stored in the outbox: long text is split, labels are shortened, extra messages merged.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { Translate } from '../content/i18n.ts';
import { type City, fillPlaceholders, localize } from '../content/city.ts';
import type { AcpSummaryView, Choice, EventCard, Locale, Reply } from '../engine/types.ts';
import { formatWhen } from '../engine/format-when.ts';
import { LINE_LIMITS, truncateGraphemes, truncateUtf16 } from './limit-values.ts';
import { encodeAction } from './postback.ts';
import { JAPAN_TIME_ZONE, japanSlashDate } from '../shared/japan-time.ts';
import { renderPlaces } from '../features/directory/line/render-places.ts';

type Message = messagingApi.Message;
type QuickReplyItem = messagingApi.QuickReplyItem;
type FlexBubble = messagingApi.FlexBubble;
type FlexComponent = messagingApi.FlexComponent;

/** The LINE limits this renderer applies (numbers in limit-values.ts; the fake LINE API checks them against the schema derived from LINE's spec). */
const LIMITS = {
  messagesPerCall: LINE_LIMITS.messagesPerRequest.max,
  textUnits: LINE_LIMITS.textLength,
  quickReplyItems: LINE_LIMITS.quickReplyItems,
  quickReplyLabel: LINE_LIMITS.quickReplyLabel,
  flexButtonLabel: LINE_LIMITS.flexButtonLabel,
  displayText: LINE_LIMITS.postbackDisplayText,
  altText: LINE_LIMITS.flexAltText,
  carouselBubbles: LINE_LIMITS.flexCarouselBubbles,
} as const;

/** What the renderer needs to know about a topic, in every language. */
export interface TopicView {
  id: string;
  scene: string;
  contacts: string[];
  sources: Array<{ title: string; url?: string }>;
  reviewed: string;
  byLang: Partial<Record<Locale, { title: string; label?: string; summary: string; more: string }>>;
}

export interface RenderContext {
  locale: Locale;
  t: Translate;
  city: City;
  topic(id: string): TopicView | undefined;
  /** Topic order per scene, for the carousels. */
  scenes: Record<string, string[]>;
}

// ---------------------------------------------------------------------------------------

/** Shortens to `max` UTF-16 units (text, altText, displayText), marking the cut with …. */
export function shorten(text: string, max: number): string {
  return truncateUtf16(text, max, '…');
}

/** Shortens an action label to `max` characters as LINE counts them (grapheme clusters). */
function shortLabel(text: string, max: number): string {
  return truncateGraphemes(text, max, '…');
}

/** Splits text into pieces of at most `max` UTF-16 units, preferring line breaks. */
export function splitText(text: string, max: number = LIMITS.textUnits): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest) parts.push(rest);
  return parts;
}

function topicText(ctx: RenderContext, id: string) {
  const topic = ctx.topic(id);
  if (!topic) return undefined;
  const view = topic.byLang[ctx.locale] ?? topic.byLang.ja;
  if (!view) return undefined;
  return { topic, title: view.title, label: view.label ?? view.title, summary: view.summary, more: view.more };
}

function choiceLabel(ctx: RenderContext, choice: Choice): string {
  const a = choice.action;
  // A topic's button shows its short label, written to fit (never a title cut mid-word).
  if (!choice.label && a.type === 'article') return topicText(ctx, a.id)?.label ?? a.id;
  const text = ctx.t(ctx.locale, choice.label, { ...choice.labelData });
  return choice.labelData?.checked ? `✓ ${text}` : text;
}

function quickReply(ctx: RenderContext, choices: Choice[] | undefined): messagingApi.QuickReply | undefined {
  if (!choices?.length) return undefined;
  const items: QuickReplyItem[] = choices.slice(0, LIMITS.quickReplyItems).map((choice) => {
    const label = choiceLabel(ctx, choice);
    // LINE's own location picker: the location comes back as a message, not as postback data.
    if (choice.action.type === 'share-location') return { type: 'action', action: { type: 'location', label: shortLabel(label, LIMITS.quickReplyLabel) } };
    const a = choice.action;
    if (a.type === 'pick-date') {
      // LINE's own calendar (datetimepicker); its answer comes back in postback.params.
      const min = a.min ? (a.mode === 'datetime' ? `${a.min}T00:00` : a.min) : undefined;
      return {
        type: 'action',
        action: { type: 'datetimepicker', label: shortLabel(label, LIMITS.quickReplyLabel), data: encodeAction(a), mode: a.mode, ...(min ? { min } : {}) },
      };
    }
    return {
      type: 'action',
      action: {
        type: 'postback',
        label: shortLabel(label, LIMITS.quickReplyLabel),
        data: encodeAction(choice.action),
        displayText: shorten(label, LIMITS.displayText),
      },
    };
  });
  return { items };
}

function cityName(ctx: RenderContext): string {
  return localize(ctx.city.city.name, ctx.locale);
}

// ---------------------------------------------------------------------------------------
// Contacts ("next step") from the city file

function contactLines(ctx: RenderContext, ids: string[]): string[] {
  const c = ctx.city;
  const L = (v: Parameters<typeof localize>[0]) => localize(v, ctx.locale);
  const lines: string[] = [];
  for (const id of ids) {
    switch (id) {
      case 'center':
        lines.push(`${L(c.center.name)} ${c.center.phone}（${L(c.center.hours_text)}）`);
        break;
      case 'houkatsu':
        lines.push(ctx.t(ctx.locale, 'role.houkatsu'));
        for (const h of c.houkatsu_centers) lines.push(`  ${L(h.name)} ${h.phone}（${areaNames(h, ctx.locale)}）`);
        break;
      case 'advice_line':
        if (c.emergency.advice_line.available) lines.push(`${L(c.emergency.advice_line.name)}（${L(c.emergency.advice_line.hours)}）`);
        break;
      case 'ict_help_desk':
        lines.push(`${L(c.tools.ict.name)} ${c.tools.ict.help_desk_phone}`);
        break;
      case 'care_insurance_desk':
      case 'night_clinic':
      case 'dementia_desk':
      case 'dental_home_visit':
      case 'pharmacy_home_visit':
      case 'elder_abuse_desk':
      case 'missing_person_desk': {
        const k = c.contacts[id];
        lines.push(`${L(k.name)} ${k.phone}${k.hours ? `（${L(k.hours)}）` : ''}`);
        break;
      }
      default:
        lines.push(ctx.t(ctx.locale, `role.${id}`));
    }
  }
  return lines.map((l) => (l.startsWith('  ') ? l : `・${l}`));
}

/** A centre's areas: in Latin letters for English when the city file gives them. */
function areaNames(h: City['houkatsu_centers'][number], locale: Locale): string {
  return locale === 'en' && h.areas_en ? h.areas_en.join(', ') : h.areas.join('・');
}

// ---------------------------------------------------------------------------------------
// Replies

function renderArticle(ctx: RenderContext, id: string, part: 'summary' | 'more'): Message[] {
  const tx = topicText(ctx, id);
  if (!tx) return [{ type: 'text', text: ctx.t(ctx.locale, 'faq.none') }];
  const fill = (s: string) => fillPlaceholders(s, ctx.city, ctx.locale);
  const reviewed = ctx.t(ctx.locale, 'article.reviewed', { date: tx.topic.reviewed });
  let text: string;
  if (part === 'summary') {
    const next = contactLines(ctx, tx.topic.contacts);
    text = `【${tx.title}】\n${fill(tx.summary)}`;
    if (next.length) text += `\n\n■${ctx.t(ctx.locale, 'article.next-step')}\n${next.join('\n')}`;
    text += `\n（${reviewed}）`;
  } else {
    const sources = tx.topic.sources.map((s) => `・${s.title}${s.url ? ` ${s.url}` : ''}`).join('\n');
    text = `【${tx.title}：${ctx.t(ctx.locale, 'article.more-heading')}】\n${fill(tx.more || tx.summary)}`;
    if (sources) text += `\n\n${ctx.t(ctx.locale, 'article.sources')}\n${sources}`;
    text += `\n（${reviewed}）`;
  }
  return splitText(text).map((t) => ({ type: 'text', text: t }));
}

const RED = '#C62828';

function textBox(text: string, extra: Partial<messagingApi.FlexText> = {}): FlexComponent {
  return { type: 'text', text, wrap: true, size: 'md', ...extra } as FlexComponent;
}

function telButton(label: string, number: string, primary: boolean): FlexComponent {
  return {
    type: 'button',
    style: primary ? 'primary' : 'secondary',
    color: primary ? RED : undefined,
    height: 'md',
    action: { type: 'uri', label: shortLabel(label, LIMITS.flexButtonLabel), uri: `tel:${number.replace('#', '%23')}` },
  } as FlexComponent;
}

function renderEmergency(ctx: RenderContext): Message {
  const { t, locale } = ctx;
  const line = ctx.city.emergency.advice_line;
  const body: FlexComponent[] = [textBox(t(locale, 'emergency.body'), { weight: 'bold', size: 'lg' }), textBox(t(locale, 'emergency.home-care'))];
  const buttons: FlexComponent[] = [telButton(t(locale, 'emergency.call119'), '119', true)];
  if (line.available) {
    body.push(textBox(t(locale, 'emergency.advice-line', { name: localize(line.name, locale), hours: localize(line.hours, locale) })));
    buttons.push(telButton(t(locale, 'emergency.call-advice', { number: line.number }), line.number, false));
  }
  const bubble: FlexBubble = {
    type: 'bubble',
    header: {
      type: 'box',
      layout: 'vertical',
      backgroundColor: RED,
      contents: [textBox(t(locale, 'emergency.title'), { color: '#FFFFFF', weight: 'bold', size: 'xl' })],
    },
    body: { type: 'box', layout: 'vertical', spacing: 'md', contents: body },
    footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons },
  };
  // The alt text carries the whole advice: it is what a notification or an old client shows.
  const alt = [t(locale, 'emergency.alt'), t(locale, 'emergency.body'), t(locale, 'emergency.home-care')].join(' ');
  return { type: 'flex', altText: shorten(alt, LIMITS.altText), contents: bubble };
}

const AMBER = '#E65100';

/**
 * A carer at breaking point or someone thinking of dying: the crisis lines, 110 when
 * someone is in danger now, the elder-abuse desk and the community support centre, and a
 * person at the center straight away (the quick reply and the button start a handoff).
 */
function renderCrisis(ctx: RenderContext, personal: boolean): Message {
  const { t, locale, city } = ctx;
  const lines = city.emergency.crisis_lines;
  const desk = city.contacts.elder_abuse_desk;
  const deskName = localize(desk.name, locale);
  const bubble: FlexBubble = {
    type: 'bubble',
    header: { type: 'box', layout: 'vertical', contents: [textBox(t(locale, 'crisis.title'), { weight: 'bold', size: 'xl' })] },
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'md',
      contents: [
        textBox(t(locale, 'crisis.body')),
        ...(personal ? [textBox(t(locale, 'crisis.person-line'), { weight: 'bold' })] : []),
        ...lines.map((l) => textBox(t(locale, 'crisis.line', { name: localize(l.name, locale), number: l.number, hours: localize(l.hours, locale) }))),
        textBox(t(locale, 'crisis.abuse', { name: deskName, phone: desk.phone, hours: desk.hours ? localize(desk.hours, locale) : '' })),
        textBox(t(locale, 'crisis.police'), { weight: 'bold', color: RED }),
        textBox(t(locale, 'crisis.danger'), { weight: 'bold', color: RED }),
      ],
    },
    footer: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [
        ...(personal ? [postbackButton(t(locale, 'crisis.person'), { type: 'command', command: 'person' })] : []),
        ...lines.map((l) => telButton(t(locale, 'crisis.call', { number: l.number }), l.number, false)),
        telButton(t(locale, 'crisis.call-abuse'), desk.phone, false),
        telButton(t(locale, 'crisis.call-police'), city.emergency.police_number, true),
        telButton(t(locale, 'emergency.call119'), '119', true),
      ],
    },
  };
  const alt = [
    t(locale, 'crisis.alt'),
    ...lines.map((l) => `${localize(l.name, locale)} ${l.number}`),
    t(locale, 'crisis.police'),
    t(locale, 'crisis.danger'),
  ].join(' ');
  return { type: 'flex', altText: shorten(alt, LIMITS.altText), contents: bubble };
}

function postbackButton(label: string, action: Parameters<typeof encodeAction>[0]): FlexComponent {
  return {
    type: 'button',
    style: 'primary',
    height: 'md',
    action: { type: 'postback', label: shortLabel(label, LIMITS.flexButtonLabel), data: encodeAction(action), displayText: shorten(label, LIMITS.displayText) },
  } as FlexComponent;
}

/**
 * Level (b), urgent but not 119: see a doctor soon. The advice line where the city has
 * one, the home doctor's / visiting nurse's 24-hour line for people in home care, the
 * night and holiday clinic, and 119 if it gets worse.
 */
function renderUrgent(ctx: RenderContext): Message {
  const { t, locale, city } = ctx;
  const line = city.emergency.advice_line;
  const clinic = city.contacts.night_clinic;
  const clinicName = localize(clinic.name, locale);
  const body: FlexComponent[] = [textBox(t(locale, 'urgent.body'), { weight: 'bold' }), textBox(t(locale, 'urgent.home-care'))];
  const buttons: FlexComponent[] = [];
  if (line.available) {
    body.push(textBox(t(locale, 'urgent.advice-line', { name: localize(line.name, locale), hours: localize(line.hours, locale) })));
    buttons.push(telButton(t(locale, 'emergency.call-advice', { number: line.number }), line.number, true));
  }
  body.push(textBox(t(locale, 'urgent.night-clinic', { name: clinicName, phone: clinic.phone, hours: clinic.hours ? localize(clinic.hours, locale) : '' })));
  body.push(textBox(t(locale, 'urgent.worse'), { color: RED }));
  buttons.push(telButton(t(locale, 'urgent.call-clinic'), clinic.phone, false), telButton(t(locale, 'emergency.call119'), '119', false));
  const bubble: FlexBubble = {
    type: 'bubble',
    header: {
      type: 'box',
      layout: 'vertical',
      backgroundColor: AMBER,
      contents: [textBox(t(locale, 'urgent.title'), { color: '#FFFFFF', weight: 'bold', size: 'xl' })],
    },
    body: { type: 'box', layout: 'vertical', spacing: 'md', contents: body },
    footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons },
  };
  const advice = line.available ? `${localize(line.name, locale)} ${line.number}` : `${clinicName} ${clinic.phone}`;
  const alt = [t(locale, 'urgent.alt', { advice }), t(locale, 'urgent.worse')].join(' ');
  return { type: 'flex', altText: shorten(alt, LIMITS.altText), contents: bubble };
}

/** Level (c): one line with 119 and the advice line, after the answer. */
function safetyNote(ctx: RenderContext): string {
  const line = ctx.city.emergency.advice_line;
  return line.available
    ? ctx.t(ctx.locale, 'safety.note', { name: localize(line.name, ctx.locale), number: line.number })
    : ctx.t(ctx.locale, 'safety.note-no-advice');
}

/** After an answer to 「家で死にたい」 and the like: the crisis lines, gently, in case it meant more. */
function crisisNote(ctx: RenderContext): string {
  const lines = ctx.city.emergency.crisis_lines.map((l) =>
    ctx.t(ctx.locale, 'safety.crisis-line', { name: localize(l.name, ctx.locale), number: l.number, hours: localize(l.hours, ctx.locale) }),
  );
  return [ctx.t(ctx.locale, 'safety.crisis-note'), ...lines].join('\n');
}

const INTL_LOCALE: Record<Locale, string> = { ja: 'ja-JP', 'ja-easy': 'ja-JP', en: 'en-GB' };

/** 「11月30日（月）8:30」 / "Mon 30 Nov 8:30", in Japan time. */
export function formatJst(iso: string, locale: Locale, part: 'date' | 'time'): string {
  const d = new Date(iso);
  if (part === 'time') return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: JAPAN_TIME_ZONE, hour: 'numeric', minute: '2-digit' }).format(d);
  const opts: Intl.DateTimeFormatOptions = { timeZone: JAPAN_TIME_ZONE, month: locale === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short' };
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], opts).format(d);
}

function openingLine(ctx: RenderContext, opening: Extract<Reply, { kind: 'contact' }>['opening']): FlexComponent | undefined {
  if (!opening) return undefined;
  const { t, locale } = ctx;
  if (opening.open && opening.until) return textBox(t(locale, 'contact.open-now', { time: formatJst(opening.until, locale, 'time') }), { weight: 'bold' });
  if (!opening.open && opening.next) {
    return textBox(t(locale, 'contact.closed-now', { date: formatJst(opening.next, locale, 'date'), time: formatJst(opening.next, locale, 'time') }), {
      weight: 'bold',
    });
  }
  return undefined;
}

/**
 * The center's card. `urgent` (a message left outside opening hours) adds what to do
 * meanwhile: 119, and the advice line where the city has one.
 */
function renderContact(ctx: RenderContext, opening: Extract<Reply, { kind: 'contact' }>['opening'], urgent = false): Message {
  const { t, locale, city } = ctx;
  const name = localize(city.center.name, locale);
  const now = openingLine(ctx, opening);
  const line = city.emergency.advice_line;
  const meanwhile: FlexComponent[] = [];
  const urgentButtons: FlexComponent[] = [];
  if (urgent) {
    urgentButtons.push(telButton(t(locale, 'emergency.call119'), '119', false));
    if (line.available) {
      meanwhile.push(textBox(t(locale, 'emergency.advice-line', { name: localize(line.name, locale), hours: localize(line.hours, locale) })));
      urgentButtons.push(telButton(t(locale, 'emergency.call-advice', { number: line.number }), line.number, false));
    }
  }
  const bubble: FlexBubble = {
    type: 'bubble',
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'md',
      contents: [
        textBox(name, { weight: 'bold', size: 'lg' }),
        textBox(t(locale, 'contact.intro')),
        textBox(t(locale, 'contact.phone', { phone: city.center.phone })),
        textBox(t(locale, 'contact.hours', { hours: localize(city.center.hours_text, locale) })),
        ...(now ? [now] : []),
        textBox(localize(city.center.address, locale), { size: 'sm' }),
        textBox(t(locale, 'contact.emergency-note'), { color: RED }),
        ...meanwhile,
      ],
    },
    footer: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      // Outside opening hours the center cannot be called, so 119 and the advice line lead.
      // (During opening hours the center's own number follows them.)
      contents: urgent
        ? [...urgentButtons, ...(opening?.open ? [telButton(t(locale, 'contact.call'), city.center.phone, false)] : [])]
        : [telButton(t(locale, 'contact.call'), city.center.phone, true)],
    },
  };
  const altParts = [t(locale, 'contact.alt', { name }), city.center.phone, localize(city.center.hours_text, locale)];
  if (urgent) altParts.push(t(locale, 'contact.emergency-note'), ...(line.available ? [`${localize(line.name, locale)} ${line.number}`] : []));
  const alt = altParts.join(' ');
  return { type: 'flex', altText: shorten(alt, LIMITS.altText), contents: bubble };
}

const TOPICS_PER_BUBBLE = 6;

function renderTopics(ctx: RenderContext, scene: string, ids: string[]): Message {
  const { t, locale } = ctx;
  const sceneName = t(locale, `scene.${scene}`);
  const known = ids.map((id) => topicText(ctx, id)).filter((x): x is NonNullable<typeof x> => Boolean(x));
  const bubbles: FlexBubble[] = [];
  for (let i = 0; i < known.length && bubbles.length < LIMITS.carouselBubbles; i += TOPICS_PER_BUBBLE) {
    const page = known.slice(i, i + TOPICS_PER_BUBBLE);
    bubbles.push({
      type: 'bubble',
      header: {
        type: 'box',
        layout: 'vertical',
        contents: [textBox(sceneName, { weight: 'bold', size: 'lg' }), textBox(t(locale, 'article.topics-hint'), { size: 'sm' })],
      },
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: page.map(
          (tx) =>
            ({
              type: 'button',
              style: 'secondary',
              height: 'md',
              action: {
                type: 'postback',
                label: shortLabel(tx.title, LIMITS.flexButtonLabel),
                data: encodeAction({ type: 'article', id: tx.topic.id, part: 'summary' }),
                displayText: shorten(tx.title, LIMITS.displayText),
              },
            }) as FlexComponent,
        ),
      },
    });
  }
  if (bubbles.length === 0) return { type: 'text', text: t(locale, 'faq.none') };
  const alt = `${t(locale, 'article.topics-alt', { scene: sceneName })}: ${known.map((k) => k.title).join(' / ')}`;
  return {
    type: 'flex',
    altText: shorten(alt, LIMITS.altText),
    contents: bubbles.length === 1 ? bubbles[0]! : { type: 'carousel', contents: bubbles },
  };
}

/** Longest event description on a card; the rest is for the center's own pages. */
const EVENT_DESCRIPTION_MAX = 160;

function eventButton(label: string, action: Parameters<typeof encodeAction>[0], primary: boolean): FlexComponent {
  return {
    type: 'button',
    style: primary ? 'primary' : 'secondary',
    height: 'md',
    action: { type: 'postback', label: shortLabel(label, LIMITS.flexButtonLabel), data: encodeAction(action), displayText: shorten(label, LIMITS.displayText) },
  } as FlexComponent;
}

/**
 * Event cards, one bubble per event: open events with 申し込む (or キャンセル待ち when full),
 * or the person's own registrations with キャンセル and リマインド停止.
 */
function renderEvents(ctx: RenderContext, mode: 'open' | 'mine', items: EventCard[]): Message {
  const { t, locale } = ctx;
  if (!items.length) return { type: 'text', text: t(locale, mode === 'open' ? 'outreach.events.none' : 'outreach.mine.none') };
  const bubbles: FlexBubble[] = items.slice(0, LIMITS.carouselBubbles).map((e) => {
    const when = formatWhen(e.startsAt, locale);
    const body: FlexComponent[] = [
      textBox(t(locale, `outreach.events.kind.${e.kind === 'training' ? 'training' : 'event'}`), { size: 'sm', color: '#555555' }),
      textBox(shorten(e.title, 120), { weight: 'bold', size: 'lg' }),
      textBox(t(locale, 'outreach.events.when', { when })),
      textBox(t(locale, 'outreach.events.place', { place: shorten(e.place, 120) })),
    ];
    const footer: FlexComponent[] = [];
    if (mode === 'open') {
      body.push(textBox(e.seatsLeft > 0 ? t(locale, 'outreach.events.seats', { count: e.seatsLeft }) : t(locale, 'outreach.events.full'), { weight: 'bold' }));
      if (e.description) body.push(textBox(shorten(e.description, EVENT_DESCRIPTION_MAX), { size: 'sm' }));
      footer.push(
        eventButton(t(locale, e.seatsLeft > 0 ? 'outreach.events.register' : 'outreach.events.waitlist'), { type: 'event', op: 'register', id: e.id }, true),
      );
    } else {
      body.push(textBox(t(locale, e.status === 'waitlisted' ? 'outreach.mine.waitlisted' : 'outreach.mine.registered'), { weight: 'bold' }));
      if (e.status !== 'waitlisted') body.push(textBox(t(locale, e.remind ? 'outreach.mine.remind-on' : 'outreach.mine.remind-off'), { size: 'sm' }));
      footer.push(eventButton(t(locale, 'outreach.event.cancel'), { type: 'event', op: 'cancel', id: e.id }, false));
      if (e.remind && e.status !== 'waitlisted')
        footer.push(eventButton(t(locale, 'outreach.event.stop-remind'), { type: 'event', op: 'stop-remind', id: e.id }, false));
    }
    return {
      type: 'bubble',
      body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
      footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: footer },
    };
  });
  const alt = `${t(locale, mode === 'open' ? 'outreach.events.alt' : 'outreach.mine.alt')}: ${items.map((e) => `${formatWhen(e.startsAt, locale)} ${e.title}`).join(' / ')}`;
  return { type: 'flex', altText: shorten(alt, LIMITS.altText), contents: bubbles.length === 1 ? bubbles[0]! : { type: 'carousel', contents: bubbles } };
}

// ---------------------------------------------------------------------------------------
// The ACP note's summary: a bubble per section (a carousel), 変更 under each answer in the review

const ACP_TEXT_IN_CHAT = 300;
const PURPLE = '#6A1B9A';

export function jstYmd(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : japanSlashDate(ms);
}

/** An answer as one line: the chosen options' labels, then the person's own words. */
export function acpAnswerText(t: (key: string) => string, row: AcpSummaryView['sections'][number]['rows'][number], maxText = Infinity): string {
  const parts = row.answers.map((k) => t(k));
  if (row.text) parts.push(`「${row.text.length > maxText ? `${row.text.slice(0, maxText)}…` : row.text}」`);
  return parts.length ? parts.join('、') : t('acp.summary.unanswered');
}

function renderAcpSummary(ctx: RenderContext, view: AcpSummaryView, mode: 'section' | 'review' | 'shared'): Message {
  const { locale } = ctx;
  const t = (key: string, data?: Record<string, unknown>) => ctx.t(locale, key, data);
  const meta: string[] = [];
  if (view.writer) meta.push(t(`acp.summary.writer.${view.writer}`));
  if (view.updatedAt) meta.push(t('acp.summary.updated', { date: jstYmd(view.updatedAt) }));
  const bubbles: FlexBubble[] = [];
  if (mode !== 'section') {
    const first: FlexComponent[] = [
      textBox(t(mode === 'shared' ? 'acp.summary.shared-title' : 'acp.summary.title'), { weight: 'bold', size: 'lg', color: PURPLE }),
    ];
    for (const m of meta) first.push(textBox(m, { size: 'sm' }));
    first.push(textBox(t('acp.summary.not-legal'), { size: 'sm', color: '#555555' }));
    if (view.doctorItems.length) {
      first.push(textBox(t('acp.summary.doctor-topics'), { weight: 'bold' }));
      for (const item of view.doctorItems) first.push(textBox(`・${t(`acp.item.${item}`)}`));
    }
    bubbles.push({ type: 'bubble', body: { type: 'box', layout: 'vertical', spacing: 'md', contents: first } });
  }
  for (const section of view.sections) {
    if (bubbles.length >= LIMITS.carouselBubbles) break;
    const rows: FlexComponent[] = [];
    for (const row of section.rows) {
      rows.push(textBox(t(`acp.item.${row.item}`), { size: 'sm', weight: 'bold', color: '#555555' }));
      rows.push(textBox(`${row.doctor ? '★ ' : ''}${acpAnswerText(t, row, ACP_TEXT_IN_CHAT)}`));
      if (mode !== 'shared') {
        rows.push({
          type: 'button',
          style: 'secondary',
          height: 'sm',
          action: {
            type: 'postback',
            label: shortLabel(t('acp.summary.change'), LIMITS.flexButtonLabel),
            data: encodeAction({ type: 'acp', op: 'change', arg: row.item }),
            displayText: shorten(`${t('acp.summary.change')}：${t(`acp.item.${row.item}`)}`, LIMITS.displayText),
          },
        } as FlexComponent);
      }
    }
    bubbles.push({
      type: 'bubble',
      header: { type: 'box', layout: 'vertical', contents: [textBox(t(`acp.section.${section.id}`), { weight: 'bold', size: 'lg', color: PURPLE })] },
      body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: rows },
    });
  }
  if (bubbles.length === 0) return { type: 'text', text: t('acp.summary.empty') };
  // The alt text shows in notifications (a lock screen): the sections' names, never the answers.
  const altLines = [t(mode === 'shared' ? 'acp.summary.shared-title' : 'acp.summary.title'), ...meta, ...view.sections.map((x) => t(`acp.section.${x.id}`))];
  return {
    type: 'flex',
    altText: shorten(altLines.join(' / '), LIMITS.altText),
    contents: bubbles.length === 1 ? bubbles[0]! : { type: 'carousel', contents: bubbles },
  };
}

function renderOne(ctx: RenderContext, reply: Reply): Message[] {
  switch (reply.kind) {
    case 'text': {
      const text = ctx.t(ctx.locale, reply.key, { cityName: cityName(ctx), ...reply.data });
      return splitText(text).map((t) => ({ type: 'text', text: t }));
    }
    case 'article':
      return renderArticle(ctx, reply.id, reply.part);
    case 'emergency':
      if (reply.variant === 'crisis') return [renderCrisis(ctx, Boolean(reply.quick?.length))];
      return [reply.variant === 'urgent' ? renderUrgent(ctx) : renderEmergency(ctx)];
    case 'safety-note':
      return [{ type: 'text', text: reply.variant === 'crisis' ? crisisNote(ctx) : safetyNote(ctx) }];
    case 'contact':
      return [renderContact(ctx, reply.opening, reply.urgent)];
    case 'topics':
      return [renderTopics(ctx, reply.scene, reply.ids)];
    case 'events':
      return [renderEvents(ctx, reply.mode, reply.items)];
    case 'acp-summary':
      return [renderAcpSummary(ctx, reply.summary, reply.mode)];
    case 'directory':
      return renderPlaces(ctx, reply.view);
  }
}

/**
 * Renders replies into at most five LINE messages. The quick replies of the last reply
 * that has any go on the last message (LINE only shows the last message's quick replies).
 */
export function renderReplies(ctx: RenderContext, replies: Reply[]): Message[] {
  let messages: Message[] = [];
  let quick: Choice[] | undefined;
  for (const reply of replies) {
    messages.push(...renderOne(ctx, reply));
    if ('quick' in reply && reply.quick?.length) quick = reply.quick;
  }
  if (messages.length > LIMITS.messagesPerCall) messages = mergeOverflow(messages);
  const qr = quickReply(ctx, quick);
  const last = messages[messages.length - 1];
  if (qr && last) messages[messages.length - 1] = { ...last, quickReply: qr };
  return messages;
}

/** Keeps the first four messages and folds the rest into one text message (or drops non-text). */
function mergeOverflow(messages: Message[]): Message[] {
  const head = messages.slice(0, LIMITS.messagesPerCall - 1);
  const tail = messages.slice(LIMITS.messagesPerCall - 1);
  const text = tail
    .map((m) => (m.type === 'text' ? m.text : m.type === 'flex' ? m.altText : ''))
    .filter(Boolean)
    .join('\n\n');
  return [...head, { type: 'text', text: shorten(text, LIMITS.textUnits) }];
}
