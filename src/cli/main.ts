// The berth program. With no command (or only an image name and TUI flags) on a terminal
// berth is the TUI, loaded lazily; off a terminal it prints a short usage and exits 2.
// Everything else is the skopeo-compatible command line. boot/boot.ts loads this module
// (through V8's code cache) and calls `main`.
import { colorLevel, tuiArgs, tuiColors, tuiUnavailable, tuiUsage } from './tui-args.js';
import { VERSION } from './version.js';

/** Runs berth with `args` (without the program name); sets `process.exitCode` or exits. */
export async function main(args: string[]): Promise<void> {
  // What scripts ask to check that berth is there: answered before yargs, undici and the
  // registry code are even initialised (each run pays for what it imports).
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    process.stdout.write(`berth version ${VERSION}\n`);
    return;
  }
  const tui = tuiArgs(args);
  if (!tui) {
    const { runCli } = await import('./program.js');
    process.exitCode = await runCli(args);
    return;
  }
  const why = tuiUnavailable(process.env, process);
  if (why) {
    process.stderr.write(tuiUsage(why));
    process.exitCode = 2;
    return;
  }
  // Before Ink and chalk load: chalk reads FORCE_COLOR once, when imported. Without colour
  // chalk still runs (for inverse and bold); the theme then asks for no colour.
  const colors = tuiColors(
    colorLevel(process.env, {
      noColor: tui.noColor,
      isTTY: true,
      colorDepth: () => process.stdout.getColorDepth(),
    }),
  );
  process.env.FORCE_COLOR = String(colors.chalkLevel);
  const { runTui } = await import('./tui.js');
  const { stdin, stdout, stderr } = process;
  const code = await runTui({ args: tui, color: colors.color, env: process.env, stdin, stdout, stderr });
  // Stdin was in raw mode and the HTTP agent may hold sockets: leave now, the screen is restored.
  process.exit(code);
}
