/**
 * BROWSER CODE. Draws LINE messages (text, Flex bubbles and carousels, templates, quick
 * replies) as DOM, approximating how the LINE app shows them.
 *
 * These functions are sent to the browser as their own source text (see client-script.ts),
 * so that they are type-checked with the app yet need no bundler. Hence the rules for this
 * file: every top-level declaration is an exported function; functions use only each other,
 * their arguments and browser globals (no imports except types, no module-level constants);
 * text goes in with textContent and colours with the CSSOM, never as HTML or style
 * attributes (a strict CSP will be added).
 */

/** Any part of a LINE message: read defensively, the simulator must show even invalid ones. */
export type LineNode = { [key: string]: unknown };

/** A tappable LINE action (postback, message, uri, …). */
export interface LineAction {
  type?: string;
  label?: string;
  data?: string;
  text?: string;
  displayText?: string;
  uri?: string;
  /** datetimepicker: date, time or datetime, and the earliest value it offers. */
  mode?: string;
  min?: string;
}

export interface RenderHooks {
  /** the user tapped a postback or message action */
  tap(action: LineAction): void;
  /** the user picked a value in a datetimepicker action (YYYY-MM-DD, HH:MM or YYYY-MM-DDTHH:MM) */
  pick(action: LineAction, value: string): void;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function str(node: LineNode | undefined, key: string): string | undefined {
  const v = node?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function obj(node: LineNode | undefined, key: string): LineNode | undefined {
  const v = node?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as LineNode) : undefined;
}

export function list(node: LineNode | undefined, key: string): LineNode[] {
  const v = node?.[key];
  return Array.isArray(v) ? v.filter((x): x is LineNode => Boolean(x) && typeof x === 'object') : [];
}

/** Only links a phone can open safely; anything else is shown but not followed. */
export function safeHref(uri: string | undefined): string | undefined {
  return uri && /^(https?:|tel:|mailto:)/i.test(uri) ? uri : undefined;
}

/** LINE's keyword sizes relative to md (text and icons), scaled by the bubble's font size. */
export function flexFontSize(size: string | undefined): string | undefined {
  const ratio: Record<string, number> = { xxs: 0.69, xs: 0.81, sm: 0.88, md: 1, lg: 1.19, xl: 1.38, xxl: 1.81, '3xl': 2.19, '4xl': 3, '5xl': 4.63 };
  if (!size) return undefined;
  if (ratio[size] !== undefined) return `${ratio[size]}em`;
  return /^\d+(\.\d+)?px$/.test(size) ? size : undefined;
}

/** LINE's keyword spacings and margins (also used for paddings given as keywords). */
export function flexSpace(value: string | undefined): string | undefined {
  const px: Record<string, number> = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  if (!value) return undefined;
  if (px[value] !== undefined) return `${px[value]}px`;
  return /^\d+(\.\d+)?(px|%)$/.test(value) ? value : undefined;
}

/** Text with links for URLs and hyphenated phone numbers, as the LINE app does. */
export function linkedText(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const pattern = /(https?:\/\/[^\s（）「」、。]+)|(\b0\d{1,4}-\d{1,4}-\d{3,4}\b)/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    const i = m.index ?? 0;
    if (i > at) out.append(text.slice(at, i));
    const a = el('a', 'auto-link', m[0]);
    a.href = m[1] ? m[1] : `tel:${m[0]}`;
    if (m[1]) {
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
    out.append(a);
    at = i + m[0].length;
  }
  if (at < text.length) out.append(text.slice(at));
  return out;
}

/**
 * A tappable action as LINE shows it: a uri action is a real link (tel: opens the dialler),
 * a postback or message action a <button> that sends through the simulator.
 */
export function actionControl(action: LineAction | undefined, label: string, className: string, hooks: RenderHooks): HTMLElement {
  const type = action?.type;
  const href = type === 'uri' ? safeHref(action?.uri) : undefined;
  if (href) {
    const a = el('a', className, label);
    a.href = href;
    if (!href.startsWith('tel:') && !href.startsWith('mailto:')) {
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
    return a;
  }
  if (type === 'datetimepicker' && action) return pickerControl(action, label, className, hooks);
  const b = el('button', className, label);
  b.type = 'button';
  if (action && (type === 'postback' || type === 'message' || type === 'location')) b.addEventListener('click', () => hooks.tap(action));
  else {
    b.disabled = true;
    b.title = `シミュレーターでは使えない操作です（${type ?? '不明'}）`;
  }
  return b;
}

/**
 * LINE's date picker (a datetimepicker action): the browser's own date or date-and-time input
 * inside the chip, so picking a day sends the postback with the value, as LINE does.
 */
export function pickerControl(action: LineAction, label: string, className: string, hooks: RenderHooks): HTMLElement {
  const wrap = el('label', `${className} chip-picker`);
  wrap.append(el('span', 'chip-picker-label', `📅 ${label}`));
  const input = el('input', 'chip-picker-input');
  input.type = action.mode === 'time' ? 'time' : action.mode === 'datetime' ? 'datetime-local' : 'date';
  input.setAttribute('aria-label', label);
  if (action.min) input.min = action.min;
  input.addEventListener('change', () => {
    if (input.value) hooks.pick(action, input.value);
  });
  wrap.append(input);
  return wrap;
}

/** margin / flex / position: what a child takes from the box around it. */
export function applyChildLayout(node: LineNode, target: HTMLElement, parentLayout: string): void {
  const horizontal = parentLayout !== 'vertical';
  const flex = typeof node.flex === 'number' ? node.flex : undefined;
  if (horizontal) target.style.flex = `${flex ?? 1} ${flex === 0 ? 0 : 1} ${flex === 0 ? 'auto' : '0%'}`;
  else if (flex !== undefined && flex > 0) target.style.flex = `${flex} 1 0%`;
  const margin = flexSpace(str(node, 'margin'));
  if (margin) target.style[horizontal ? 'marginInlineStart' : 'marginBlockStart'] = margin;
  const align = str(node, 'align');
  if (align && node.type !== 'text') target.style.alignSelf = align === 'start' ? 'flex-start' : align === 'end' ? 'flex-end' : 'center';
  const gravity = str(node, 'gravity');
  if (gravity && horizontal) target.style.alignSelf = gravity === 'top' ? 'flex-start' : gravity === 'bottom' ? 'flex-end' : 'center';
}

export function renderFlexBox(node: LineNode, hooks: RenderHooks): HTMLElement {
  const layout = str(node, 'layout') ?? 'vertical';
  const box = el('div', `flex-box flex-${layout}`);
  const s = box.style;
  const gap = flexSpace(str(node, 'spacing'));
  if (gap) s.gap = gap;
  const bg = str(node, 'backgroundColor');
  if (bg) s.backgroundColor = bg;
  const border = str(node, 'borderColor');
  const borderWidth = str(node, 'borderWidth');
  if (border || borderWidth)
    s.border = `${borderWidth === 'none' ? '0' : borderWidth && /px$/.test(borderWidth) ? borderWidth : '1px'} solid ${border ?? '#000'}`;
  const radius = str(node, 'cornerRadius');
  if (radius) s.borderRadius = flexSpace(radius) ?? radius;
  const pad = (key: string) => flexSpace(str(node, key));
  const all = pad('paddingAll');
  if (all) s.padding = all;
  const sides: Array<[string, 'paddingTop' | 'paddingBottom' | 'paddingInlineStart' | 'paddingInlineEnd']> = [
    ['paddingTop', 'paddingTop'],
    ['paddingBottom', 'paddingBottom'],
    ['paddingStart', 'paddingInlineStart'],
    ['paddingEnd', 'paddingInlineEnd'],
  ];
  for (const [key, prop] of sides) {
    const v = pad(key);
    if (v) s[prop] = v;
  }
  for (const key of ['width', 'maxWidth', 'height', 'maxHeight'] as const) {
    const v = str(node, key);
    if (v && /^\d+(\.\d+)?(px|%)$/.test(v)) s[key] = v;
  }
  const justify = str(node, 'justifyContent');
  if (justify) s.justifyContent = justify;
  const alignItems = str(node, 'alignItems');
  if (alignItems) s.alignItems = alignItems;
  for (const child of list(node, 'contents')) {
    const rendered = renderFlexComponent(child, hooks);
    applyChildLayout(child, rendered, layout);
    box.append(rendered);
  }
  return box;
}

export function renderFlexText(node: LineNode, hooks: RenderHooks): HTMLElement {
  // A span (display: block), not a <p>: a text with an action goes inside a <button>.
  const p = el('span', 'flex-text');
  const spans = list(node, 'contents');
  if (spans.length) {
    for (const span of spans) {
      const sp = el('span', undefined, str(span, 'text') ?? '');
      styleText(span, sp);
      p.append(sp);
    }
  } else p.append(linkedText(str(node, 'text') ?? ''));
  styleText(node, p);
  if (node.wrap === true) p.classList.add('is-wrapped');
  const maxLines = typeof node.maxLines === 'number' && node.maxLines > 0 ? node.maxLines : undefined;
  if (maxLines) {
    p.classList.add('is-clamped');
    p.style.webkitLineClamp = String(maxLines);
  }
  const align = str(node, 'align');
  if (align) p.style.textAlign = align === 'end' ? 'end' : align === 'center' ? 'center' : 'start';
  const action = obj(node, 'action') as LineAction | undefined;
  if (action?.type === 'uri' || action?.type === 'postback' || action?.type === 'message') {
    const wrapper = actionControl(action, '', 'flex-tappable', hooks);
    wrapper.append(p);
    return wrapper;
  }
  return p;
}

/** size, weight, colour, style and decoration shared by text and span. */
export function styleText(node: LineNode, target: HTMLElement): void {
  const size = flexFontSize(str(node, 'size'));
  if (size) target.style.fontSize = size;
  if (str(node, 'weight') === 'bold') target.style.fontWeight = 'bold';
  const color = str(node, 'color');
  if (color) target.style.color = color;
  if (str(node, 'style') === 'italic') target.style.fontStyle = 'italic';
  const decoration = str(node, 'decoration');
  if (decoration === 'underline' || decoration === 'line-through') target.style.textDecoration = decoration;
}

export function renderFlexButton(node: LineNode, hooks: RenderHooks): HTMLElement {
  const style = str(node, 'style') ?? 'link';
  const action = obj(node, 'action') as LineAction | undefined;
  const height = str(node, 'height') === 'sm' ? 'sm' : 'md';
  const control = actionControl(action, action?.label ?? '', `flex-button flex-button-${style} flex-button-${height}`, hooks);
  const color = str(node, 'color');
  if (color) {
    if (style === 'link') control.style.color = color;
    else control.style.backgroundColor = color;
  }
  return control;
}

export function renderFlexComponent(node: LineNode, hooks: RenderHooks): HTMLElement {
  switch (node.type) {
    case 'box':
      return renderFlexBox(node, hooks);
    case 'text':
      return renderFlexText(node, hooks);
    case 'button':
      return renderFlexButton(node, hooks);
    case 'separator': {
      const hr = el('hr', 'flex-separator');
      const color = str(node, 'color');
      if (color) hr.style.borderColor = color;
      return hr;
    }
    case 'filler':
      return el('div', 'flex-filler');
    case 'spacer': {
      const d = el('div', 'flex-spacer');
      d.style.height = flexSpace(str(node, 'size') ?? 'md') ?? '8px';
      return d;
    }
    case 'image':
    case 'video':
    case 'icon': {
      // Images are not fetched: the simulator must work offline and show nothing from outside.
      const ph = el('div', `flex-${String(node.type)}`, node.type === 'icon' ? '◆' : node.type === 'video' ? '［動画］' : '［画像］');
      ph.setAttribute('role', 'img');
      ph.setAttribute('aria-label', node.type === 'video' ? '動画' : '画像');
      return ph;
    }
    default:
      return el('div', 'flex-unknown', `［未対応の部品: ${String(node.type)}］`);
  }
}

export function renderFlexBubble(bubble: LineNode, hooks: RenderHooks): HTMLElement {
  const size = str(bubble, 'size') ?? 'mega';
  const card = el('div', `flex-bubble flex-size-${size}`);
  const styles = obj(bubble, 'styles');
  for (const part of ['header', 'hero', 'body', 'footer'] as const) {
    const block = obj(bubble, part);
    if (!block) continue;
    const wrap = el('div', `flex-block flex-${part}`);
    const blockStyle = obj(styles, part);
    const bg = str(blockStyle, 'backgroundColor');
    if (bg) wrap.style.backgroundColor = bg;
    if (blockStyle?.separator === true) wrap.style.borderTop = `1px solid ${str(blockStyle, 'separatorColor') ?? '#e5e5e5'}`;
    wrap.append(renderFlexComponent(block, hooks));
    card.append(wrap);
  }
  return card;
}

export function renderFlex(message: LineNode, hooks: RenderHooks): HTMLElement {
  const contents = obj(message, 'contents');
  const wrap = el('div', 'flex-message');
  if (contents?.type === 'carousel') {
    const track = el('div', 'flex-carousel');
    track.setAttribute('role', 'group');
    track.setAttribute('aria-label', 'カルーセル（横にスクロールできます）');
    for (const bubble of list(contents, 'contents')) track.append(renderFlexBubble(bubble, hooks));
    // A scrolling area must be reachable by keyboard; buttons inside already make it so.
    if (!track.querySelector('a, button:not([disabled])')) track.tabIndex = 0;
    wrap.append(track);
  } else if (contents) wrap.append(renderFlexBubble(contents, hooks));
  const alt = str(message, 'altText');
  if (alt) {
    // What a notification or an old LINE client shows instead: worth checking while authoring.
    const details = el('details', 'alt-text');
    details.append(el('summary', undefined, '代替テキスト'), el('p', undefined, alt));
    wrap.append(details);
  }
  return wrap;
}

/** Buttons / confirm templates as a simple card (LINE's older message type). */
export function renderTemplate(message: LineNode, hooks: RenderHooks): HTMLElement {
  const t = obj(message, 'template');
  const card = el('div', 'flex-bubble template');
  const body = el('div', 'flex-block flex-body');
  const title = str(t, 'title');
  if (title) body.append(el('p', 'flex-text template-title', title));
  const text = str(t, 'text');
  if (text) body.append(el('p', 'flex-text is-wrapped', text));
  card.append(body);
  const footer = el('div', 'flex-block flex-footer');
  for (const a of list(t, 'actions'))
    footer.append(actionControl(a as LineAction, str(a, 'label') ?? '', 'flex-button flex-button-link flex-button-md', hooks));
  card.append(footer);
  return card;
}

/** One message from the bot, as its chat bubble. */
export function renderLineMessage(message: LineNode, hooks: RenderHooks): HTMLElement {
  switch (message.type) {
    case 'text': {
      const bubble = el('div', 'bubble bubble-bot');
      bubble.append(linkedText(str(message, 'text') ?? ''));
      return bubble;
    }
    case 'flex':
      return renderFlex(message, hooks);
    case 'template':
      return renderTemplate(message, hooks);
    case 'sticker':
      return el('div', 'bubble bubble-bot', '［スタンプ］');
    default:
      return el('div', 'bubble bubble-bot', `［${String(message.type)} メッセージ］`);
  }
}

/** Quick reply chips under the chat (LINE shows only the last message's, until the user answers). */
export function renderQuickReplies(message: LineNode, hooks: RenderHooks): HTMLElement[] {
  return list(obj(message, 'quickReply'), 'items').map((item) => {
    const action = obj(item, 'action') as LineAction | undefined;
    return actionControl(action, action?.label ?? '', 'chip', hooks);
  });
}
