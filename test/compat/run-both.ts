/**
 * Runs the same command line with skopeo (a process) and berth (in-process), in parallel and
 * in the same sandboxed environment, for the read-only compatibility suites (inspect,
 * list-tags): they compare stdout byte for byte and exit codes.
 */
import { expect } from 'vitest';
import { type RunResult, runBerth, runSkopeo, type Sandbox } from './auth-sandbox.js';

export interface BothResults {
  skopeo: RunResult;
  berth: RunResult;
}

export async function runBoth(sandbox: Sandbox, args: string[]): Promise<BothResults> {
  const [skopeo, berth] = await Promise.all([
    runSkopeo(args, { env: sandbox.env }),
    runBerth(args, { env: sandbox.env }),
  ]);
  return { skopeo, berth };
}

/** Asserts identical stdout and exit code, showing both stderrs when they differ. */
export function expectSame({ skopeo, berth }: BothResults): void {
  const context = `skopeo stderr: ${skopeo.stderr}\nberth stderr: ${berth.stderr}`;
  expect(berth.stdout, context).toBe(skopeo.stdout);
  expect(berth.code, context).toBe(skopeo.code);
}

/** A failure berth reports as one line on stderr (plus the usage hint for usage errors). */
export function expectOneLineError(result: RunResult): void {
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^Error: [^\n]+\n(Try 'berth --help' for more information\n)?$/);
}
