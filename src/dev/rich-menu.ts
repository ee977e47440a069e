/**
 * The rich menu as the simulator shows it: six areas that send a text or a postback, the way
 * the real rich menu's areas do. A copy of content/richmenu/richmenu.yaml (the definition
 * `renkei richmenu deploy` puts on the channel), because /dev is part of the app that also
 * runs on Workers and cannot read files; test/dev/rich-menu.test.ts fails when they differ.
 */
export type RichMenuAction =
  | { type: 'message'; text: string }
  /** displayText: what LINE shows in the chat as the user's message when the area is tapped */
  | { type: 'postback'; data: string; displayText: string };

export interface RichMenuArea {
  label: string;
  /** the smaller second line drawn on the menu image */
  sub: string;
  colour: string;
  action: RichMenuAction;
}

export const RICH_MENU_AREAS: readonly RichMenuArea[] = [
  { label: '困ったとき', sub: '場面から探す', colour: '#2E7D32', action: { type: 'postback', data: 's|faq', displayText: '困ったとき' } },
  { label: '人生会議ノート', sub: 'わたしの想いノート', colour: '#6A1B9A', action: { type: 'message', text: '想いノート' } },
  { label: '相談する', sub: 'センターの相談員へ', colour: '#1565C0', action: { type: 'message', text: '相談したい' } },
  { label: '講座・イベント', sub: '出前講座・研修会', colour: '#EF6C00', action: { type: 'message', text: '講座・イベント' } },
  { label: '緊急のとき', sub: '119番・#7119', colour: '#C62828', action: { type: 'postback', data: 's|emergency-info', displayText: '緊急のとき' } },
  { label: '使い方', sub: '言語・データ削除', colour: '#455A64', action: { type: 'postback', data: 'g|help', displayText: '使い方' } },
];
