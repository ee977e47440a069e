/**
 * Where each sealed column's values are bound: the associated data (AES-GCM additionalData)
 * a value is sealed with names its table, its column and the columns that identify its row,
 * so a ciphertext moved to another row, column or table fails to open. The row columns are
 * ones known before the INSERT (an autoincrement id is not), and never change afterwards.
 *
 * Four append-only tables have no such key known before the INSERT: case messages and notes
 * are bound to their case, chat and instant, ACP answers to their chat, item and instant (the
 * version number is computed by the INSERT itself), unanswered questions (not linked to
 * anyone) to their instant and language. A value moved between two of their rows with the
 * same binding would open.
 *
 * db/rotate-key.ts reads these columns to re-seal values; a test checks every `*_sealed`
 * column of the schema is listed here.
 */
export const SEALED_BINDINGS = {
  'conversations.state_sealed': ['chat_id'],
  'inbox.payload_sealed': ['event_id'],
  'outbox.payload_sealed': ['retry_key'],
  'unanswered.question_sealed': ['at', 'locale'],
  'cases.summary_sealed': ['id'],
  'case_messages.text_sealed': ['case_id', 'chat_id', 'at'],
  'case_notes.text_sealed': ['case_id', 'chat_id', 'at'],
  'professionals.organization_sealed': ['user_id'],
  'lecture_requests.details_sealed': ['source_event_id'],
  'acp_answers.value_sealed': ['chat_id', 'item', 'at'],
  'acp_answers.text_sealed': ['chat_id', 'item', 'at'],
  'acp_shares.invitee_name_sealed': ['id'],
  'acp_ending.place_sealed': ['chat_id', 'item'],
} as const satisfies Record<string, readonly string[]>;

export type SealedColumnName = keyof typeof SEALED_BINDINGS;

/** The associated data for a value of `column` in the row whose binding columns hold `values` (in the order listed above). */
export function aad(column: SealedColumnName, ...values: Array<string | number>): string {
  const names = SEALED_BINDINGS[column];
  if (values.length !== names.length) throw new Error(`${column} is bound by ${names.join(', ')}: got ${values.length} value(s)`);
  return `renkei:${column}:${JSON.stringify(values.map(String))}`;
}
