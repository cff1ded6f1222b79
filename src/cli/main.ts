// Entry point of the berth executable. With no command (or only an image name and TUI flags)
// on a terminal berth is the TUI, loaded lazily; off a terminal it prints a short usage and
// exits 2. Everything else is the skopeo-compatible command line.
import { setFlagsFromString } from 'node:v8';
import { runCli } from './program.js';
import { colorLevel, tuiArgs, tuiUnavailable, tuiUsage } from './tui-args.js';

// undici's HTTP parser is WebAssembly; without this, exit waits 80–200 ms for V8 to finish
// re-optimising it on a background thread (measured by bench/). Liftoff code is fast enough.
setFlagsFromString('--liftoff-only');
const args = process.argv.slice(2);
const tui = tuiArgs(args);
if (tui) {
  const why = tuiUnavailable(process.env, process);
  if (why) {
    process.stderr.write(tuiUsage(why));
    process.exitCode = 2;
  } else {
    // Before Ink and chalk load: chalk reads FORCE_COLOR once, when imported.
    const level = colorLevel(process.env, {
      noColor: tui.noColor,
      isTTY: true,
      colorDepth: () => process.stdout.getColorDepth(),
    });
    process.env.FORCE_COLOR = String(level);
    const { runTui } = await import('./tui.js');
    const { stdin, stdout, stderr } = process;
    const code = await runTui({ args: tui, env: process.env, stdin, stdout, stderr });
    // Stdin was in raw mode and the HTTP agent may hold sockets: leave now, the screen is restored.
    process.exit(code);
  }
} else {
  process.exitCode = await runCli(args);
}
