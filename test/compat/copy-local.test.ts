/**
 * `berth copy` between a registry and every local transport (`oci:`, `dir:`, `oci-archive:`,
 * `docker-archive:`) and back, against skopeo 1.9.3: skopeo reads what berth wrote and
 * must find the manifest skopeo's own copy wrote; both copies back to a registry must
 * agree — except from a docker-archive, where containers/image recompresses the layers
 * and berth does not (asserted below).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSkopeo } from './auth-sandbox.js';
import { setupCopyFixtures } from './copy-fixtures.js';
import { skopeoDigest, skopeoRaw } from './copy-sync-helpers.js';

const { c, opts, berth, skopeo, srcFlags, dstFlags, readFlags, srcRef, dstRef } =
  setupCopyFixtures('copy-local');

describe('local transports, there and back', () => {
  const cases = [
    { transport: 'oci', path: (d: string) => `oci:${d}:img` },
    { transport: 'dir', path: (d: string) => `dir:${d}` },
    { transport: 'oci-archive', path: (d: string) => `oci-archive:${d}.tar:img` },
    { transport: 'docker-archive', path: (d: string) => `docker-archive:${d}.tar:fixtures/app:v1` },
  ].flatMap((t) => [
    { ...t, tag: 'oci' },
    { ...t, tag: 'docker' },
  ]);

  it.each(cases)('docker → $transport → docker, from a $tag image', async ({ transport, path, tag }) => {
    const [bPath, sPath] = [
      path(join(c.tmp, `b-${transport}-${tag}`)),
      path(join(c.tmp, `s-${transport}-${tag}`)),
    ];
    const b = await berth([...srcFlags, srcRef(`fixtures/app:${tag}`), bPath]);
    const s = await skopeo([...srcFlags, srcRef(`fixtures/app:${tag}`), sPath]);
    expect({
      berth: b.code,
      skopeo: s.code,
      err: b.stderr.split('\n').filter((l) => l.startsWith('Error')),
    }).toEqual({
      berth: 0,
      skopeo: 0,
      err: [],
    });
    // skopeo reads what berth wrote, and finds what it wrote itself.
    const written = await skopeoDigest(bPath, [], c.sandbox.env);
    expect(written).toBe(await skopeoDigest(sPath, [], c.sandbox.env));

    const back = await berth([...dstFlags(), bPath, dstRef(`b/back-${transport}:${tag}`)]);
    const sBack = await skopeo([...dstFlags(), sPath, dstRef(`s/back-${transport}:${tag}`)]);
    expect({ berth: back.code, skopeo: sBack.code }).toEqual({ berth: 0, skopeo: 0 });
    const mine = await skopeoDigest(dstRef(`b/back-${transport}:${tag}`), readFlags(), c.sandbox.env);
    if (transport === 'docker-archive') {
      // A docker-archive holds uncompressed layers. containers/image gzips them again on the
      // way to a registry (new layer digests); berth never recompresses, so it pushes the
      // layers skopeo reads from the archive, with the same config — labelled as the
      // uncompressed tars they are, where skopeo's view of the archive says `tar.gzip`.
      type Doc = {
        config: { digest: string };
        layers: Array<{ digest: string; size: number; mediaType: string }>;
      };
      const pushed = JSON.parse(
        (await skopeoRaw(dstRef(`b/back-${transport}:${tag}`), readFlags(), c.sandbox.env)).toString(),
      ) as Doc;
      const archived = JSON.parse((await skopeoRaw(bPath, [], c.sandbox.env)).toString()) as Doc;
      const blobs = (d: Doc) => [d.config.digest, ...d.layers.map((l) => `${l.digest} ${l.size}`)];
      expect(blobs(pushed)).toEqual(blobs(archived));
      for (const layer of pushed.layers) expect(layer.mediaType).toMatch(/\.tar$/);
    } else {
      expect(mine).toBe(await skopeoDigest(dstRef(`s/back-${transport}:${tag}`), readFlags(), c.sandbox.env));
    }
  });

  it('--additional-tag writes the same RepoTags as skopeo into a docker-archive', async () => {
    const tags = ['--additional-tag', 'foo/bar:baz', '--additional-tag', 'qux:1'];
    const bFile = join(c.tmp, 'b-tags.tar');
    const sFile = join(c.tmp, 's-tags.tar');
    const b = await berth([
      ...srcFlags,
      ...tags,
      srcRef('fixtures/app:docker'),
      `docker-archive:${bFile}:app:v1`,
    ]);
    const s = await skopeo([
      ...srcFlags,
      ...tags,
      srcRef('fixtures/app:docker'),
      `docker-archive:${sFile}:app:v1`,
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    const listTags = async (file: string) =>
      JSON.parse((await runSkopeo(['list-tags', `docker-archive:${file}`], opts())).stdout) as {
        Tags: string[];
      };
    expect(await listTags(bFile)).toEqual(await listTags(sFile));
    expect((await listTags(bFile)).Tags).toEqual([
      'docker.io/library/app:v1',
      'docker.io/foo/bar:baz',
      'docker.io/library/qux:1',
    ]);
  });
});
