/**
 * Announcements in the console (any signed-in staff member):
 *   GET  /announcements             this month's quota, who would receive what, past announcements, a new one
 *   POST /announcements             check a draft (length, segments, no personal data) and keep it
 *   GET  /announcements/:id         the preview exactly as LINE will show it, and the send button
 *   POST /announcements/:id/send    send by multicast within the quota (once: see features/outreach/send-announcement.ts)
 * Announcements hold no personal data (checked before keeping the draft), so viewing them is
 * not audited; sending is.
 */
import type { messagingApi } from '@line/bot-sdk';
import { Hono } from 'hono';
import type { AppDeps } from '../../../app/deps.ts';
import { readQuota, type Quota } from '../../../app/push-quota.ts';
import { messageFrame, sendAnnouncement, type SendOutcome } from '../send-announcement.ts';
import { announcementMessage, BODY_MAX, checkDraft, publicPhonesOf, SEGMENT_LABELS, SEGMENTS, TITLE_MAX, type Segment } from '../announcement-message.ts';
import type { AnnouncementRow } from '../announcement-store.ts';
import { audit } from '../../../console/audit.ts';
import type { ConsoleMount } from '../../../console/mount.ts';
import { Csrf, formatTime, Layout, messagePage, Notice, page, type Frame } from '../../../console/pages.tsx';
import type { ConsoleEnv } from '../../../console/session.ts';

const NOTICES: Record<string, string> = {
  sent: 'お知らせを送りました。',
  already: 'このお知らせは、すでに送信済みか送信中です。二重には送りません。',
};

export function announcementRoutes(deps: AppDeps, m: ConsoleMount) {
  const app = new Hono<ConsoleEnv>();
  const store = deps.stores.announcements;
  const publicPhones = publicPhonesOf(deps.content.bundle.city);

  const listPage = async (frame: Frame, v: { form?: { title: string; body: string; segments: string[] }; problems?: string[] }) =>
    announcementsPage(frame, { ...v, quota: await readQuota(deps), counts: await store.segmentCounts(), list: await store.list() });

  app.get('/announcements', m.signedIn(), async (c) => c.html(await listPage(m.frame(c), {})));

  app.post('/announcements', m.signedIn(), async (c) => {
    const body = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const raw = body.segments;
    const segments = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((s): s is string => typeof s === 'string');
    const form = { title: one('title').slice(0, 1000), body: one('body').slice(0, 5000), segments };
    const checked = checkDraft(form, publicPhones);
    if (!checked.ok) return c.html(await listPage(m.frame(c), { form, problems: checked.problems }), 400);
    const id = await store.createDraft({ ...checked.draft, createdBy: c.get('staff')!.id, now: deps.clock.now().getTime() });
    return c.redirect(`/console/announcements/${id}`, 303);
  });

  app.get('/announcements/:id{[0-9]+}', m.signedIn(), async (c) => {
    const a = await store.get(Number(c.req.param('id')));
    if (!a) return c.html(messagePage(m.frame(c), '見つかりません', 'そのお知らせはありません。'), 404);
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return c.html(
      previewPage(m.frame(c), {
        a,
        recipients: (await store.recipients(JSON.parse(a.segments) as Segment[])).length,
        quota: await readQuota(deps),
        message: announcementMessage(a, messageFrame(deps)),
        ...(notice ? { notice } : {}),
      }),
    );
  });

  app.post('/announcements/:id{[0-9]+}/send', m.signedIn(), async (c) => {
    const id = Number(c.req.param('id'));
    const a = await store.get(id);
    if (!a) return c.html(messagePage(m.frame(c), '見つかりません', 'そのお知らせはありません。'), 404);
    const outcome = await sendAnnouncement(deps, id);
    if (outcome.kind === 'busy') return c.redirect(`/console/announcements/${id}?notice=already`, 303);
    await audit(deps, c.get('staff')!.id, 'announcement.send', `announcement:${id}`);
    if (outcome.kind === 'sent') return c.redirect(`/console/announcements/${id}?notice=sent`, 303);
    const fresh = (await store.get(id))!;
    return c.html(
      previewPage(m.frame(c), {
        a: fresh,
        recipients: (await store.recipients(JSON.parse(a.segments) as Segment[])).length,
        quota: await readQuota(deps),
        message: announcementMessage(fresh, messageFrame(deps)),
        error: problemText(outcome),
      }),
      outcome.kind === 'failed' ? 502 : 409,
    );
  });

  return app;
}

function problemText(o: Exclude<SendOutcome, { kind: 'sent' | 'busy' }>): string {
  switch (o.kind) {
    case 'no-recipients':
      return '送る相手がいません（選んだ区分にお知らせの登録をした人がいません）。送信していません。';
    case 'quota':
      return `今月の送信できる残り（${o.remaining}通）より送る相手（${o.needed}人）が多いため、送信していません。区分を絞るか、来月に送ってください。`;
    case 'quota-unknown':
      return 'LINEから今月の送信の上限を確認できなかったため、送信していません。しばらくしてからもう一度お試しください。';
    case 'failed':
      return `送信の途中でLINEがエラーを返しました（${o.status || '通信エラー'}）。${o.recipients}人中${o.delivered}人に送りました。もう一度「送信する」を押すと、残りだけを送ります。`;
  }
}

const segmentsOf = (a: AnnouncementRow) => (JSON.parse(a.segments) as Segment[]).map((s) => SEGMENT_LABELS[s] ?? s).join('、');
const STATUS_LABELS: Record<string, string> = { draft: '下書き', sent: '送信済み', failed: '送信失敗' };
const statusOf = (a: AnnouncementRow) => (a.status === 'draft' && a.sentAt !== null ? '送信中' : (STATUS_LABELS[a.status] ?? a.status));

const QuotaCard = ({ quota }: { quota: Quota | null }) => (
  <section class="card" aria-labelledby="quota-heading">
    <h2 id="quota-heading">今月のメッセージ送信数</h2>
    {quota === null ? (
      <p class="error">LINEから送信数を取得できませんでした。この間は送信できません。</p>
    ) : (
      <p>
        使用 <strong>{quota.used}</strong> 通 ／ 上限 {quota.limit === null ? 'なし' : `${quota.limit} 通`}
        {quota.remaining !== null ? (
          <>
            （残り <strong>{quota.remaining}</strong> 通）
          </>
        ) : null}
      </p>
    )}
    <p class="note">お知らせは、受け取る人1人につき1通として数えられます。</p>
  </section>
);

function announcementsPage(
  frame: Frame,
  v: {
    quota: Quota | null;
    counts: Record<Segment, number>;
    list: AnnouncementRow[];
    form?: { title: string; body: string; segments: string[] };
    problems?: string[];
  },
): string {
  const chosen = new Set(v.form?.segments ?? []);
  return page(
    <Layout title="お知らせ" frame={{ ...frame, current: 'announcements' }}>
      <h1>お知らせ</h1>
      <p>LINEでお知らせの受け取りを登録した人に、講座・イベント・研修会などの案内を送ります。</p>
      <QuotaCard quota={v.quota} />
      <section aria-labelledby="new-heading">
        <h2 id="new-heading">新しいお知らせを書く</h2>
        {v.problems?.length ? (
          <div class="error" role="alert" id="draft-problems">
            <p>確認してください：</p>
            <ul>
              {v.problems.map((p) => (
                <li>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="post" action="/console/announcements" class="card" aria-describedby={v.problems?.length ? 'draft-problems' : undefined}>
          <Csrf token={frame.csrf} />
          <label for="title">件名（{TITLE_MAX}文字まで）</label>
          <input id="title" name="title" required maxlength={TITLE_MAX} value={v.form?.title ?? ''} />
          <label for="body">本文（{BODY_MAX}文字まで）</label>
          <textarea id="body" name="body" required maxlength={BODY_MAX} rows={8} aria-describedby="body-note">
            {v.form?.body ?? ''}
          </textarea>
          <p class="note" id="body-note">
            個人の名前・電話番号・メールアドレス・住所は書かないでください（センターや公的機関の電話番号は書けます）。
          </p>
          <fieldset>
            <legend>送る相手</legend>
            {SEGMENTS.map((s) => (
              <label>
                <input type="checkbox" name="segments" value={s} checked={chosen.has(s)} />
                {SEGMENT_LABELS[s]}（いま {v.counts[s]} 人）
              </label>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit">プレビューを見る</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">これまでのお知らせ</h2>
        {v.list.length === 0 ? (
          <p class="note">まだありません。</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">件名</th>
                  <th scope="col">送る相手</th>
                  <th scope="col">状態</th>
                  <th scope="col" class="num">
                    送った人数
                  </th>
                  <th scope="col">送信日時</th>
                </tr>
              </thead>
              <tbody>
                {v.list.map((a) => (
                  <tr>
                    <td>
                      <a href={`/console/announcements/${a.id}`}>{a.title}</a>
                    </td>
                    <td>{segmentsOf(a)}</td>
                    <td>{statusOf(a)}</td>
                    <td class="num">{a.recipients ?? '—'}</td>
                    <td>{a.status === 'draft' ? '—' : formatTime(a.sentAt, frame.timeZone)}</td>
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

function previewPage(
  frame: Frame,
  v: { a: AnnouncementRow; recipients: number; quota: Quota | null; message: messagingApi.TextMessage; notice?: string; error?: string },
): string {
  const { a } = v;
  const canSend = a.status === 'failed' || (a.status === 'draft' && a.sentAt === null);
  const over = v.quota?.remaining !== null && v.quota !== null && v.recipients > v.quota.remaining;
  return page(
    <Layout title={`お知らせ：${a.title}`} frame={{ ...frame, current: 'announcements' }}>
      <h1>お知らせのプレビュー</h1>
      <Notice notice={v.notice} error={v.error} />
      <p>
        状態：<strong>{statusOf(a)}</strong>
        {a.recipients !== null ? `（${a.recipients}人に送信）` : null}　送る相手：{segmentsOf(a)}
      </p>
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">LINEでの見え方</h2>
        <div class="line-preview">
          <p class="bubble" id="line-text">
            {v.message.text}
          </p>
          <ul class="quick" aria-label="クイックリプライ">
            {(v.message.quickReply?.items ?? []).map((i) => (
              <li>{i.action && 'label' in i.action ? i.action.label : ''}</li>
            ))}
          </ul>
        </div>
      </section>
      <QuotaCard quota={v.quota} />
      {canSend ? (
        <form method="post" action={`/console/announcements/${a.id}/send`} class="card">
          <Csrf token={frame.csrf} />
          <p>
            いま送ると <strong>{v.recipients}</strong> 人に届きます。
            {over ? <span class="error">今月の残りを超えるため送信できません。</span> : null}
          </p>
          <div class="actions">
            <button type="submit" disabled={v.recipients === 0 || over || v.quota === null}>
              {a.status === 'failed' ? '残りを送信する' : '送信する'}
            </button>
          </div>
        </form>
      ) : null}
      <p>
        <a href="/console/announcements">お知らせの一覧へ戻る</a>
      </p>
    </Layout>,
  );
}
