/**
 * Console pages for outreach: lecture requests (出前講座) and events / training sessions with
 * their registrations. Server-rendered like the other pages (no script, no inline style).
 */
import type { FC } from 'hono/jsx';
import type { EventRow, LectureRow, LectureStatus, RegistrationRow } from '../store.ts';
import { Csrf, formatTime, Layout, Notice, page, type Frame } from '../../../console/pages.tsx';
import { japanHhmm, japanIsoDate } from '../../../shared/japan-time.ts';

export const LECTURE_STATUS_LABELS: Record<LectureStatus, string> = {
  received: '受付',
  scheduling: '日程調整中',
  confirmed: '確定',
  done: '実施済',
  cancelled: '取消',
};

export const TOPIC_LABELS: Record<string, string> = {
  'home-care': '在宅医療',
  insurance: '介護保険',
  acp: '人生会議',
  dementia: '認知症',
  'end-of-life': '看取り',
  other: 'その他',
};

const PROFESSION_LABELS: Record<string, string> = {
  doctor: '医師',
  nurse: '看護師',
  'care-manager': 'ケアマネジャー',
  pharmacist: '薬剤師',
  dentist: '歯科医師',
  therapist: 'リハビリ職',
  'social-worker': '医療ソーシャルワーカー',
  'care-worker': '介護職',
  other: 'その他',
};

export interface LectureDetails {
  group: string;
  contact: string;
  phone: string;
  place: string;
}

/** Minutes precision is enough for people: 2026-12-15 14:00. */
const when = (ms: number | null, tz: string) => (ms === null ? '—' : formatTime(ms, tz).slice(0, 16));

/** The date and time inputs' values for an instant, in Japan time. */
export function jstInputs(ms: number | null): { date: string; time: string } {
  if (ms === null) return { date: '', time: '' };
  return { date: japanIsoDate(ms), time: japanHhmm(ms) };
}

function preferred(row: LectureRow): string[] {
  try {
    const v = JSON.parse(row.preferredDates) as unknown;
    return Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

export function lecturesPage(frame: Frame, v: { rows: LectureRow[]; status?: LectureStatus | undefined }): string {
  const tz = frame.timeZone;
  const filters: Array<[string, string]> = [['', 'すべて'], ...Object.entries(LECTURE_STATUS_LABELS)];
  return page(
    <Layout title="出前講座の依頼" frame={{ ...frame, current: 'lectures' }}>
      <h1>出前講座の依頼</h1>
      <p class="note">LINEから届いた依頼です。団体名や連絡先は、詳細のページでだけ表示します（閲覧は記録されます）。</p>
      <nav class="pager" aria-label="状態で絞り込む">
        {filters.map(([key, label]) => (
          <a
            href={key ? `/console/outreach/lectures?status=${key}` : '/console/outreach/lectures'}
            aria-current={(v.status ?? '') === key ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">受付番号</th>
              <th scope="col">受付日時</th>
              <th scope="col">テーマ</th>
              <th scope="col">希望日</th>
              <th scope="col">予定人数</th>
              <th scope="col">状態</th>
              <th scope="col">確定日時</th>
              <th scope="col">参加者数</th>
            </tr>
          </thead>
          <tbody>
            {v.rows.length === 0 ? (
              <tr>
                <td colspan={8}>該当する依頼はありません。</td>
              </tr>
            ) : (
              v.rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/console/outreach/lectures/${r.id}`}>{r.ref}</a>
                  </td>
                  <td>{when(r.createdAt, tz)}</td>
                  <td>{TOPIC_LABELS[r.topic] ?? r.topic}</td>
                  <td>{preferred(r).join('、')}</td>
                  <td>{r.expectedParticipants ?? '—'}</td>
                  <td>{LECTURE_STATUS_LABELS[r.status]}</td>
                  <td>{when(r.scheduledAt, tz)}</td>
                  <td>{r.actualParticipants ?? '—'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
}

/** Which statuses a request may move to from each one (the buttons shown, and checked on POST). */
export const LECTURE_NEXT: Record<LectureStatus, LectureStatus[]> = {
  received: ['scheduling', 'confirmed', 'cancelled'],
  scheduling: ['confirmed', 'cancelled'],
  // 確定 again: the date moved.
  confirmed: ['confirmed', 'done', 'cancelled'],
  done: [],
  cancelled: [],
};

export function lecturePage(
  frame: Frame,
  v: {
    row: LectureRow;
    details: LectureDetails | null;
    notice?: string | undefined;
    error?: string | undefined;
    form?: { date?: string; time?: string; actual?: string };
  },
): string {
  const { row } = v;
  const tz = frame.timeZone;
  const base = `/console/outreach/lectures/${row.id}`;
  const next = LECTURE_NEXT[row.status];
  const at = v.form?.date !== undefined ? { date: v.form.date, time: v.form.time ?? '' } : jstInputs(row.scheduledAt);
  return page(
    <Layout title={`出前講座 ${row.ref}`} frame={{ ...frame, current: 'lectures' }}>
      <p>
        <a href="/console/outreach/lectures">← 出前講座の一覧</a>
      </p>
      <h1>出前講座 {row.ref}</h1>
      <Notice notice={v.notice} error={v.error} />
      <section class="card" aria-labelledby="req-heading">
        <h2 id="req-heading">依頼の内容</h2>
        <dl class="facts">
          <dt>状態</dt>
          <dd>{LECTURE_STATUS_LABELS[row.status]}</dd>
          <dt>団体名</dt>
          <dd>{v.details?.group ?? '（読み取れません）'}</dd>
          <dt>ご担当者</dt>
          <dd>{v.details?.contact ?? '—'}</dd>
          <dt>電話番号</dt>
          <dd>{v.details?.phone ?? '—'}</dd>
          <dt>会場</dt>
          <dd>{v.details?.place ?? '—'}</dd>
          <dt>テーマ</dt>
          <dd>{TOPIC_LABELS[row.topic] ?? row.topic}</dd>
          <dt>希望日</dt>
          <dd>
            {preferred(row)
              .map((d, i) => `第${i + 1}希望 ${d}`)
              .join('、')}
          </dd>
          <dt>予定人数</dt>
          <dd>{row.expectedParticipants ?? '—'}人</dd>
          <dt>受付日時</dt>
          <dd>{when(row.createdAt, tz)}</dd>
          <dt>確定日時</dt>
          <dd>{when(row.scheduledAt, tz)}</dd>
          <dt>参加者数</dt>
          <dd>{row.actualParticipants ?? '—'}</dd>
        </dl>
      </section>
      {next.length ? (
        <section class="card" aria-labelledby="status-heading">
          <h2 id="status-heading">状態を進める</h2>
          <p class="note">変更は依頼者のLINEにお知らせします。</p>
          <div class="inline-forms">
            {next.includes('scheduling') ? (
              <form method="post" action={`${base}/status`}>
                <Csrf token={frame.csrf} />
                <input type="hidden" name="status" value="scheduling" />
                <button type="submit" class="secondary">
                  日程調整中にする
                </button>
              </form>
            ) : null}
            {next.includes('done') ? (
              <form method="post" action={`${base}/status`}>
                <Csrf token={frame.csrf} />
                <input type="hidden" name="status" value="done" />
                <button type="submit" class="secondary">
                  実施済にする
                </button>
              </form>
            ) : null}
            {next.includes('cancelled') ? (
              <form method="post" action={`${base}/status`}>
                <Csrf token={frame.csrf} />
                <input type="hidden" name="status" value="cancelled" />
                <button type="submit" class="danger">
                  取り消す
                </button>
              </form>
            ) : null}
          </div>
          {next.includes('confirmed') ? (
            <form method="post" action={`${base}/status`}>
              <Csrf token={frame.csrf} />
              <input type="hidden" name="status" value="confirmed" />
              <h3>{row.status === 'confirmed' ? '日時を変更する' : '日時を確定する'}</h3>
              <div class="grid">
                <div>
                  <label for="date">日付</label>
                  <input id="date" name="date" type="date" required value={at.date} />
                </div>
                <div>
                  <label for="time">開始時刻</label>
                  <input id="time" name="time" type="time" required value={at.time} />
                </div>
              </div>
              <div class="actions">
                <button type="submit">確定する</button>
              </div>
            </form>
          ) : null}
        </section>
      ) : null}
      {row.status === 'done' ? (
        <section class="card" aria-labelledby="actual-heading">
          <h2 id="actual-heading">参加者数の記録</h2>
          <form method="post" action={`${base}/actual`}>
            <Csrf token={frame.csrf} />
            <label for="actual">実際の参加者数（人）</label>
            <input
              id="actual"
              name="actual"
              type="number"
              min={0}
              max={100000}
              required
              value={v.form?.actual ?? (row.actualParticipants !== null ? String(row.actualParticipants) : '')}
            />
            <div class="actions">
              <button type="submit">記録する</button>
            </div>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}

const KIND_LABELS: Record<EventRow['kind'], string> = { event: '啓発イベント', training: '研修会' };
const AUDIENCE_LABELS: Record<EventRow['audience'], string> = { residents: '住民', professionals: '専門職（登録済みの方のみ）' };

export function eventsPage(frame: Frame, v: { rows: Array<EventRow & { registered: number; waitlisted: number }>; notice?: string | undefined }): string {
  const tz = frame.timeZone;
  return page(
    <Layout title="イベント・研修" frame={{ ...frame, current: 'events' }}>
      <h1>イベント・研修</h1>
      <Notice notice={v.notice} />
      <p>
        <a class="button" href="/console/outreach/events/new">
          新しいイベント・研修を作る
        </a>
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">日時</th>
              <th scope="col">名称</th>
              <th scope="col">種類</th>
              <th scope="col">対象</th>
              <th scope="col">申込／定員</th>
              <th scope="col">キャンセル待ち</th>
              <th scope="col">状態</th>
            </tr>
          </thead>
          <tbody>
            {v.rows.length === 0 ? (
              <tr>
                <td colspan={7}>まだありません。</td>
              </tr>
            ) : (
              v.rows.map((e) => (
                <tr class={e.status === 'cancelled' ? 'status-disabled' : undefined}>
                  <td>{when(e.startsAt, tz)}</td>
                  <td>
                    <a href={`/console/outreach/events/${e.id}`}>{e.title}</a>
                  </td>
                  <td>{KIND_LABELS[e.kind]}</td>
                  <td>{AUDIENCE_LABELS[e.audience]}</td>
                  <td>
                    {e.registered}／{e.capacity}
                  </td>
                  <td>{e.waitlisted}</td>
                  <td>{e.status === 'cancelled' ? '中止' : '受付中'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
}

export interface EventForm {
  kind: string;
  audience: string;
  title: string;
  description: string;
  place: string;
  date: string;
  time: string;
  capacity: string;
}

export function eventFormOf(e: EventRow): EventForm {
  const at = jstInputs(e.startsAt);
  return {
    kind: e.kind,
    audience: e.audience,
    title: e.title,
    description: e.description,
    place: e.place,
    date: at.date,
    time: at.time,
    capacity: String(e.capacity),
  };
}

const EventFields: FC<{ f: Partial<EventForm> }> = ({ f }) => (
  <>
    <div class="grid">
      <div>
        <label for="kind">種類</label>
        <select id="kind" name="kind">
          <option value="event" selected={f.kind !== 'training'}>
            啓発イベント
          </option>
          <option value="training" selected={f.kind === 'training'}>
            研修会
          </option>
        </select>
      </div>
      <div>
        <label for="audience">対象</label>
        <select id="audience" name="audience" aria-describedby="audience-note">
          <option value="residents" selected={f.audience !== 'professionals'}>
            住民
          </option>
          <option value="professionals" selected={f.audience === 'professionals'}>
            専門職
          </option>
        </select>
      </div>
    </div>
    <p class="note" id="audience-note">
      専門職向けは、招待コードで登録した専門職にだけLINEで表示されます。
    </p>
    <label for="title">名称</label>
    <input id="title" name="title" required maxlength={100} value={f.title ?? ''} />
    <div class="grid">
      <div>
        <label for="date">日付</label>
        <input id="date" name="date" type="date" required value={f.date ?? ''} />
      </div>
      <div>
        <label for="time">開始時刻</label>
        <input id="time" name="time" type="time" required value={f.time ?? ''} />
      </div>
      <div>
        <label for="capacity">定員（人）</label>
        <input id="capacity" name="capacity" type="number" min={1} max={10000} required value={f.capacity ?? ''} />
      </div>
    </div>
    <label for="place">会場</label>
    <input id="place" name="place" required maxlength={100} value={f.place ?? ''} />
    <label for="description">内容（LINEのカードに表示します。個人情報は書かないでください）</label>
    <textarea id="description" name="description" maxlength={1000}>
      {f.description ?? ''}
    </textarea>
  </>
);

export function eventNewPage(frame: Frame, v: { form?: Partial<EventForm>; error?: string }): string {
  return page(
    <Layout title="イベント・研修を作る" frame={{ ...frame, current: 'events' }}>
      <p>
        <a href="/console/outreach/events">← イベント・研修の一覧</a>
      </p>
      <h1>イベント・研修を作る</h1>
      <Notice error={v.error} />
      <form method="post" action="/console/outreach/events" class="card">
        <Csrf token={frame.csrf} />
        <EventFields f={v.form ?? {}} />
        <div class="actions">
          <button type="submit">作成する</button>
        </div>
      </form>
    </Layout>,
  );
}

export interface RegistrantView extends RegistrationRow {
  profession?: string;
  organization?: string;
}

const REG_STATUS: Record<RegistrationRow['status'], string> = { registered: '申込', waitlisted: 'キャンセル待ち', cancelled: '取消' };

export function eventPage(
  frame: Frame,
  v: { event: EventRow; regs: RegistrantView[]; form?: Partial<EventForm>; notice?: string | undefined; error?: string | undefined },
): string {
  const { event } = v;
  const tz = frame.timeZone;
  const base = `/console/outreach/events/${event.id}`;
  const seated = v.regs.filter((r) => r.status === 'registered');
  const attended = seated.filter((r) => r.attended).length;
  return page(
    <Layout title={event.title} frame={{ ...frame, current: 'events' }}>
      <p>
        <a href="/console/outreach/events">← イベント・研修の一覧</a>
      </p>
      <h1>{event.title}</h1>
      <Notice notice={v.notice} error={v.error} />
      <p>
        {KIND_LABELS[event.kind]}／対象：{AUDIENCE_LABELS[event.audience]}／{when(event.startsAt, tz)}／{event.place}／申込 {seated.length}／定員{' '}
        {event.capacity}
        {event.status === 'cancelled' ? '／中止' : ''}
      </p>
      <section aria-labelledby="regs-heading">
        <h2 id="regs-heading">申込者と出欠</h2>
        <form method="post" action={`${base}/attendance`} class="card">
          <Csrf token={frame.csrf} />
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">申込番号</th>
                  <th scope="col">状態</th>
                  <th scope="col">申込日時</th>
                  <th scope="col">職種・所属</th>
                  <th scope="col">出席</th>
                </tr>
              </thead>
              <tbody>
                {v.regs.length === 0 ? (
                  <tr>
                    <td colspan={5}>申込はまだありません。</td>
                  </tr>
                ) : (
                  v.regs.map((r) => (
                    <tr class={r.status === 'cancelled' ? 'status-disabled' : undefined}>
                      <td>#{r.id}</td>
                      <td>{REG_STATUS[r.status]}</td>
                      <td>{when(r.createdAt, tz)}</td>
                      <td>{r.profession ? `${PROFESSION_LABELS[r.profession] ?? r.profession}・${r.organization ?? ''}` : '—'}</td>
                      <td>
                        {r.status === 'registered' ? (
                          <input type="checkbox" name="attended" value={String(r.id)} checked={Boolean(r.attended)} aria-label={`申込番号${r.id}の出席`} />
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <p class="note">出席 {attended}人（チェックした人）。当日参加の方も含めた実際の参加者数を下に入力してください。</p>
          <label for="actual">実際の参加者数（人）</label>
          <input
            id="actual"
            name="actual"
            type="number"
            min={0}
            max={100000}
            value={event.actualParticipants !== null ? String(event.actualParticipants) : ''}
          />
          <div class="actions">
            <button type="submit">出欠と参加者数を保存する</button>
          </div>
        </form>
      </section>
      {event.status === 'open' ? (
        <>
          <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">内容を変更する</h2>
            <form method="post" action={base} class="card">
              <Csrf token={frame.csrf} />
              <EventFields f={v.form ?? eventFormOf(event)} />
              <div class="actions">
                <button type="submit">変更を保存する</button>
              </div>
            </form>
          </section>
          <section aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">中止する</h2>
            <form method="post" action={`${base}/cancel`} class="card">
              <Csrf token={frame.csrf} />
              <p>中止すると、申込者とキャンセル待ちの方全員にLINEでお知らせします。元に戻せません。</p>
              <button type="submit" class="danger">
                このイベントを中止する
              </button>
            </form>
          </section>
        </>
      ) : null}
    </Layout>,
  );
}
