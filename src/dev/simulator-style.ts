import { RICH_MENU_AREAS } from './rich-menu.ts';

/**
 * /dev/simulator.css. A LINE-like look with large type for the center's staff: body text
 * 18 px, tap targets of at least 48 px, colours that meet WCAG AA contrast (checked by the
 * axe browser test). Flex sizes are relative to the bubble's font size (em), so the bot's
 * messages keep LINE's proportions while being a little larger than on a phone.
 */
const BASE_CSS = `
:root {
  --ink: #1a1a1a;
  --muted: #3c4450;
  --chat-bg: #b3c7e6;
  --chat-ink: #1f2d44;
  --bar: #273246;
  --green: #06c755;
  --green-dark: #067a3b;
  --focus: #1a56db;
  font-size: 18px;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: #eef1f5;
  color: var(--ink);
  font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "IPAPGothic", "IPAGothic", Meiryo, system-ui, sans-serif;
  line-height: 1.6;
}
a { color: #0b57d0; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
button { font: inherit; cursor: pointer; }
button:disabled { cursor: not-allowed; opacity: .6; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.note { color: var(--muted); }

/* The page is an app at every width: header, (switcher,) chats filling the rest of the screen. */
body { display: flex; flex-direction: column; height: 100vh; height: 100dvh; }
.page-header { padding: 8px 16px 0; width: 100%; max-width: 1400px; margin: 0 auto; }
.title-row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 16px; }
.page-header h1 { font-size: 1.35rem; margin: 0; flex: 1; }
.title-city { font-size: .85rem; font-weight: normal; margin-inline-start: .75em; color: var(--muted); }
.console-button {
  display: inline-flex; align-items: center; min-height: 44px; padding: 0 16px; border-radius: 22px;
  background: #fff; border: 2px solid var(--bar); color: var(--bar); font-weight: bold; text-decoration: none;
}
.lead { margin: 4px 0 0; font-size: .85rem; }
.credentials { margin: 2px 0 0; font-size: .85rem; }


.switcher { display: flex; gap: 8px; padding: 8px 8px 0; }
.switcher-item {
  flex: 1; min-height: 48px; border-radius: 24px; border: 2px solid var(--bar);
  background: #fff; color: var(--bar); font-weight: bold;
}
.switcher-item[aria-pressed="true"] { background: var(--bar); color: #fff; }

.panels {
  flex: 1 1 0; min-height: 460px; width: 100%; max-width: 1400px; margin: 0 auto;
  display: grid; grid-template-rows: minmax(0, 1fr); gap: 16px; padding: 8px;
}
.phone {
  /* positioned, like .log: keeps the visually hidden labels inside (else they stretch the page) */
  position: relative; display: flex; flex-direction: column; min-width: 0; min-height: 0;
  background: #fff; border-radius: 16px; overflow: hidden;
  box-shadow: 0 2px 10px rgba(0, 0, 0, .15);
}
@media (max-width: 899px) {
  .phone:not(.is-active) { display: none; }
}
@media (min-width: 900px) {
  .switcher { display: none; }
  .panels { grid-template-columns: repeat(3, minmax(0, 1fr)); padding: 12px 16px 16px; }
}

.phone-bar { display: flex; align-items: center; gap: 8px; padding: 6px 12px; background: var(--bar); color: #fff; }
.phone-who { flex: 1; min-width: 0; }
.phone-bar h2 { font-size: 1.1rem; margin: 0; line-height: 1.3; }
.phone-desc { font-size: .75rem; font-weight: normal; color: #e3e8f0; }
.phone-uid { margin: 0; font-size: .7rem; line-height: 1.3; color: #d3dae6; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.reset { min-height: 44px; border-radius: 22px; border: 0; background: #fff; color: var(--bar); padding: 0 14px; font-size: .85rem; font-weight: bold; flex-shrink: 0; }

.log { position: relative; flex: 1 1 0; min-height: 120px; overflow-y: auto; background: var(--chat-bg); padding: 12px 10px; }
.row { display: flex; align-items: flex-end; gap: 6px; margin: 10px 0; }
.row-user { flex-direction: row-reverse; }
.row-system { justify-content: center; }
.row-time { font-size: .7rem; color: var(--chat-ink); flex-shrink: 0; }
.system { margin: 0; padding: 2px 14px; border-radius: 14px; background: #3d4a5c; color: #fff; font-size: .8rem; text-align: center; }
.system-warn { background: #8a1c1c; }
.typing { margin: 8px 4px; color: var(--chat-ink); font-style: italic; }

.bubble {
  max-width: 82%; padding: 10px 14px; border-radius: 18px;
  white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem;
}
.bubble-bot { background: #fff; border-top-left-radius: 4px; }
.bubble-user { background: #9ee07a; color: #111; border-top-right-radius: 4px; }

.flex-message { max-width: calc(100% - 48px); min-width: 0; display: flex; flex-direction: column; gap: 4px; }
.flex-carousel { display: flex; gap: 8px; overflow-x: auto; scroll-snap-type: x mandatory; padding-bottom: 6px; }
.flex-carousel > .flex-bubble { scroll-snap-align: start; }
.flex-bubble {
  flex-shrink: 0; width: 300px; max-width: 100%;
  background: #fff; border-radius: 16px; overflow: hidden; font-size: 1rem; line-height: 1.45;
}
.flex-carousel > .flex-bubble { max-width: 85%; }
.flex-size-nano { width: 120px; } .flex-size-micro { width: 160px; } .flex-size-deca { width: 220px; }
.flex-size-hecto { width: 241px; } .flex-size-kilo { width: 260px; } .flex-size-giga { width: 500px; }
/* A block's padding belongs to its box, as in LINE: the box's background fills the whole block. */
.flex-block > .flex-box { padding: 16px 20px; }
.flex-hero > .flex-box { padding: 0; }
.flex-footer > .flex-box { padding: 10px 16px 16px; }
.template .flex-block { padding: 16px 20px; }
.template .flex-footer { padding: 10px 16px 16px; }
.flex-box { display: flex; min-width: 0; }
.flex-vertical { flex-direction: column; }
.flex-horizontal { flex-direction: row; }
.flex-baseline { flex-direction: row; align-items: baseline; }
.flex-text { display: block; margin: 0; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.flex-text.is-wrapped { white-space: pre-wrap; overflow-wrap: anywhere; }
.flex-text.is-clamped { display: -webkit-box; -webkit-box-orient: vertical; white-space: normal; }
.flex-separator { border: 0; border-top: 1px solid #e5e5e5; margin: 0; align-self: stretch; }
.flex-filler { flex: 1 1 0; }
.flex-image, .flex-video { display: flex; align-items: center; justify-content: center; min-height: 120px; background: #e8eaed; color: #3c4450; }
.flex-icon { display: inline-block; color: #3c4450; }
.flex-unknown { color: #8a1c1c; font-size: .8rem; }
.flex-tappable { display: block; width: 100%; padding: 0; border: 0; background: none; color: inherit; text-align: inherit; text-decoration: none; font: inherit; }
.flex-button {
  display: flex; align-items: center; justify-content: center; width: 100%;
  border: 0; border-radius: 8px; padding: 4px 12px; text-align: center;
  font-size: 1rem; text-decoration: none; line-height: 1.3;
}
.flex-button-md { min-height: 52px; }
.flex-button-sm { min-height: 44px; }
.flex-button-primary { background: var(--green); color: #fff; font-weight: bold; }
.flex-button-secondary { background: #dcdfe5; color: #111; }
.flex-button-link { background: transparent; color: #42659a; }
.template-title { font-weight: bold; }
.alt-text { font-size: .75rem; color: var(--chat-ink); }
.alt-text summary { cursor: pointer; width: max-content; }
.alt-text p { margin: 2px 0 0; background: rgba(255, 255, 255, .7); border-radius: 8px; padding: 4px 8px; color: var(--ink); }

/* One row that scrolls sideways, as in LINE; Tab brings each chip into view. */
.quick { display: flex; gap: 8px; padding: 8px 10px; background: #e6ebf2; border-top: 1px solid #c9ced6; overflow-x: auto; flex-shrink: 0; }
.quick[hidden] { display: none; }
.chip {
  display: inline-flex; align-items: center; min-height: 48px; padding: 4px 18px;
  border-radius: 24px; border: 2px solid var(--green-dark); background: #fff; color: var(--green-dark);
  font-size: 1rem; font-weight: bold; text-decoration: none; line-height: 1.3; white-space: nowrap; flex-shrink: 0;
}
.chip:hover { background: #eafbe9; }
.chip-picker { display: inline-flex; align-items: center; gap: 6px; }
.chip-picker-input { font: inherit; border: 1px solid #c9ced6; border-radius: 8px; padding: 2px 4px; }

.composer { flex-shrink: 0; display: flex; gap: 8px; padding: 8px; background: #fff; border-top: 1px solid #c9ced6; }
.composer-input {
  flex: 1; min-width: 0; min-height: 48px; padding: 0 16px; font: inherit; font-size: 1rem;
  border: 2px solid #6b7480; border-radius: 24px; color: var(--ink);
}
.composer-send { min-height: 48px; min-width: 72px; border: 0; border-radius: 24px; background: var(--green-dark); color: #fff; font-weight: bold; padding: 0 16px; }

.richmenu-area { flex-shrink: 0; }
.richmenu-toggle {
  display: block; width: 100%; min-height: 32px; border: 0; border-top: 1px solid #c9ced6;
  background: #fff; color: var(--muted); font-size: .8rem;
}
.richmenu-toggle::after { content: " ▼"; }
.richmenu-toggle[aria-expanded="false"]::after { content: " ▲"; }
.richmenu[hidden] { display: none; }
.richmenu { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1px; background: #c9ced6; border-top: 1px solid #c9ced6; }
.richmenu-item {
  display: flex; flex-direction: column; align-items: center; justify-content: center;
  min-height: 60px; border: 0; border-top: 6px solid var(--bar); background: #f7f8fa; color: var(--ink);
  padding: 2px 4px 4px; line-height: 1.25;
}
.richmenu-item:hover { background: #e9edf3; }
.richmenu-label { font-size: .9rem; font-weight: bold; }
.richmenu-sub { font-size: .7rem; color: var(--muted); }

/* At phone width the chat gets the room: one-line title, no lead, no role description. */
@media (max-width: 599px) {
  .lead, .title-city, .phone-desc { display: none; }
  .page-header h1 { font-size: 1.15rem; white-space: nowrap; }
  .console-button { font-size: .85rem; min-height: 44px; padding: 0 12px; }
  .credentials { font-size: .75rem; }
  .richmenu-item { min-height: 52px; }
  .richmenu-label { font-size: .8rem; }
  .richmenu-sub { font-size: .65rem; }
}`;

/** Each area's colour from the menu definition, as a stripe (white text on some would fail contrast). */
const RICH_MENU_CSS = RICH_MENU_AREAS.map((a, i) => `.richmenu-item:nth-child(${i + 1}) { border-top-color: ${a.colour}; }`).join('\n');

export const SIMULATOR_CSS = `${BASE_CSS}${RICH_MENU_CSS}\n`;
