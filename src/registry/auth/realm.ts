import { BlockList, isIP } from 'node:net';
import { redactUrl } from '../http/redact-url.js';

/**
 * Which token realms berth will send credentials to. The realm comes from the registry's
 * `WWW-Authenticate` header, so a hostile or compromised registry (or anything that can
 * inject a 401) chooses it; unchecked, it can steer passwords and refresh tokens to an
 * attacker, to a plain-http URL, or to an internal service (CVE-2026-48978 in oras-go,
 * go-containerregistry#2193).
 */

/** The registry a realm belongs to, for {@link validateRealm}. */
export interface RealmContext {
  /** `host[:port]` of the registry endpoint that sent the challenge. */
  registryHost: string;
  /** The registry is plain http or marked insecure, so an http realm is accepted too. */
  registryInsecure: boolean;
}

/** A realm (or a redirect from the token server) that berth refuses to contact. */
export class RealmError extends Error {
  override readonly name = 'RealmError';
}

const internal = new BlockList();
// IPv4: "this network", private, CGNAT, loopback, link-local (cloud metadata), benchmarking is public.
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  internal.addSubnet(net, prefix, 'ipv4');
}
// IPv6: unspecified, loopback, unique-local, link-local. IPv4-mapped addresses match the IPv4 rules.
internal.addAddress('::', 'ipv6');
internal.addAddress('::1', 'ipv6');
internal.addSubnet('fc00::', 7, 'ipv6');
internal.addSubnet('fe80::', 10, 'ipv6');

/**
 * Is `hostname` (as in `URL.hostname`) an address that is not on the public internet:
 * a loopback, private, link-local, CGNAT or unspecified IP literal, or `localhost`?
 * Other names are not resolved here; only literals and `localhost` are judged.
 */
export function isInternalHost(hostname: string): boolean {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const lower = bare.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  const family = isIP(lower);
  if (family === 4) return internal.check(lower, 'ipv4');
  if (family === 6) {
    if (internal.check(lower, 'ipv6')) return true;
    // `::ffff:7f00:1` (how the URL parser writes ::ffff:127.0.0.1): judge the embedded IPv4 address.
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
    if (mapped) {
      const hi = Number.parseInt(mapped[1] as string, 16);
      const lo = Number.parseInt(mapped[2] as string, 16);
      return internal.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
    }
  }
  return false;
}

function hostnameOf(hostPort: string): string {
  try {
    return new URL(`http://${hostPort}/`).hostname.toLowerCase();
  } catch {
    return hostPort.toLowerCase();
  }
}

/**
 * Parses and checks a token realm (or a token-server redirect target), returning its URL.
 *
 * 1. It must parse as an absolute URL without user info.
 * 2. It must be https; http only when the registry itself is insecure or plain http.
 * 3. It must not be an internal address ({@link isInternalHost}) unless its host name is the
 *    registry's host name. The ports are not compared: a registry on `127.0.0.1:5000` may use a
 *    token server on `127.0.0.1:5001` (a common local setup, and how berth's tests run); go-
 *    containerregistry compares host:port. The host of a realm on another machine is never
 *    private-checked beyond literals, since names are not resolved.
 *
 * @throws {RealmError} naming the realm (redacted) and the rule it broke.
 */
export function validateRealm(realm: string, ctx: RealmContext): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new RealmError(`token realm ${JSON.stringify(realm.slice(0, 200))} is not a valid URL`);
  }
  const shown = redactUrl(url);
  if (url.username || url.password) throw new RealmError(`token realm ${shown} must not contain user info`);
  if (url.protocol === 'http:') {
    if (!ctx.registryInsecure)
      throw new RealmError(`refusing plain-http token realm ${shown} for a registry reached over https`);
  } else if (url.protocol !== 'https:') {
    throw new RealmError(`token realm ${shown} is not an http(s) URL`);
  }
  if (isInternalHost(url.hostname) && url.hostname.toLowerCase() !== hostnameOf(ctx.registryHost)) {
    throw new RealmError(`refusing token realm ${shown}: internal address that is not the registry's host`);
  }
  return url;
}
