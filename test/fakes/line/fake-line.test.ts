import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeLine, type FakeLine } from '../../../fakes/line/fake-line.ts';

const AUTH = { authorization: 'Bearer test-token', 'content-type': 'application/json' };
const KEY_1 = '123e4567-e89b-12d3-a456-426614174000';
const U1 = 'U00000000000000000000000000000001';
const U2 = 'U00000000000000000000000000000002';
const hi = { type: 'text', text: 'hi' };

function post(fake: FakeLine, path: string, body: unknown, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return request(fake, path, { method: 'POST', headers: { ...AUTH, ...headers }, body: JSON.stringify(body), ...init });
}

async function request(fake: FakeLine, path: string, init: RequestInit = {}): Promise<Response> {
  return await fake.app.request(path, init);
}

describe('fake LINE: reply tokens', () => {
  it('a reply token works once, for the user it was issued to', async () => {
    const fake = createFakeLine();
    const token = fake.issueReplyToken(U1);
    const first = await post(fake, '/v2/bot/message/reply', { replyToken: token, messages: [hi] });
    expect(first.status).toBe(200);
    expect((await first.json()).sentMessages).toHaveLength(1);
    expect(first.headers.get('x-line-request-id')).toBeTruthy();

    const again = await post(fake, '/v2/bot/message/reply', { replyToken: token, messages: [hi] });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'Invalid reply token' });

    expect(fake.calls.map((c) => [c.status, c.userId])).toEqual([
      [200, U1],
      [400, U1],
    ]);
    expect(fake.messagesFor(U1)).toEqual([hi]);
  });

  it('unknown and expired tokens are rejected', async () => {
    const fake = createFakeLine();
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: 'never-issued', messages: [hi] })).status).toBe(400);
    const token = fake.issueReplyToken(U1);
    fake.expireReplyToken(token);
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: token, messages: [hi] })).status).toBe(400);
    expect(fake.messagesFor(U1)).toEqual([]);
  });

  it('an invalid body does not use up the token', async () => {
    const fake = createFakeLine();
    const token = fake.issueReplyToken(U1);
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: token, messages: [] })).status).toBe(400);
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: token, messages: [hi] })).status).toBe(200);
  });

  it('lenientTokens accepts tokens it never issued, still once', async () => {
    const fake = createFakeLine({ lenientTokens: true });
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: 'abc', messages: [hi] })).status).toBe(200);
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: 'abc', messages: [hi] })).status).toBe(400);
  });
});

describe('fake LINE: push retry keys', () => {
  it('a repeated X-Line-Retry-Key gets 409 with the accepted request id, and is not delivered twice', async () => {
    const fake = createFakeLine();
    const first = await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] }, { 'x-line-retry-key': KEY_1 });
    expect(first.status).toBe(200);
    const firstId = first.headers.get('x-line-request-id');

    const repeat = await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] }, { 'x-line-retry-key': KEY_1 });
    expect(repeat.status).toBe(409);
    expect(repeat.headers.get('x-line-accepted-request-id')).toBe(firstId);
    expect((await repeat.json()).message).toBe('The retry key is already accepted');

    expect(fake.messagesFor(U1)).toEqual([hi]);
    expect(fake.callsFor(U1).map((c) => c.status)).toEqual([200, 409]);
  });

  it('a key whose request failed is not accepted, so the retry goes through', async () => {
    const fake = createFakeLine({ behaviour: { faults: [{ path: '/v2/bot/message/push', status: 500 }] } });
    const r1 = await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] }, { 'x-line-retry-key': KEY_1 });
    const r2 = await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] }, { 'x-line-retry-key': KEY_1 });
    expect([r1.status, r2.status]).toEqual([500, 200]);
    expect(fake.messagesFor(U1)).toEqual([hi]);
  });

  it('multicast honours retry keys too and records every target', async () => {
    const fake = createFakeLine();
    const body = { to: [U1, U2], messages: [hi] };
    expect((await post(fake, '/v2/bot/message/multicast', body, { 'x-line-retry-key': KEY_1 })).status).toBe(200);
    expect((await post(fake, '/v2/bot/message/multicast', body, { 'x-line-retry-key': KEY_1 })).status).toBe(409);
    expect(fake.messagesFor(U2)).toEqual([hi]);
    expect(fake.calls[0]!.userIds).toEqual([U1, U2]);
  });
});

describe('fake LINE: fault injection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails the next N calls with 429, then recovers', async () => {
    const fake = createFakeLine();
    fake.setBehaviour({ faults: [{ times: 2, status: 429, headers: { 'retry-after': '1' } }] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] })).status);
    expect(statuses).toEqual([429, 429, 200]);
    expect(fake.calls.map((c) => c.fault)).toEqual(['status', 'status', undefined]);
    expect(fake.messagesFor(U1)).toEqual([hi]);
  });

  it('faults can target a path (prefix with *) and a method', async () => {
    const fake = createFakeLine({ behaviour: { faults: [{ path: '/v2/bot/message/*', method: 'POST', times: Infinity, status: 500 }] } });
    expect((await post(fake, '/v2/bot/chat/loading/start', { chatId: U1 })).status).toBe(202);
    expect((await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] })).status).toBe(500);
    expect((await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] })).status).toBe(500);
    fake.setBehaviour({});
    expect((await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] })).status).toBe(200);
  });

  it('a delay longer than the client timeout: the client aborts, LINE still processes it, the retry gets 409', async () => {
    const fake = createFakeLine();
    fake.setBehaviour({ faults: [{ path: '/v2/bot/message/push', delayMs: 60_000 }] });
    const controller = new AbortController();
    const pending = post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] }, { 'x-line-retry-key': KEY_1 }, { signal: controller.signal });
    controller.abort(); // the client's timeout fired
    await pending.catch(() => undefined);
    const first = await fake.waitFor((c) => c.path === '/v2/bot/message/push');
    expect(first).toMatchObject({ fault: 'delay', aborted: true, status: 200 });

    const retry = await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] }, { 'x-line-retry-key': KEY_1 });
    expect(retry.status).toBe(409);
    expect(fake.messagesFor(U1)).toEqual([hi]);
  });

  it('fake.fetch rejects like a real fetch when the client gives up during a delay', async () => {
    const fake = createFakeLine({ behaviour: { faults: [{ path: '/v2/bot/message/push', delayMs: 60_000 }] } });
    const controller = new AbortController();
    const init = { method: 'POST', headers: { ...AUTH, 'x-line-retry-key': KEY_1 }, body: JSON.stringify({ to: U1, messages: [hi] }) };
    const pending = fake.fetch('https://api.line.me/v2/bot/message/push', { ...init, signal: controller.signal });
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    await fake.waitFor((c) => c.aborted === true);
    expect((await fake.fetch('https://api.line.me/v2/bot/message/push', init)).status).toBe(409);
    expect(fake.messagesFor(U1)).toEqual([hi]);
  });

  it('a delay then a status (with fake timers, no waiting)', async () => {
    vi.useFakeTimers();
    const fake = createFakeLine({ behaviour: { faults: [{ delayMs: 30_000, status: 500 }] } });
    const pending = post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] });
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await pending).status).toBe(500);
    expect(fake.messagesFor(U1)).toEqual([]);
  });

  it('monthly quota: pushes beyond it get 429; quota endpoints report it', async () => {
    const fake = createFakeLine({ behaviour: { monthlyQuota: 2 } });
    expect((await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi, hi] })).status).toBe(200);
    expect((await post(fake, '/v2/bot/message/multicast', { to: [U1, U2], messages: [hi] })).status).toBe(429);
    const get = async (p: string) => (await request(fake, p, { headers: AUTH })).json();
    expect(await get('/v2/bot/message/quota')).toEqual({ type: 'limited', value: 2 });
    expect(await get('/v2/bot/message/quota/consumption')).toEqual({ totalUsage: 1 });
  });
});

describe('fake LINE: recording and checks', () => {
  it('records method, path, redacted headers, body, status and target', async () => {
    let t = 1000;
    const fake = createFakeLine({ now: () => t++ });
    await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] });
    expect(fake.calls).toEqual([
      expect.objectContaining({
        seq: 1,
        at: 1000,
        method: 'POST',
        path: '/v2/bot/message/push',
        body: { to: U1, messages: [hi] },
        status: 200,
        userId: U1,
        violations: [],
      }),
    ]);
    expect(fake.calls[0]!.headers.authorization).toBe('Bearer <redacted>');
    expect(JSON.stringify(fake.calls)).not.toContain('test-token');
    fake.clear();
    expect(fake.calls).toEqual([]);
  });

  it('an invalid request gets 400 with LINE-style details and is recorded with its violations', async () => {
    const fake = createFakeLine();
    const res = await post(fake, '/v2/bot/message/push', { to: U1, messages: [{ type: 'text', text: 'x'.repeat(5001) }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: 'The request body has 1 error(s)',
      details: [{ message: 'must be at most 5000 UTF-16 code units, got 5001', property: 'messages[0].text' }],
    });
    expect(fake.invalidCalls()).toHaveLength(1);
    expect(fake.invalidCalls()[0]!.violations[0]!.path).toBe('messages[0].text');
    expect(fake.messagesFor(U1)).toEqual([]);
  });

  it('a missing Authorization header gets 401', async () => {
    const fake = createFakeLine();
    const res = await fake.app.request('/v2/bot/message/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: U1, messages: [hi] }),
    });
    expect(res.status).toBe(401);
    expect(fake.calls[0]!.status).toBe(401);
  });

  it('unknown endpoints get 404 and are recorded as violations', async () => {
    const fake = createFakeLine();
    expect((await post(fake, '/v2/bot/message/send', { to: U1 })).status).toBe(404);
    expect(fake.invalidCalls()[0]!.violations).toEqual([{ path: '', message: 'unknown endpoint POST /v2/bot/message/send' }]);
  });

  it('waitFor resolves on a later call, and rejects when none comes', async () => {
    const fake = createFakeLine();
    const waiting = fake.waitFor((c) => c.userId === U2);
    await post(fake, '/v2/bot/message/push', { to: U1, messages: [hi] });
    await post(fake, '/v2/bot/message/push', { to: U2, messages: [hi] });
    expect((await waiting).userId).toBe(U2);
    await expect(fake.waitFor((c) => c.userId === 'nobody', 10)).rejects.toThrow(/no matching call/);
  });

  it('profile, loading animation and mark as read', async () => {
    const fake = createFakeLine({ profiles: (id) => (id === U1 ? { displayName: '山田', language: 'ja' } : undefined) });
    const p = await fake.app.request(`/v2/bot/profile/${U1}`, { headers: AUTH });
    expect(await p.json()).toEqual({ userId: U1, displayName: '山田', language: 'ja' });
    expect((await fake.app.request(`/v2/bot/profile/${U2}`, { headers: AUTH })).status).toBe(404);

    expect((await post(fake, '/v2/bot/chat/loading/start', { chatId: U1, loadingSeconds: 10 })).status).toBe(202);
    expect(fake.state.loading.get(U1)).toBe(10);
    expect((await post(fake, '/v2/bot/chat/loading/start', { chatId: U1, loadingSeconds: 7 })).status).toBe(400);

    const token = fake.issueMarkAsReadToken(U1);
    expect((await post(fake, '/v2/bot/chat/markAsRead', { markAsReadToken: token })).status).toBe(200);
    expect(fake.state.markedRead.has(U1)).toBe(true);
    expect((await post(fake, '/v2/bot/chat/markAsRead', { markAsReadToken: 'bogus' })).status).toBe(400);
    expect(fake.callsFor(U1).map((c) => c.path)).toEqual([
      `/v2/bot/profile/${U1}`,
      '/v2/bot/chat/loading/start',
      '/v2/bot/chat/loading/start',
      '/v2/bot/chat/markAsRead',
    ]);
  });

  it('rich menus: create, upload, link, set default, list, delete', async () => {
    const fake = createFakeLine();
    const menu = {
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'main',
      chatBarText: 'Menu',
      areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'postback', data: 'menu' } }],
    };
    const { richMenuId } = (await (await post(fake, '/v2/bot/richmenu', menu)).json()) as { richMenuId: string };
    expect(richMenuId).toMatch(/^richmenu-/);

    // linking before the image is uploaded is refused, as LINE does
    expect((await post(fake, `/v2/bot/user/${U1}/richmenu/${richMenuId}`, undefined)).status).toBe(400);

    const upload = (bytes: Uint8Array<ArrayBuffer>) =>
      fake.app.request(`/v2/bot/richmenu/${richMenuId}/content`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'image/png' },
        body: bytes,
      });
    expect((await upload(png(2500, 1686))).status).toBe(400); // wrong size
    expect((await upload(png(2500, 843))).status).toBe(200);
    expect((await upload(png(2500, 843))).status).toBe(400); // only once

    expect((await fake.app.request(`/v2/bot/user/${U1}/richmenu/${richMenuId}`, { method: 'POST', headers: { authorization: 'Bearer t' } })).status).toBe(200);
    expect(fake.state.userRichMenus.get(U1)).toBe(richMenuId);
    expect((await fake.app.request(`/v2/bot/user/all/richmenu/${richMenuId}`, { method: 'POST', headers: { authorization: 'Bearer t' } })).status).toBe(200);
    expect(fake.state.defaultRichMenuId).toBe(richMenuId);

    const list = await (await fake.app.request('/v2/bot/richmenu/list', { headers: AUTH })).json();
    expect(list).toEqual({ richmenus: [{ richMenuId, ...menu }] });

    expect((await fake.app.request(`/v2/bot/richmenu/${richMenuId}`, { method: 'DELETE', headers: AUTH })).status).toBe(200);
    expect(fake.state.defaultRichMenuId).toBeUndefined();
    expect(fake.state.userRichMenus.has(U1)).toBe(false);
    expect(fake.invalidCalls()).toEqual([]);
  });

  it('control routes let another process issue tokens and read calls', async () => {
    const fake = createFakeLine();
    const res = await fake.app.request('/__fake/reply-token', { method: 'POST', body: JSON.stringify({ userId: U1 }) });
    const { replyToken } = (await res.json()) as { replyToken: string };
    expect((await post(fake, '/v2/bot/message/reply', { replyToken, messages: [hi] })).status).toBe(200);
    const { messages } = (await (await fake.app.request(`/__fake/messages/${U1}`)).json()) as { messages: unknown[] };
    expect(messages).toEqual([hi]);
    expect(fake.calls).toHaveLength(1); // control routes are not recorded
  });
});

function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(64);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}
