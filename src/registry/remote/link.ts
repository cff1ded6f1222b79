/**
 * Pagination by RFC 8288 `Link` headers, as tag lists and `_catalog` use them.
 * The next URL is server-supplied, so it is only followed when it stays on the
 * origin we asked (go-containerregistry#2332: a Link to another host must never
 * receive our credentials or steer our requests).
 */

/** Finds the `rel="next"` target among one or more Link header values. */
export function nextLinkTarget(values: readonly string[]): string | undefined {
  for (const value of values) {
    // Split on commas that start a new `<...>` link; URLs themselves may contain commas.
    for (const part of value.split(/,(?=\s*<)/)) {
      const m = /^\s*<([^>]*)>(.*)$/s.exec(part);
      if (!m) continue;
      const params = m[2]!.split(';').map((p) => p.trim());
      const isNext = params.some((p) => {
        const eq = p.indexOf('=');
        if (eq < 0) return false;
        const name = p.slice(0, eq).trim().toLowerCase();
        const raw = p
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
        return name === 'rel' && raw.split(/\s+/).includes('next');
      });
      if (isNext) return m[1];
    }
  }
  return undefined;
}

/**
 * Resolves the next page URL relative to the current one and refuses anything that
 * leaves its origin (scheme, host and port).
 */
export function nextPageUrl(current: URL, values: readonly string[]): URL | undefined {
  const target = nextLinkTarget(values);
  if (target === undefined) return undefined;
  let next: URL;
  try {
    next = new URL(target, current);
  } catch {
    throw new Error(`invalid pagination link ${JSON.stringify(target.slice(0, 200))}`);
  }
  if (next.origin !== current.origin) {
    throw new Error(`refusing pagination link to another origin: ${next.origin} (asked ${current.origin})`);
  }
  return next;
}
