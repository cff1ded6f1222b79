/**
 * The built berth (`dist/berth.mjs`, rebuilt here) on a real pseudo-terminal: it enters the
 * alternate screen and always leaves it (q, Ctrl-C, SIGTERM), honours NO_COLOR and
 * `--no-color` itself (no colour at all, but the selection and the text cursor still drawn
 * inverse — FORCE_COLOR is set before Ink loads, checked in the bundle, where module order is
 * esbuild's), quits cleanly while a layer is still streaming, and off a terminal prints a
 * short usage and exits 2.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultProxy,
  type RegistryInstance,
  requireBinaries,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { type InspectFixtures, pushInspectFixtures } from './inspect-fixtures.js';
import { runPiped } from './piped.js';
import { runInPty } from './pty.js';
import { colourSequences, drawn, STYLE, stylesAt } from './sgr.js';

const root = resolve(import.meta.dirname, '../..');
const bundle = join(root, 'dist', 'berth.mjs');
const ENTER = '\x1b[?1049h';
const LEAVE = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
// Foreground colours (30–37, 90–97): what NO_COLOR must remove. Inverse/bold are not colour.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences
const COLOUR = /\x1b\[(?:3[0-7]|9[0-7])m/;
// 256-colour and truecolor sequences: the base palette never uses them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences
const EXTENDED_COLOUR = /\x1b\[38;[25];/;

let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  requireBinaries(['script']);
  await promisify(execFile)(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
  home = await mkdtemp(join(tmpdir(), 'berth-pty-'));
  // No CI variables: Ink renders nothing interactive when it thinks it runs in CI.
  env = { PATH: process.env.PATH, HOME: home, TERM: 'xterm-256color', XDG_RUNTIME_DIR: join(home, 'run') };
}, 120_000);
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const berth = (args = '') => `${process.execPath} ${bundle}${args ? ` ${args}` : ''}`;

/** The alternate screen was entered, and left after the last frame, with the cursor shown. */
function expectRestored(out: string): void {
  const enter = out.indexOf(ENTER);
  const leave = out.lastIndexOf(LEAVE);
  expect(enter).toBeGreaterThanOrEqual(0);
  expect(leave).toBeGreaterThan(enter);
  expect(out.slice(leave)).toContain(SHOW_CURSOR);
  expect(out.slice(leave + LEAVE.length)).not.toMatch(/Registries|docker\.io/);
}

describe('berth on a terminal', () => {
  it.each([
    { name: 'q', send: 'q' as const, code: 0 },
    { name: 'Ctrl-C with nothing in flight', send: '\x03' as const, code: 0 },
    { name: 'SIGTERM', send: { signal: 'SIGTERM' as const }, code: 143 },
    { name: 'SIGHUP (the terminal went away)', send: { signal: 'SIGHUP' as const }, code: 129 },
  ])('leaves the alternate screen on $name (exit $code)', async ({ send, code }) => {
    const r = await runInPty({ command: berth(), env, steps: [{ when: '> docker.io', send }] });
    expect(r.code, r.out).toBe(code);
    expect(r.out).toContain('berth');
    expectRestored(r.out);
  });

  it('draws in colour from the 16 ANSI names by default', async () => {
    const r = await runInPty({ command: berth(), env, steps: [{ when: '> docker.io', send: 'q' }] });
    expect(r.out).toMatch(COLOUR);
    expect(r.out).not.toMatch(EXTENDED_COLOUR);
  });

  it.each([
    { name: 'NO_COLOR', extra: { NO_COLOR: '1' }, args: '' },
    { name: '--no-color', extra: {}, args: '--no-color' },
  ])('draws without colour with $name, selection and text cursor still marked', async ({ extra, args }) => {
    const r = await runInPty({
      command: berth(args),
      env: { ...env, ...extra },
      steps: [
        { when: '> docker.io', send: '/' },
        // Ctrl-C quits from the filter too: nothing is in flight.
        { when: 'type to filter', send: '\x03' },
      ],
    });
    expect(r.code, r.out).toBe(0);
    expect(colourSequences(r.out)).toEqual([]);
    const d = drawn(r.out);
    // The selected row is inverse and bold; the filter's empty text cursor, before its placeholder, inverse.
    expect([...stylesAt(d, '> docker.io')]).toEqual(expect.arrayContaining([STYLE.inverse, STYLE.bold]));
    expect([...stylesAt(d, '/ type to filter', 1)]).toContain(STYLE.inverse);
    expect([...stylesAt(d, 'type to filter')]).not.toContain(STYLE.inverse);
    expectRestored(r.out);
  });

  it.each([
    { name: 'in colour', extra: {} },
    { name: 'with NO_COLOR', extra: { NO_COLOR: '1' } },
  ])('draws a recent layout that is gone dim, $name', async ({ extra }) => {
    const gone = join(home, 'gone-layout');
    const stateHome = await mkdtemp(join(home, 'state-'));
    await mkdir(join(stateHome, 'berth'), { recursive: true });
    await writeFile(
      join(stateHome, 'berth', 'recent.json'),
      JSON.stringify({ registries: [], layouts: [{ transport: 'oci', path: gone, usedAt: 1 }] }),
    );
    const r = await runInPty({
      command: berth(),
      env: { ...env, ...extra, XDG_STATE_HOME: stateHome },
      steps: [{ when: 'missing', send: 'q' }],
    });
    expect(r.code, r.out).toBe(0);
    const d = drawn(r.out);
    expect([...stylesAt(d, `oci:${gone}`)]).toContain(STYLE.dim);
    expect([...stylesAt(d, 'docker.io')]).not.toContain(STYLE.dim);
  });

  it('opens an image name given on the command line, read-only', async () => {
    const r = await runInPty({
      command: berth(`oci:${join(home, 'layout')} --read-only`),
      env,
      steps: [{ when: 'read-only', send: 'q' }],
    });
    expect(r.code, r.out).toBe(0);
    // The image name opens its tags directly, under the registries crumb.
    expect(r.out).toContain(`oci:${join(home, 'layout')}`);
    expect(r.out).toMatch(/Tags/);
    expectRestored(r.out);
  });

  it('refuses TERM=dumb with the usage, touching nothing', async () => {
    const r = await runInPty({ command: berth(), env: { ...env, TERM: 'dumb' }, steps: [] });
    expect(r.code).toBe(2);
    expect(r.out).toContain('the interactive interface needs a terminal (TERM is "dumb")');
    expect(r.out).not.toContain(ENTER);
  });
});

describe('berth on a terminal, quitting while a layer streams', () => {
  let reg: RegistryInstance;
  let proxy: FaultProxy;
  let fx: InspectFixtures;
  let conf: string;
  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
    proxy = await startFaultProxy({ target: reg.url });
    fx = await pushInspectFixtures(reg);
    conf = join(home, 'registries.conf');
    await writeFile(conf, `[[registry]]\nlocation = "${proxy.host}"\ninsecure = true\n`);
  });
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });

  it('stops the read, closes everything and exits 0', async () => {
    // 4 KiB a second: the 64 KiB layer is still streaming when q is pressed.
    const layer = fx.padded.layers[0]?.digest;
    proxy.add({ path: new RegExp(`/blobs/${layer}`), fault: { kind: 'slow', bytesPerSecond: 4096 } });
    const r = await runInPty({
      command: berth(`docker://${proxy.host}/files/padded:v1`),
      env: { ...env, CONTAINERS_REGISTRIES_CONF: conf },
      steps: [
        { when: '> v1', send: '\r' },
        { when: '1 layer', send: '3' },
        { when: '[3 Layers]', send: '\r' },
        { when: /reading [1-9]/, send: 'q' },
      ],
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain('berth:');
    expectRestored(r.out);
    // The layer was being read (once) when berth quit.
    expect(proxy.requests.filter((q) => q.fault === 'slow')).toHaveLength(1);
  });
});

describe('berth off a terminal', () => {
  it('prints a short usage to stderr and exits 2', async () => {
    const { code, stdout, stderr } = await runPiped({ command: process.execPath, args: [bundle], env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('stdin and stdout must be terminals');
    expect(stderr).toContain('berth COMMAND [FLAGS]');
  });
});
