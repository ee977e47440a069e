/**
 * The rich menu as the simulator shows it: six areas that send a text or a postback, the way
 * the real rich menu's areas will. Kept here until the deployable rich menu exists; then the
 * simulator should read that definition instead so the two cannot drift apart.
 */
export type RichMenuAction =
  | { type: 'message'; text: string }
  /** displayText: what LINE shows in the chat as the user's message when the area is tapped */
  | { type: 'postback'; data: string; displayText: string };

export interface RichMenuArea {
  label: string;
  action: RichMenuAction;
}

export const RICH_MENU_AREAS: readonly RichMenuArea[] = [
  { label: '困ったとき', action: { type: 'postback', data: 's|faq', displayText: '困ったとき' } },
  { label: '人生会議ノート', action: { type: 'message', text: '想いノート' } },
  { label: '相談する', action: { type: 'message', text: '相談したい' } },
  { label: '講座・イベント', action: { type: 'message', text: '講座・イベント' } },
  { label: '緊急のとき', action: { type: 'postback', data: 's|emergency-info', displayText: '緊急のとき' } },
  { label: '使い方', action: { type: 'message', text: '使い方' } },
];
