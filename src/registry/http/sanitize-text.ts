/**
 * Makes server-supplied text safe to put in an error message that may reach a terminal.
 *
 * Registries, proxies and captive portals control this text, so it may carry terminal
 * escapes (`\x1b]52;…` rewrites the clipboard, `\x1b[2J` clears the screen), carriage
 * returns that overwrite what came before, bidi overrides that reorder what is shown, or
 * megabytes of HTML. Escape sequences are removed whole, line breaks and tabs become
 * spaces, other control and bidi characters are dropped, and the result is cut at `max`.
 */

/** Default length of sanitised server text: long enough for any real registry message. */
export const SANITIZED_TEXT_MAX = 512;

// CSI (`ESC [ … final`), OSC/DCS/PM/APC/SOS strings (`ESC ] … BEL|ST`), then any other two-byte
// escape. The 8-bit C1 forms (U+009B CSI, U+009D OSC) are matched too.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g;
const WHITESPACE_CONTROL = /[\t\n\v\f\r\u2028\u2029]/g;
// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and zero-width characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVISIBLE = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Returns `text` without escape sequences or control characters, cut to at most `max` characters. */
export function sanitizeText(text: string, max = SANITIZED_TEXT_MAX): string {
  // Cut a generous prefix first so a hostile 64 KiB body costs little to clean.
  const clean = text
    .slice(0, max * 4)
    .replace(ESCAPE_SEQUENCE, '')
    .replace(WHITESPACE_CONTROL, ' ')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (clean.length <= max) return clean;
  // Don't split a surrogate pair when cutting.
  let end = max - 1;
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${clean.slice(0, end)}…`;
}
