/**
 * Strings as Go's `encoding/json` writes them, for documents berth must encode byte for
 * byte as containers/image does (re-encoded image configs) and for skopeo-compatible
 * output: `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…, control characters as
 * `\u00XX` except `\n`, `\r` and `\t`, everything else (including non-ASCII) as it is.
 */

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

// Lone surrogates cannot be encoded as UTF-8; Go writes U+FFFD for invalid input.
const NEEDS_ESCAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped
  /["\\<>&\u0000-\u001f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `s` as a JSON string literal, exactly as `json.Marshal` writes it. */
export function goJsonString(s: string): string {
  return `"${s.replace(NEEDS_ESCAPE, (c) => {
    const known = ESCAPES[c];
    if (known) return known;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  })}"`;
}
