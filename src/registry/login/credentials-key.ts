/**
 * The REGISTRY argument of `login` and `logout`, read as containers/common reads it: a URL
 * (`https://quay.io/v2/`) counts for its `host[:port]`, and a key may carry a namespace
 * (`quay.io/org`, `localhost:5000/team/app`) so one registry can hold several logins. A
 * namespaced key must be a plain repository name — no tag, no digest, lower case — and is
 * stored as typed (never normalised to `docker.io/library/…`).
 */
import { normalizeRegistryHost, validateRegistryKey } from '../auth/index.js';
import { InvalidReferenceError, parseReference } from '../ref/index.js';
import { LoginArgumentError } from './errors.js';

/** A parsed REGISTRY argument. */
export interface CredentialsKey {
  /** What the credential is stored under: `host[:port]` or `host[:port]/namespace…`. */
  key: string;
  /** The registry to check the credential against: the key's `host[:port]`. */
  registry: string;
  /** The namespace path after the host, when the key has one. */
  namespace?: string;
}

/** `https://host:port/anything` → `host:port`; anything else as is. */
function stripUrl(arg: string): string {
  const scheme = /^https?:\/\//.exec(arg);
  if (!scheme) return arg;
  const rest = arg.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  return at < 0 ? authority : authority.slice(at + 1);
}

/**
 * Parses the REGISTRY argument.
 * @throws {LoginArgumentError} naming the argument when it is not a registry or repository name.
 */
export function parseCredentialsKey(arg: string): CredentialsKey {
  const key = stripUrl(arg);
  const slash = key.indexOf('/');
  const registry = slash < 0 ? key : key.slice(0, slash);
  if (slash >= 0) {
    let ref: ReturnType<typeof parseReference>;
    try {
      ref = parseReference(key, { defaultTag: false });
    } catch (err) {
      const reason = err instanceof InvalidReferenceError ? err.reason : String(err);
      throw new LoginArgumentError(`parse reference from ${JSON.stringify(key)}: ${reason}`, { cause: err });
    }
    if (ref.tag !== undefined || ref.digest !== undefined) {
      throw new LoginArgumentError(`reference ${JSON.stringify(key)} contains tag or digest`);
    }
    // `team/app` has no registry host: Docker would read it as docker.io/team/app.
    if (normalizeRegistryHost(ref.registry) !== normalizeRegistryHost(registry)) {
      throw new LoginArgumentError(`${JSON.stringify(key)} does not start with a registry host`);
    }
  }
  try {
    validateRegistryKey(key);
  } catch (err) {
    throw new LoginArgumentError((err as Error).message, { cause: err });
  }
  return slash < 0 ? { key, registry } : { key, registry, namespace: key.slice(slash + 1) };
}
