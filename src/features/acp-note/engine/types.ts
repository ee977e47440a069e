/**
 * The ACP note's vocabulary (わたしの想いノート, content spec: content-spec/acp-note.md).
 * Kept apart from engine/types.ts so the note can grow without touching the shared file.
 */

/** Requests the note hands to the shell (database reads and writes it cannot do itself). */
export const ACP_REQUESTS = ['acp-load', 'acp-print-link', 'acp-share-create', 'acp-share-list', 'acp-share-redeem', 'acp-shared-view'] as const;
export type AcpRequest = (typeof ACP_REQUESTS)[number];

/** Answers every question accepts besides its own choices. */
export const ACP_SPECIAL = ['unknown', 'skip', 'doctor'] as const;
export type AcpSpecial = (typeof ACP_SPECIAL)[number];

export const ACP_REMINDERS = ['half-year', 'birthday', 'nov30'] as const;
export type AcpReminderKind = (typeof ACP_REMINDERS)[number];

/** What the note's buttons do (postback `n|op|arg`). */
export const ACP_OPS = [
  'resume',
  'restart',
  'review',
  'print',
  'revoke-links',
  'pause',
  'delete',
  'delete-yes',
  'delete-no',
  'change',
  'share',
  'shares',
  'revoke-share',
  'stop-reminder',
  'close',
  /** The note's menu (its hub), from a question. */
  'hub',
] as const;
export type AcpOp = (typeof ACP_OPS)[number];

/** One item's current answer: chosen values (or a special answer) and free text. */
export interface AcpAnswer {
  /** Option value, several for a multi-choice question, or one of ACP_SPECIAL. */
  v?: string | string[];
  /** Free text (sealed at rest, never logged). */
  t?: string;
  /** ISO instant of the latest change. */
  at?: string;
}

export type AcpWriter = 'self' | 'family';

/** The note while its flow is active; the database holds the record and its versions. */
export interface AcpSession {
  answers: Record<string, AcpAnswer>;
  writer?: AcpWriter;
  /** Latest change (ISO), for the summary. */
  updatedAt?: string;
  /** The same day as the hub shows it (2026/11/24), from the shell. */
  updatedDate?: string;
  /** Where the person paused (the question to resume at). */
  paused?: { step: string; trail: string[] };
  /** The note has been gone through to the end at least once (counted once for the yearly report). */
  completed?: boolean;
  /** Set while an answer is being changed from the review: where to return afterwards. */
  returnTo?: { step: string; trail: string[] };
  confirmingDelete?: boolean;
  /** Questions skipped in a row (「今は答えたくない」「書かない」), to ask kindly whether to stop for today. */
  skipped?: number;
  /** A note command given while the note was closed (a button of an older message): run once it is loaded. */
  pending?: { op: AcpOp; arg?: string };
}

/** Writes the shell carries out for the note (one `acp` effect each). */
export type AcpEffect =
  /** `changed`: which parts differ from the previous version (kept with the version). */
  | { kind: 'answer'; item: string; answer: AcpAnswer; writer: AcpWriter | null; changed: Array<'choice' | 'text'> }
  | { kind: 'position'; step: string | null; trail: string[] }
  | { kind: 'completed' }
  | { kind: 'reminder'; reminder: AcpReminderKind | 'none'; birthday?: { month: number; day: number } }
  | { kind: 'stop-reminder' }
  | { kind: 'revoke-links' }
  | { kind: 'revoke-share'; shareId: string }
  | { kind: 'ending'; item: string; status: 'yes' | 'notyet' | 'place'; place?: string }
  /** 「ノートを削除」: every version, links, shares, reminders and the checklist. */
  | { kind: 'delete' };

/** A summary as message keys and free text, drawn by line/render.ts and the print page. */
export interface AcpSummaryRow {
  item: string;
  /** Message keys of the chosen options (or of a special answer). */
  answers: string[];
  text?: string;
  /** 「医師と相談したい」 was chosen: a topic to raise with the doctor. */
  doctor?: boolean;
}
export interface AcpSummarySection {
  id: string;
  rows: AcpSummaryRow[];
}
export interface AcpSummaryView {
  writer: AcpWriter | null;
  updatedAt: string | null;
  sections: AcpSummarySection[];
  /** Items marked 「医師と相談したい」. */
  doctorItems: string[];
}
