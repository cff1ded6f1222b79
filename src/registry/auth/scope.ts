/**
 * Token scopes as the distribution token spec writes them: `<type>:<name>:<action>[,<action>…]`,
 * e.g. `repository:library/alpine:pull,push`. A scope set is what a bearer token is asked for
 * and what it is cached under, so sets are merged and keyed in one canonical form.
 */

/** The scope that lists repositories (`/v2/_catalog`). */
export const CATALOG_SCOPE = 'registry:catalog:*';

/** A parsed scope. The name is everything between the first and the last colon. */
export interface ParsedScope {
  type: string;
  name: string;
  actions: string[];
}

/** Longest scope accepted from a server or a caller; real ones are well under this. */
export const MAX_SCOPE_LENGTH = 512;

// No whitespace, no controls, no quotes: a scope goes into a query string and a cache key.
const SCOPE_TEXT = /^[\x21-\x7e]+$/;
const ACTION = /^[a-z0-9_*-]+$/i;

/** `repository:<repo>:<actions>`, with the actions in the order given and duplicates removed. */
export function repositoryScope(repo: string, actions: readonly string[]): string {
  return `repository:${repo}:${[...new Set(actions)].join(',')}`;
}

/** Parses one scope; undefined when it is not `<type>:<name>:<actions>` or has odd characters. */
export function parseScope(scope: string): ParsedScope | undefined {
  if (scope.length > MAX_SCOPE_LENGTH || !SCOPE_TEXT.test(scope)) return undefined;
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const name = scope.slice(first + 1, last);
  if (name === '') return undefined;
  const actions = scope.slice(last + 1).split(',');
  if (actions.some((a) => !ACTION.test(a))) return undefined;
  return { type: scope.slice(0, first), name, actions };
}

/**
 * Merges scope lists into one canonical set: scopes on the same resource (`type` and `name`)
 * become one scope with the union of their actions; resources are sorted, and so are the
 * actions of each. Strings that do not parse as scopes are dropped, because they could not
 * be requested meaningfully and must not change a cache key.
 */
export function mergeScopes(...lists: ReadonlyArray<readonly string[]>): string[] {
  const byResource = new Map<string, { type: string; name: string; actions: Set<string> }>();
  for (const list of lists) {
    for (const s of list) {
      const p = parseScope(s);
      if (!p) continue;
      const key = `${p.type}:${p.name}`;
      let entry = byResource.get(key);
      if (!entry) {
        entry = { type: p.type, name: p.name, actions: new Set() };
        byResource.set(key, entry);
      }
      for (const a of p.actions) entry.actions.add(a);
    }
  }
  return [...byResource.keys()].sort().map((key) => {
    const e = byResource.get(key) as { type: string; name: string; actions: Set<string> };
    return `${e.type}:${e.name}:${[...e.actions].sort().join(',')}`;
  });
}

/** The canonical cache key of a scope set: same set, same key, whatever the order or grouping. */
export function scopeKey(scopes: readonly string[]): string {
  return mergeScopes(scopes).join(' ');
}
