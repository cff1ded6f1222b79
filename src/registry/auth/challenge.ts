/**
 * Parsing of `WWW-Authenticate` challenges (RFC 7235 §4.1). Registries, proxies and token
 * servers all write these, and some write them badly, so the parser never throws and does a
 * bounded amount of work on any input: it scans each header once, caps how much text it
 * looks at and how many challenges and parameters it keeps, and skips what it cannot read.
 */

/** One challenge: a lower-cased scheme and its parameters (names lower-cased, values unescaped). */
export interface Challenge {
  scheme: 'basic' | 'bearer' | string;
  /** A null-prototype map, so a parameter named `__proto__` is data and nothing else. */
  params: Record<string, string>;
  /** The `token68` form (`Negotiate abc==`), when the challenge used it instead of parameters. */
  token68?: string;
}

/** Text looked at across all header values; a real challenge is a few hundred bytes. */
export const CHALLENGE_TEXT_LIMIT = 16 * 1024;
/** Challenges kept across all header values. */
export const MAX_CHALLENGES = 16;
/** Parameters kept per challenge. */
export const MAX_PARAMS = 16;

// RFC 7230 tchar.
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
// token68 right after the scheme, and nothing but a separator (or the end) after it.
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(?:,|$))/y;

/**
 * Parses every challenge in `values` (the values of all `WWW-Authenticate` headers of one
 * response, in order). Several challenges may share one header, separated by commas.
 *
 * Decisions for malformed input, all deterministic:
 * - scheme and parameter names are case-insensitive and returned lower-cased;
 * - a repeated parameter keeps its first value;
 * - an unquoted value runs to the next comma or whitespace (so `realm=https://x/token` works);
 * - a quoted string with no closing quote (including one ending in a lone backslash) is
 *   dropped, and so is the rest of that header, which would be inside the quote;
 * - a parameter before any scheme, and characters that cannot start a token, are skipped.
 */
export function parseWwwAuthenticate(values: readonly string[]): Challenge[] {
  const out: Challenge[] = [];
  let budget = CHALLENGE_TEXT_LIMIT;
  for (const raw of values) {
    if (budget <= 0 || out.length >= MAX_CHALLENGES) break;
    if (typeof raw !== 'string') continue;
    const text = raw.length > budget ? raw.slice(0, budget) : raw;
    budget -= text.length;
    parseOne(text, out);
  }
  return out;
}

function parseOne(text: string, out: Challenge[]): void {
  const n = text.length;
  let pos = 0;
  let current: Challenge | undefined;
  let paramCount = 0;

  const skipSpace = (): void => {
    while (pos < n && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  };
  const readToken = (): string => {
    const start = pos;
    while (pos < n && TCHAR.test(text[pos] as string)) pos++;
    return text.slice(start, pos);
  };
  // Returns undefined when the closing quote is missing.
  const readQuoted = (): string | undefined => {
    pos++; // opening quote
    let value = '';
    while (pos < n) {
      const ch = text[pos] as string;
      if (ch === '"') {
        pos++;
        return value;
      }
      if (ch === '\\') {
        if (pos + 1 >= n) return undefined;
        value += text[pos + 1];
        pos += 2;
        continue;
      }
      value += ch;
      pos++;
    }
    return undefined;
  };
  const readBare = (): string => {
    const start = pos;
    while (pos < n && text[pos] !== ',' && text[pos] !== ' ' && text[pos] !== '\t') pos++;
    return text.slice(start, pos);
  };

  while (pos < n) {
    while (pos < n && (text[pos] === ',' || text[pos] === ' ' || text[pos] === '\t')) pos++;
    if (pos >= n) break;
    const name = readToken();
    if (name === '') {
      pos++; // a character no token may start with: skip it
      continue;
    }
    const afterName = pos;
    skipSpace();
    if (text[pos] === '=') {
      pos++;
      skipSpace();
      let value: string | undefined;
      if (text[pos] === '"') {
        value = readQuoted();
        if (value === undefined) return; // unterminated: the rest of the header is inside it
      } else {
        value = readBare();
      }
      if (current && paramCount < MAX_PARAMS) {
        const key = name.toLowerCase();
        if (!Object.hasOwn(current.params, key)) {
          current.params[key] = value;
          paramCount++;
        }
      }
      continue;
    }
    // A token not followed by `=` starts a new challenge.
    if (out.length >= MAX_CHALLENGES) return;
    current = { scheme: name.toLowerCase(), params: Object.create(null) as Record<string, string> };
    paramCount = 0;
    out.push(current);
    pos = afterName;
    skipSpace();
    if (pos > afterName) {
      TOKEN68.lastIndex = pos;
      const m = TOKEN68.exec(text);
      // `realm=` alone would also match token68; a token68 must not be `name=` followed by a value.
      if (m && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+=$/.test(m[0])) {
        current.token68 = m[0];
        pos += m[0].length;
      }
    }
  }
}

/** Is this challenge the registry saying the token lacks a scope it needs (RFC 6750 §3.1)? */
export function insufficientScope(ch: Challenge): boolean {
  return ch.params.error?.toLowerCase() === 'insufficient_scope';
}

/** The scopes a challenge names in its `scope` parameter (space-separated per RFC 6750). */
export function challengeScopes(ch: Challenge): string[] {
  const scope = ch.params.scope;
  if (scope === undefined) return [];
  return scope.split(' ').filter((s) => s !== '');
}
