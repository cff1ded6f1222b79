/**
 * Colours by role, from the 16 ANSI names only: they follow the user's terminal theme and
 * survive SSH (truecolor does not; ecosystem §3.3). Nothing may depend on colour alone:
 * selection is also marked with `>` and inverse, errors also say "error".
 *
 * Without colour (NO_COLOR, `--no-color`, FORCE_COLOR=0) every role is undefined, so no
 * component asks Ink for a colour. chalk cannot do this for us: at its level 0 it drops every
 * style, and with them the inverse and bold that mark the selection and the text cursor
 * (issue #5). So chalk stays at a colour level (`tuiColors` in src/cli/tui-args.ts) and the
 * theme is chosen once, by the entry (`src/cli/tui.ts`, {@link chooseTheme}) before the first
 * render, as chalk's own level is.
 */

/** A role's colour: one of the 16 ANSI names, or undefined for the terminal's own. */
export type ThemeColor = 'cyan' | 'gray' | 'red' | 'green' | 'yellow' | undefined;

/** The colour of each role. */
export interface Theme {
  readonly accent: ThemeColor;
  readonly muted: ThemeColor;
  readonly error: ThemeColor;
  readonly ok: ThemeColor;
  readonly warn: ThemeColor;
  readonly key: ThemeColor;
}

/** Options for {@link themeFor} and {@link chooseTheme}. */
export interface ThemeOptions {
  /** Draw in colour; false leaves every role undefined. */
  color: boolean;
}

const COLORS: Theme = {
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  ok: 'green',
  warn: 'yellow',
  key: 'cyan',
};
const NO_COLORS: Theme = {
  accent: undefined,
  muted: undefined,
  error: undefined,
  ok: undefined,
  warn: undefined,
  key: undefined,
};

/** The theme for a colour choice. */
export function themeFor(opts: ThemeOptions): Theme {
  return opts.color ? COLORS : NO_COLORS;
}

const current: { -readonly [K in keyof Theme]: ThemeColor } = { ...COLORS };

/** The theme every component draws with: in colour until {@link chooseTheme} says otherwise. */
export const theme: Theme = current;

/** Chooses the theme, once, before the first render (components read it while rendering). */
export function chooseTheme(opts: ThemeOptions): void {
  Object.assign(current, themeFor(opts));
}

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
