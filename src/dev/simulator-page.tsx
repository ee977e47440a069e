/**
 * The simulator page, rendered on the server. It holds only the frame (one phone-like panel
 * per simulated user, the composer and the rich menu); /dev/simulator.js fills the chats from
 * the simulator API. No inline script or style, so a strict CSP can be added later.
 */
import type { FC } from 'hono/jsx';
import type { DemoCredentials } from './demo-credentials.ts';
import { RICH_MENU_AREAS } from './rich-menu.ts';
import type { SimUser } from './sim-users.ts';

export interface SimulatorPageProps {
  cityName: string;
  /** the city's time zone: message times are shown in it, whatever the browser's */
  timeZone: string;
  users: SimUser[];
  credentials: DemoCredentials | undefined;
  /** the demo invite code for trying the professional's side (dev mode) */
  inviteCode?: string;
  /** where the page's script, stylesheet and API live (the mount point, e.g. /dev) */
  base: string;
}

const Credentials: FC<{ credentials: DemoCredentials | undefined; inviteCode?: string }> = ({ credentials, inviteCode }) => (
  <>
    {credentials ? (
      <p class="credentials">
        デモ担当者でログイン：ID <code>{credentials.loginId}</code> パスワード <code>{credentials.password}</code>
      </p>
    ) : (
      <p class="credentials note">デモ担当者のアカウントは準備中です。</p>
    )}
    {inviteCode ? (
      <p class="credentials">
        専門職として試すには、チャットで「招待コード」と送り、デモ用コード <code>{inviteCode}</code> を入力してください（1人分）。
      </p>
    ) : null}
  </>
);

const RichMenu: FC<{ user: SimUser }> = ({ user }) => (
  <div class="richmenu-area">
    {/* LINE's chat bar: the rich menu folds away to give the chat more room. */}
    <button type="button" class="richmenu-toggle" aria-expanded="true" aria-controls={`${user.key}-richmenu`}>
      メニュー
    </button>
    <nav class="richmenu" id={`${user.key}-richmenu`} aria-label={`${user.label}のリッチメニュー`}>
      {RICH_MENU_AREAS.map((area) => (
        <button type="button" class="richmenu-item" data-action={JSON.stringify(area.action)}>
          <span class="richmenu-label">{area.label}</span>
          <span class="richmenu-sub">{area.sub}</span>
        </button>
      ))}
    </nav>
  </div>
);

const Panel: FC<{ user: SimUser; active: boolean }> = ({ user, active }) => {
  const id = (part: string) => `${user.key}-${part}`;
  return (
    <section class={active ? 'phone is-active' : 'phone'} id={id('panel')} data-user={user.key} aria-labelledby={id('title')}>
      <header class="phone-bar">
        <div class="phone-who">
          <h2 id={id('title')}>
            {user.label}
            <span class="phone-desc">（{user.description}）</span>
          </h2>
          <p class="phone-uid">
            <span class="visually-hidden">LINE ユーザーID </span>
            <code>{user.userId}</code>
          </p>
        </div>
        <button type="button" class="reset" aria-describedby={id('title')}>
          最初からやり直す
        </button>
      </header>
      <div class="log" id={id('log')} role="log" tabindex={0} aria-label={`${user.label}のトーク`} aria-busy="false"></div>
      {/* biome-ignore lint/a11y/useSemanticElements: a set of reply buttons outside any form; <fieldset> is for form controls with a legend. */}
      <div class="quick" id={id('quick')} role="group" aria-label={`${user.label}への返信の候補`} hidden></div>
      <form class="composer" action="#">
        <label class="visually-hidden" for={id('input')}>
          {user.label}としてメッセージを入力
        </label>
        <input
          id={id('input')}
          class="composer-input"
          type="text"
          name="text"
          maxlength={5000}
          autocomplete="off"
          enterkeyhint="send"
          placeholder="メッセージを入力"
        />
        <button type="submit" class="composer-send">
          送信
        </button>
      </form>
      <RichMenu user={user} />
    </section>
  );
};

export const SimulatorPage: FC<SimulatorPageProps> = ({ cityName, timeZone, users, credentials, inviteCode, base }) => (
  <html lang="ja">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>LINE シミュレーター — renkei（{cityName}）</title>
      <link rel="icon" href={`${base}/favicon.svg`} type="image/svg+xml" />
      <link rel="stylesheet" href={`${base}/simulator.css`} />
      <script src={`${base}/simulator.js`} defer></script>
    </head>
    <body data-api={`${base}/api`} data-time-zone={timeZone}>
      <header class="page-header">
        <div class="title-row">
          <h1>
            LINE シミュレーター<span class="title-city">renkei（{cityName}）</span>
          </h1>
          <a class="console-button" href="/console">
            センター職員のコンソール
          </a>
        </div>
        <p class="lead">
          LINE アカウントなしで renkei を試せます。送ったメッセージは本番と同じ署名付きの webhook で届き、 ここに出る返事は、ボットが LINE
          API（開発用の偽物）に送った内容そのものです。
        </p>
        <Credentials credentials={credentials} {...(inviteCode ? { inviteCode } : {})} />
      </header>
      {/* biome-ignore lint/a11y/useSemanticElements: toggle buttons that choose the chat shown, not form controls. */}
      <div class="switcher" role="group" aria-label="表示するユーザー">
        {users.map((u, i) => (
          <button type="button" class="switcher-item" data-target={`${u.key}-panel`} aria-controls={`${u.key}-panel`} aria-pressed={i === 0 ? 'true' : 'false'}>
            {u.label}
          </button>
        ))}
      </div>
      <main class="panels">
        {users.map((u, i) => (
          <Panel user={u} active={i === 0} />
        ))}
      </main>
      <noscript>
        <p class="note">このページを使うには JavaScript を有効にしてください。</p>
      </noscript>
    </body>
  </html>
);

/** The whole document as a string (hono/jsx renders synchronously here: no async components). */
export function simulatorPageHtml(props: SimulatorPageProps): string {
  return `<!doctype html>${String(<SimulatorPage {...props} />)}`;
}
