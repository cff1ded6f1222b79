/**
 * Makes text from users or servers safe to put in a one-line message: printable ASCII
 * passes through unchanged, everything else (newlines, terminal escapes, C1 controls,
 * bidi overrides, any non-ASCII) becomes a `\uXXXX` escape, and anything beyond `max`
 * characters is cut and marked with `…`. Ordinary values therefore read exactly as
 * containers/image prints them, while hostile ones cannot rewrite the terminal.
 */
export function escapeUnprintable(value: string, max = 1024): string {
  const cut = value.length > max;
  const head = cut ? value.slice(0, max) : value;
  let out = '';
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    // Per UTF-16 unit, so an astral character becomes two escapes, as in JSON.
    out += code >= 0x20 && code <= 0x7e ? head[i] : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return cut ? `${out}…` : out;
}

/**
 * Quotes a value for an error message with {@link escapeUnprintable}'s rules, also escaping
 * `"` and `\`; short, plain values come out as Go's `"%s"` would print them.
 */
export function quoteInput(value: string, max = 80): string {
  const cut = value.length > max;
  const head = cut ? value.slice(0, max) : value;
  return `"${escapeUnprintable(head.replace(/["\\]/g, '\\$&'), Number.POSITIVE_INFINITY)}"${cut ? '…' : ''}`;
}
