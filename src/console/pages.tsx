/**
 * The console's pages, rendered on the server with hono/jsx. No inline script or style (the
 * CSP forbids both): the look is /console/console.css. Japanese UI, large type, every control
 * reachable by keyboard, one <h1> and landmarks per page.
 */
import type { Child, FC } from 'hono/jsx';
import type { AuditRow, StaffRow } from '../db/console-store.ts';
import { AUDIT_LABELS } from './audit.ts';
import { MIN_PASSWORD_LENGTH } from './password-policy.ts';
import { CSRF_FIELD } from './session.ts';

export const ROLE_LABELS: Record<StaffRow['role'], string> = { coordinator: 'コーディネーター', admin: '管理者' };

export interface Frame {
  centerName: string;
  staff?: StaffRow | undefined;
  csrf?: string | undefined;
  current?: 'home' | 'unanswered' | 'staff' | 'audit' | 'invites' | 'canned' | 'lectures' | 'events' | 'kpi' | 'announcements' | 'directory';
  timeZone: string;
  /** Admins only: accounts locked after failed sign-ins in the last day (shown on every page). */
  lockouts?: Array<{ name: string; locks: number }> | undefined;
}

export const Csrf: FC<{ token: string | undefined }> = ({ token }) => <input type="hidden" name={CSRF_FIELD} value={token ?? ''} />;

/** The outcome of the last action: a notice (read out politely) or an error (read out at once). */
export const Notice: FC<{ notice?: string | undefined; error?: string | undefined }> = ({ notice, error }) => (
  <>
    {notice ? (
      <p class="notice" role="status">
        {notice}
      </p>
    ) : null}
    {error ? (
      <p class="error" role="alert">
        {error}
      </p>
    ) : null}
  </>
);

/** `script`: a served script (the CSP allows no inline one), e.g. the queue's self-refresh. */
export const Layout: FC<{ title: string; frame: Frame; narrow?: boolean; script?: string; children?: Child }> = ({
  title,
  frame,
  narrow,
  script,
  children,
}) => {
  const s = frame.staff;
  const link = (key: Frame['current'], href: string, label: string) => (
    <li>
      <a href={href} aria-current={frame.current === key ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        {script ? <script src={script} defer></script> : null}
        <title>{`${title}｜${frame.centerName} 相談コンソール`}</title>
        <link rel="stylesheet" href="/console/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          本文へ移動
        </a>
        <header class="bar">
          <p class="brand">
            相談コンソール<small>{frame.centerName}</small>
          </p>
          {s ? (
            <nav aria-label="コンソールのメニュー">
              <ul>
                {link('home', '/console', '相談の一覧')}
                {link('lectures', '/console/outreach/lectures', '出前講座')}
                {link('events', '/console/outreach/events', 'イベント・研修')}
                {link('announcements', '/console/announcements', 'お知らせ')}
                {link('kpi', '/console/kpi', '実績報告')}
                {link('directory', '/console/directory', '事業所さがし')}
                {link('unanswered', '/console/unanswered', '答えられなかった質問')}
                {s.role === 'admin' ? link('invites', '/console/admin/invites', '招待コード') : null}
                {s.role === 'admin' ? link('canned', '/console/admin/canned', '定型文') : null}
                {s.role === 'admin' ? link('staff', '/console/admin/staff', '担当者の管理') : null}
                {s.role === 'admin' ? link('audit', '/console/admin/audit', '操作記録') : null}
              </ul>
            </nav>
          ) : null}
          {s ? (
            <div class="who">
              <span>
                {s.name}（{ROLE_LABELS[s.role]}）
              </span>
              <form method="post" action="/console/logout">
                <Csrf token={frame.csrf} />
                <button type="submit">ログアウト</button>
              </form>
            </div>
          ) : null}
        </header>
        <main id="main" class={narrow ? 'narrow' : undefined}>
          {frame.lockouts?.length ? (
            <p class="error" role="status">
              {`ログインの失敗が続いたため、次のアカウントへのログインを一部の接続元から一時的に止めています（24時間以内）：${frame.lockouts.map((l) => `${l.name}（${l.locks}回）`).join('、')}。ご本人に心当たりがなければ、`}
              <a href="/console/admin/audit">監査ログ</a>を確認し、必要なら<a href="/console/admin/staff">パスワードを再設定</a>してください。
            </p>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  );
};

export const page = (el: unknown) => `<!doctype html>${String(el)}`;

export function loginPage(frame: Frame, v: { csrf: string; email?: string; error?: string; next?: string }): string {
  return page(
    <Layout title="ログイン" frame={frame} narrow>
      <h1>ログイン</h1>
      <p>センターの担当者の方は、登録されたメールアドレスとパスワードでログインしてください。</p>
      {v.error ? (
        <p class="error" role="alert" id="login-error">
          {v.error}
        </p>
      ) : null}
      <form method="post" action="/console/login" class="card" aria-describedby={v.error ? 'login-error' : undefined}>
        <Csrf token={v.csrf} />
        {v.next ? <input type="hidden" name="next" value={v.next} /> : null}
        <label for="email">メールアドレス</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={v.email ?? ''} autofocus />
        <label for="password">パスワード</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <div class="actions">
          <button type="submit">ログイン</button>
        </div>
      </form>
      <p class="note">パスワードを忘れた場合は、センターの管理者に連絡してください。</p>
    </Layout>,
  );
}

export function formatTime(ms: number | null, timeZone: string): string {
  if (ms === null) return '—';
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('ja-JP', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function staffPage(
  frame: Frame,
  v: { list: StaffRow[]; error?: string; notice?: string; form?: { email?: string; name?: string; role?: string } },
): string {
  const me = frame.staff!;
  return page(
    <Layout title="担当者の管理" frame={{ ...frame, current: 'staff' }}>
      <h1>担当者の管理</h1>
      <Notice notice={v.notice} error={v.error} />
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">担当者の一覧</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">名前</th>
                <th scope="col">メールアドレス</th>
                <th scope="col">役割</th>
                <th scope="col">状態</th>
                <th scope="col">最後のログイン</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {v.list.map((s) => (
                <tr class={s.status === 'disabled' ? 'status-disabled' : undefined}>
                  <td>{s.name}</td>
                  <td>{s.email}</td>
                  <td>{ROLE_LABELS[s.role]}</td>
                  <td>{s.status === 'active' ? '有効' : '無効'}</td>
                  <td>{formatTime(s.lastLoginAt, frame.timeZone)}</td>
                  <td>
                    {s.id === me.id ? (
                      <span class="note">（ご本人）</span>
                    ) : (
                      <div class="row-actions">
                        <form method="post" action={`/console/admin/staff/${s.id}/${s.status === 'active' ? 'disable' : 'enable'}`}>
                          <Csrf token={frame.csrf} />
                          <button
                            type="submit"
                            class={s.status === 'active' ? 'danger' : 'secondary'}
                            aria-label={`${s.name}を${s.status === 'active' ? '無効にする' : '有効に戻す'}`}
                          >
                            {s.status === 'active' ? '無効にする' : '有効に戻す'}
                          </button>
                        </form>
                        <form method="post" action={`/console/admin/staff/${s.id}/password`} class="inline">
                          <Csrf token={frame.csrf} />
                          <label class="visually-hidden" for={`pw-${s.id}`}>{`${s.name}の新しいパスワード（${MIN_PASSWORD_LENGTH}文字以上）`}</label>
                          <input id={`pw-${s.id}`} type="password" name="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
                          <button type="submit" class="secondary">
                            パスワードを再設定
                          </button>
                        </form>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">担当者を追加する</h2>
        <form method="post" action="/console/admin/staff" class="card">
          <Csrf token={frame.csrf} />
          <div class="grid">
            <div>
              <label for="name">名前</label>
              <input id="name" name="name" required maxlength={100} value={v.form?.name ?? ''} />
            </div>
            <div>
              <label for="new-email">メールアドレス</label>
              <input id="new-email" name="email" type="email" required autocomplete="off" maxlength={254} value={v.form?.email ?? ''} />
            </div>
            <div>
              <label for="role">役割</label>
              <select id="role" name="role">
                <option value="coordinator" selected={v.form?.role !== 'admin'}>
                  コーディネーター
                </option>
                <option value="admin" selected={v.form?.role === 'admin'}>
                  管理者
                </option>
              </select>
            </div>
            <div>
              <label for="new-password">初期パスワード（12文字以上）</label>
              <input id="new-password" name="password" type="password" required minlength={12} autocomplete="new-password" aria-describedby="pw-note" />
            </div>
          </div>
          <p class="note" id="pw-note">
            初期パスワードは、本人に安全な方法で伝えてください。
          </p>
          <div class="actions">
            <button type="submit">追加する</button>
          </div>
        </form>
      </section>
    </Layout>,
  );
}

export function auditPage(frame: Frame, v: { rows: AuditRow[]; page: number; pages: number; total: number }): string {
  return page(
    <Layout title="操作記録" frame={{ ...frame, current: 'audit' }}>
      <h1>操作記録</h1>
      <p class="note">新しい順に表示しています。全{v.total}件。パスワードやメッセージの本文は記録しません。</p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">
            操作記録（{v.page}/{v.pages}ページ）
          </caption>
          <thead>
            <tr>
              <th scope="col">日時</th>
              <th scope="col">担当者</th>
              <th scope="col">操作</th>
              <th scope="col">対象</th>
            </tr>
          </thead>
          <tbody>
            {v.rows.map((r) => (
              <tr>
                <td>{formatTime(r.at, frame.timeZone)}</td>
                <td>{r.staffId === null ? '—' : `${r.staffName ?? '不明'}（${r.staffEmail ?? `#${r.staffId}`}）`}</td>
                <td>{AUDIT_LABELS[r.action] ?? r.action}</td>
                <td>{r.target ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="ページ送り">
        {v.page > 1 ? <a href={`/console/admin/audit?page=${v.page - 1}`}>← 新しい記録</a> : null}
        <span>
          {v.page} / {v.pages} ページ
        </span>
        {v.page < v.pages ? <a href={`/console/admin/audit?page=${v.page + 1}`}>古い記録 →</a> : null}
      </nav>
    </Layout>,
  );
}

export function messagePage(frame: Frame, title: string, message: string): string {
  return page(
    <Layout title={title} frame={frame} narrow>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/console">ホームへ戻る</a>
      </p>
    </Layout>,
  );
}
