/**
 * The built executable's loader (src/cli/boot/): the program is compiled with V8's code cache
 * from an earlier run, and nothing about that cache can change what berth prints or fail it.
 * Built here into a temp dir (scripts/build.mjs --out) so a concurrent rebuild of dist/
 * cannot interfere.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let dir: string;
let bundle: string;
let manifest: string;
let reg: RegistryInstance;
let plainReg: RegistryInstance;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-boot-'));
  bundle = join(dir, 'berth.mjs');
  await run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--out', bundle], { cwd: root });
  plainReg = await startRegistry({ mode: 'plain' });
  await pushImage(plainReg, { repository: 'boot/plain', tag: 'v1', layers: [{ size: 100, seed: 2 }] });
  manifest = join(dir, 'manifest.json');
  await writeFile(manifest, '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
}, 120_000);

afterAll(async () => {
  await reg?.stop();
  await plainReg?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function berth(args: string[], env: NodeJS.ProcessEnv) {
  const { stdout, stderr } = await run(process.execPath, [bundle, ...args], {
    env: { PATH: process.env.PATH, HOME: join(dir, 'home'), ...env },
  });
  return { stdout, stderr };
}

async function cacheFiles(cacheHome: string): Promise<string[]> {
  return (await readdir(join(cacheHome, 'berth')).catch(() => [])).sort();
}

describe('dist/berth.mjs and its code cache', () => {
  it.each([
    { name: '--version', args: () => ['--version'], mode: 'version', out: /^berth version \d+\.\d+\.\d+\n$/ },
    {
      name: 'manifest-digest',
      args: () => ['manifest-digest', manifest],
      mode: 'manifest-digest',
      out: /^sha256:[0-9a-f]{64}\n$/,
    },
  ])('$name: the same output without, with, and with a damaged cache', async ({ args, mode, out }) => {
    const cacheHome = await mkdtemp(join(dir, 'cache-'));
    const env = { XDG_CACHE_HOME: cacheHome };
    const first = await berth(args(), env);
    expect(first.stdout).toMatch(out);
    const files = await cacheFiles(cacheHome);
    expect(files).toEqual([expect.stringMatching(new RegExp(`^code-.*-${mode}\\.bin$`))]);
    const file = join(cacheHome, 'berth', files[0]!);
    const made = await stat(file);
    expect(made.size).toBeGreaterThan(1000);

    // Accepted: the same output, and the cache is not written again.
    expect(await berth(args(), env)).toEqual(first);
    expect((await stat(file)).mtimeMs).toBe(made.mtimeMs);

    // Damaged: V8 rejects it, the run is unaffected, and a good cache replaces it.
    await writeFile(file, Buffer.alloc(made.size, 7));
    expect(await berth(args(), env)).toEqual(first);
    expect(await readFile(file)).not.toEqual(Buffer.alloc(made.size, 7));
    expect(await berth(args(), env)).toEqual(first);
  });

  it('runs the program, not just the loader: manifest-digest prints what skopeo prints', async () => {
    const cacheHome = await mkdtemp(join(dir, 'cache-'));
    const skopeo = await run('skopeo', ['manifest-digest', manifest]);
    for (let i = 0; i < 2; i++) {
      const { stdout } = await berth(['manifest-digest', manifest], { XDG_CACHE_HOME: cacheHome });
      expect(stdout).toBe(skopeo.stdout);
    }
  });

  it.each([
    {
      name: 'BERTH_CODE_CACHE=0',
      env: (c: string) => ({ XDG_CACHE_HOME: c, BERTH_CODE_CACHE: '0' }),
      prepare: async () => {},
    },
    {
      name: 'a cache directory that cannot be created',
      env: (c: string) => ({ XDG_CACHE_HOME: c }),
      prepare: async (c: string) => writeFile(join(c, 'berth'), 'a file where the directory goes'),
    },
  ])('$name: runs, and leaves no cache', async ({ env, prepare }) => {
    const cacheHome = await mkdtemp(join(dir, 'cache-'));
    await prepare(cacheHome);
    const { stdout } = await berth(['--version'], env(cacheHome));
    expect(stdout).toMatch(/^berth version /);
    expect((await readdir(cacheHome)).filter((n) => n !== 'berth')).toEqual([]);
    expect(await readdir(join(cacheHome, 'berth')).catch(() => 'none')).toBe('none');
  });

  it('leaves no cache after a failed run (it may have compiled little)', async () => {
    const cacheHome = await mkdtemp(join(dir, 'cache-'));
    await expect(
      berth(['manifest-digest', join(dir, 'missing.json')], { XDG_CACHE_HOME: cacheHome }),
    ).rejects.toThrow();
    expect(await cacheFiles(cacheHome)).toEqual([]);
  });

  // The program runs in vm.Script, which has no import(): the lazily loaded child_process of
  // credential helpers must work there too.
  it('gets credentials from a Docker credential helper', async () => {
    reg = await startRegistry({ mode: 'basic', users: { helper: 'h3lper-pass' } });
    await pushImage(reg, {
      repository: 'boot/app',
      tag: 'v1',
      layers: [{ size: 100, seed: 1 }],
      auth: { user: 'helper', password: 'h3lper-pass' },
    });
    const home = await mkdtemp(join(dir, 'home-'));
    const bin = join(home, 'bin');
    await mkdir(bin);
    await writeFile(
      join(bin, 'docker-credential-boottest'),
      '#!/bin/sh\ncat >/dev/null\necho \'{"Username":"helper","Secret":"h3lper-pass"}\'\n',
      { mode: 0o755 },
    );
    await mkdir(join(home, '.docker'));
    await writeFile(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ credHelpers: { [reg.host]: 'boottest' } }),
    );
    const { stdout } = await run(
      process.execPath,
      [bundle, 'inspect', '--tls-verify=false', '--format', '{{.Name}}', `docker://${reg.host}/boot/app:v1`],
      {
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          HOME: home,
          BERTH_CODE_CACHE: '0',
        },
      },
    );
    expect(stdout.trim()).toBe(`${reg.host}/boot/app`);
  });

  // scripts/startup-patches.mjs, the lazily looked-up node:tls, and `--version` answered before
  // the program's modules load: a short command pays for no built-in it does not use (each
  // costs milliseconds of every start).
  it.each([
    {
      name: '--version',
      args: () => ['--version'],
      loads: [],
      unused: ['node:crypto', 'node:net', 'node:http2', 'node:http', 'assert', 'node:tls'],
    },
    {
      name: 'inspect of a plain-HTTP registry',
      args: () => [
        'inspect',
        '--tls-verify=false',
        '--format',
        '{{.Name}}',
        `docker://${plainReg.host}/boot/plain:v1`,
      ],
      // node:tls is needed here: an insecure registry is tried over https first.
      loads: ['node:net', 'node:crypto', 'node:tls'],
      unused: ['node:http2', 'node:http', 'assert'],
    },
  ])('$name loads none of $unused', async ({ args, loads, unused }) => {
    const log = join(dir, `builtins-${unused.length}.txt`);
    const hook = join(dir, 'builtins-hook.cjs');
    await writeFile(
      hook,
      `const M = require('node:module'); const fs = require('node:fs'); const load = M._load; const seen = new Set();
M._load = function (id, ...rest) { seen.add(id.startsWith('node:') ? id : 'node:' + id); return load.call(this, id, ...rest); };
process.on('exit', () => fs.writeFileSync(${JSON.stringify(log)}, [...seen].join('\\n')));\n`,
    );
    const { stdout } = await run(process.execPath, ['--require', hook, bundle, ...args()], {
      env: { PATH: process.env.PATH, HOME: join(dir, 'home'), BERTH_CODE_CACHE: '0' },
    });
    expect(stdout).not.toBe('');
    const loaded = (await readFile(log, 'utf8')).split('\n');
    for (const id of loads) expect(loaded).toContain(id);
    for (const id of unused) expect(loaded).not.toContain(id.startsWith('node:') ? id : `node:${id}`);
  });

  // yargs guesses a default --version from the nearest package.json, listing every directory
  // from the working directory up (scripts/startup-patches.mjs takes that out of the bundle).
  it('lists no directory above the working directory and reads no package.json there', async () => {
    const cwd = await mkdtemp(join(dir, 'project-'));
    await writeFile(join(cwd, 'package.json'), '{"name":"someone-elses","version":"9.9.9"}');
    const log = join(dir, 'fs-calls.txt');
    const hook = join(dir, 'fs-hook.cjs');
    await writeFile(
      hook,
      `const fs = require('node:fs'); const calls = [];
for (const name of ['readdirSync', 'readFileSync']) {
  const real = fs[name];
  fs[name] = function (path, ...rest) { calls.push(name + ' ' + String(path)); return real.call(this, path, ...rest); };
}
process.on('exit', () => fs.writeFileSync(${JSON.stringify(log)}, calls.join('\\n')));\n`,
    );
    const { stdout } = await run(process.execPath, ['--require', hook, bundle, 'manifest-digest', manifest], {
      cwd,
      env: { PATH: process.env.PATH, HOME: join(dir, 'home'), BERTH_CODE_CACHE: '0' },
    });
    expect(stdout).toMatch(/^sha256:/);
    const calls = (await readFile(log, 'utf8')).split('\n');
    // The hook sees the loader read the bundle itself.
    expect(calls).toContain(`readFileSync ${bundle}`);
    expect(calls.filter((c) => c.includes(cwd) || c === 'readdirSync /')).toEqual([]);
  });

  // The copy engine in the built file: streams, layout writes, and an exit once all is written.
  it('copies an image with a multi-MiB layer into a layout and exits', async () => {
    const image = await pushImage(plainReg, {
      repository: 'boot/big',
      tag: 'v1',
      layers: [{ size: 6 << 20, seed: 3 }],
    });
    const layout = join(dir, 'big-layout');
    await run(
      process.execPath,
      [
        bundle,
        'copy',
        '-q',
        '--src-tls-verify=false',
        `docker://${plainReg.host}/boot/big:v1`,
        `oci:${layout}:v1`,
      ],
      { env: { PATH: process.env.PATH, HOME: join(dir, 'home'), BERTH_CODE_CACHE: '0' }, timeout: 30_000 },
    );
    const layer = image.layers[0]!;
    const stored = await stat(join(layout, 'blobs', 'sha256', layer.digest.slice('sha256:'.length)));
    expect(stored.size).toBe(layer.size);
  });
});
