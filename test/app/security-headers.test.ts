import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let hs: Harness;
beforeAll(async () => {
  h = await createHarness();
  hs = await createHarness({ env: { PUBLIC_BASE_URL: 'https://renkei.example.jp' } });
});
afterAll(async () => {
  await h.close();
  await hs.close();
});

describe('security headers', () => {
  it('sends a strict CSP, frame denial and no-sniff on every response', async () => {
    for (const path of ['/health', '/nowhere', '/console/login']) {
      const res = await h.node.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('sends HSTS only when the public origin is https', async () => {
    expect((await h.node.app.request('/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await hs.node.app.request('/health')).headers.get('strict-transport-security')).toContain('max-age=');
  });
});
