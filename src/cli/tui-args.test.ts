import { describe, expect, it } from 'vitest';
import {
  type ColorLevelOptions,
  colorLevel,
  tuiArgs,
  tuiColors,
  tuiUnavailable,
  tuiUsage,
} from './tui-args.js';

describe('tuiArgs', () => {
  it.each([
    { name: 'nothing', args: [], out: { readOnly: false, noColor: false } },
    {
      name: 'a repository',
      args: ['docker://quay.io/org/app'],
      out: { image: 'docker://quay.io/org/app', readOnly: false, noColor: false },
    },
    {
      name: 'a layout, read-only',
      args: ['oci:./layout', '--read-only'],
      out: { image: 'oci:./layout', readOnly: true, noColor: false },
    },
    { name: 'flags only', args: ['--no-color', '--read-only'], out: { readOnly: true, noColor: true } },
    {
      name: 'a docker archive',
      args: ['docker-archive:x.tar'],
      out: { image: 'docker-archive:x.tar', readOnly: false, noColor: false },
    },
  ])('$name is the TUI', ({ args, out }) => {
    expect(tuiArgs(args)).toEqual(out);
  });

  it.each([
    { name: 'a command', args: ['inspect', 'docker://x/y'] },
    { name: '--help', args: ['--help'] },
    { name: '--version', args: ['--version'] },
    { name: 'two images', args: ['oci:a', 'oci:b'] },
    { name: 'a name without transport', args: ['quay.io/org/app'] },
    { name: 'a global flag', args: ['--debug'] },
  ])('$name is the CLI', ({ args }) => {
    expect(tuiArgs(args)).toBeUndefined();
  });
});

describe('tuiUnavailable', () => {
  it.each([
    { name: 'a terminal', env: { TERM: 'xterm' }, stdin: true, stdout: true, why: undefined },
    {
      name: 'stdout piped',
      env: { TERM: 'xterm' },
      stdin: true,
      stdout: false,
      why: 'stdin and stdout must be terminals',
    },
    {
      name: 'stdin piped',
      env: { TERM: 'xterm' },
      stdin: false,
      stdout: true,
      why: 'stdin and stdout must be terminals',
    },
    { name: 'TERM=dumb', env: { TERM: 'dumb' }, stdin: true, stdout: true, why: 'TERM is "dumb"' },
  ])('$name', ({ env, stdin, stdout, why }) => {
    expect(tuiUnavailable(env, { stdin: { isTTY: stdin }, stdout: { isTTY: stdout } })).toBe(why);
  });

  it('usage names the reason and both ways to run berth', () => {
    const text = tuiUsage('TERM is "dumb"');
    expect(text).toContain('TERM is "dumb"');
    expect(text).toContain('berth [IMAGE-NAME] [--read-only] [--no-color]');
    expect(text).toContain('berth COMMAND');
  });
});

describe('colorLevel', () => {
  const tty: ColorLevelOptions = { noColor: false, isTTY: true, colorDepth: () => 8 };
  it.each<{ name: string; env: NodeJS.ProcessEnv; opts: ColorLevelOptions; level: number }>([
    { name: 'a 256-colour terminal', env: {}, opts: tty, level: 2 },
    { name: '--no-color', env: {}, opts: { ...tty, noColor: true }, level: 0 },
    { name: 'NO_COLOR', env: { NO_COLOR: '1' }, opts: tty, level: 0 },
    { name: 'an empty NO_COLOR (no-color.org: ignored)', env: { NO_COLOR: '' }, opts: tty, level: 2 },
    { name: 'NO_COLOR wins over FORCE_COLOR', env: { NO_COLOR: '1', FORCE_COLOR: '3' }, opts: tty, level: 0 },
    { name: 'TERM=dumb', env: { TERM: 'dumb' }, opts: tty, level: 0 },
    { name: 'FORCE_COLOR=0', env: { FORCE_COLOR: '0' }, opts: tty, level: 0 },
    { name: 'FORCE_COLOR=3', env: { FORCE_COLOR: '3' }, opts: tty, level: 3 },
    { name: 'FORCE_COLOR off a TTY', env: { FORCE_COLOR: '1' }, opts: { ...tty, isTTY: false }, level: 1 },
    {
      name: 'BERTH_COLOR=16 over SSH',
      env: { BERTH_COLOR: '16' },
      opts: { ...tty, colorDepth: () => 24 },
      level: 1,
    },
    { name: 'truecolor depth', env: {}, opts: { ...tty, colorDepth: () => 24 }, level: 3 },
    { name: 'no TTY', env: {}, opts: { ...tty, isTTY: false }, level: 0 },
  ])('$name → $level', ({ env, opts, level }) => {
    expect(colorLevel(env, opts)).toBe(level);
  });
});

describe('tuiColors', () => {
  // chalk never runs at 0 (it would drop inverse and bold, issue #5): "no colour" is the theme's.
  it.each<{
    name: string;
    env: NodeJS.ProcessEnv;
    noColor?: boolean;
    depth?: number;
    chalk: number;
    color: boolean;
  }>([
    { name: '--no-color', env: {}, noColor: true, chalk: 1, color: false },
    { name: 'NO_COLOR', env: { NO_COLOR: '1' }, chalk: 1, color: false },
    { name: 'FORCE_COLOR=0', env: { FORCE_COLOR: '0' }, chalk: 1, color: false },
    { name: 'a terminal without colours', env: {}, depth: 1, chalk: 1, color: false },
    { name: 'a 16-colour terminal', env: {}, depth: 4, chalk: 1, color: true },
    { name: 'a 256-colour terminal', env: {}, depth: 8, chalk: 2, color: true },
    { name: 'BERTH_COLOR=truecolor', env: { BERTH_COLOR: 'truecolor' }, chalk: 3, color: true },
  ])('$name → chalk at $chalk, colour $color', ({ env, noColor = false, depth = 8, chalk, color }) => {
    const level = colorLevel(env, { noColor, isTTY: true, colorDepth: () => depth });
    expect(tuiColors(level)).toEqual({ chalkLevel: chalk, color });
  });
});
