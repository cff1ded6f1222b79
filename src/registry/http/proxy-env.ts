/**
 * Which proxy, if any, a request goes through, from `HTTPS_PROXY`, `HTTP_PROXY` and
 * `NO_PROXY` — read here explicitly because undici ignores them unless told to.
 *
 * The rules follow Go's `golang.org/x/net/http/httpproxy`, which is what skopeo users'
 * environments were written for:
 *  - upper-case names win over lower-case ones; `HTTPS_PROXY` serves https URLs and
 *    `HTTP_PROXY` serves http URLs;
 *  - a proxy value without a scheme means `http://`;
 *  - `localhost` and loopback addresses are never proxied;
 *  - `NO_PROXY` is a comma (or space) separated list: `*` matches everything; `name`
 *    matches that host and its subdomains; `.name` and `*.name` match subdomains only;
 *    an IP address matches itself; `a.b.c.d/n` (or IPv6 CIDR) matches addresses inside;
 *    any entry may end in `:port` to match that port only.
 */
import { BlockList, isIP } from 'node:net';

/** The parts of a URL proxy selection looks at. */
export interface ProxyTarget {
  protocol: string;
  /** As in `URL.hostname`: IPv6 addresses keep their brackets. */
  hostname: string;
  /** As in `URL.port`: empty for the scheme's default port. */
  port: string;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toUpperCase()] || env[name.toLowerCase()];
  return value?.trim() || undefined;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const version = isIP(host);
  if (version === 4) return host.startsWith('127.');
  if (version === 6) return host === '::1' || /^(?:0*:)*:?0*1$/.test(host);
  return false;
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

interface NoProxyEntry {
  host: string;
  port: number | undefined;
}

function parseEntry(raw: string): NoProxyEntry {
  const entry = raw.toLowerCase();
  // CIDR blocks and bare IP addresses (IPv6 ones are full of colons) never carry a port.
  if (entry.includes('/') || isIP(entry) !== 0) return { host: entry, port: undefined };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : undefined };
  const withPort = /^(.+):(\d+)$/.exec(entry);
  if (withPort) return { host: withPort[1]!, port: Number(withPort[2]) };
  return { host: entry, port: undefined };
}

function matchesCidr(cidr: string, host: string): boolean {
  const [address, bits] = cidr.split('/');
  const version = isIP(address ?? '');
  const prefix = Number(bits);
  if (version === 0 || !Number.isInteger(prefix) || isIP(host) !== version) return false;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefix < 0 || prefix > (version === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(address!, prefix, family);
  return list.check(host, family);
}

/**
 * True when `NO_PROXY` (the value `noProxy`) exempts `hostname:port` from proxying.
 * `hostname` may be bracketed IPv6; `port` is the effective port number.
 */
export function matchesNoProxy(noProxy: string, hostname: string, port: number): boolean {
  const host = stripBrackets(hostname.toLowerCase()).replace(/\.$/, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') return true;
    const entry = parseEntry(raw);
    if (entry.port !== undefined && entry.port !== port) continue;
    if (entry.host.includes('/')) {
      if (matchesCidr(entry.host, host)) return true;
      continue;
    }
    if (isIP(entry.host) !== 0) {
      if (entry.host === host) return true;
      continue;
    }
    if (entry.host.startsWith('*.') || entry.host.startsWith('.')) {
      const suffix = entry.host.slice(entry.host.indexOf('.'));
      if (host.endsWith(suffix)) return true;
      continue;
    }
    if (host === entry.host || host.endsWith(`.${entry.host}`)) return true;
  }
  return false;
}

/**
 * The proxy for a request to `target`, or undefined to connect directly.
 * Throws when the configured proxy URL cannot be parsed or uses an unsupported scheme,
 * rather than silently connecting without it.
 */
export function proxyFor(target: ProxyTarget, env: NodeJS.ProcessEnv): URL | undefined {
  const value = envValue(env, target.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
  if (value === undefined) return undefined;
  const host = stripBrackets(target.hostname.toLowerCase());
  if (isLoopback(host)) return undefined;
  const port = target.port === '' ? defaultPort(target.protocol) : Number.parseInt(target.port, 10);
  const noProxy = envValue(env, 'no_proxy');
  if (noProxy !== undefined && matchesNoProxy(noProxy, host, port)) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new Error('invalid proxy URL in HTTP(S)_PROXY');
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw new Error(`unsupported proxy scheme ${JSON.stringify(proxy.protocol)} in HTTP(S)_PROXY`);
  }
  return proxy;
}
