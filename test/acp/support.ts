/** Helpers for the ACP note's tests: walk through the note quickly, find links and codes. */
import { allText, type Harness, type UserDriver } from '../support/harness.ts';

/** Starts the note and answers a few questions, skipping the rest, up to the reminder question. */
export async function writeNote(u: UserDriver, opts: { message?: string } = {}): Promise<void> {
  await u.say('想いノート');
  await u.tap('はじめる');
  await u.tap('本人');
  await u.tap('家族や友人のそばにいる');
  await u.tap('決定');
  await u.say(opts.message ?? '孫の成長を見守りたいから');
  for (let i = 0; i < 40 && !allText(u.last).includes('見直す時期'); i++) {
    const labels = u.last.flatMap((m) => m.quickReplies.map((q) => q.label));
    // After several skips the note asks whether to stop for today: carry on.
    if (labels.includes('続ける')) {
      await u.tap('続ける');
      continue;
    }
    // Free-text questions are skipped with 「書かない」, the others with 「今は答えたくない」.
    const skip = labels.includes('書かない') ? '書かない' : '今は答えたくない';
    await u.tap(labels.includes('医師と相談したい') && i % 2 === 0 ? '医師と相談したい' : skip);
  }
  if (!allText(u.last).includes('見直す時期')) throw new Error('did not reach the reminder question');
}

export function printLink(u: UserDriver): string {
  const m = /\/note\/([A-Za-z0-9_-]+)/.exec(allText(u.last));
  if (!m) throw new Error(`no print link in: ${allText(u.last)}`);
  return `/note/${m[1]}`;
}

export function shareCode(u: UserDriver): string {
  const m = /([2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5})/.exec(allText(u.last));
  if (!m) throw new Error(`no share code in: ${allText(u.last)}`);
  return m[1]!;
}

export async function get(h: Harness, path: string): Promise<Response> {
  return h.node.app.request(path);
}

/**
 * Leaves a row in every table of the ACP note (answers, note, print link, a share used by a
 * friend, the ending-note checklist with a place): for the deletion and key-rotation tests.
 */
export async function useTheNote(h: Harness, u: UserDriver, marker: string): Promise<void> {
  await writeNote(u, { message: `想い ${marker}` });
  await u.tap('半年後');
  await u.say('想いノート');
  await u.tap('印刷用');
  await u.say('想いノート');
  await u.tap('共有する');
  const code = shareCode(u);
  const friend = await h.user(`friend-of-${marker}`);
  await friend.say('共有コード');
  await friend.say(code);
  await u.say('エンディングノート');
  await u.tap('書いてある');
  for (let i = 0; i < 8; i++) await u.tap('まだ');
  await u.say(`寝室のたんす ${marker}`);
}
