// The cheap half of scripts/string-width-lazy.mjs, kept apart so a test can hold it against
// the real package (test/scripts/string-width-fast.test.ts).
import stripAnsi from 'strip-ansi';

// Printable ASCII plus the narrow, non-combining characters berth and Ink draw with: Latin-1
// (not the soft hyphen), general punctuation (… › – ’ •), arrows, the minus sign, box drawing,
// blocks and geometric shapes but ◽ and ◾. Each is its own grapheme of width 1 when East Asian
// ambiguous characters are narrow, string-width's default; the test checks every one.
export const NARROW_TEXT =
  /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2212\u2500-\u25fc\u25ff]*$/;

/** string-width's answer when it is just the length (ANSI escapes removed), else undefined. */
export function fastWidth(text, options) {
  if (typeof text !== 'string') return 0;
  if (options?.ambiguousIsNarrow === false) return undefined;
  let plain = text;
  if (!options?.countAnsiEscapeCodes && (plain.includes('\u001b') || plain.includes('\u009b')))
    plain = stripAnsi(plain);
  return NARROW_TEXT.test(plain) ? plain.length : undefined;
}
