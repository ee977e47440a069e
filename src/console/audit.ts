/**
 * The console's audit log: who did what and when. Actions are fixed names, targets are ids
 * (`staff:12`, `case:c…`, `invite:3`); never a password or message text.
 */
import type { AppDeps } from '../app/deps.ts';

export type AuditAction =
  | 'login'
  | 'login.failed'
  | 'login.rate_limited'
  // A set of failed sign-ins locked an account for one client (target: the account).
  | 'login.locked'
  | 'logout'
  | 'staff.create'
  | 'staff.disable'
  | 'staff.enable'
  | 'staff.bootstrap'
  | 'staff.password'
  // Every view of a page that shows personal data records one of these.
  | 'case.view'
  | 'unanswered.view'
  | 'case.claim'
  | 'case.assign'
  | 'case.reply'
  | 'case.note'
  | 'case.close'
  | 'invite.create'
  | 'invite.revoke'
  | 'canned.create'
  | 'canned.update'
  | 'canned.delete'
  // Outreach (出前講座, events): viewing a request's contact details, and every change.
  | 'view.lecture'
  | 'lecture.status'
  | 'lecture.actual'
  | 'event.create'
  | 'event.update'
  | 'event.cancel'
  | 'event.attendance'
  | 'view.registrations'
  | 'announcement.send'
  | 'kpi.export'
  // The local directory: a coordinator confirmed an entry by phone (target: place:<id>).
  | 'directory.checked';

/** Japanese labels for the audit page. */
export const AUDIT_LABELS: Record<string, string> = {
  login: 'ログイン',
  'login.failed': 'ログイン失敗',
  'login.rate_limited': 'ログイン拒否（試行回数超過）',
  'login.locked': 'ログイン失敗の連続による一時停止（接続元ごと）',
  logout: 'ログアウト',
  'staff.create': '担当者の追加',
  'staff.disable': '担当者の無効化',
  'staff.enable': '担当者の有効化',
  'staff.bootstrap': '初期管理者の作成',
  'staff.password': '担当者のパスワード再設定',
  'case.view': '相談の閲覧',
  'unanswered.view': '答えられなかった質問の閲覧',
  'case.claim': '相談の担当',
  'case.assign': '相談の割り当て',
  'case.reply': '相談への返信',
  'case.note': '内部メモの追加',
  'case.close': '相談の対応終了',
  'invite.create': '招待コードの発行',
  'invite.revoke': '招待コードの取り消し',
  'canned.create': '定型文の追加',
  'canned.update': '定型文の変更',
  'canned.delete': '定型文の削除',
  'view.lecture': '出前講座の依頼の閲覧',
  'lecture.status': '出前講座の状態の変更',
  'lecture.actual': '出前講座の参加者数の記録',
  'event.create': 'イベントの作成',
  'event.update': 'イベントの変更',
  'event.cancel': 'イベントの中止',
  'event.attendance': '出欠の記録',
  'view.registrations': '申込者の閲覧',
  'directory.checked': '事業所情報の電話確認',
  'announcement.send': 'お知らせの配信',
  'kpi.export': '実績報告のCSV出力',
};

/** Records one entry at the real time (deps.wallClock). `staffId` is null when nobody is signed in. */
export async function audit(deps: AppDeps, staffId: number | null, action: AuditAction, target?: string): Promise<void> {
  await deps.stores.console.audit({ at: deps.wallClock(), staffId, action, target: target ?? null });
}
