/**
 * One simulated user's chat history as the simulator shows it: what the user sent (recorded
 * here when the simulator sends it) interleaved with what the bot delivered (read from the
 * calls the fake LINE API accepted). The bot's side is never taken from the app directly, so
 * the page shows exactly what LINE would have shown.
 *
 * Kept in memory: the fake's call log is shared by all users, capped, and can be cleared from
 * /dev/line/calls, so each transcript copies what it has read and remembers which calls those were.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { FakeLine, FakeLineCall } from '../../fakes/line/fake-line.ts';

export type SimItem =
  | { id: number; at: number; from: 'user'; text: string }
  | { id: number; at: number; from: 'bot'; message: messagingApi.Message }
  | { id: number; at: number; from: 'system'; text: string; level: 'info' | 'warn' };

type NewItem = SimItem extends infer T ? (T extends SimItem ? Omit<T, 'id' | 'at'> : never) : never;

/** Endpoints that deliver messages to a user. */
const MESSAGE_PATHS = new Set(['/v2/bot/message/reply', '/v2/bot/message/push', '/v2/bot/message/multicast']);

export class Transcript {
  private items: SimItem[] = [];
  private nextId = 1;
  /**
   * Fake call seqs already read. A set, not a high-water mark: calls are logged in order of
   * completion, so a slow reply to this user can be logged after a later call to another.
   */
  private seen = new Set<number>();
  private maxSeen = 0;

  constructor(
    readonly userId: string,
    private readonly fake: FakeLine,
    private readonly now: () => number = Date.now,
  ) {}

  add(item: NewItem): SimItem {
    const full = { ...item, id: this.nextId++, at: this.now() } as SimItem;
    this.items.push(full);
    return full;
  }

  /** Copies new deliveries to this user from the fake's call log; returns how many items were added. */
  sync(): number {
    // The fake restarts its sequence after reset(): what was seen no longer identifies calls.
    if ((this.fake.calls.at(-1)?.seq ?? 0) < this.maxSeen) {
      this.seen.clear();
      this.maxSeen = 0;
    }
    const mine = this.fake.callsFor(this.userId);
    let added = 0;
    for (const call of mine) {
      if (this.seen.has(call.seq)) continue;
      this.seen.add(call.seq);
      this.maxSeen = Math.max(this.maxSeen, call.seq);
      added += this.ingest(call);
    }
    // Calls dropped from the capped log cannot come back: forget them.
    if (this.seen.size > mine.length * 2 + 64) this.seen = new Set(mine.map((c) => c.seq));
    return added;
  }

  private ingest(call: FakeLineCall): number {
    if (!MESSAGE_PATHS.has(call.path)) return 0;
    if (call.violations.length) {
      // A message LINE would reject is a bug worth seeing right where it happened.
      const detail = call.violations.map((v) => `${v.path}: ${v.message}`).join(' / ');
      this.add({ from: 'system', level: 'warn', text: `LINE API が ${call.path} を拒否しました（${call.status}）: ${detail}` });
      return 1;
    }
    if (call.status >= 300) return 0; // e.g. a stale reply token: the app falls back to push, which is recorded too
    const messages = (call.body as { messages?: unknown } | undefined)?.messages;
    if (!Array.isArray(messages)) return 0;
    for (const message of messages) this.add({ from: 'bot', message: message as messagingApi.Message });
    return messages.length;
  }

  /** Items after the given id, oldest first. */
  after(id: number): SimItem[] {
    return this.items.filter((i) => i.id > id);
  }

  /** Forgets the history shown; deliveries already made are not shown again. */
  clear(): void {
    this.sync();
    this.items = [];
  }

  get lastId(): number {
    return this.nextId - 1;
  }
}
