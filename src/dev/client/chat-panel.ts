/**
 * BROWSER CODE. Runs the simulator page: one chat per simulated user, talking to the
 * simulator API (/dev/api), plus the user switcher shown at phone width.
 *
 * Sent to the browser as source text like render-line-message.ts, under the same rules;
 * the renderer comes in as the argument `r` (a reference across files would not survive
 * being turned into text).
 */
import type * as Renderer from './render-line-message.ts';
import type { LineAction, LineNode, RenderHooks } from './render-line-message.ts';
import type { SimItem } from '../transcript.ts';

type R = Pick<typeof Renderer, 'el' | 'renderLineMessage' | 'renderQuickReplies'>;
interface View {
  items: SimItem[];
  lastId: number;
}
type Outgoing =
  | { type: 'text'; text: string }
  | { type: 'postback'; data: string; displayText?: string; params?: Record<string, string> }
  | { type: 'location'; lat: number; lng: number };

/** Where the simulator's 「現在地を送る」 puts you unless you type another point: the demo city's 北町. */
const DEMO_LOCATION = '35.7265,139.4970';

export async function callApi(url: string, body?: unknown, signal?: AbortSignal): Promise<View> {
  const init: RequestInit =
    body === undefined ? { method: 'GET' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  if (signal) init.signal = signal;
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as View;
}

/** "9:05", in the city's time zone (the page says which) rather than the browser's. */
export function clockTime(at: number): string {
  const timeZone = document.body.dataset.timeZone || undefined;
  try {
    return new Intl.DateTimeFormat('ja-JP', { hour: 'numeric', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(at);
  } catch {
    return new Intl.DateTimeFormat('ja-JP', { hour: 'numeric', minute: '2-digit' }).format(at);
  }
}

/** One row of the chat: the user's bubble on the right, the bot's on the left, notes centred. */
export function renderItem(r: R, item: SimItem, hooks: RenderHooks): HTMLElement {
  const row = r.el('div', `row row-${item.from}`);
  row.dataset.itemId = String(item.id);
  if (item.from === 'system') {
    row.append(r.el('p', `system system-${item.level}`, item.text));
    return row;
  }
  // Who said it, for screen readers (the bubbles' sides say it visually).
  row.append(r.el('span', 'visually-hidden', item.from === 'user' ? 'あなた：' : 'renkei：'));
  if (item.from === 'user') row.append(r.el('div', 'bubble bubble-user', item.text));
  else row.append(r.renderLineMessage(item.message as unknown as LineNode, hooks));
  const time = r.el('time', 'row-time', clockTime(item.at));
  time.dateTime = new Date(item.at).toISOString();
  row.append(time);
  return row;
}

export function setupPanel(r: R, panel: HTMLElement, api: string): { open(): void } {
  const base = `${api}/users/${panel.dataset.user ?? ''}`;
  const log = panel.querySelector<HTMLElement>('.log')!;
  const quick = panel.querySelector<HTMLElement>('.quick')!;
  const form = panel.querySelector<HTMLFormElement>('.composer')!;
  const input = panel.querySelector<HTMLInputElement>('.composer-input')!;
  const state = { lastId: 0, last: undefined as SimItem | undefined, opened: false, busy: 0, generation: 0, poll: undefined as AbortController | undefined };

  const hooks: RenderHooks = {
    tap(action: LineAction) {
      if (action.type === 'postback' && action.data)
        void send({ type: 'postback', data: action.data, ...(action.displayText ? { displayText: action.displayText } : {}) });
      else if (action.type === 'message' && action.text) void send({ type: 'text', text: action.text });
      else if (action.type === 'location') {
        // LINE opens a map picker; the simulator asks for the point as "lat,lng".
        const typed = window.prompt('送る位置（緯度,経度）', DEMO_LOCATION);
        const [lat, lng] = (typed ?? '').split(',').map((x) => Number(x.trim()));
        if (typed && Number.isFinite(lat) && Number.isFinite(lng)) void send({ type: 'location', lat: lat!, lng: lng! });
      }
    },
    pick(action: LineAction, value: string) {
      // LINE answers a datetimepicker with the value in postback.params, under the picker's mode.
      if (action.data !== undefined)
        void send({ type: 'postback', data: action.data, displayText: value.replace('T', ' '), params: { [action.mode ?? 'date']: value } });
    },
  };

  function note(text: string): void {
    append([{ id: state.lastId, at: Date.now(), from: 'system', level: 'warn', text }], true);
  }

  function append(items: SimItem[], local = false): void {
    let added = 0;
    for (const item of items) {
      if (!local && item.id <= state.lastId) continue; // already shown (a send and a poll can both return it)
      added++;
      log.insertBefore(renderItem(r, item, hooks), log.querySelector('.typing'));
      if (!local) state.lastId = item.id;
      state.last = item;
      // The answer is here (perhaps by the poll, before the send returns): stop saying we wait.
      if (item.from !== 'user') log.querySelector('.typing')?.remove();
    }
    showQuickReplies();
    // Only news moves the chat to the bottom: someone scrolled up to read is left there otherwise.
    if (added) log.scrollTop = log.scrollHeight;
  }

  function showQuickReplies(): void {
    const last = state.last;
    // Redraw only for a new last message: redrawing the same chips would drop keyboard focus.
    if (quick.dataset.forItem === String(last?.id ?? '') && last?.from === quick.dataset.forFrom) return;
    quick.dataset.forItem = String(last?.id ?? '');
    quick.dataset.forFrom = last?.from ?? '';
    const chips = last?.from === 'bot' ? r.renderQuickReplies(last.message as unknown as LineNode, hooks) : [];
    quick.replaceChildren(...chips);
    quick.hidden = chips.length === 0;
  }

  function setBusy(on: boolean): void {
    state.busy += on ? 1 : -1;
    const busy = state.busy > 0;
    log.setAttribute('aria-busy', String(busy));
    let typing = log.querySelector('.typing');
    if (busy && !typing) {
      typing = r.el('p', 'typing', '返事を待っています…');
      log.append(typing);
      log.scrollTop = log.scrollHeight;
    } else if (!busy && typing) typing.remove();
    showQuickReplies();
  }

  async function send(message: Outgoing): Promise<void> {
    // LINE hides the quick replies as soon as the user answers; keep keyboard focus in the chat.
    const fromChip = quick.contains(document.activeElement);
    state.last = undefined;
    setBusy(true);
    if (fromChip) input.focus();
    try {
      append((await callApi(`${base}/send`, { ...message, after: state.lastId })).items);
    } catch (e) {
      note(`送信できませんでした（${(e as Error).message}）。サーバーが動いているか確かめてください。`);
    } finally {
      setBusy(false);
    }
  }

  /** Long-polls for what arrives later (pushes: a coordinator's answer, a reminder). */
  async function poll(generation: number): Promise<void> {
    while (generation === state.generation) {
      const ctl = new AbortController();
      state.poll = ctl;
      try {
        const view = await callApi(`${base}/history?after=${state.lastId}&wait=20`, undefined, ctl.signal);
        if (generation !== state.generation) return;
        // The server restarted and numbers its history afresh: show what it has now.
        if (view.lastId < state.lastId) return restart(view);
        append(view.items);
      } catch {
        if (generation !== state.generation) return;
        await new Promise((res) => setTimeout(res, 3000));
      }
    }
  }

  /** Empties the chat and stops polling, so nothing from before a reset shows up after it. */
  function stop(): void {
    state.generation++;
    state.poll?.abort();
    for (const row of log.querySelectorAll('.row')) row.remove();
    state.lastId = 0;
    state.last = undefined;
    delete quick.dataset.forItem; // ids start again after a server restart: never trust the old chips
  }

  function restart(view: View): void {
    stop();
    append(view.items);
    void poll(state.generation);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void send({ type: 'text', text });
  });

  panel.querySelector<HTMLButtonElement>('.reset')!.addEventListener('click', async () => {
    stop();
    setBusy(true);
    try {
      restart(await callApi(`${base}/reset`, { refollow: true }));
    } catch (e) {
      note(`やり直せませんでした（${(e as Error).message}）`);
    } finally {
      setBusy(false);
    }
  });

  const toggle = panel.querySelector<HTMLButtonElement>('.richmenu-toggle');
  const menu = panel.querySelector<HTMLElement>('.richmenu');
  toggle?.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    if (menu) menu.hidden = !open;
  });

  panel.querySelectorAll<HTMLButtonElement>('.richmenu-item').forEach((button) => {
    button.addEventListener('click', () => {
      const action = JSON.parse(button.dataset.action ?? '{}') as LineAction;
      hooks.tap(action);
    });
  });

  return {
    async open() {
      if (state.opened) return;
      state.opened = true;
      setBusy(true);
      try {
        restart(await callApi(`${base}/open`, {}));
      } catch (e) {
        state.opened = false;
        note(`開けませんでした（${(e as Error).message}）`);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** Entry point: wires every panel and the phone-width switcher, and opens the visible chats. */
export function simulatorMain(r: R): void {
  const api = document.body.dataset.api ?? '/dev/api';
  const panels = new Map<string, { element: HTMLElement; open(): void }>();
  for (const element of document.querySelectorAll<HTMLElement>('.phone')) panels.set(element.id, { element, ...setupPanel(r, element, api) });

  // A chat is opened (and the user "adds the account") when it is first shown.
  const openVisible = () => {
    for (const p of panels.values()) if (p.element.getClientRects().length > 0) p.open();
  };

  const switches = document.querySelectorAll<HTMLButtonElement>('.switcher-item');
  for (const button of switches) {
    button.addEventListener('click', () => {
      for (const b of switches) b.setAttribute('aria-pressed', String(b === button));
      for (const [id, p] of panels) p.element.classList.toggle('is-active', id === button.dataset.target);
      openVisible();
    });
  }
  matchMedia('(min-width: 900px)').addEventListener('change', openVisible);
  openVisible();
}
