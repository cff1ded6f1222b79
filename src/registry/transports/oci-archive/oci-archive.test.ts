import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertImageManifest, copyImage as copy } from '../../copy/index.js';
import { type Digest, DigestMismatchError, digestHex, digestOf } from '../../digest/index.js';
import { MEDIA_TYPES, serializeManifest } from '../../manifest/index.js';
import { InvalidArchiveError } from '../docker-archive/index.js';
import { APP_LAYER, BASE_LAYER, dirPerTest } from '../docker-archive/testing/archive-fixtures.js';
import { collect, copyImage } from '../docker-archive/testing/copy-image.js';
import { type CraftEntry, craftTar, END_MARKER, rawHeader } from '../docker-archive/testing/craft-tar.js';
import { memoryImage, memoryIndex } from '../docker-archive/testing/memory-image.js';
import { LayoutImageNotFoundError } from '../oci/index.js';
import type { ImageSource } from '../types.js';
import { openOciArchiveDestination, openOciArchiveSource } from './index.js';

const { dir: caseDir, root } = dirPerTest('berth-oci-archive-');

const base = BASE_LAYER;
const app = APP_LAYER;

/** Everything berth reads back through the source: top manifest, children, every blob's bytes. */
async function readAll(path: string, image?: string) {
  const src = await openOciArchiveSource({ path, ...(image ? { image } : {}) });
  try {
    const top = await src.getManifest({});
    const images =
      top.kind === 'index'
        ? await Promise.all(top.doc.manifests.map((d) => src.getManifest({ digest: d.digest })))
        : [top];
    const blobs = new Map<Digest, Buffer>();
    for (const m of images) {
      if (m.kind !== 'image') throw new Error('expected images');
      for (const d of [m.doc.config, ...m.doc.layers])
        blobs.set(d.digest, await collect(await src.getBlob({ descriptor: d })));
    }
    return { top, images, blobs };
  } finally {
    await src.close();
  }
}

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

describe('oci-archive round trips', () => {
  it.each([
    { name: 'an OCI image with gzip layers', compression: 'gzip' as const },
    { name: 'an OCI image with zstd layers', compression: 'zstd' as const },
  ])('keeps $name byte for byte', async ({ compression }) => {
    const img = memoryImage({ tars: [base, app], format: 'oci', compression });
    const path = join(caseDir(), 'out.tar');
    await copyImage(img.source, await openOciArchiveDestination({ path, image: 'app:1' }));
    const back = await readAll(path, 'app:1');
    expect(back.top.digest).toBe(img.manifest.digest);
    for (const [digest, bytes] of img.blobs) expect(back.blobs.get(digest)?.equals(bytes)).toBe(true);
    expect((await readdir(caseDir())).sort()).toEqual(['out.tar']);
  });

  it('refuses a Docker manifest put directly, and writes nothing', async () => {
    const img = memoryImage({ tars: [base], compression: 'gzip' });
    const path = join(caseDir(), 'docker.tar');
    await expect(
      copyImage(img.source, await openOciArchiveDestination({ path, image: 'x' })),
    ).rejects.toThrow(
      /^an oci-archive stores OCI manifests only, not "application\/vnd\.docker\.distribution\.manifest\.v2\+json"/,
    );
    expect(await readdir(caseDir())).toEqual([]);
  });

  it('gets a Docker image converted to OCI by the copy engine, layers kept and the config re-encoded, as skopeo does', async () => {
    const img = memoryImage({ tars: [base, app], compression: 'gzip' });
    const path = join(caseDir(), 'converted.tar');
    const dest = await openOciArchiveDestination({ path, image: 'app:1' });
    await expect(copy({ source: img.source, destination: dest, preserveDigests: true })).rejects.toThrow(
      /cannot preserve digests/,
    );
    const result = await copy({
      source: img.source,
      destination: await openOciArchiveDestination({ path, image: 'app:1' }),
    });
    if (img.manifest.kind !== 'image') throw new Error('expected an image');
    const converted = convertImageManifest(img.manifest.doc, 'oci', img.config);
    const want = serializeManifest(converted.doc);
    expect(Buffer.from(result.manifestBytes).equals(Buffer.from(want))).toBe(true);
    const back = await readAll(path, 'app:1');
    expect(back.top.mediaType).toBe(MEDIA_TYPES.ociManifest);
    expect(back.top.digest).toBe(digestOf(want));
    // Layers keep their bytes; the config is the one the conversion re-encoded, as skopeo's.
    const expected = new Map(img.blobs);
    expected.delete(img.manifest.doc.config.digest);
    expected.set(converted.doc.config.digest, Buffer.from(converted.config!));
    expect([...back.blobs.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [digest, bytes] of expected) expect(back.blobs.get(digest)?.equals(bytes)).toBe(true);
  });

  it('keeps a multi-platform index and its children', async () => {
    const { source, index } = memoryIndex(
      [memoryImage({ tars: [base], format: 'oci' }), memoryImage({ tars: [app], format: 'oci' })],
      ['amd64', 'arm64'],
    );
    const path = join(caseDir(), 'multi.tar');
    await copyImage(source, await openOciArchiveDestination({ path }));
    const back = await readAll(path);
    expect(back.top.digest).toBe(index.digest);
    expect(back.images.map((m) => m.digest)).toEqual(
      index.kind === 'index' ? index.doc.manifests.map((d) => d.digest) : [],
    );
  });

  it('writes the same bytes for the same image, and re-reads it through gzip', async () => {
    const a = join(caseDir(), 'a.tar');
    const b = join(caseDir(), 'b.tar');
    await copyImage(
      memoryImage({ tars: [base], format: 'oci' }).source,
      await openOciArchiveDestination({ path: a, image: 'x' }),
    );
    const src = await openOciArchiveSource({ path: a });
    try {
      await copyImage(src, await openOciArchiveDestination({ path: b, image: 'x' }));
    } finally {
      await src.close();
    }
    expect((await readFile(b)).equals(await readFile(a))).toBe(true);
    const gz = join(caseDir(), 'a.tar.gz');
    await writeFile(gz, gzipSync(await readFile(a)));
    expect((await readAll(gz)).top.digest).toBe((await readAll(a)).top.digest);
  });

  it('keeps an existing archive when a copy fails part-way (F02), and stages in tmpDir', async () => {
    const path = join(caseDir(), 'keep.tar');
    await writeFile(path, 'the old archive');
    const staging = join(caseDir(), 'staging');
    await mkdir(staging);
    const img = memoryImage({ tars: [base, app], compression: 'gzip' });
    const dest = await openOciArchiveDestination({ path, tmpDir: staging });
    expect(await readdir(staging)).toHaveLength(1);
    await expect(copyImage(failingAfter(img.source, 1), dest)).rejects.toThrow(/connection reset/);
    expect(await readFile(path, 'utf8')).toBe('the old archive');
    expect((await readdir(caseDir())).sort()).toEqual(['keep.tar', 'staging']);
    expect(await readdir(staging)).toEqual([]);
  });

  it('refuses a blob whose bytes do not match its digest', async () => {
    const img = memoryImage({ tars: [base] });
    const m = img.manifest;
    if (m.kind !== 'image') throw new Error('expected an image');
    const dest = await openOciArchiveDestination({ path: join(caseDir(), 'x.tar') });
    const wrong = { ...m.doc.layers[0]!, digest: digestOf('other') };
    await expect(
      dest.putBlob({ descriptor: wrong, stream: await img.source.getBlob({ descriptor: m.doc.layers[0]! }) }),
    ).rejects.toThrow(DigestMismatchError);
    await dest.abort();
    await dest.abort();
    expect(await readdir(caseDir())).toEqual([]);
  });

  it('streams into a FIFO without renaming over it', async () => {
    const fifo = join(caseDir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const received = collect(createReadStream(fifo));
    const image = () => memoryImage({ tars: [base], format: 'oci' }).source;
    await copyImage(image(), await openOciArchiveDestination({ path: fifo }));
    const file = join(caseDir(), 'file.tar');
    await copyImage(image(), await openOciArchiveDestination({ path: file }));
    expect((await received).equals(await readFile(file))).toBe(true);
  });
});

describe('hostile oci-archives (F04, F08)', () => {
  // One directory for every case, so the last test sees what all of them left behind.
  let hostileDir: string;
  beforeAll(async () => {
    hostileDir = join(root(), 'hostile');
    await mkdir(hostileDir);
  });
  const img = memoryImage({ tars: [base] });
  const m = img.manifest;
  const blobEntries: CraftEntry[] = [...img.blobs].map(([d, bytes]) => ({
    name: `blobs/sha256/${digestHex(d)}`,
    content: bytes,
  }));
  blobEntries.push({ name: `blobs/sha256/${digestHex(m.digest)}`, content: m.bytes });
  const indexJson = (entries = [{ mediaType: m.mediaType, digest: m.digest, size: m.bytes.length }]) =>
    Buffer.from(serializeManifest({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: entries }));
  const layout: CraftEntry[] = [
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', content: indexJson() },
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
    ...blobEntries,
  ];
  const layerName = `blobs/sha256/${digestHex(m.kind === 'image' ? m.doc.layers[0]!.digest : m.digest)}`;
  const withLayer = (replacement: CraftEntry) => layout.map((e) => (e.name === layerName ? replacement : e));

  async function archive(entries: CraftEntry[] | Buffer): Promise<string> {
    const path = join(hostileDir, 'hostile.tar');
    await writeFile(path, Buffer.isBuffer(entries) ? entries : await craftTar(entries));
    return path;
  }

  it('reads the well-formed archive these cases start from', async () => {
    expect((await readAll(await archive(layout))).top.digest).toBe(m.digest);
  });

  const refused: { name: string; entries: () => CraftEntry[]; reason: RegExp }[] = [
    {
      name: '../escape',
      entries: () => [...layout, { name: '../escape' }],
      reason: /reaches outside the archive/,
    },
    {
      name: '/abs/escape',
      entries: () => [...layout, { name: '/abs/escape' }],
      reason: /reaches outside the archive/,
    },
    {
      name: 'a blob that is a symlink to /etc/passwd',
      entries: () => withLayer({ name: layerName, type: 'symlink', linkname: '/etc/passwd' }),
      reason: /is a link \(to "\/etc\/passwd"\)/,
    },
    {
      name: 'a blob that is a symlink inside the archive',
      entries: () => withLayer({ name: layerName, type: 'symlink', linkname: 'other' }),
      reason: /is a link/,
    },
    {
      name: 'blobs as a symlink to /tmp',
      entries: () => [
        { name: 'blobs', type: 'symlink', linkname: '/tmp' },
        ...layout.filter((e) => !e.name.startsWith('blobs')),
      ],
      reason: /"blobs" is a link/,
    },
    {
      name: 'a hardlink to /etc/shadow',
      entries: () => withLayer({ name: layerName, type: 'link', linkname: '/etc/shadow' }),
      reason: /is a link \(to "\/etc\/shadow"\)/,
    },
    {
      name: 'an entry named . that is a symlink',
      entries: () => [{ name: '.', type: 'symlink', linkname: '/' }, ...layout],
      reason: /archive root that is not a directory/,
    },
    {
      name: 'an entry named /. that is a symlink',
      entries: () => [{ name: '/.', type: 'symlink', linkname: '/' }, ...layout],
      reason: /reaches outside the archive/,
    },
    { name: 'a FIFO', entries: () => [...layout, { name: 'pipe', type: 'fifo' }], reason: /special file/ },
    {
      name: 'a device',
      entries: () => [...layout, { name: 'dev', type: 'character-device' }],
      reason: /special file/,
    },
    {
      name: 'a second index.json',
      entries: () => [...layout, { name: './index.json', content: indexJson([]) }],
      reason: /duplicate entry "index.json"/,
    },
    {
      name: 'index.json as a directory',
      entries: () => [
        ...layout.filter((e) => e.name !== 'index.json'),
        { name: 'index.json/', type: 'directory' },
      ],
      reason: /"index.json" must be a regular file/,
    },
    {
      name: 'blobs/sha256 as a file',
      entries: () => [
        ...layout.filter((e) => !e.name.startsWith('blobs')),
        { name: 'blobs/sha256', content: 'x' },
      ],
      reason: /"blobs\/sha256" must be a directory/,
    },
    {
      name: 'no oci-layout',
      entries: () => layout.filter((e) => e.name !== 'oci-layout'),
      reason: /no oci-layout/,
    },
    {
      name: 'a layout version 2',
      entries: () => [{ name: 'oci-layout', content: '{"imageLayoutVersion":"2.0.0"}' }, ...layout.slice(1)],
      reason: /no supported imageLayoutVersion/,
    },
    {
      name: 'an index.json with duplicate keys',
      entries: () => [
        layout[0]!,
        { name: 'index.json', content: '{"schemaVersion":2,"manifests":[],"manifests":[]}' },
        ...layout.slice(2),
      ],
      reason: /duplicate key/,
    },
  ];

  it.each(refused)('refuses $name', async ({ entries, reason }) => {
    const err = await openOciArchiveSource({ path: await archive(entries()) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(reason);
  });

  it('refuses a 1 GiB index.json unread (F08)', async () => {
    const path = join(hostileDir, 'huge-index.tar');
    const gib = 1024 ** 3;
    const head = Buffer.concat([await craftTar(layout.filter((e) => e.name !== 'index.json'))]).subarray(
      0,
      -1024,
    );
    await writeFile(path, Buffer.concat([head, rawHeader({ name: 'index.json', typeflag: '0', size: gib })]));
    const fh = await open(path, 'r+');
    await fh.truncate(head.length + 512 + gib + END_MARKER.length); // sparse
    await fh.close();
    const err = await openOciArchiveSource({ path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArchiveError);
    expect((err as Error).message).toMatch(/index.json is larger than/);
  });

  it('fails the stream of a blob whose bytes were swapped', async () => {
    const path = await archive(
      withLayer({ name: layerName, content: Buffer.from(app.subarray(0, base.length)) }),
    );
    const src = await openOciArchiveSource({ path });
    try {
      if (m.kind !== 'image') throw new Error('expected an image');
      await expect(src.getBlob({ descriptor: m.doc.layers[0]! }).then(collect)).rejects.toThrow(
        DigestMismatchError,
      );
    } finally {
      await src.close();
    }
  });

  it('names images as oci: does', async () => {
    const named = [
      {
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.bytes.length,
        annotations: { 'org.opencontainers.image.ref.name': 'v1' },
      },
    ];
    const path = await archive([
      layout[0]!,
      { name: 'index.json', content: indexJson(named) },
      ...layout.slice(2),
    ]);
    expect((await readAll(path, 'v1')).top.digest).toBe(m.digest);
    await expect(openOciArchiveSource({ path, image: 'v2' })).rejects.toThrow(LayoutImageNotFoundError);
  });

  it('ignores extra files, as in Docker 25 docker save output', async () => {
    const path = await archive([
      ...layout,
      { name: 'manifest.json', content: '[]' },
      { name: 'repositories', content: '{}' },
    ]);
    expect((await readAll(path)).top.digest).toBe(m.digest);
  });

  it('created nothing but the archives themselves', async () => {
    expect((await readdir(hostileDir)).sort()).toEqual(['hostile.tar', 'huge-index.tar']);
  });
});
