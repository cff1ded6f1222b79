/**
 * registries.conf as both tools read it, through skopeo's hidden `--registries-conf FILE`:
 * `insecure = true` lets `inspect` reach a plain-HTTP registry without `--tls-verify=false`,
 * `blocked = true` refuses it, and a repository-level entry applies to that repository only.
 * stdout and exit codes must match skopeo 1.9.3.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';
import {
  makeSandbox,
  type RunResult,
  runBerth,
  runSkopeo,
  type Sandbox,
  skopeoVersion,
} from './auth-sandbox.js';

let reg: RegistryInstance;
let sandbox: Sandbox;

beforeAll(async () => {
  expect(await skopeoVersion()).toContain('1.9.3');
  reg = await startRegistry({ mode: 'plain' });
  await pushImage(reg, { repository: 'app/one', tag: '1', layers: [{ size: 64, seed: 1 }] });
  await pushImage(reg, { repository: 'app/two', tag: '1', layers: [{ size: 64, seed: 2 }] });
  sandbox = await makeSandbox('registries-conf');
});
afterAll(async () => {
  await reg?.stop();
  await sandbox?.remove();
});

const outcome = (r: RunResult) => ({ code: r.code, stdout: r.stdout });

describe('registries.conf', () => {
  it.each([
    {
      name: 'insecure host, plain HTTP allowed',
      conf: (h: string) => `[[registry]]\nlocation = "${h}"\ninsecure = true\n`,
      repo: 'app/one',
      code: 0,
    },
    { name: 'no entry: TLS required, so plain HTTP fails', conf: () => '', repo: 'app/one', code: 1 },
    {
      name: 'blocked host',
      conf: (h: string) => `[[registry]]\nlocation = "${h}"\ninsecure = true\nblocked = true\n`,
      repo: 'app/one',
      code: 1,
    },
    {
      name: 'blocked repository, other repository still readable',
      conf: (h: string) =>
        `[[registry]]\nlocation = "${h}"\ninsecure = true\n[[registry]]\nprefix = "${h}/app/two"\nlocation = "${h}/app/two"\ninsecure = true\nblocked = true\n`,
      repo: 'app/one',
      code: 0,
    },
  ])('$name', async ({ conf, repo, code }) => {
    const file = join(sandbox.dir, `${code}-${repo.replace('/', '-')}.conf`);
    await writeFile(file, conf(reg.host));
    const args = ['--registries-conf', file, 'inspect', '--raw', `docker://${reg.host}/${repo}:1`];
    const b = await runBerth(args, { env: sandbox.env });
    const s = await runSkopeo(args, { env: sandbox.env });
    expect(outcome(b), `berth: ${b.stderr}\nskopeo: ${s.stderr}`).toEqual(outcome(s));
    expect(b.code).toBe(code);
  });

  it('a broken file fails both tools', async () => {
    const file = join(sandbox.dir, 'broken.conf');
    await writeFile(file, '[[registry]]\nprefix = "nowhere.test"\n');
    const args = ['--registries-conf', file, 'inspect', '--raw', `docker://${reg.host}/app/one:1`];
    const b = await runBerth(args, { env: sandbox.env });
    const s = await runSkopeo(args, { env: sandbox.env });
    expect(outcome(b)).toEqual(outcome(s));
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('location is unset and prefix is not in the format: *.example.com');
  });
});
