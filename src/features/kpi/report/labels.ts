/** Japanese labels for the report's categories (the console and the CSV are in Japanese). */
export const CATEGORY_LABELS: Record<string, string> = {
  doctor: '在宅医・医療機関の紹介',
  discharge: '入退院調整',
  alone: '身寄りのない独居の方',
  abuse: '虐待の疑い',
  teamwork: '多職種連携の困りごと',
  'end-of-life': '看取り体制',
  acp: 'ACP支援',
  ict: 'ICTツール',
  other: 'その他',
};

export const OUTCOME_LABELS: Record<'open' | 'waiting' | 'resolved-staff' | 'resolved-user', string> = {
  open: '対応中',
  waiting: '時間外の受付（未対応）',
  'resolved-staff': '対応終了（センター）',
  'resolved-user': '終了（ご本人）',
};

export const UNIT_LABELS = { times: '回数', participants: '参加者数' } as const;
