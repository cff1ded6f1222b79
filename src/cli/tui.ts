/**
 * `berth` on a terminal: the TUI. Loaded lazily by `main.ts` (after it has decided the
 * colour level, so chalk reads FORCE_COLOR as berth set it), so commands never pay for Ink
 * and React. Enters the alternate screen, renders the app with incremental rendering at
 * most 15 frames a second (kind to SSH), and restores the terminal on every way out.
 */
import { homedir } from 'node:os';
import { render } from 'ink';
import { createElement } from 'react';
import * as yoga from 'yoga-layout';
import { App } from '../app/App.js';
import { guardTerminal } from '../app/terminal-guard.js';
import { createTerminalServices } from '../app/terminal-services.js';
import { chooseTheme } from '../components/theme.js';
import { type ImageName, parseImageName } from '../registry/ref/index.js';
import { createBerthDeps, createBerthStore } from '../store/index.js';
import { describeError } from './errors.js';
import type { TuiArgs } from './tui-args.js';
import { releaseTui } from './tui-release.js';
import { VERSION } from './version.js';

/** Options for {@link runTui}. */
export interface RunTuiOptions {
  args: TuiArgs;
  /** Draw in colour (a colour level above 0); false draws styles only (inverse, bold). */
  color: boolean;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Runs the TUI until the user quits; resolves with the exit code. The caller checked the TTYs. */
export async function runTui(opts: RunTuiOptions): Promise<number> {
  const { env, stdout, stderr } = opts;
  let image: ImageName | undefined;
  if (opts.args.image) {
    try {
      image = parseImageName(opts.args.image);
    } catch (err) {
      stderr.write(`Error: ${describeError(err)}\n`);
      return 2;
    }
  }
  // In dist/berth.mjs Yoga's WebAssembly loads without top-level await (scripts/cjs-patches.mjs)
  // and must be ready before the first render; the package itself has no `ready`.
  await (yoga as { ready?: Promise<void> }).ready;
  const deps = createBerthDeps({ env, homeDir: env.HOME || homedir(), userAgent: `berth/${VERSION}` });
  const store = createBerthStore(deps, { readOnly: opts.args.readOnly, ...(image ? { image } : {}) });
  chooseTheme({ color: opts.color });
  const guard = guardTerminal({ stdout, stderr, proc: process, describe: describeError });
  let code = 0;
  try {
    const instance = render(
      createElement(App, { store, services: createTerminalServices({ stdout, env }) }),
      {
        stdin: opts.stdin,
        stdout,
        stderr,
        incrementalRendering: true,
        maxFps: 15,
        exitOnCtrlC: false,
        patchConsole: false,
      },
    );
    guard.onShutdown(() => instance.unmount());
    await instance.waitUntilExit();
  } catch (err) {
    guard.restore();
    stderr.write(`berth: ${describeError(err)}\n`);
    code = 1;
  } finally {
    guard.dispose();
    // A layer may still be streaming: its read stops before the HTTP layer closes.
    await releaseTui({ store, deps });
  }
  return code;
}
