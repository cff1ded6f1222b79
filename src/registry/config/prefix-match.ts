/**
 * How a registries.conf `prefix` matches an image name, as containers/image does it
 * (`sysregistriesv2.refMatchingPrefix`). The answer is the length of `ref` the prefix
 * covers, which is where a mirror's `location` is spliced in, or -1 for no match.
 */

/**
 * Matches `ref` (`host[:port]/path[:tag|@digest]`, or just a host or repository name) against
 * a plain prefix: equal, or followed by `/`, `:` or `@` so that `example.com/foo` never
 * matches `example.com/foobar`. `example.com` matching `example.com:5000` is upstream
 * behaviour that it calls unintended; berth keeps it so both tools pick the same entry.
 */
function matchPlain(ref: string, prefix: string): number {
  if (ref.length < prefix.length || !ref.startsWith(prefix)) return -1;
  if (ref.length === prefix.length) return prefix.length;
  const c = ref[prefix.length];
  return c === ':' || c === '/' || c === '@' ? prefix.length : -1;
}

/**
 * Matches `*.example.com` against the host part of `ref`: `a.example.com/x` and
 * `b.a.example.com:5000/x` match (up to the end of the host), `example.com` itself does not,
 * and the suffix may not be found inside the path.
 */
function matchWildcard(ref: string, prefix: string): number {
  const suffix = prefix.slice(1); // `.example.com`
  let index = ref.indexOf(suffix);
  if (index < 0 || ref.slice(0, index).includes('/')) return -1;
  index += suffix.length;
  if (index === ref.length) return index;
  const c = ref[index];
  return c === ':' || c === '/' || c === '@' ? index : -1;
}

/** The length of `ref` that `prefix` covers, or -1 when it does not match. */
export function refMatchingPrefix(ref: string, prefix: string): number {
  return prefix.startsWith('*.') ? matchWildcard(ref, prefix) : matchPlain(ref, prefix);
}
