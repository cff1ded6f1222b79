import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Digest, DigestMismatchError, digestOf } from '../../digest/index.js';
import { MEDIA_TYPES, serializeManifest } from '../../manifest/index.js';
import { parseReference, type Reference } from '../../ref/index.js';
import type { ImageSource } from '../types.js';
import { openDockerArchiveDestination, openDockerArchiveSource } from './index.js';
import { APP_LAYER, BASE_LAYER, dirPerTest } from './testing/archive-fixtures.js';
import { collect, copyImage } from './testing/copy-image.js';
import { type LayerCompression, memoryImage } from './testing/memory-image.js';

const { dir: caseDir } = dirPerTest('berth-docker-archive-dest-');

const base = BASE_LAYER;
const app = APP_LAYER;

/** What berth reads back from an archive: config digest, layer digests and bytes, tags. */
async function readBack(path: string) {
  const src = await openDockerArchiveSource({ path });
  try {
    const m = await src.getManifest({});
    if (m.kind !== 'image') throw new Error('expected an image');
    const layers = await Promise.all(
      m.doc.layers.map(async (descriptor) => collect(await src.getBlob({ descriptor }))),
    );
    return { manifest: m, config: m.doc.config.digest, layers, tags: await src.listTags({}) };
  } finally {
    await src.close();
  }
}

/** A source whose blob streams fail after `okBlobs` blobs, as a dropped connection would. */
function failingAfter(source: ImageSource, okBlobs: number): ImageSource {
  let served = 0;
  return {
    ...source,
    async getBlob(opts) {
      if (served++ < okBlobs) return source.getBlob(opts);
      return (async function* () {
        yield new Uint8Array(10);
        throw new Error('connection reset');
      })();
    },
  };
}

async function leftovers(): Promise<string[]> {
  return (await readdir(caseDir())).filter((f) => f.startsWith('.berth-'));
}

describe('docker-archive destination', () => {
  const layouts: { name: string; format: 'docker' | 'oci'; compression: LayerCompression[] }[] = [
    { name: 'Docker, gzip layers', format: 'docker', compression: ['gzip', 'gzip'] },
    { name: 'OCI, zstd and plain layers', format: 'oci', compression: ['zstd', 'none'] },
  ];

  it.each(layouts)(
    'stores layers uncompressed and reads back the same image: $name',
    async ({ format, compression }) => {
      const img = memoryImage({ tars: [base, app], format, compression });
      const path = join(caseDir(), 'out.tar');
      await copyImage(
        img.source,
        await openDockerArchiveDestination({ path, ref: parseReference('busybox:1') }),
      );
      const back = await readBack(path);
      expect(back.config).toBe(digestOf(img.config));
      expect(back.manifest.kind === 'image' && back.manifest.doc.layers.map((l) => l.digest)).toEqual(
        img.diffIDs,
      );
      expect(back.layers.map((b) => b.equals(img.tars[back.layers.indexOf(b)] as Buffer))).toEqual([
        true,
        true,
      ]);
      expect(back.tags).toEqual(['docker.io/library/busybox:1']);
      expect(await leftovers()).toEqual([]);
    },
  );

  const withDigest: Reference = {
    ...parseReference('a:t'),
    digest: `sha256:${'0'.repeat(64)}` as Digest,
  };
  it.each([
    {
      name: 'after the destination reference, in order',
      ref: 'busybox:1',
      additional: [parseReference('foo/bar:baz'), parseReference('quay.io/x/y:2')],
      tags: ['docker.io/library/busybox:1', 'docker.io/foo/bar:baz', 'quay.io/x/y:2'],
    },
    {
      name: 'without a destination reference',
      ref: undefined,
      additional: [parseReference('qux:1')],
      tags: ['docker.io/library/qux:1'],
    },
    {
      name: 'a digest beside the tag is ignored, as skopeo does',
      ref: undefined,
      additional: [withDigest],
      tags: ['docker.io/library/a:t'],
    },
  ])('records additional tags: $name', async ({ ref, additional, tags }) => {
    const path = join(caseDir(), 'tags.tar');
    await copyImage(
      memoryImage({ tars: [base] }).source,
      await openDockerArchiveDestination({
        path,
        ...(ref ? { ref: parseReference(ref) } : {}),
        additionalTags: additional,
      }),
    );
    expect((await readBack(path)).tags).toEqual(tags);
  });

  it('refuses an additional tag without a tag', async () => {
    await expect(
      openDockerArchiveDestination({
        path: join(caseDir(), 'x.tar'),
        additionalTags: [parseReference('foo/bar', { defaultTag: false })],
      }),
    ).rejects.toThrow('additional tag docker.io/foo/bar must be a tagged reference');
  });

  it('round-trips within the transport with the same manifest digest', async () => {
    const first = join(caseDir(), 'first.tar');
    const second = join(caseDir(), 'second.tar');
    await copyImage(
      memoryImage({ tars: [base, app, base] }).source,
      await openDockerArchiveDestination({ path: first }),
    );
    const src = await openDockerArchiveSource({ path: first });
    try {
      await copyImage(src, await openDockerArchiveDestination({ path: second }));
    } finally {
      await src.close();
    }
    const [a, b] = await Promise.all([readBack(first), readBack(second)]);
    expect(b.manifest.digest).toBe(a.manifest.digest);
    expect((await readFile(second)).equals(await readFile(first))).toBe(true);
  });

  it('keeps an existing archive intact when a copy fails part-way (F02)', async () => {
    const path = join(caseDir(), 'keep.tar');
    await writeFile(path, 'the old archive');
    const img = memoryImage({ tars: [base, app], compression: 'gzip' });
    const dest = await openDockerArchiveDestination({ path });
    await expect(copyImage(failingAfter(img.source, 1), dest)).rejects.toThrow(/connection reset/);
    expect(await readFile(path, 'utf8')).toBe('the old archive');
    expect(await leftovers()).toEqual([]);
  });

  it('replaces an existing archive only at commit', async () => {
    const path = join(caseDir(), 'replace.tar');
    await writeFile(path, 'the old archive');
    const img = memoryImage({ tars: [base] });
    const dest = await openDockerArchiveDestination({ path });
    const m = img.manifest;
    if (m.kind !== 'image') throw new Error('expected an image');
    for (const descriptor of [...m.doc.layers, m.doc.config]) {
      await dest.putBlob({ descriptor, stream: await img.source.getBlob({ descriptor }) });
    }
    await dest.putManifest({ bytes: m.bytes, mediaType: m.mediaType, digest: m.digest, role: 'top' });
    expect(await readFile(path, 'utf8')).toBe('the old archive');
    await dest.commit();
    expect((await readBack(path)).config).toBe(digestOf(img.config));
    await dest.abort(); // after commit: harmless
    expect(await leftovers()).toEqual([]);
  });

  it('leaves nothing behind when aborted, twice', async () => {
    const img = memoryImage({ tars: [base], compression: 'gzip' });
    const dest = await openDockerArchiveDestination({ path: join(caseDir(), 'never.tar') });
    const m = img.manifest;
    if (m.kind !== 'image') throw new Error('expected an image');
    await dest.putBlob({
      descriptor: m.doc.layers[0]!,
      stream: await img.source.getBlob({ descriptor: m.doc.layers[0]! }),
    });
    expect(await leftovers()).toHaveLength(1);
    await dest.abort();
    await dest.abort();
    expect(await readdir(caseDir())).toEqual([]);
    await expect(dest.commit()).rejects.toThrow(/aborted/);
  });

  it('refuses a blob whose bytes do not match its digest, keeping nothing', async () => {
    const img = memoryImage({ tars: [base], compression: 'gzip' });
    const m = img.manifest;
    if (m.kind !== 'image') throw new Error('expected an image');
    const dest = await openDockerArchiveDestination({ path: join(caseDir(), 'x.tar') });
    const wrong = { ...m.doc.layers[0]!, digest: digestOf('something else') };
    await expect(
      dest.putBlob({ descriptor: wrong, stream: await img.source.getBlob({ descriptor: m.doc.layers[0]! }) }),
    ).rejects.toThrow(DigestMismatchError);
    expect(await dest.hasBlob({ descriptor: wrong })).toBe(false);
    await dest.abort();
  });

  const refusedManifests: {
    name: string;
    build: () => { bytes: Uint8Array; mediaType: string; role: 'top' | 'child' };
    reason: RegExp;
    diffIDs?: Digest[];
  }[] = [
    {
      name: 'an index',
      build: () => {
        const bytes = serializeManifest({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] });
        return { bytes, mediaType: MEDIA_TYPES.ociIndex, role: 'top' };
      },
      reason: /single image, not a multi-platform index: choose one platform/,
    },
    {
      name: 'a child manifest',
      build: () => {
        const m = memoryImage({ tars: [base] }).manifest;
        return { bytes: m.bytes, mediaType: m.mediaType, role: 'child' };
      },
      reason: /choose one platform/,
    },
  ];
  it.each(refusedManifests)('refuses $name', async ({ build, reason }) => {
    const dest = await openDockerArchiveDestination({ path: join(caseDir(), 'x.tar') });
    const { bytes, mediaType, role } = build();
    await expect(dest.putManifest({ bytes, mediaType, role, digest: digestOf(bytes) })).rejects.toThrow(
      reason,
    );
    await dest.abort();
  });

  it('refuses a config whose diff_ids do not match the layers', async () => {
    const img = memoryImage({ tars: [base], diffIDs: [digestOf(app)], compression: 'gzip' });
    await expect(
      copyImage(img.source, await openDockerArchiveDestination({ path: join(caseDir(), 'x.tar') })),
    ).rejects.toThrow(/decompresses to .*, but the config's diff_id is/);
    expect(await readdir(caseDir())).toEqual([]);
  });

  it('refuses blobs that are neither layers nor configs', async () => {
    const dest = await openDockerArchiveDestination({ path: join(caseDir(), 'x.tar') });
    const bytes = Buffer.from('{"helm":"chart"}');
    const descriptor = {
      mediaType: 'application/vnd.cncf.helm.config.v1+json',
      digest: digestOf(bytes),
      size: bytes.length,
    };
    const stream = (async function* () {
      yield bytes;
    })();
    await expect(dest.putBlob({ descriptor, stream })).rejects.toThrow(/cannot store a blob of type/);
    await dest.abort();
  });

  it('writes through a symlink at the path, leaving the link', async () => {
    await mkdir(join(caseDir(), 'real'));
    await writeFile(join(caseDir(), 'real', 'target.tar'), 'old');
    await symlink(join(caseDir(), 'real', 'target.tar'), join(caseDir(), 'link.tar'));
    await copyImage(
      memoryImage({ tars: [base] }).source,
      await openDockerArchiveDestination({ path: join(caseDir(), 'link.tar') }),
    );
    expect(await readlink(join(caseDir(), 'link.tar'))).toBe(join(caseDir(), 'real', 'target.tar'));
    expect((await readBack(join(caseDir(), 'real', 'target.tar'))).layers[0]!.equals(base)).toBe(true);
  });

  it('streams into a FIFO (docker-archive:/dev/stdout style) without renaming over it', async () => {
    const fifo = join(caseDir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const received = collect(createReadStream(fifo));
    await copyImage(
      memoryImage({ tars: [base, app] }).source,
      await openDockerArchiveDestination({ path: fifo }),
    );
    const bytes = await received;
    const file = join(caseDir(), 'file.tar');
    await copyImage(
      memoryImage({ tars: [base, app] }).source,
      await openDockerArchiveDestination({ path: file }),
    );
    expect(bytes.equals(await readFile(file))).toBe(true);
    expect((await readdir(caseDir())).sort()).toEqual(['file.tar', 'pipe']);
  });

  const badPaths = [
    { name: 'a directory', path: () => caseDir(), reason: /is a directory/ },
    {
      name: 'a missing parent',
      path: () => join(caseDir(), 'no', 'such', 'x.tar'),
      reason: /is not a directory/,
    },
  ];
  it.each(badPaths)('refuses to open $name', async ({ path, reason }) => {
    await expect(openDockerArchiveDestination({ path: path() })).rejects.toThrow(reason);
  });
});
