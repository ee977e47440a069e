/**
 * Plain-text view of LINE messages, for the terminal chat, logs-free debugging and tests:
 * text as is, Flex and templates as their texts and buttons.
 */
import type { messagingApi } from '@line/bot-sdk';

export interface DescribedAction {
  label: string;
  /** postback data, message text, or URI */
  kind: 'postback' | 'message' | 'uri' | 'datetimepicker' | 'other';
  /** datetimepicker: date, time or datetime. */
  mode?: string;
  min?: string;
  value: string;
  displayText?: string;
}

export interface DescribedMessage {
  type: string;
  lines: string[];
  buttons: DescribedAction[];
  quickReplies: DescribedAction[];
}

function describeAction(a: messagingApi.Action | undefined): DescribedAction | undefined {
  if (!a) return undefined;
  const label = 'label' in a && typeof a.label === 'string' ? a.label : '';
  switch (a.type) {
    case 'postback': {
      const p = a as messagingApi.PostbackAction;
      return { label, kind: 'postback', value: p.data ?? '', ...(p.displayText ? { displayText: p.displayText } : {}) };
    }
    case 'message':
      return { label, kind: 'message', value: (a as messagingApi.MessageAction).text ?? '' };
    case 'datetimepicker': {
      const p = a as messagingApi.DatetimePickerAction;
      return { label, kind: 'datetimepicker', value: p.data ?? '', ...(p.mode ? { mode: p.mode } : {}), ...(p.min ? { min: p.min } : {}) };
    }
    case 'uri':
      return { label, kind: 'uri', value: (a as messagingApi.URIAction).uri ?? '' };
    default:
      return { label, kind: 'other', value: a.type ?? '' };
  }
}

function walkFlex(node: unknown, lines: string[], buttons: DescribedAction[]): void {
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.type === 'text' && typeof n.text === 'string') lines.push(n.text);
  if (n.type === 'button') {
    const a = describeAction(n.action as messagingApi.Action);
    if (a) buttons.push(a);
  }
  for (const key of ['header', 'hero', 'body', 'footer']) walkFlex(n[key], lines, buttons);
  if (Array.isArray(n.contents)) for (const c of n.contents) walkFlex(c, lines, buttons);
}

export function describeMessage(m: messagingApi.Message): DescribedMessage {
  const lines: string[] = [];
  const buttons: DescribedAction[] = [];
  if (m.type === 'text') lines.push((m as messagingApi.TextMessage).text);
  else if (m.type === 'flex') walkFlex((m as messagingApi.FlexMessage).contents, lines, buttons);
  else if (m.type === 'template') {
    const t = (m as messagingApi.TemplateMessage).template as unknown as Record<string, unknown>;
    if (typeof t.title === 'string') lines.push(t.title);
    if (typeof t.text === 'string') lines.push(t.text);
    for (const a of (t.actions as messagingApi.Action[] | undefined) ?? []) {
      const d = describeAction(a);
      if (d) buttons.push(d);
    }
  } else lines.push(`[${m.type}]`);
  const quickReplies = (m.quickReply?.items ?? []).map((i) => describeAction(i.action)).filter((x): x is DescribedAction => Boolean(x));
  return { type: m.type, lines, buttons, quickReplies };
}
