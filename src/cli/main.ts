/**
 * The `renkei` command: `npm run renkei -- <command> [options]`.
 */
import { StartupError } from '../runtime/node-deps.ts';

type Command = (argv: string[], io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream }) => Promise<number>;

const commands: Record<string, { describe: string; load: () => Promise<{ run: Command }> }> = {
  chat: { describe: 'talk to the bot in the terminal (whole pipeline, fake LINE)', load: () => import('./chat.ts') },
  migrate: { describe: 'apply database migrations to DATABASE_URL', load: () => import('./migrate.ts') },
  ask: { describe: 'answer questions from JSON lines on stdin (--jsonl)', load: () => import('./ask.ts') },
  'rotate-key': {
    describe: 're-seal encrypted data under DATA_ENCRYPTION_KEY (old keys: DATA_ENCRYPTION_KEY_PREVIOUS)',
    load: () => import('./rotate-key.ts'),
  },
  richmenu: { describe: 'draw (image) or deploy (deploy) the rich menu', load: () => import('./richmenu.ts') },
  kpi: { describe: 'the yearly KPI report (--fy 2026, --csv for CSV)', load: () => import('./kpi.ts') },
  directory: {
    describe: 'import the local directory (import --city --kaigo FILE) or show what was imported (status)',
    load: () => import('../features/directory/import/command.ts'),
  },
  rank: { describe: 'rank an external corpus (--corpus FILE --k 10) for queries on stdin', load: () => import('./rank.ts') },
};

function usage(): string {
  return ['usage: npm run renkei -- <command> [options]', '', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.describe}`)].join('\n');
}

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(usage());
  process.exit(name ? 2 : 0);
}
try {
  const mod = await command.load();
  process.exitCode = await mod.run(rest, { stdin: process.stdin, stdout: process.stdout });
} catch (e) {
  if (e instanceof StartupError) console.error(`renkei: ${e.message}`);
  else console.error(e);
  process.exitCode = 1;
}
