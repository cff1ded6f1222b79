/**
 * Whether `berth …` means the TUI, decided before anything heavy loads: no arguments, or
 * only `--read-only`, `--no-color` and one image name with a transport (`docker://host/repo`,
 * `oci:./layout`). Everything else is a command for the CLI. Also here: whether this
 * terminal can run the TUI, and the colour level berth decides once (NO_COLOR, `--no-color`
 * and TERM=dumb off; FORCE_COLOR and BERTH_COLOR force), and the level chalk runs at, handed
 * to it through FORCE_COLOR before Ink is imported — chalk itself ignores NO_COLOR.
 */

/** What the command line asks of the TUI. */
export interface TuiArgs {
  /** The image name to open (`docker://quay.io/org/app`, `oci:./layout`). */
  image?: string;
  readOnly: boolean;
  noColor: boolean;
}

const IMAGE_NAME = /^(docker:\/\/|oci:|dir:|oci-archive:|docker-archive:)/;

/** The TUI's arguments, or undefined when `args` are a CLI command. */
export function tuiArgs(args: readonly string[]): TuiArgs | undefined {
  const out: TuiArgs = { readOnly: false, noColor: false };
  for (const a of args) {
    if (a === '--read-only') out.readOnly = true;
    else if (a === '--no-color') out.noColor = true;
    else if (!a.startsWith('-') && out.image === undefined && IMAGE_NAME.test(a)) out.image = a;
    else return undefined;
  }
  return out;
}

/** The streams the TUI needs to be interactive. */
export interface TerminalStreams {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean };
}

/** Why the TUI cannot run here, or undefined when it can. */
export function tuiUnavailable(env: NodeJS.ProcessEnv, streams: TerminalStreams): string | undefined {
  if (!streams.stdin.isTTY || !streams.stdout.isTTY) return 'stdin and stdout must be terminals';
  if (env.TERM === 'dumb') return 'TERM is "dumb"';
  return undefined;
}

/** The short usage printed (to stderr, exit 2) when the TUI cannot run. */
export function tuiUsage(reason: string): string {
  return [
    `berth: the interactive interface needs a terminal (${reason}).`,
    '',
    'Usage:',
    '  berth [IMAGE-NAME] [--read-only] [--no-color]   browse registries, e.g. berth docker://quay.io/org/app',
    '  berth COMMAND [FLAGS]                           run a command (berth --help lists them)',
    '',
  ].join('\n');
}

/** chalk's levels: none, 16 colours, 256, truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

/** Options for {@link colorLevel}. */
export interface ColorLevelOptions {
  noColor: boolean;
  isTTY: boolean;
  /** The terminal's colour depth in bits (Node's `getColorDepth`); default 4. */
  colorDepth?: () => number;
}

const NAMED_LEVELS: Readonly<Record<string, ColorLevel>> = { '16': 1, '256': 2, truecolor: 3 };

/**
 * The colour level, decided once: `--no-color`, a non-empty NO_COLOR (no-color.org) and
 * TERM=dumb turn colour off; then BERTH_COLOR (`16|256|truecolor`) and FORCE_COLOR
 * (`0`–`3`) choose; otherwise the terminal's depth, and none off a TTY.
 */
export function colorLevel(env: NodeJS.ProcessEnv, opts: ColorLevelOptions): ColorLevel {
  if (opts.noColor) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.TERM === 'dumb') return 0;
  const named = env.BERTH_COLOR ? NAMED_LEVELS[env.BERTH_COLOR] : undefined;
  if (named !== undefined) return named;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (!opts.isTTY) return 0;
  const depth = opts.colorDepth?.() ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

/** How the TUI draws, from a colour level. */
export interface TuiColors {
  /** The level chalk runs at (FORCE_COLOR): never 0. */
  chalkLevel: ColorLevel;
  /** Whether the theme has colours (`chooseTheme` in src/components/theme.ts). */
  color: boolean;
}

/**
 * How the TUI draws at a colour level. chalk never runs at 0: there it drops every style,
 * and the inverse and bold that mark the selection and the text cursor with it (issue #5).
 * Without colour chalk stays at 16 colours and the theme asks for none, so only the styles
 * reach the terminal.
 */
export function tuiColors(level: ColorLevel): TuiColors {
  return { chalkLevel: level === 0 ? 1 : level, color: level > 0 };
}
