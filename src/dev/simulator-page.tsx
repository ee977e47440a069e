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
  users: SimUser[];
  credentials: DemoCredentials | undefined;
  /** where the page's script, stylesheet and API live (the mount point, e.g. /dev) */
  base: string;
}

const ConsoleLink: FC<{ credentials: DemoCredentials | undefined }> = ({ credentials }) => (
  <section class="console-link" aria-labelledby="console-title">
    <h2 id="console-title">センター職員の画面</h2>
    <p>
      <a href="/console">コンソールを開く（/console）</a>
    </p>
    {credentials ? (
      <dl class="credentials">
        <dt>デモ担当者のログインID</dt>
        <dd>
          <code>{credentials.loginId}</code>
        </dd>
        <dt>パスワード</dt>
        <dd>
          <code>{credentials.password}</code>
        </dd>
      </dl>
    ) : (
      <p class="note">デモ担当者のアカウントはまだ用意されていません。</p>
    )}
  </section>
);

const RichMenu: FC<{ user: SimUser }> = ({ user }) => (
  <nav class="richmenu" aria-label={`${user.label}のリッチメニュー`}>
    {RICH_MENU_AREAS.map((area) => (
      <button
        type="button"
        class="richmenu-item"
        data-action={JSON.stringify(area.action)}
      >
        {area.label}
      </button>
    ))}
  </nav>
);

const Panel: FC<{ user: SimUser; active: boolean }> = ({ user, active }) => {
  const id = (part: string) => `${user.key}-${part}`;
  return (
    <section class={active ? 'phone is-active' : 'phone'} id={id('panel')} data-user={user.key} aria-labelledby={id('title')}>
      <header class="phone-bar">
        <div class="phone-who">
          <h2 id={id('title')}>{user.label}</h2>
          <p class="phone-desc">{user.description}</p>
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
      <div class="quick" id={id('quick')} role="group" aria-label={`${user.label}への返信の候補`} hidden></div>
      <form class="composer" action="#" data-user={user.key}>
        <label class="visually-hidden" for={id('input')}>
          {user.label}としてメッセージを入力
        </label>
        <input id={id('input')} class="composer-input" type="text" name="text" maxlength={5000} autocomplete="off" enterkeyhint="send" placeholder="メッセージを入力" />
        <button type="submit" class="composer-send">
          送信
        </button>
      </form>
      <RichMenu user={user} />
    </section>
  );
};

export const SimulatorPage: FC<SimulatorPageProps> = ({ cityName, users, credentials, base }) => (
  <html lang="ja">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>LINE シミュレーター — renkei（{cityName}）</title>
      <link rel="stylesheet" href={`${base}/simulator.css`} />
      <script src={`${base}/simulator.js`} defer></script>
    </head>
    <body data-api={`${base}/api`}>
      <header class="page-header">
        <h1>LINE シミュレーター</h1>
        <p>
          {cityName}の renkei を、LINE アカウントなしで試せます。送ったメッセージは本番と同じ署名付き webhook で届き、
          ボットの返事は LINE API の代わりの「偽の LINE」が受け取ったものを表示しています。
        </p>
        <ConsoleLink credentials={credentials} />
      </header>
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
