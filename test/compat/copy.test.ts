/**
 * `berth copy` against skopeo 1.9.3 on real registries: the same copy with both tools, then
 * the results read back with skopeo (`inspect --raw`) and their digests compared — across
 * registries, multi-arch modes and the failure cases (local transports: copy-local.test.ts; terminal
 * output and Ctrl-C: copy-terminal.test.ts).
 *
 * Known, deliberate differences (asserted, not hidden):
 * - progress goes to stderr in berth (skopeo: stdout), so berth's stdout is empty; off a
 *   terminal berth prints a blob's line when it finishes, with its size, where skopeo prints
 *   `Copying blob sha256:…` as it starts;
 * - a missing source image exits 2 in berth (skopeo ≥ 1.16), 1 in skopeo 1.9.3;
 * - `--preserve-digests -f oci` on a Docker image fails in berth; skopeo 1.9.3 ignores `-f`;
 * - for a multi-arch copy berth prints the list's lines once, not once per image.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBerth, runSkopeo } from './auth-sandbox.js';
import { setupCopyFixtures } from './copy-fixtures.js';
import { skopeoDigest, skopeoRaw, splitLines } from './copy-sync-helpers.js';

const { c, opts, berth, skopeo, srcFlags, dstFlags, readFlags, srcRef, dstRef, dstStatus } =
  setupCopyFixtures('copy');

describe('registry to registry', () => {
  it.each([
    { name: 'an OCI image', tag: 'oci', image: () => c.ociImage },
    { name: 'a Docker schema 2 image', tag: 'docker', image: () => c.dockerImage },
  ])('copies $name with the same digest and skopeo’s lines, on stderr', async ({ tag, image }) => {
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      srcRef(`fixtures/app:${tag}`),
      dstRef(`b/single:${tag}`),
    ]);
    const s = await skopeo([
      ...srcFlags,
      ...dstFlags(),
      srcRef(`fixtures/app:${tag}`),
      dstRef(`s/single:${tag}`),
    ]);
    expect({ berth: b.code, skopeo: s.code, stdout: b.stdout }).toEqual({ berth: 0, skopeo: 0, stdout: '' });
    const digest = image().digest;
    expect(await skopeoDigest(dstRef(`b/single:${tag}`), readFlags(), c.sandbox.env)).toBe(digest);
    expect(await skopeoDigest(dstRef(`s/single:${tag}`), readFlags(), c.sandbox.env)).toBe(digest);

    const mine = splitLines(b.stderr);
    const theirs = splitLines(s.stdout);
    expect(mine.fixed).toEqual(theirs.fixed);
    expect(mine.fixed).toEqual([
      'Getting image source signatures',
      'Writing manifest to image destination',
      'Storing signatures',
    ]);
    expect(mine.blobs.map((l) => l.key).sort()).toEqual(theirs.blobs.map((l) => l.key).sort());
    for (const { outcome } of mine.blobs) expect(outcome).toMatch(/^done \d+\.\d(b|KiB|MiB)$/);

    // Again: everything is there already.
    const again = await berth([
      ...srcFlags,
      ...dstFlags(),
      srcRef(`fixtures/app:${tag}`),
      dstRef(`b/single:${tag}`),
    ]);
    expect(again.code).toBe(0);
    for (const { outcome } of splitLines(again.stderr).blobs) expect(outcome).toBe('skipped: already exists');
  });

  it('--all copies every platform and keeps the index digest', async () => {
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      '--all',
      srcRef('fixtures/multi:latest'),
      dstRef('b/multi:all'),
    ]);
    // skopeo 1.9.3 re-serialises an index it copies whole, which changes the digest of an
    // index not laid out as Go lays out JSON; --preserve-digests stops that. berth keeps
    // the index's bytes whenever nothing in it changes.
    const s = await skopeo([
      ...srcFlags,
      ...dstFlags(),
      '--all',
      '--preserve-digests',
      srcRef('fixtures/multi:latest'),
      dstRef('s/multi:all'),
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    expect(await skopeoDigest(dstRef('b/multi:all'), readFlags(), c.sandbox.env)).toBe(c.multi.digest);
    expect(await skopeoDigest(dstRef('s/multi:all'), readFlags(), c.sandbox.env)).toBe(c.multi.digest);
    for (const child of c.multi.images) expect(await dstStatus('b/multi', child.digest)).toBe(200);
    expect(splitLines(b.stderr).fixed).toEqual([
      'Getting image list signatures',
      'Copying 2 of 2 images in list',
      'Writing manifest to image destination',
      'Writing manifest to image destination',
      'Writing manifest list to image destination',
      'Storing list signatures',
    ]);
    expect(splitLines(s.stdout).fixed).toContain('Copying 2 of 2 images in list');
  });

  it('the default (system) copies this machine’s image only, like skopeo', async () => {
    const args = ['--override-arch', 'arm64', '--override-os', 'linux'];
    const b = await runBerth(
      [
        '--insecure-policy',
        ...args,
        'copy',
        ...srcFlags,
        ...dstFlags(),
        srcRef('fixtures/multi:latest'),
        dstRef('b/multi:sys'),
      ],
      opts(),
    );
    const s = await runSkopeo(
      [
        '--insecure-policy',
        ...args,
        'copy',
        ...srcFlags,
        ...dstFlags(),
        srcRef('fixtures/multi:latest'),
        dstRef('s/multi:sys'),
      ],
      opts(),
    );
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    const arm64 = c.multi.images[1]?.digest;
    expect(await skopeoDigest(dstRef('b/multi:sys'), readFlags(), c.sandbox.env)).toBe(arm64);
    expect(await skopeoDigest(dstRef('s/multi:sys'), readFlags(), c.sandbox.env)).toBe(arm64);
    expect(splitLines(b.stderr).fixed).toEqual(splitLines(s.stdout).fixed);
  });

  it('--multi-arch index-only writes the index once its images exist', async () => {
    const flags = [...srcFlags, '--dest-tls-verify=false', '--multi-arch', 'index-only'];
    const b = await berth([...flags, srcRef('fixtures/multi:latest'), srcRef('fixtures/multi:b-index')]);
    const s = await skopeo([...flags, srcRef('fixtures/multi:latest'), srcRef('fixtures/multi:s-index')]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    const read = ['--tls-verify=false'];
    expect(await skopeoDigest(srcRef('fixtures/multi:b-index'), read, c.sandbox.env)).toBe(c.multi.digest);
    expect(await skopeoDigest(srcRef('fixtures/multi:s-index'), read, c.sandbox.env)).toBe(c.multi.digest);
    expect(splitLines(b.stderr).fixed).toEqual(splitLines(s.stdout).fixed);
  });

  it('--multi-arch with a platform list (beyond skopeo 1.9.3) rewrites the index to those platforms', async () => {
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      '--multi-arch',
      'linux/arm64',
      srcRef('fixtures/multi:latest'),
      dstRef('b/multi:arm'),
    ]);
    expect(b.code).toBe(0);
    const index = JSON.parse(
      (await skopeoRaw(dstRef('b/multi:arm'), readFlags(), c.sandbox.env)).toString(),
    ) as {
      manifests: Array<{ digest: string; platform: { architecture: string } }>;
    };
    expect(index.manifests.map((m) => [m.digest, m.platform.architecture])).toEqual([
      [c.multi.images[1]?.digest, 'arm64'],
    ]);
  });

  it('--digestfile holds what skopeo writes', async () => {
    const bFile = join(c.tmp, 'b.digest');
    const sFile = join(c.tmp, 's.digest');
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      '--digestfile',
      bFile,
      srcRef('fixtures/app:oci'),
      dstRef('b/df:1'),
    ]);
    const s = await skopeo([
      ...srcFlags,
      ...dstFlags(),
      '--digestfile',
      sFile,
      srcRef('fixtures/app:oci'),
      dstRef('s/df:1'),
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    expect(await readFile(bFile, 'utf8')).toBe(await readFile(sFile, 'utf8'));
    expect(await readFile(bFile, 'utf8')).toBe(c.ociImage.digest);
  });

  it('-q prints nothing at all', async () => {
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      '-q',
      srcRef('fixtures/app:oci'),
      dstRef('b/quiet:1'),
    ]);
    const s = await skopeo([
      ...srcFlags,
      ...dstFlags(),
      '-q',
      srcRef('fixtures/app:oci'),
      dstRef('s/quiet:1'),
    ]);
    expect(b).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(s).toMatchObject({ code: 0, stdout: '' });
  });

  it('-f converts like skopeo: same manifest digest', async () => {
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      '-f',
      'oci',
      srcRef('fixtures/app:docker'),
      dstRef('b/conv:oci'),
    ]);
    const s = await skopeo([
      ...srcFlags,
      ...dstFlags(),
      '-f',
      'oci',
      srcRef('fixtures/app:docker'),
      dstRef('s/conv:oci'),
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    const mine = await skopeoDigest(dstRef('b/conv:oci'), readFlags(), c.sandbox.env);
    expect(mine).not.toBe(c.dockerImage.digest);
    expect(mine).toBe(await skopeoDigest(dstRef('s/conv:oci'), readFlags(), c.sandbox.env));
  });

  it('--preserve-digests refuses a conversion (skopeo 1.9.3 silently ignores -f instead)', async () => {
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      '--preserve-digests',
      '-f',
      'oci',
      srcRef('fixtures/app:docker'),
      dstRef('b/pd:1'),
    ]);
    const s = await skopeo([
      ...srcFlags,
      ...dstFlags(),
      '--preserve-digests',
      '-f',
      'oci',
      srcRef('fixtures/app:docker'),
      dstRef('s/pd:1'),
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 1, skopeo: 0 });
    expect(b.stderr).toMatch(/^Error: .*digest/m);
    expect(await dstStatus('b/pd', '1')).toBe(404);
    expect(await skopeoDigest(dstRef('s/pd:1'), readFlags(), c.sandbox.env)).toBe(c.dockerImage.digest);
    // Without a conversion, --preserve-digests is just a copy.
    const ok = await berth([
      ...srcFlags,
      ...dstFlags(),
      '--preserve-digests',
      '-f',
      'v2s2',
      srcRef('fixtures/app:docker'),
      dstRef('b/pd:2'),
    ]);
    expect(ok.code).toBe(0);
  });
});

describe('failures', () => {
  it.each([
    { name: 'a missing tag', image: () => srcRef('fixtures/app:nope'), berth: 2, skopeo: 1 },
    { name: 'a missing repository', image: () => srcRef('no/such:repo'), berth: 2, skopeo: 1 },
    { name: 'a bad reference', image: () => 'docker://Bad:x', berth: 1, skopeo: 1 },
    { name: 'no transport', image: () => 'nope', berth: 1, skopeo: 1 },
    { name: 'an unknown transport', image: () => 'ftp://x', berth: 1, skopeo: 1 },
  ])('$name: berth exits $berth, skopeo $skopeo', async ({ image, berth: want, skopeo: theirs }) => {
    const b = await berth([...srcFlags, ...dstFlags(), image(), dstRef('b/fail:1')]);
    const s = await skopeo([...srcFlags, ...dstFlags(), image(), dstRef('s/fail:1')]);
    expect({ berth: b.code, skopeo: s.code, stdout: b.stdout }).toEqual({
      berth: want,
      skopeo: theirs,
      stdout: '',
    });
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/^Error: /);
  });

  it.each([
    { name: '-f v2s1', args: ['-f', 'v2s1'], message: /does not write Docker schema 1/ },
    { name: '-f bogus', args: ['-f', 'bogus'], message: /unknown format "bogus"/ },
    {
      name: '--multi-arch bogus',
      args: ['--multi-arch', 'bogus'],
      message: /unknown multi-arch option "bogus"/,
    },
    {
      name: '--all with --multi-arch',
      args: ['--all', '--multi-arch', 'all'],
      message: /Cannot use --all and --multi-arch/,
    },
    { name: '--sign-by', args: ['--sign-by', 'ABCD'], message: /--sign-by is not supported/ },
  ])('$name fails with exit 1, as in skopeo', async ({ args, message }) => {
    const b = await berth([
      ...srcFlags,
      ...dstFlags(),
      ...args,
      srcRef('fixtures/app:oci'),
      dstRef('b/flags:1'),
    ]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(message);
    expect(await dstStatus('b/flags', '1')).toBe(404);
  });

  it('applies the policy: a rejecting policy.json stops the copy, in both tools', async () => {
    const policy = join(c.tmp, 'reject.json');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(policy, JSON.stringify({ default: [{ type: 'reject' }] })),
    );
    const b = await runBerth(
      [
        '--policy',
        policy,
        'copy',
        ...srcFlags,
        ...dstFlags(),
        srcRef('fixtures/app:oci'),
        dstRef('b/policy:1'),
      ],
      opts(),
    );
    const s = await runSkopeo(
      [
        '--policy',
        policy,
        'copy',
        ...srcFlags,
        ...dstFlags(),
        srcRef('fixtures/app:oci'),
        dstRef('s/policy:1'),
      ],
      opts(),
    );
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 1, skopeo: 1 });
    expect(b.stderr).toContain('Source image rejected');
    expect(await dstStatus('b/policy', '1')).toBe(404);
  });
});
