/**
 * Reminders the person chose: sent by the scheduler when due (in their language, with a
 * one-tap stop), once per occurrence, within the push quota; stopped with one tap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allText, createHarness, type Harness } from '../support/harness.ts';
import { tick } from '../../src/app/tick.ts';
import { nextReminderAt } from '../../src/features/acp-note/engine/reminders.ts';
import { writeNote } from './support.ts';

const DAY = 86_400_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const pushesTo = (harness: Harness, id: string) =>
  harness.fake.calls.filter((c) => c.path === '/v2/bot/message/push' && c.status === 200 && (c.body as { to?: string }).to === id);

describe('when a reminder is due', () => {
  const jstTen = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 1);

  it('computes the next occurrence at 10:00 Japan time', () => {
    const after = Date.UTC(2026, 10, 24, 3); // 24 Nov 2026, 12:00 JST
    expect(nextReminderAt('nov30', after)).toBe(jstTen(2026, 11, 30));
    expect(nextReminderAt('nov30', jstTen(2026, 11, 30))).toBe(jstTen(2027, 11, 30));
    expect(nextReminderAt('birthday', after, { month: 3, day: 15 })).toBe(jstTen(2027, 3, 15));
    expect(nextReminderAt('birthday', after, { month: 11, day: 25 })).toBe(jstTen(2026, 11, 25));
    // 29 February falls on the 28th in other years.
    expect(nextReminderAt('birthday', after, { month: 2, day: 29 })).toBe(jstTen(2027, 2, 28));
    expect(nextReminderAt('half-year', after)).toBe(jstTen(2027, 5, 25));
    expect(nextReminderAt('birthday', after)).toBeNull();
  });
});

describe('the scheduler', () => {
  it('sends the half-year reminder once, and not again after 「リマインドを止める」', async () => {
    let now = Date.UTC(2026, 10, 24, 1);
    h = await createHarness({ wallClock: () => now, clock: { now: () => new Date(now) } });
    const u = await h.user('reminder-half');
    await writeNote(u);
    await u.tap('半年後');
    expect(allText(u.last)).toContain('ノートを保存しました');

    now += 100 * DAY;
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    expect(pushesTo(h, u.id)).toHaveLength(0); // not yet

    now += 90 * DAY;
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    await tick(h.node.deps, { prune: false }); // a second run does not send it again
    await h.node.drain();
    const reminders = () => pushesTo(h!, u.id).filter((c) => JSON.stringify(c.body).includes('半年がたちました'));
    const pushes = reminders();
    expect(pushes).toHaveLength(1);
    const text = JSON.stringify(pushes[0]!.body);
    expect(text).toContain('半年がたちました');
    expect(text).toContain('リマインドを止める');

    await u.postback('n|stop-reminder');
    expect(allText(u.last)).toContain('お知らせを止めました');
    now += 400 * DAY;
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    expect(reminders()).toHaveLength(1);
  });

  it('keeps within the monthly push quota and sends the rest later', async () => {
    let now = Date.UTC(2026, 10, 20, 1);
    // 10 messages a month, 10 % kept for conversations: room for 9 pushes, none used yet.
    h = await createHarness({ wallClock: () => now, clock: { now: () => new Date(now) }, behaviour: { monthlyQuota: 10 } });
    const users = [];
    for (const name of ['quota-a', 'quota-b']) {
      const u = await h.user(name);
      await writeNote(u);
      await u.tap('11月30日(人生会議の日)');
      users.push(u);
    }
    // Use the quota up, as other pushes would.
    for (let i = 0; i < 8; i++) await h.node.deps.line.push(users[0]!.id, [{ type: 'text', text: `x${i}` }], crypto.randomUUID());
    now = Date.UTC(2026, 10, 30, 2);
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    const reminded = users.filter((u) => pushesTo(h!, u.id).some((c) => JSON.stringify(c.body).includes('人生会議の日')));
    expect(reminded).toHaveLength(1);
    expect(h.logs.join('\n')).toContain('acp.reminders.quota-reached');
  });

  it("sends the birthday reminder in the person's language", async () => {
    let now = Date.UTC(2026, 10, 24, 1);
    h = await createHarness({ wallClock: () => now, clock: { now: () => new Date(now) } });
    const u = await h.user('reminder-birthday');
    await writeNote(u);
    await u.tap('誕生日');
    await u.say('12月1日');
    await u.say('language');
    await u.tap('English');
    now = Date.UTC(2026, 11, 1, 1, 5);
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    const text = JSON.stringify(pushesTo(h, u.id).at(-1)?.body);
    expect(text).toContain('Happy birthday');
    expect(text).toContain('Stop reminders');
  });

  it('does not push to someone who has blocked the bot', async () => {
    let now = Date.UTC(2026, 10, 20, 1);
    h = await createHarness({ wallClock: () => now, clock: { now: () => new Date(now) } });
    const u = await h.user('reminder-blocked');
    await writeNote(u);
    await u.tap('11月30日(人生会議の日)');
    await h.send([u.event('unfollow')]);
    now = Date.UTC(2026, 10, 30, 2);
    await tick(h.node.deps, { prune: false });
    await h.node.drain();
    expect(pushesTo(h, u.id).filter((c) => JSON.stringify(c.body).includes('人生会議の日'))).toHaveLength(0);
  });
});
