/**
 * `npm run renkei -- chat`: talk to the bot in the terminal through the whole pipeline —
 * a signed webhook into /webhook, the engine, the database, and out to the fake LINE API.
 * Quick replies and buttons are shown as numbers; type a number to tap one.
 *
 *   --user NAME   who you are (default "you"; another name is another LINE user)
 *   --db URL      database (default file:./data/chat.db, apart from the server's)
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { messagingApi } from '@line/bot-sdk';
import { createNodeApp, PROJECT_ROOT } from '../runtime/node-deps.ts';
import { silentLogger } from '../app/log.ts';
import { option } from './jsonl-io.ts';
import { describeMessage, type DescribedAction } from '../line/describe.ts';
import { events, signedWebhook, userIdFor, webhookBody } from '../line/webhook-events.ts';

export interface ChatIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

export async function run(argv: string[], io: ChatIo = { stdin: process.stdin, stdout: process.stdout }): Promise<number> {
  const out = (s = '') => io.stdout.write(`${s}\n`);
  const env = { ...process.env };
  // The terminal chat always talks to the in-process fake LINE.
  delete env.LINE_CHANNEL_SECRET;
  delete env.LINE_CHANNEL_ACCESS_TOKEN;
  delete env.LINE_API_BASE_URL;
  delete env.LINE_DATA_API_BASE_URL;
  env.DATABASE_URL = option(argv, '--db') ?? env.RENKEI_CHAT_DATABASE_URL ?? `file:${join(PROJECT_ROOT, 'data', 'chat.db')}`;
  const node = await createNodeApp({ env, log: silentLogger, warn: () => undefined });
  const fake = node.fakeLine!;
  const userId = await userIdFor(option(argv, '--user') ?? 'you');
  let choices: DescribedAction[] = [];
  let seen = fake.calls.length;

  // Tokens issued by the fake, so it knows whom each reply went to.
  const as = () => ({ userId, replyToken: fake.issueReplyToken(userId) });

  async function send(event: object): Promise<void> {
    const body = webhookBody([event]);
    const res = await node.app.request('/webhook', await signedWebhook(node.config.line.channelSecret, body));
    if (res.status !== 200) out(`  (webhook answered ${res.status})`);
    await node.drain();
    const fresh = fake.calls.slice(seen);
    seen = fake.calls.length;
    const messages: messagingApi.Message[] = [];
    for (const call of fresh) {
      if (call.userId !== userId || call.status >= 300) continue;
      const b = call.body as { messages?: messagingApi.Message[] };
      if ((call.path.endsWith('/reply') || call.path.endsWith('/push')) && Array.isArray(b.messages)) messages.push(...b.messages);
    }
    choices = [];
    for (const m of messages) {
      const d = describeMessage(m);
      out('');
      for (const line of d.lines) out(`  bot> ${line.replace(/\n/g, '\n       ')}`);
      for (const b of [...d.buttons, ...d.quickReplies]) {
        choices.push(b);
        out(`   [${choices.length}] ${b.label}${b.kind === 'uri' ? `  (${b.value})` : ''}`);
      }
    }
    if (messages.length === 0) out('  (no reply)');
  }

  out('renkei terminal chat — type a message, a number to tap a button, or Ctrl-D to quit.');
  const conv = await node.deps.store.loadConversation(userId, Date.now());
  if (!conv.state) await send(events.follow(as()));

  const rl = createInterface({ input: io.stdin, terminal: false });
  io.stdout.write('\nyou> ');
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) {
      io.stdout.write('you> ');
      continue;
    }
    const n = /^\d{1,2}$/.test(line) ? Number(line) : 0;
    const picked = n >= 1 && n <= choices.length ? choices[n - 1] : undefined;
    if (picked?.kind === 'postback') {
      if (picked.displayText) out(`you> (${picked.displayText})`);
      await send(events.postback(as(), picked.value));
    } else if (picked?.kind === 'message') {
      await send(events.text(as(), picked.value));
    } else if (picked?.kind === 'uri') {
      out(`  (opens ${picked.value})`);
    } else {
      await send(events.text(as(), line));
    }
    io.stdout.write('\nyou> ');
  }
  out('');
  await node.close();
  return 0;
}
