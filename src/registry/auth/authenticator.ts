import type { Http, HttpResponse } from '../http/types.js';
import { type Challenge, challengeScopes, insufficientScope, parseWwwAuthenticate } from './challenge.js';
import { ANONYMOUS, type Credential, type CredentialSource, type ResolvedCredential } from './credentials.js';
import type { Keychain } from './keychain.js';
import { mergeScopes, parseScope, scopeKey } from './scope.js';
import { fetchToken, type Token } from './token.js';
import { createTokenCache, type TokenCache, tokenCacheKey } from './token-cache.js';

/**
 * Produces `Authorization` values for one registry endpoint. It only ever answers for
 * requests to `endpoint`'s origin: callers must not ask for (or send) its answer anywhere
 * else, and `onUnauthorized` ignores challenges from any other origin, so a CDN or upload
 * host that answers 401 cannot steer credentials (CVE-2020-15157, go-containerregistry#2337).
 */
export interface Authenticator {
  /** The `Authorization` value for a request needing `scopes`, or undefined for none. */
  authorize(opts: { scopes: readonly string[]; signal?: AbortSignal }): Promise<string | undefined>;
  /**
   * Called with a 401/403 response from the endpoint. Adopts a new challenge, widens the
   * scopes on `insufficient_scope`, drops the cached token, and returns whether one retry
   * makes sense. The caller retries at most once per request.
   */
  onUnauthorized(opts: {
    response: HttpResponse;
    scopes: readonly string[];
    signal?: AbortSignal;
  }): Promise<boolean>;
  /** Who requests go out as, for the status bar. Never a secret. */
  whoami(): Whoami;
}

/** What {@link Authenticator.whoami} reports. */
export interface Whoami {
  username?: string;
  source: CredentialSource;
  /** False until the keychain has been asked (it is asked on the first request needing auth). */
  resolved: boolean;
}

/** Options for {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  http: Http;
  /** The registry as references name it (`docker.io`, `localhost:5000`); used for credential lookup. */
  registry: string;
  /** The origin to talk to (`https://registry-1.docker.io/`). */
  endpoint: URL;
  /** Where credentials come from; ignored when `credential` is given. Neither means anonymous. */
  keychain?: Keychain;
  /** A credential from flags (`--creds`, `--registry-token`); reported as source `flag`. */
  credential?: Credential;
  /**
   * The repository whose (possibly namespaced, `quay.io/org1`) credential to use. Default: the
   * first `repository:` scope of each request, so callers list the repository they act on first.
   */
  repository?: string;
  /** The registry is marked insecure; required before any credential goes over plain http. */
  insecure?: boolean;
  clock?: () => number;
  onWarning?: (msg: string) => void;
  tokenCache?: TokenCache;
}

/** Scopes a server may add to one request's scope set through `insufficient_scope`. */
const MAX_WIDENED_SCOPES = 16;
/** Scope sets remembered as widened. */
const MAX_WIDENED_SETS = 256;

/** Creates an {@link Authenticator} for `endpoint`. */
export function createAuthenticator(opts: AuthenticatorOptions): Authenticator {
  const { http, registry, endpoint } = opts;
  const clock = opts.clock ?? Date.now;
  const cache = opts.tokenCache ?? createTokenCache({ clock });
  const plainHttp = endpoint.protocol === 'http:';
  const registryInsecure = (opts.insecure ?? false) || plainHttp;
  const fixed: ResolvedCredential | undefined = opts.credential
    ? { credential: opts.credential, source: { kind: 'flag' } }
    : opts.keychain
      ? undefined
      : ANONYMOUS;

  /** A shared in-flight (or settled) result, with the signal of the caller that started it. */
  type Shared<T> = { p: Promise<T>; signal: AbortSignal | undefined };
  let challenge: Shared<Challenge | null> | undefined;
  const resolving = new Map<string, Shared<ResolvedCredential>>();
  const fetching = new Map<string, Shared<Token>>();
  const widened = new Map<string, string[]>();
  let last: ResolvedCredential | undefined = fixed;
  let warnedCleartext = false;

  /** Did `entry` fail only because the caller that started it gave up, while this caller has not? */
  const abandoned = (entry: Shared<unknown>, signal: AbortSignal | undefined): boolean =>
    entry.signal?.aborted === true && signal?.aborted !== true;

  /**
   * Runs `fn` once for concurrent callers with the same key. A failed run is forgotten; a
   * successful one stays in `map` when `keep` (credentials) and is forgotten otherwise (tokens
   * live in the cache, which knows when they expire). If the caller that started the run
   * aborts, the others start again rather than fail with its abort.
   */
  async function shared<T>(
    map: Map<string, Shared<T>>,
    key: string,
    signal: AbortSignal | undefined,
    keep: boolean,
    fn: () => Promise<T>,
  ): Promise<T> {
    for (;;) {
      let entry = map.get(key);
      if (!entry) {
        const run: Shared<T> = { p: fn(), signal };
        entry = run;
        map.set(key, run);
        const forget = (): void => {
          if (map.get(key) === run) map.delete(key);
        };
        run.p.then(keep ? undefined : forget, forget);
      }
      try {
        return await entry.p;
      } catch (err) {
        if (!abandoned(entry, signal)) throw err;
      }
    }
  }

  // 1. Ping /v2/ once to learn how the registry wants to be authenticated.
  async function ping(signal?: AbortSignal): Promise<Challenge | null> {
    for (;;) {
      if (!challenge) {
        const run: Shared<Challenge | null> = { p: doPing(signal), signal };
        challenge = run;
        run.p.catch(() => {
          if (challenge === run) challenge = undefined;
        });
      }
      const entry = challenge;
      try {
        return await entry.p;
      } catch (err) {
        if (!abandoned(entry, signal)) throw err;
      }
    }
  }

  async function doPing(signal?: AbortSignal): Promise<Challenge | null> {
    const res = await http.request({ method: 'GET', url: new URL('/v2/', endpoint), signal });
    await res.dump();
    // A challenge from a host /v2/ redirected to says nothing about this registry.
    if (res.status !== 401 || res.url.origin !== endpoint.origin) return null;
    return pickChallenge(parseWwwAuthenticate(res.headerValues('www-authenticate'))) ?? null;
  }

  // 2. Find the credential for the repository the request acts on.
  function credentialFor(scopes: readonly string[], signal?: AbortSignal): Promise<ResolvedCredential> {
    if (fixed) return Promise.resolve(fixed);
    const repository = opts.repository ?? firstRepository(scopes);
    return shared(resolving, repository ?? '', signal, true, async () => {
      const r = await (opts.keychain as Keychain).resolve({
        registry,
        ...(repository ? { repository } : {}),
        signal,
      });
      last = r;
      return r;
    });
  }

  function wantedScopes(scopes: readonly string[]): string[] {
    return mergeScopes(scopes, widened.get(scopeKey(scopes)) ?? []);
  }

  /** Tokens are cached per challenge and credential as well as per scope set. */
  function identity(r: ResolvedCredential, ch: Challenge | null): string {
    const s = r.source;
    const realm = ch ? `${ch.params.realm ?? ''} ${ch.params.service ?? ''}` : '';
    return `${registry}|${realm}|${s.kind}|${s.path ?? ''}|${s.key ?? ''}|${r.credential?.username ?? ''}`;
  }

  function checkTransport(r: ResolvedCredential): void {
    if (r.credential === undefined || !plainHttp) return;
    if (!opts.insecure) {
      throw new Error(
        `refusing to send credentials for ${registry} over plain http: the registry is not marked insecure`,
      );
    }
    if (!warnedCleartext) {
      warnedCleartext = true;
      opts.onWarning?.(`credentials for ${registry} are sent over plain http, unencrypted`);
    }
  }

  return {
    async authorize({ scopes, signal }) {
      const ch = await ping(signal);
      if (!ch) return undefined;
      const resolved = await credentialFor(scopes, signal);
      const cred = resolved.credential;
      if (ch.scheme === 'basic') {
        if (!cred?.username || !cred.password) return undefined;
        checkTransport(resolved);
        return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
      }
      if (ch.scheme !== 'bearer') return undefined;
      checkTransport(resolved);
      if (cred?.registryToken) return `Bearer ${cred.registryToken}`;
      const realm = ch.params.realm;
      if (!realm) throw new Error(`registry ${registry} sent a Bearer challenge without a realm`);
      // 3. A cached token for exactly this scope set and credential, or a new one.
      const wanted = wantedScopes(scopes);
      const key = tokenCacheKey(identity(resolved, ch), wanted);
      const cached = cache.get(key);
      if (cached) return `Bearer ${cached.token}`;
      const token = await shared(fetching, key, signal, false, async () => {
        const t = await fetchToken({
          http,
          challenge: { realm, ...(ch.params.service !== undefined ? { service: ch.params.service } : {}) },
          scopes: wanted,
          ...(cred ? { credential: cred } : {}),
          registryHost: endpoint.host,
          registryInsecure,
          signal,
          clock,
        });
        cache.set(key, t);
        return t;
      });
      return `Bearer ${token.token}`;
    },

    async onUnauthorized({ response, scopes, signal }) {
      if (response.url.origin !== endpoint.origin) return false;
      const challenges = parseWwwAuthenticate(response.headerValues('www-authenticate'));
      const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
      const basic = challenges.find((c) => c.scheme === 'basic');
      const current = await ping(signal).catch(() => null);
      const before = wantedScopes(scopes);
      const dropToken = async (): Promise<void> => {
        const r = await credentialFor(scopes, signal);
        cache.delete(tokenCacheKey(identity(r, current), before));
      };
      if (bearer) {
        const scoped = insufficientScope(bearer);
        if (response.status === 403 && !scoped) return false;
        const realm = bearer.params.realm as string;
        const service = bearer.params.service;
        if (
          current?.scheme !== 'bearer' ||
          current.params.realm !== realm ||
          current.params.service !== service
        ) {
          // A new challenge: earlier tokens came from elsewhere and are not reused.
          const params = Object.create(null) as Record<string, string>;
          params.realm = realm;
          if (service !== undefined) params.service = service;
          challenge = { p: Promise.resolve({ scheme: 'bearer', params }), signal: undefined };
          cache.clear();
        } else {
          await dropToken();
        }
        if (scoped) {
          const extra = challengeScopes(bearer).filter((s) => parseScope(s) !== undefined);
          const merged = mergeScopes(widened.get(scopeKey(scopes)) ?? [], extra);
          if (merged.length <= MAX_WIDENED_SCOPES) {
            // Bounded like everything a server steers: forget old widenings rather than grow forever.
            if (widened.size >= MAX_WIDENED_SETS) widened.clear();
            widened.set(scopeKey(scopes), merged);
          }
        }
        return true;
      }
      if (basic && current?.scheme !== 'basic') {
        challenge = { p: Promise.resolve(basic), signal: undefined };
        cache.clear();
        return true;
      }
      // No usable challenge (gcr.io sends 401 without one on real requests): a fresh token may help.
      if (!basic && response.status === 401 && current?.scheme === 'bearer') {
        await dropToken();
        return true;
      }
      return false;
    },

    whoami() {
      const r = last ?? ANONYMOUS;
      return {
        ...(r.credential?.username ? { username: r.credential.username } : {}),
        source: { ...r.source },
        resolved: last !== undefined,
      };
    },
  };
}

/** The challenge to act on: Bearer when offered (it scopes access), else Basic, else the first. */
function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return (
    challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ??
    challenges.find((c) => c.scheme === 'basic') ??
    challenges[0]
  );
}

function firstRepository(scopes: readonly string[]): string | undefined {
  for (const s of scopes) {
    const p = parseScope(s);
    if (p?.type === 'repository') return p.name;
  }
  return undefined;
}
