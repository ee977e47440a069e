/**
 * `npm start` as a new user runs it: no settings → dev mode with ./data/renkei.db created
 * and migrated, /health answering; a bad variable → a clear message naming it, exit 1.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';
import { freePort } from '../../scripts/worker-stack.ts';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const ENTRY = join(PROJECT_ROOT, 'src/runtime/node.ts');

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
}

describe('node entry', () => {
  it('starts with no settings in dev mode and serves /health', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'renkei-start-'));
    const port = await freePort();
    const child = spawn(TSX, [ENTRY], { cwd, env: cleanEnv({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      let body: unknown;
      for (let i = 0; i < 200 && body === undefined; i++) {
        await new Promise((r) => setTimeout(r, 100));
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          if (res.status === 200) body = await res.json();
        } catch {
          // not listening yet
        }
      }
      expect(body, out).toMatchObject({ status: 'ok', mode: 'dev', database: 'ok' });
      expect(existsSync(join(cwd, 'data/renkei.db'))).toBe(true);
      expect(existsSync(join(cwd, 'data/dev-encryption.key'))).toBe(true);
      expect(out).toContain('DATA_ENCRYPTION_KEY is not set');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'renkei-bad-'));
    try {
      const child = spawn(TSX, [ENTRY], { cwd, env: cleanEnv({ PORT: 'abc' }), stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(err).toContain('PORT');
      expect(err).toContain('renkei cannot start');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
