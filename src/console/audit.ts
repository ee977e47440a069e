/**
 * The console's audit log: who did what and when. Actions are fixed names, targets are ids
 * (`staff:12`, later `case:34`); never a password or message text.
 */
import type { AppDeps } from '../app/deps.ts';
import { createConsoleStore } from '../db/console-store.ts';

export type AuditAction =
  | 'login'
  | 'login.failed'
  | 'login.rate_limited'
  | 'logout'
  | 'staff.create'
  | 'staff.disable'
  | 'staff.enable'
  | 'staff.bootstrap'
  // Every view of a page that shows personal data (the case page, later) records one of these.
  | 'view.case'
  | 'view.transcript'
  | 'announcement.send'
  | 'kpi.export';

/** Japanese labels for the audit page. */
export const AUDIT_LABELS: Record<string, string> = {
  login: 'ログイン',
  'login.failed': 'ログイン失敗',
  'login.rate_limited': 'ログイン拒否（試行回数超過）',
  logout: 'ログアウト',
  'staff.create': '担当者の追加',
  'staff.disable': '担当者の無効化',
  'staff.enable': '担当者の有効化',
  'staff.bootstrap': '初期管理者の作成',
  'view.case': '相談の閲覧',
  'view.transcript': 'やりとりの閲覧',
  'announcement.send': 'お知らせの配信',
  'kpi.export': '実績報告のCSV出力',
};

/** Records one entry at the real time (deps.wallClock). `staffId` is null when nobody is signed in. */
export async function audit(deps: AppDeps, staffId: number | null, action: AuditAction, target?: string): Promise<void> {
  await createConsoleStore(deps.store.db).audit({ at: deps.wallClock(), staffId, action, target: target ?? null });
}
