/**
 * Which client a console request comes from, for sign-in limits. Only an address the
 * operator's own infrastructure vouches for counts; a header the client could write itself
 * would let one attacker be many clients (or pose as a coordinator's office).
 *  - Workers: `CF-Connecting-IP`, which Cloudflare sets (a copy sent by the client is replaced).
 *  - Node: the socket's peer; behind a reverse proxy, the header named by TRUSTED_PROXY_HEADER
 *    (e.g. `X-Forwarded-For`, of which the last entry is the one the proxy itself appended).
 * IPv6 clients are keyed by their /64, which one subscriber usually holds whole.
 */
import type { Context } from 'hono';

/** The /64 of an IPv6 address, the IPv4 address of a mapped one, anything else as it is (bounded). */
export function addressKey(raw: string): string {
  const a = raw
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(':') || !/^[0-9a-f:.]+$/.test(a)) return a.slice(0, 64) || 'unknown';
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = a.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = a.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function clientAddress(c: Context, trustedProxyHeader: string | undefined): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  let raw: string | undefined;
  if (incoming) {
    const forwarded = trustedProxyHeader ? c.req.header(trustedProxyHeader) : undefined;
    raw = forwarded ? forwarded.split(',').at(-1) : incoming.socket?.remoteAddress;
  } else {
    raw = c.req.header('cf-connecting-ip');
  }
  return raw ? addressKey(raw) : 'unknown';
}
