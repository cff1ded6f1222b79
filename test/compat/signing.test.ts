/**
 * `berth standalone-sign` / `standalone-verify` against skopeo 1.9.3, with throwaway GnuPG
 * keys in a temporary GNUPGHOME (one without a passphrase, one with). Signatures made by
 * either tool must verify with both, with identical stdout and exit codes; tampered or
 * mismatched inputs must fail in both.
 *
 * Known, deliberate differences: error text on stderr (berth prints one `Error: …` line), and
 * `--public-key-file` / fingerprint lists / `any`, which skopeo 1.9.3 does not have.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { type RunResult, runBerth, runSkopeo, skopeoVersion } from './auth-sandbox.js';

const TESTDATA = fileURLToPath(new URL('../../src/registry/manifest/testdata/', import.meta.url));
const PASSPHRASE = 'correct horse battery staple';

let dir: string;
let env: NodeJS.ProcessEnv;
let plain: string; // fingerprint of the key without passphrase
let protectedKey: string; // fingerprint of the key with a passphrase
const path = (name: string) => join(dir, name);

function gpg(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('gpg', ['--batch', ...args], { env, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`gpg ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
    // gpg may exit before reading its input; its exit status is the answer, not the EPIPE.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}

async function generateKey(uid: string, passphraseFile: string): Promise<string> {
  await gpg([
    '--pinentry-mode',
    'loopback',
    '--passphrase-file',
    passphraseFile,
    '--quick-gen-key',
    uid,
    'ed25519',
    'sign',
    'never',
  ]);
  const listing = await gpg(['--with-colons', '--list-keys', uid]);
  const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1];
  if (!fpr) throw new Error(`no fingerprint for ${uid} in ${listing}`);
  return fpr;
}

beforeAll(async () => {
  expect(await skopeoVersion()).toContain('1.9.3');
  dir = await mkdtemp(join(tmpdir(), 'berth-signing-'));
  const home = join(dir, 'home');
  const gnupg = join(dir, 'gnupg');
  await mkdir(home);
  await mkdir(gnupg, { mode: 0o700 });
  // No passphrase caching: every signature must get its passphrase from the file.
  await writeFile(
    join(gnupg, 'gpg-agent.conf'),
    'default-cache-ttl 0\nmax-cache-ttl 0\nallow-loopback-pinentry\n',
  );
  env = { HOME: home, GNUPGHOME: gnupg, XDG_RUNTIME_DIR: dir, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  await writeFile(path('empty-pass'), '');
  await writeFile(path('pass'), `${PASSPHRASE}\n`);
  await writeFile(path('wrong-pass'), 'not it\n');
  plain = await generateKey('Berth Plain <plain@example.com>', path('empty-pass'));
  protectedKey = await generateKey('Berth Protected <protected@example.com>', path('pass'));
  await writeFile(path('pubring.gpg'), Buffer.from(await gpg(['--armor', '--export']), 'utf8'));
  await writeFile(
    path('other-key.asc'),
    Buffer.from(await gpg(['--armor', '--export', protectedKey]), 'utf8'),
  );
  await writeFile(
    path('v2s2.json'),
    '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]}',
  );
  await writeFile(path('v2s2-tampered.json'), `${await readFile(path('v2s2.json'), 'utf8')}\n`);
  await copyFile(join(TESTDATA, 'cimage-v2s1.manifest.golden'), path('v2s1.json'));
}, 120_000);

afterAll(async () => {
  if (!dir) return;
  // Stop the agent gpg started for this GNUPGHOME before removing it.
  await new Promise((resolve) => execFile('gpgconf', ['--kill', 'gpg-agent'], { env }, resolve));
  await rm(dir, { recursive: true, force: true });
});

const berth = (args: string[]) => runBerth(args, { env });
const skopeo = (args: string[]) => runSkopeo(args, { env });
const outcome = (r: RunResult) => ({ code: r.code, stdout: r.stdout });

/** Verifies with both tools; they must agree. */
async function verifyBoth(args: string[]): Promise<RunResult> {
  const b = await berth(['standalone-verify', ...args]);
  const s = await skopeo(['standalone-verify', ...args]);
  expect(outcome(b), `berth stderr: ${b.stderr}\nskopeo stderr: ${s.stderr}`).toEqual(outcome(s));
  return b;
}

async function sign(
  tool: 'berth' | 'skopeo',
  manifest: string,
  ref: string,
  fpr: string,
  out: string,
  extra: string[] = [],
) {
  const r = await (tool === 'berth' ? berth : skopeo)([
    'standalone-sign',
    path(manifest),
    ref,
    fpr,
    '-o',
    path(out),
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
}

describe('standalone-sign / standalone-verify round trips', () => {
  it.each([
    {
      name: 'berth signs v2s2, both verify',
      signer: 'berth',
      manifest: 'v2s2.json',
      ref: 'docker.io/library/busybox:latest',
      verifyRef: 'busybox:latest',
    },
    {
      name: 'skopeo signs v2s2, both verify',
      signer: 'skopeo',
      manifest: 'v2s2.json',
      ref: 'busybox:latest',
      verifyRef: 'docker.io/library/busybox:latest',
    },
    {
      name: 'berth signs schema 1 (digest of the JWS payload)',
      signer: 'berth',
      manifest: 'v2s1.json',
      ref: 'quay.io/mitr/busybox:latest',
      verifyRef: 'quay.io/mitr/busybox:latest',
    },
    {
      name: 'skopeo signs schema 1',
      signer: 'skopeo',
      manifest: 'v2s1.json',
      ref: 'quay.io/mitr/busybox:latest',
      verifyRef: 'quay.io/mitr/busybox:latest',
    },
    {
      name: 'berth signs a digest reference',
      signer: 'berth',
      manifest: 'v2s2.json',
      ref: `localhost:5000/a/b@sha256:${'1'.repeat(64)}`,
      verifyRef: `localhost:5000/a/b@sha256:${'1'.repeat(64)}`,
    },
  ] as const)('$name', async ({ signer, manifest, ref, verifyRef }) => {
    const out = `${signer}-${manifest}.sig`;
    await sign(signer, manifest, ref, plain, out);
    const r = await verifyBoth([path(manifest), verifyRef, plain, path(out)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Signature verified, digest sha256:[0-9a-f]{64}\n$/);
  });

  it('writes the payload skopeo writes, apart from creator and time', async () => {
    await sign('berth', 'v2s2.json', 'busybox:latest', plain, 'payload-berth.sig');
    await sign('skopeo', 'v2s2.json', 'busybox:latest', plain, 'payload-skopeo.sig');
    const payload = async (f: string) =>
      (await gpg(['--decrypt', path(f)])).replace(
        /"creator":"[^"]*","timestamp":\d+/,
        '"creator":"X","timestamp":0',
      );
    expect(await payload('payload-berth.sig')).toBe(await payload('payload-skopeo.sig'));
    expect(await gpg(['--decrypt', path('payload-berth.sig')])).toContain(`"creator":"berth ${VERSION}"`);
  });

  it('signs with a passphrase-protected key through --passphrase-file', async () => {
    await sign('berth', 'v2s2.json', 'busybox:1', protectedKey, 'protected.sig', [
      '--passphrase-file',
      path('pass'),
    ]);
    expect(
      (await verifyBoth([path('v2s2.json'), 'busybox:1', protectedKey, path('protected.sig')])).code,
    ).toBe(0);
  });

  it('fails like skopeo with a wrong passphrase', async () => {
    const args = (out: string) => [
      'standalone-sign',
      path('v2s2.json'),
      'busybox:1',
      protectedKey,
      '-o',
      path(out),
      '--passphrase-file',
      path('wrong-pass'),
    ];
    const b = await berth(args('wrong-b.sig'));
    const s = await skopeo(args('wrong-s.sig'));
    expect(outcome(b)).toEqual(outcome(s));
    expect(b.code).toBe(1);
    await expect(readFile(path('wrong-b.sig'))).rejects.toThrow(/ENOENT/);
  });
});

describe('standalone-verify rejections', () => {
  beforeAll(async () => {
    await sign('skopeo', 'v2s2.json', 'quay.io/berth/app:1', plain, 'good.sig');
    const s = await readFile(path('good.sig'));
    s[s.length - 10]! ^= 0x55;
    await writeFile(path('flipped.sig'), s);
  });

  it.each([
    {
      name: 'a tampered manifest',
      args: () => [path('v2s2-tampered.json'), 'quay.io/berth/app:1', plain, path('good.sig')],
    },
    {
      name: 'a flipped byte in the signature',
      args: () => [path('v2s2.json'), 'quay.io/berth/app:1', plain, path('flipped.sig')],
    },
    {
      name: 'the wrong fingerprint',
      args: () => [path('v2s2.json'), 'quay.io/berth/app:1', protectedKey, path('good.sig')],
    },
    {
      name: 'a lower-case fingerprint',
      args: () => [path('v2s2.json'), 'quay.io/berth/app:1', plain.toLowerCase(), path('good.sig')],
    },
    {
      name: 'the wrong reference',
      args: () => [path('v2s2.json'), 'quay.io/berth/app:2', plain, path('good.sig')],
    },
    {
      name: 'a reference without the signed tag',
      args: () => [path('v2s2.json'), 'quay.io/berth/app', plain, path('good.sig')],
    },
    {
      name: 'an invalid reference',
      args: () => [path('v2s2.json'), 'Quay.io/Berth', plain, path('good.sig')],
    },
    {
      name: 'a manifest instead of a signature',
      args: () => [path('v2s2.json'), 'quay.io/berth/app:1', plain, path('v2s2.json')],
    },
    {
      name: 'a missing signature file',
      args: () => [path('v2s2.json'), 'quay.io/berth/app:1', plain, path('nope.sig')],
    },
    { name: 'too few arguments', args: () => [path('v2s2.json'), 'quay.io/berth/app:1', plain] },
  ])('$name', async ({ args }) => {
    const r = await verifyBoth(args());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('accepts what it should with the same inputs (control)', async () => {
    expect((await verifyBoth([path('v2s2.json'), 'quay.io/berth/app:1', plain, path('good.sig')])).code).toBe(
      0,
    );
  });
});

describe('standalone-sign failures', () => {
  it.each([
    { name: 'an unknown key', args: () => [path('v2s2.json'), 'busybox', 'DEADBEEF', '-o', path('x.sig')] },
    { name: 'no output file', args: () => [path('v2s2.json'), 'busybox', plain] },
    { name: 'a missing manifest', args: () => [path('nope.json'), 'busybox', plain, '-o', path('x.sig')] },
    {
      name: 'a missing passphrase file',
      args: () => [
        path('v2s2.json'),
        'busybox',
        protectedKey,
        '-o',
        path('x.sig'),
        '--passphrase-file',
        path('nope'),
      ],
    },
  ])('$name', async ({ args }) => {
    const b = await berth(['standalone-sign', ...args()]);
    const s = await skopeo(['standalone-sign', ...args()]);
    expect(outcome(b)).toEqual(outcome(s));
    expect(b.code).toBe(1);
  });
});

describe('standalone-verify beyond skopeo 1.9.3', () => {
  beforeAll(async () => {
    await sign('skopeo', 'v2s2.json', 'quay.io/berth/app:1', plain, 'file.sig');
  });
  const run = (fprs: string, keyFile?: string) =>
    berth([
      'standalone-verify',
      ...(keyFile ? ['--public-key-file', keyFile] : []),
      path('v2s2.json'),
      'quay.io/berth/app:1',
      fprs,
      path('file.sig'),
    ]);

  it.each([
    {
      name: '--public-key-file with the fingerprint',
      fprs: () => plain,
      keyFile: () => path('pubring.gpg'),
      code: 0,
    },
    { name: '--public-key-file with "any"', fprs: () => 'any', keyFile: () => path('pubring.gpg'), code: 0 },
    {
      name: 'a list of fingerprints',
      fprs: () => `${protectedKey},${plain}`,
      keyFile: () => undefined,
      code: 0,
    },
    {
      name: 'a list without the signer',
      fprs: () => `${protectedKey},AAAA`,
      keyFile: () => undefined,
      code: 1,
    },
    { name: '"any" without a key file', fprs: () => 'any', keyFile: () => undefined, code: 1 },
    {
      name: 'a key file without the signer',
      fprs: () => 'any',
      keyFile: () => path('other-key.asc'),
      code: 1,
    },
    { name: 'a key file that holds no key', fprs: () => 'any', keyFile: () => path('v2s2.json'), code: 1 },
  ])('$name', async ({ fprs, keyFile, code }) => {
    const r = await run(fprs(), keyFile());
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout).toBe(
      code === 0
        ? (await verifyBoth([path('v2s2.json'), 'quay.io/berth/app:1', plain, path('file.sig')])).stdout
        : '',
    );
  });
});
