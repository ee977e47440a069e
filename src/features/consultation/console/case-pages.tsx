/**
 * The console's case pages (hono/jsx, server-rendered, no inline script or style): the queue,
 * one case, the questions the bot could not answer, and the admin pages for invite codes and
 * canned replies. The labels of categories and scenes come from the bot's Japanese messages,
 * so the console names them as the user saw them.
 */
import type { FC } from 'hono/jsx';
import type { Translate } from '../../../content/i18n.ts';
import type { CannedRow, CaseDetail, CaseKind, CaseStatus, InviteRow, NoteEntry, QueueRow, TranscriptEntry, UnansweredRow } from '../case-console-store.ts';
import { Csrf, formatTime, Layout, Notice, page, type Frame } from '../../../console/pages.tsx';

export const QUEUE_REFRESH_SECONDS = 30;

/**
 * /console/queue.js: reloads the queue every QUEUE_REFRESH_SECONDS while the box is ticked, the
 * tab is visible and nobody is choosing an assignee (a reload would throw the choice away).
 */
export const QUEUE_SCRIPT = `(function () {
  var box = document.getElementById('auto-refresh');
  if (!box) return;
  var KEY = 'renkei.console.autoRefresh';
  try { if (localStorage.getItem(KEY) === 'off') box.checked = false; } catch (e) {}
  box.addEventListener('change', function () {
    try { localStorage.setItem(KEY, box.checked ? 'on' : 'off'); } catch (e) {}
  });
  var seconds = Number(box.getAttribute('data-seconds')) || 30;
  setInterval(function () {
    var a = document.activeElement;
    if (!box.checked || document.hidden || (a && a.tagName === 'SELECT')) return;
    location.reload();
  }, seconds * 1000);
})();
`;

export const STATUS_LABELS: Record<CaseStatus, string> = { open: '受付中', waiting: '時間外の受付（待機）', resolved: '対応終了' };
export const KIND_LABELS: Record<CaseKind, string> = { resident: '住民の相談', pro: '専門職の相談' };
const PRIORITY_LABELS = { high: '高（今日中）', normal: '通常', low: '低' } as const;
const DELIVERY_LABELS = { pending: '送信待ち', sent: '送信済み', failed: '送信失敗' } as const;
const TAB_LABELS: Record<CaseStatus, string> = { open: '対応中・未対応', waiting: '時間外の受付', resolved: '対応終了' };

/** Japanese labels of what the intake flows collected, from the bot's own messages. */
export function caseLabels(t: Translate) {
  const label = (key: string, value: unknown): string | null => {
    if (typeof value !== 'string' || !value) return null;
    const full = `${key}.${value}`;
    const text = t('ja', full);
    return text === full ? value : text;
  };
  return {
    category: (v: unknown) => label('consult.category', v),
    scene: (v: unknown) => (v === 'other' ? t('ja', 'handoff.scene.other') : label('scene', v)),
    writer: (v: unknown) => label('handoff.who', v),
    urgency: (v: unknown) => label('consult.urgency', v),
    callback: (v: unknown) => label('consult.callback', v),
    profession: (v: unknown) => label('pro.profession', v),
  };
}
export type CaseLabels = ReturnType<typeof caseLabels>;

/** 「3分」「2時間5分」「1日4時間」: how long, for people. */
export function formatDuration(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 1) return '1分未満';
  if (min < 60) return `${min}分`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h}時間${min % 60 ? `${min % 60}分` : ''}`;
  return `${Math.floor(h / 24)}日${h % 24 ? `${h % 24}時間` : ''}`;
}

/** What a row is about: the consultation's category, or the resident's scene. */
function topicOf(r: { kind: CaseKind; category: string | null; scene: string | null }, labels: CaseLabels): string {
  return (r.kind === 'pro' ? labels.category(r.category) : labels.scene(r.scene)) ?? '（分類なし）';
}

/** 「担当する」 and 「担当を割り当てる」 for one case (POST with the CSRF token). */
const AssignForms: FC<{ frame: Frame; caseId: string; assigneeId: number | null; staffList: Array<{ id: number; name: string }>; back: string }> = ({
  frame,
  caseId,
  assigneeId,
  staffList,
  back,
}) => {
  const me = frame.staff!;
  const selectId = `assign-${caseId}`;
  return (
    <div class="assign">
      {assigneeId !== me.id ? (
        <form method="post" action={`/console/cases/${caseId}/claim`}>
          <Csrf token={frame.csrf} />
          <input type="hidden" name="back" value={back} />
          <button type="submit">担当する</button>
        </form>
      ) : null}
      <form method="post" action={`/console/cases/${caseId}/assign`} class="inline">
        <Csrf token={frame.csrf} />
        <input type="hidden" name="back" value={back} />
        <label for={selectId} class="visually-hidden">
          担当者を選ぶ
        </label>
        <select id={selectId} name="staffId">
          {staffList.map((s) => (
            <option value={String(s.id)} selected={s.id === assigneeId}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          割り当てる
        </button>
      </form>
    </div>
  );
};

export function queuePage(
  frame: Frame,
  v: {
    status: CaseStatus;
    kind: CaseKind | undefined;
    rows: QueueRow[];
    counts: Record<CaseStatus, number>;
    staffList: Array<{ id: number; name: string }>;
    now: number;
    labels: CaseLabels;
    notice?: string | undefined;
    error?: string | undefined;
  },
): string {
  const q = (status: CaseStatus, kind: CaseKind | undefined) => `/console?status=${status}${kind ? `&kind=${kind}` : ''}`;
  const back = q(v.status, v.kind);
  return page(
    <Layout title="相談の一覧" frame={{ ...frame, current: 'home' }} script="/console/queue.js">
      <h1>相談の一覧</h1>
      <Notice notice={v.notice} error={v.error} />
      <nav aria-label="状態で絞り込む" class="tabs">
        <ul>
          {(['open', 'waiting', 'resolved'] as const).map((s) => (
            <li>
              <a href={q(s, v.kind)} aria-current={s === v.status ? 'page' : undefined}>
                {TAB_LABELS[s]}（{v.counts[s]}）
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <nav aria-label="種別で絞り込む" class="filters">
        <ul>
          {([undefined, 'resident', 'pro'] as const).map((k) => (
            <li>
              <a href={q(v.status, k)} aria-current={k === v.kind ? 'true' : undefined}>
                {k ? KIND_LABELS[k] : 'すべて'}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="note">
        担当者のいない相談が先頭、次に優先度、古い順です。
        {v.status === 'waiting' ? '受付時間外に届いた相談です。担当するか返信すると「受付中」に移ります。' : ''}
      </p>
      {/* Switched off and on by the visitor (WCAG 2.2.1); queue.js keeps the choice in this browser. */}
      <label class="check" for="auto-refresh">
        <input type="checkbox" id="auto-refresh" data-seconds={String(QUEUE_REFRESH_SECONDS)} checked />
        {QUEUE_REFRESH_SECONDS}秒ごとに一覧を自動で更新する
      </label>
      {v.rows.length === 0 ? (
        <p class="card empty">この条件の相談はありません。</p>
      ) : (
        <div class="table-wrap">
          <table class="queue">
            <caption class="visually-hidden">
              {TAB_LABELS[v.status]}の相談（{v.rows.length}件）
            </caption>
            <thead>
              <tr>
                <th scope="col">相談</th>
                <th scope="col">優先度</th>
                <th scope="col">状態</th>
                <th scope="col">担当</th>
                <th scope="col">依頼から</th>
                <th scope="col">初回返信まで</th>
                {v.status !== 'resolved' ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {v.rows.map((r) => (
                <tr class={r.assigneeId === null ? 'unassigned' : undefined}>
                  <td>
                    <a href={`/console/cases/${r.id}`} class="case-link">
                      <span class="kind">{KIND_LABELS[r.kind]}</span>
                      <span>{topicOf(r, v.labels)}</span>
                    </a>
                  </td>
                  <td class={`priority-${r.priority}`}>{PRIORITY_LABELS[r.priority]}</td>
                  <td>
                    {STATUS_LABELS[r.status]}
                    {r.afterHours && r.status !== 'waiting' ? <small class="block">（時間外に受付）</small> : null}
                  </td>
                  <td>{r.assigneeName ?? <strong>未割り当て</strong>}</td>
                  <td>{formatDuration(v.now - r.createdAt)}</td>
                  <td>{r.firstResponseAt === null ? '未返信' : formatDuration(r.firstResponseAt - r.createdAt)}</td>
                  {v.status !== 'resolved' ? (
                    <td>
                      <AssignForms frame={frame} caseId={r.id} assigneeId={r.assigneeId} staffList={v.staffList} back={back} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}

const Row: FC<{ label: string; value: string | null | undefined }> = ({ label, value }) =>
  value ? (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  ) : null;

export function casePage(
  frame: Frame,
  v: {
    c: CaseDetail;
    transcript: TranscriptEntry[];
    notes: NoteEntry[];
    canned: CannedRow[];
    cannedId: number | undefined;
    replyText: string;
    replyKey: string;
    staffList: Array<{ id: number; name: string }>;
    labels: CaseLabels;
    now: number;
    reopenDays: number;
    notice?: string | undefined;
    error?: string | undefined;
  },
): string {
  const { c, labels } = v;
  const a = c.summary.answers;
  const str = (x: unknown) => (typeof x === 'string' && x ? x : null);
  const topic = topicOf(c, labels);
  const resolved = c.status === 'resolved';
  return page(
    <Layout title={`相談 ${topic}`} frame={{ ...frame, current: 'home' }}>
      <p class="crumbs">
        <a href="/console">← 相談の一覧</a>
      </p>
      <h1>
        {KIND_LABELS[c.kind]}：{topic}
      </h1>
      <Notice notice={v.notice} error={v.error} />
      {/* Two columns on a landscape tablet: what the case is about beside the conversation. */}
      <div class="case-grid">
        <section class="card" aria-labelledby="summary-heading">
          <h2 id="summary-heading">概要</h2>
          <dl class="summary">
            <Row label="状態" value={`${STATUS_LABELS[c.status]}${c.closedBy === 'user' ? '（利用者が終了）' : ''}`} />
            <Row label="優先度" value={PRIORITY_LABELS[c.priority]} />
            <Row label="担当" value={c.assigneeName ?? '未割り当て'} />
            <Row
              label="受付"
              value={`${formatTime(c.createdAt, frame.timeZone)}（${formatDuration(v.now - c.createdAt)}経過${c.afterHours ? '・受付時間外' : ''}）`}
            />
            <Row label="初回返信まで" value={c.firstResponseAt === null ? '未返信' : formatDuration(c.firstResponseAt - c.createdAt)} />
            <Row label="相談者" value={c.kind === 'pro' ? '専門職' : labels.writer(c.writer ?? a.who)} />
            <Row label="職種" value={labels.profession(c.summary.professional?.profession)} />
            <Row label="所属" value={c.summary.professional?.organization} />
            <Row label="場面" value={labels.scene(a.scene)} />
            <Row label="分類" value={labels.category(a.category)} />
            <Row label="緊急度" value={labels.urgency(a.urgency)} />
            <Row label="返事の方法" value={labels.callback(a.callback)} />
            <Row label="折り返し電話" value={str(a.phone)} />
          </dl>
          {str(a.message) ? (
            <>
              <h3>相談の内容</h3>
              <p class="said">{str(a.message)}</p>
            </>
          ) : null}
          {c.summary.recent.length ? (
            <>
              <h3>相談の前のメッセージ（新しいものが最後）</h3>
              <ul class="recent">
                {c.summary.recent.map((m) => (
                  <li>{m}</li>
                ))}
              </ul>
            </>
          ) : null}
          {!resolved ? <AssignForms frame={frame} caseId={c.id} assigneeId={c.assigneeId} staffList={v.staffList} back={`/console/cases/${c.id}`} /> : null}
        </section>

        <div class="case-side">
          <section aria-labelledby="transcript-heading">
            <h2 id="transcript-heading">やりとり</h2>
            {v.transcript.length === 0 ? (
              <p class="note">相談のあとのメッセージはまだありません。</p>
            ) : (
              <ol class="transcript">
                {v.transcript.map((m) => (
                  <li class={m.direction === 'staff' ? 'from-staff' : 'from-user'}>
                    <p class="meta">
                      {m.direction === 'staff' ? `相談員（${m.staffName ?? '不明'}）` : '相談者'}・{formatTime(m.at, frame.timeZone)}
                      {m.direction === 'staff' ? (
                        <span class={`delivery delivery-${m.delivery ?? 'unknown'}`}>{m.delivery ? DELIVERY_LABELS[m.delivery] : '送信記録なし'}</span>
                      ) : null}
                    </p>
                    <p class="said">{m.text}</p>
                  </li>
                ))}
              </ol>
            )}
          </section>

          {resolved ? (
            <p class="card note">
              この相談は終了しています。相談者が{v.reopenDays}
              日以内にメッセージを送ると、同じ相談として再開されます。こちらから連絡が必要なときは、電話でお願いします。
            </p>
          ) : (
            <section class="card" aria-labelledby="reply-heading">
              <h2 id="reply-heading">返信する</h2>
              {v.canned.length ? (
                <form method="get" action={`/console/cases/${c.id}`} class="inline canned-pick">
                  <label for="canned">定型文</label>
                  <select id="canned" name="canned">
                    {v.canned.map((x) => (
                      <option value={String(x.id)} selected={x.id === v.cannedId}>
                        {x.title}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="secondary">
                    定型文を入れる
                  </button>
                </form>
              ) : null}
              <form method="post" action={`/console/cases/${c.id}/reply`}>
                <Csrf token={frame.csrf} />
                <input type="hidden" name="key" value={v.replyKey} />
                <label for="reply-text">相談者へのメッセージ（LINEに「【相談員より】」を付けて届きます）</label>
                <textarea id="reply-text" name="text" rows={6} required maxlength={4000}>
                  {v.replyText}
                </textarea>
                <div class="actions">
                  <button type="submit">送信</button>
                </div>
              </form>
            </section>
          )}
        </div>
      </div>

      <section class="card" aria-labelledby="notes-heading">
        <h2 id="notes-heading">内部メモ（相談者には送られません）</h2>
        {v.notes.length ? (
          <ul class="notes">
            {v.notes.map((n) => (
              <li>
                <p class="meta">
                  {n.staffName ?? '不明'}・{formatTime(n.at, frame.timeZone)}
                </p>
                <p class="said">{n.text}</p>
              </li>
            ))}
          </ul>
        ) : null}
        <form method="post" action={`/console/cases/${c.id}/notes`}>
          <Csrf token={frame.csrf} />
          <label for="note-text">メモを追加</label>
          <textarea id="note-text" name="text" rows={3} required maxlength={4000}></textarea>
          <div class="actions">
            <button type="submit" class="secondary">
              メモを保存
            </button>
          </div>
        </form>
      </section>

      {!resolved ? (
        <section class="card" aria-labelledby="close-heading">
          <h2 id="close-heading">対応を終える</h2>
          <p class="note">相談者に終了を伝え、LINEの自動案内に戻します。</p>
          <form method="post" action={`/console/cases/${c.id}/close`}>
            <Csrf token={frame.csrf} />
            <button type="submit" class="danger">
              対応終了
            </button>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}

export function unansweredPage(
  frame: Frame,
  v: { rows: UnansweredRow[]; page: number; pages: number; total: number; topicTitle: (id: string) => string },
): string {
  const LOCALES: Record<string, string> = { ja: '日本語', 'ja-easy': 'やさしい日本語', en: '英語' };
  return page(
    <Layout title="答えられなかった質問" frame={{ ...frame, current: 'unanswered' }}>
      <h1>答えられなかった質問</h1>
      <p class="note">
        ボットが答えを見つけられなかった質問です（新しい順・全{v.total}件）。名前や電話番号などは伏せて保存しています。内容の追加・改善の参考にしてください。
      </p>
      {v.rows.length === 0 ? (
        <p class="card empty">まだありません。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">
              答えられなかった質問（{v.page}/{v.pages}ページ）
            </caption>
            <thead>
              <tr>
                <th scope="col">日時</th>
                <th scope="col">質問</th>
                <th scope="col">近い話題の候補</th>
                <th scope="col">言語</th>
              </tr>
            </thead>
            <tbody>
              {v.rows.map((r) => (
                <tr>
                  <td>{formatTime(r.at, frame.timeZone)}</td>
                  <td class="said">{r.question}</td>
                  <td>{r.candidates.length ? r.candidates.map(v.topicTitle).join('、') : '—'}</td>
                  <td>{LOCALES[r.locale] ?? r.locale}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="ページ送り">
        {v.page > 1 ? <a href={`/console/unanswered?page=${v.page - 1}`}>← 新しい質問</a> : null}
        <span>
          {v.page} / {v.pages} ページ
        </span>
        {v.page < v.pages ? <a href={`/console/unanswered?page=${v.page + 1}`}>古い質問 →</a> : null}
      </nav>
    </Layout>,
  );
}

export function invitesPage(
  frame: Frame,
  v: {
    list: InviteRow[];
    now: number;
    created?: { code: string; label: string; expiresAt: number } | undefined;
    notice?: string | undefined;
    error?: string | undefined;
    form?: { label?: string; days?: string };
  },
): string {
  const state = (r: InviteRow) => {
    if (r.usedAt !== null) return `使用済み（${formatTime(r.usedAt, frame.timeZone)}）`;
    if (r.revokedAt !== null) return `取り消し（${formatTime(r.revokedAt, frame.timeZone)}）`;
    if (r.expiresAt <= v.now) return '期限切れ';
    return '未使用';
  };
  return page(
    <Layout title="招待コード" frame={{ ...frame, current: 'invites' }}>
      <h1>専門職の招待コード</h1>
      <Notice notice={v.notice} error={v.error} />
      {v.created ? (
        <section class="card created-code" aria-labelledby="code-heading">
          <h2 id="code-heading">発行した招待コード</h2>
          <p class="code" id="new-code">
            {v.created.code}
          </p>
          <p>
            {v.created.label}・有効期限 {formatTime(v.created.expiresAt, frame.timeZone)}
          </p>
          <p class="note">
            <strong>このコードはこの画面でしか表示されません。</strong>
            控えてから、相手の方に伝えてください（LINEで「招待コード」と送って入力してもらいます）。
          </p>
        </section>
      ) : null}
      <section aria-labelledby="issue-heading">
        <h2 id="issue-heading">招待コードを発行する</h2>
        <form method="post" action="/console/admin/invites" class="card">
          <Csrf token={frame.csrf} />
          <div class="grid">
            <div>
              <label for="label">宛先のメモ（事業所名など）</label>
              <input id="label" name="label" required maxlength={100} value={v.form?.label ?? ''} />
            </div>
            <div>
              <label for="days">有効日数</label>
              <input id="days" name="days" type="number" min={1} max={90} required value={v.form?.days ?? '14'} />
            </div>
          </div>
          <div class="actions">
            <button type="submit">発行する</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="invite-list-heading">
        <h2 id="invite-list-heading">発行した招待コード</h2>
        {v.list.length === 0 ? (
          <p class="card empty">まだありません。</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">宛先のメモ</th>
                  <th scope="col">発行</th>
                  <th scope="col">有効期限</th>
                  <th scope="col">状態</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {v.list.map((r) => (
                  <tr>
                    <td>{r.label}</td>
                    <td>{formatTime(r.createdAt, frame.timeZone)}</td>
                    <td>{formatTime(r.expiresAt, frame.timeZone)}</td>
                    <td>{state(r)}</td>
                    <td>
                      {r.usedAt === null && r.revokedAt === null ? (
                        <form method="post" action={`/console/admin/invites/${r.id}/revoke`}>
                          <Csrf token={frame.csrf} />
                          <button type="submit" class="danger" aria-label={`${r.label}の招待コードを取り消す`}>
                            取り消す
                          </button>
                        </form>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>,
  );
}

export function cannedPage(
  frame: Frame,
  v: { list: CannedRow[]; editing?: CannedRow | undefined; notice?: string | undefined; error?: string | undefined; form?: { title?: string; body?: string } },
): string {
  const e = v.editing;
  return page(
    <Layout title="定型文" frame={{ ...frame, current: 'canned' }}>
      <h1>返信の定型文</h1>
      <Notice notice={v.notice} error={v.error} />
      <p class="note">相談員が返信欄に入れて使う文です。個人の情報は入れないでください。</p>
      {v.list.length ? (
        <ul class="canned-list">
          {v.list.map((x) => (
            <li class="card">
              <h2>{x.title}</h2>
              <p class="said">{x.body}</p>
              <div class="row-actions">
                <a class="button secondary" href={`/console/admin/canned?edit=${x.id}`} aria-label={`「${x.title}」を編集`}>
                  編集
                </a>
                <form method="post" action={`/console/admin/canned/${x.id}/delete`}>
                  <Csrf token={frame.csrf} />
                  <button type="submit" class="danger" aria-label={`「${x.title}」を削除`}>
                    削除
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p class="card empty">まだありません。</p>
      )}
      <section aria-labelledby="canned-form-heading">
        <h2 id="canned-form-heading">{e ? `「${e.title}」を編集` : '定型文を追加'}</h2>
        <form method="post" action={e ? `/console/admin/canned/${e.id}` : '/console/admin/canned'} class="card">
          <Csrf token={frame.csrf} />
          <label for="title">見出し（相談員が選ぶときの名前）</label>
          <input id="title" name="title" required maxlength={60} value={v.form?.title ?? e?.title ?? ''} />
          <label for="body">本文</label>
          <textarea id="body" name="body" rows={5} required maxlength={2000}>
            {v.form?.body ?? e?.body ?? ''}
          </textarea>
          <div class="actions">
            <button type="submit">{e ? '保存する' : '追加する'}</button>
            {e ? (
              <a class="cancel" href="/console/admin/canned">
                編集をやめる
              </a>
            ) : null}
          </div>
        </form>
      </section>
    </Layout>,
  );
}
