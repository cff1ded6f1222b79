/** One resource scope as written in a token request, e.g. `repository:library/alpine:pull,push`. */
export interface TokenScope {
  type: string;
  name: string;
  actions: string[];
}

/** What a {@link TokenPolicy} is asked about: who (undefined for anonymous) wants which scope. */
export interface TokenPolicyRequest {
  user?: string;
  scope: TokenScope;
}

/** Decides which of the requested actions a token grants. Returning `[]` denies the scope. */
export type TokenPolicy = (req: TokenPolicyRequest) => string[];

/**
 * Default policy: anonymous callers may `pull` repositories and nothing else (not even the
 * catalog); an authenticated user gets every action asked for, `registry:catalog:*` included.
 */
export const defaultTokenPolicy: TokenPolicy = ({ user, scope }) => {
  if (user !== undefined) return [...scope.actions];
  if (scope.type !== 'repository') return [];
  return scope.actions.filter((action) => action === 'pull');
};

/**
 * Parses scope strings. Each value may hold several space-separated scopes (the OAuth2 POST form
 * sends them that way). The name is everything between the first and last colon, so names with a
 * port (`repository:localhost:5000/app:pull`) keep it.
 */
export function parseScopes(values: readonly string[]): TokenScope[] {
  const scopes: TokenScope[] = [];
  for (const value of values) {
    for (const part of value.split(' ')) {
      if (part === '') continue;
      const first = part.indexOf(':');
      const last = part.lastIndexOf(':');
      if (first < 0 || last === first) throw new Error(`malformed scope ${JSON.stringify(part)}`);
      const actions = part
        .slice(last + 1)
        .split(',')
        .filter((a) => a !== '');
      scopes.push({ type: part.slice(0, first), name: part.slice(first + 1, last), actions });
    }
  }
  return scopes;
}

/** Formats a scope back to its wire form. */
export function formatScope(scope: TokenScope): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}
