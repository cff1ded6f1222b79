/**
 * Colours by role, from the 16 ANSI names only: they follow the user's terminal theme and
 * survive SSH (truecolor does not; ecosystem §3.3). Nothing may depend on colour alone:
 * selection is also marked with `>` and inverse, errors also say "error". With NO_COLOR,
 * `--no-color` or TERM=dumb the entry sets FORCE_COLOR=0 before Ink loads, and these are
 * ignored.
 */
export const theme = {
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  ok: 'green',
  warn: 'yellow',
  key: 'cyan',
} as const;

/** Fits `text` into `width` columns: cut with `…`, or padded (left- or right-aligned). */
export function fitText(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'right' ? pad + text : text + pad;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces terminal control characters (from servers, file names) with visible escapes. */
export function printable(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
