/**
 * Characters that change what a terminal shows rather than being shown: C0 and C1
 * controls and DEL (escape sequences, carriage returns), bidi overrides and isolates
 * (which reorder the rest of the line, "Trojan Source"), zero-width and invisible
 * characters, the line and paragraph separators, the BOM, and surrogates (a lone one is
 * not text). Backslash is escaped too, so the escaping is reversible and two different
 * names never print alike.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\\\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/;

/**
 * A file name (or user, group, link target) from a layer, safe to print: printable
 * characters in any script pass through, the ones {@link UNSAFE} lists become `\xNN` or
 * `\uNNNN`, and `\` becomes `\\`. Names longer than `max` characters are cut and end in `…`.
 */
export function displayName(value: string, max = Number.POSITIVE_INFINITY): string {
  const cut = value.length > max;
  const head = cut ? value.slice(0, max) : value;
  if (!UNSAFE.test(head)) return cut ? `${head}…` : head;
  let out = '';
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    const next = head.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      // A proper surrogate pair is one printable character (an emoji, say).
      out += head[i]! + head[i + 1]!;
      i++;
    } else if (c === 0x5c) {
      out += '\\\\';
    } else if (UNSAFE.test(head[i]!)) {
      out += c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += head[i];
    }
  }
  return cut ? `${out}…` : out;
}
