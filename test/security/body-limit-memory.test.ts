/**
 * Bodies are limited while they stream in: a real Node server (`src/runtime/node.ts`, in a
 * child process so its memory can be read from /proc) receives 300 MB bodies on /webhook,
 * /console and /note — chunked without a length, with a length that lies, with a length that
 * is too large — and must refuse them without its resident memory growing by 50 MB.
 *
 * The peak is read from the kernel: `/proc/<pid>/clear_refs` (5) resets VmHWM, the process's
 * resident high-water mark, before each body, so VmHWM afterwards is the peak during it.
 * Figures are printed for the record.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';
import { freePort } from '../../scripts/worker-stack.ts';
import { DEV_CHANNEL_SECRET } from '../../src/app/config.ts';
import { signBody } from '../../src/line/signature.ts';

const MB = 1024 * 1024;
const ATTACK_BYTES = 300 * MB;
const MAX_GROWTH = 50 * MB;
const linux = process.platform === 'linux';

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

interface Sent {
  /** The status line's code, or 0 when the connection closed without an answer. */
  status: number;
  bytesSent: number;
}

/**
 * Sends a request with a body of `total` bytes over a raw socket (so the framing is exactly
 * what an attacker would send), writing as fast as the server reads until it is all sent or
 * the server closes the connection.
 */
function sendHuge(port: number, head: string, total: number, chunked: boolean): Promise<Sent> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(MB, 0x61); // "aaaa…": also a valid form value and JSON string content
    let sent = 0;
    let response = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
      resolve({ status: m ? Number(m[1]) : 0, bytesSent: sent });
    };
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', finish);
    socket.on('close', finish);
    const pump = () => {
      while (!done && sent < total) {
        const n = Math.min(MB, total - sent);
        const piece = n === MB ? chunk : chunk.subarray(0, n);
        // One write per chunk (size line, data, CRLF): the framing must stay intact under backpressure.
        const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
        sent += n;
        if (!ok) return void socket.once('drain', pump);
      }
      if (!done && chunked) socket.write('0\r\n\r\n');
      // Everything sent: give the server a moment to answer, then stop.
      if (!done) setTimeout(finish, 2_000);
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

const request = (path: string, headers: Record<string, string>) =>
  `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe.skipIf(!linux)('a 300 MB body against a real Node server', () => {
  let child: ChildProcess;
  let port: number;
  let dir: string;
  let output = '';
  let wellFormedWrongSignature: string;
  const figures: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'renkei-body-'));
    port = await freePort();
    const tsx = pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    // node itself (not the tsx CLI, which would run the server in a grandchild): its pid is the server's.
    child = spawn(process.execPath, ['--import', tsx, join(PROJECT_ROOT, 'src/runtime/node.ts')], {
      cwd: dir,
      // tsx reads the tsconfig (JSX settings) from the working directory unless told where it is.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), LOG_LEVEL: 'warn', TSX_TSCONFIG_PATH: join(PROJECT_ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    wellFormedWrongSignature = await signBody('not-the-channel-secret', 'x');
    // Warm every path once with a small body, so what is measured is the body, not code loading.
    // (A refused body closes the connection, so each request gets its own.)
    const warm = (path: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { connection: 'close', ...(init.headers as Record<string, string>) } })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
    const body = JSON.stringify({ destination: 'Uwarm', events: [] });
    await warm('/webhook', { method: 'POST', body, headers: { 'x-line-signature': await signBody(DEV_CHANNEL_SECRET, body) } });
    await warm('/webhook', { method: 'POST', body: 'x'.repeat(2 * MB), headers: { 'x-line-signature': wellFormedWrongSignature } });
    await warm('/console/login', { method: 'POST', body: 'x'.repeat(2 * MB), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await warm('/console/login');
  }, 60_000);

  afterAll(async () => {
    if (figures.length) console.log(`body limits, resident memory of the server (limit: +${MAX_GROWTH / MB} MB):\n${figures.join('\n')}`);
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: Array<{ label: string; path: string; headers: () => Record<string, string>; chunked: boolean; expected: number[] }> = [
    {
      label: '/webhook, chunked, well-formed wrong signature',
      path: '/webhook',
      headers: () => ({ 'transfer-encoding': 'chunked', 'content-type': 'application/json', 'x-line-signature': wellFormedWrongSignature }),
      chunked: true,
      expected: [413],
    },
    {
      label: '/webhook, chunked, no signature',
      path: '/webhook',
      headers: () => ({ 'transfer-encoding': 'chunked', 'content-type': 'application/json' }),
      chunked: true,
      // Refused at the headers and the connection closed at once: a client still writing its
      // body often sees the reset before the 401 (0 = closed without an answer read).
      expected: [401, 0],
    },
    {
      label: '/webhook, content-length that lies (claims 1 KB)',
      path: '/webhook',
      headers: () => ({ 'content-length': '1024', 'content-type': 'application/json', 'x-line-signature': wellFormedWrongSignature }),
      chunked: false,
      // The server reads the declared 1 KB (a wrong signature), then the rest is not HTTP:
      // Node's parser answers 400 and closes, often before the handler's 401 is written, and
      // on a busy machine the reset can overtake both (0).
      expected: [400, 401, 0],
    },
    {
      label: '/webhook, content-length 300 MB declared',
      path: '/webhook',
      headers: () => ({ 'content-length': String(ATTACK_BYTES), 'content-type': 'application/json', 'x-line-signature': wellFormedWrongSignature }),
      chunked: false,
      expected: [413],
    },
    {
      label: '/console/login, anonymous chunked form',
      path: '/console/login',
      headers: () => ({ 'transfer-encoding': 'chunked', 'content-type': 'application/x-www-form-urlencoded' }),
      chunked: true,
      expected: [413],
    },
    {
      label: '/console/cases/x/reply, anonymous chunked multipart',
      path: '/console/cases/x/reply',
      headers: () => ({ 'transfer-encoding': 'chunked', 'content-type': 'multipart/form-data; boundary=b' }),
      chunked: true,
      expected: [413],
    },
    {
      label: '/console/login, content-length that lies (claims 1 KB)',
      path: '/console/login',
      headers: () => ({ 'content-length': '1024', 'content-type': 'application/x-www-form-urlencoded' }),
      chunked: false,
      expected: [400, 403, 0], // as for the webhook's lying length
    },
    {
      label: '/note/<token>, chunked',
      path: '/note/abcdefghijklmnopqrstuvwxyz012345',
      headers: () => ({ 'transfer-encoding': 'chunked' }),
      chunked: true,
      expected: [413],
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.label} with bounded memory`, async () => {
      const pid = child.pid!;
      const before = status(pid, 'VmRSS');
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // reset the high-water mark to the current RSS
      const sent = await sendHuge(port, request(c.path, c.headers()), ATTACK_BYTES, c.chunked);
      const peak = status(pid, 'VmHWM');
      const growth = peak - before;
      figures.push(
        `  ${c.label.padEnd(58)} ${String(sent.status).padStart(3)}  before ${(before / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB (+${(growth / MB).toFixed(1)} MB), ${(sent.bytesSent / MB).toFixed(0)} MB sent before the server stopped reading`,
      );
      expect(c.expected, `${c.label}: answered ${sent.status}\n${output}`).toContain(sent.status);
      expect(growth, c.label).toBeLessThan(MAX_GROWTH);
      // The server is still healthy afterwards.
      expect((await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: 'close' } })).status).toBe(200);
    }, 60_000);
  }
});
