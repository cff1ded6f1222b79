import { scopeKey } from './scope.js';
import type { Token } from './token.js';

/**
 * Bearer tokens by registry and scope set. A token is only ever reused for exactly the scope
 * set it was issued for (a pull token for repository A is never sent for B, nor for a push),
 * and only until shortly before it expires.
 */
export interface TokenCache {
  /** The token for `key` if it is still valid for at least the safety margin. */
  get(key: string): Token | undefined;
  set(key: string, token: Token): void;
  delete(key: string): void;
  clear(): void;
}

/** Options for {@link createTokenCache}. */
export interface TokenCacheOptions {
  /** Ms since the epoch; default `Date.now`. */
  clock?: () => number;
  /** A token is dropped this long before it expires, so it does not expire in flight. Default 10 s. */
  marginMs?: number;
  /** Most tokens kept; the oldest goes first. Default 256. */
  maxEntries?: number;
}

const DEFAULTS = { marginMs: 10_000, maxEntries: 256 } as const;

/** The cache key of a token for `registry` and `scopes`: the same scope set gives the same key in any order. */
export function tokenCacheKey(registry: string, scopes: readonly string[]): string {
  return `${registry}|${scopeKey(scopes)}`;
}

/** Creates an in-memory {@link TokenCache}. */
export function createTokenCache(opts: TokenCacheOptions = {}): TokenCache {
  const clock = opts.clock ?? Date.now;
  const marginMs = opts.marginMs ?? DEFAULTS.marginMs;
  const maxEntries = opts.maxEntries ?? DEFAULTS.maxEntries;
  const entries = new Map<string, Token>();
  return {
    get(key) {
      const t = entries.get(key);
      if (!t) return undefined;
      if (t.expiresAt - marginMs <= clock()) {
        entries.delete(key);
        return undefined;
      }
      return t;
    },
    set(key, token) {
      entries.delete(key);
      entries.set(key, token);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}
