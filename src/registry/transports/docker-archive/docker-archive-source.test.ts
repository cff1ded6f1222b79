import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Digest,
  DigestMismatchError,
  digestHex,
  digestOf,
  LimitExceededError,
} from '../../digest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import { parseReference } from '../../ref/index.js';
import { ArchiveImageNotFoundError, InvalidArchiveError, openDockerArchiveSource } from './index.js';
import { APP_LAYER, BASE_LAYER } from './testing/archive-fixtures.js';
import { collect } from './testing/copy-image.js';
import { type CraftEntry, craftTar } from './testing/craft-tar.js';
import { memoryImage } from './testing/memory-image.js';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-docker-archive-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = BASE_LAYER;
const app = APP_LAYER;
const hex = (d: Digest) => digestHex(d);

function configFor(diffIDs: string[]): string {
  return JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: diffIDs },
  });
}

/** A docker-save-like archive: configs and layers as given, then manifest.json. */
async function archive(manifest: unknown, files: CraftEntry[]): Promise<string> {
  const path = join(dir, `s${n++}.tar`);
  const json = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  await writeFile(path, await craftTar([...files, { name: 'manifest.json', content: json }]));
  return path;
}

/** One image with `layers` stored as given (their diff_ids computed from `tars`). */
async function singleImage(opts: {
  tars: Buffer[];
  stored?: Uint8Array[];
  repoTags?: string[];
}): Promise<string> {
  const diffIDs = opts.tars.map((t) => digestOf(t));
  const config = configFor(diffIDs);
  const configName = `${hex(digestOf(config))}.json`;
  const layerNames = opts.tars.map((_, i) => `layer${i}/layer.tar`);
  const files: CraftEntry[] = [
    { name: configName, content: config },
    ...layerNames.map((name, i) => ({ name, content: opts.stored?.[i] ?? (opts.tars[i] as Buffer) })),
  ];
  return archive([{ Config: configName, RepoTags: opts.repoTags ?? [], Layers: layerNames }], files);
}

describe('docker-archive source', () => {
  it('describes plain, gzip and zstd layers as stored and serves them verified', async () => {
    const zstdStored = [...memoryImage({ tars: [app], compression: 'zstd' }).blobs.values()][0]!;
    const gz = gzipSync(app);
    const path = await singleImage({
      tars: [base, app, app],
      stored: [base, gz, zstdStored],
      repoTags: ['busybox:1'],
    });
    const src = await openDockerArchiveSource({ path });
    try {
      const m = await src.getManifest({});
      if (m.kind !== 'image') throw new Error('expected an image');
      expect(m.mediaType).toBe(MEDIA_TYPES.dockerManifest);
      // The second and third layer have the same diff_id: the first file found serves both.
      expect(m.doc.layers).toEqual([
        { mediaType: MEDIA_TYPES.dockerLayerUncompressed, digest: digestOf(base), size: base.length },
        { mediaType: MEDIA_TYPES.dockerLayer, digest: digestOf(gz), size: gz.length },
        { mediaType: MEDIA_TYPES.dockerLayer, digest: digestOf(gz), size: gz.length },
      ]);
      expect((await collect(await src.getBlob({ descriptor: m.doc.layers[0]! }))).equals(base)).toBe(true);
      expect((await collect(await src.getBlob({ descriptor: m.doc.layers[1]! }))).equals(gz)).toBe(true);
      const config = await collect(await src.getBlob({ descriptor: m.doc.config }));
      expect(JSON.parse(config.toString()).rootfs.diff_ids).toEqual([
        digestOf(base),
        digestOf(app),
        digestOf(app),
      ]);
      expect(src.name).toEqual({ transport: 'docker-archive', path });
      expect(await src.listTags({})).toEqual(['docker.io/library/busybox:1']);
    } finally {
      await src.close();
    }
  });

  it('serves a zstd layer decompressed, as a plain tar with its diff_id', async () => {
    const img = memoryImage({ tars: [app], compression: 'zstd' });
    const stored = [...img.blobs.values()][0]!;
    const src = await openDockerArchiveSource({ path: await singleImage({ tars: [app], stored: [stored] }) });
    try {
      const m = await src.getManifest({});
      if (m.kind !== 'image') throw new Error('expected an image');
      expect(m.doc.layers).toEqual([
        { mediaType: MEDIA_TYPES.dockerLayerUncompressed, digest: digestOf(app), size: app.length },
      ]);
      expect((await collect(await src.getBlob({ descriptor: m.doc.layers[0]! }))).equals(app)).toBe(true);
    } finally {
      await src.close();
    }
  });

  it('reads a gzip-compressed archive', async () => {
    const plain = await singleImage({ tars: [base, app] });
    const gz = join(dir, 'whole.tar.gz');
    await writeFile(gz, gzipSync(await readFile(plain)));
    const [a, b] = await Promise.all([
      openDockerArchiveSource({ path: plain }),
      openDockerArchiveSource({ path: gz }),
    ]);
    try {
      const [ma, mb] = await Promise.all([a.getManifest({}), b.getManifest({})]);
      expect(mb.digest).toBe(ma.digest);
      if (mb.kind !== 'image') throw new Error('expected an image');
      const blobs = await Promise.all(
        mb.doc.layers.map(async (descriptor) => collect(await b.getBlob({ descriptor }))),
      );
      expect(blobs[0]!.equals(base) && blobs[1]!.equals(app)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('fails the stream, not the manifest, when a plain layer does not match its diff_id', async () => {
    const path = await singleImage({ tars: [base], stored: [app] });
    const src = await openDockerArchiveSource({ path });
    try {
      const m = await src.getManifest({});
      if (m.kind !== 'image') throw new Error('expected an image');
      // The size check comes first: the stored file is not the size the descriptor claims.
      await expect(src.getBlob({ descriptor: m.doc.layers[0]! }).then(collect)).rejects.toThrow(
        /size|digest/,
      );
    } finally {
      await src.close();
    }
  });

  it('refuses a gzip layer that does not decompress to its diff_id', async () => {
    const src = await openDockerArchiveSource({
      path: await singleImage({ tars: [base], stored: [gzipSync(app)] }),
    });
    try {
      await expect(src.getManifest({})).rejects.toThrow(DigestMismatchError);
    } finally {
      await src.close();
    }
  });

  it('refuses a manifest digest it does not have', async () => {
    const src = await openDockerArchiveSource({ path: await singleImage({ tars: [base] }) });
    try {
      await expect(src.getManifest({ digest: digestOf('other') })).rejects.toThrow(/is not it/);
    } finally {
      await src.close();
    }
  });

  describe('choosing an image', () => {
    let path: string;
    beforeAll(async () => {
      const c1 = configFor([digestOf(base)]);
      const c2 = configFor([digestOf(app)]);
      const c3 = configFor([]);
      path = await archive(
        [
          { Config: 'c1.json', RepoTags: ['example.com/one:1', 'busybox:latest'], Layers: ['base.tar'] },
          { Config: 'c2.json', RepoTags: null, Layers: ['app.tar'] },
          { Config: 'c3.json', RepoTags: ['docker.io/library/empty:x'], Layers: [] },
        ],
        [
          { name: 'c1.json', content: c1 },
          { name: 'c2.json', content: c2 },
          { name: 'c3.json', content: c3 },
          { name: 'base.tar', content: base },
          { name: 'app.tar', content: app },
        ],
      );
    });

    const layerOf = async (sel: { ref?: string; index?: number }) => {
      const src = await openDockerArchiveSource({
        path,
        ...(sel.ref ? { ref: parseReference(sel.ref) } : {}),
        ...(sel.index !== undefined ? { index: sel.index } : {}),
      });
      try {
        const m = await src.getManifest({});
        return m.kind === 'image' ? m.doc.layers.map((l) => l.digest) : [];
      } finally {
        await src.close();
      }
    };

    const found = [
      { name: 'by full tag', sel: { ref: 'example.com/one:1' }, layers: [digestOf(base)] },
      { name: 'by familiar tag', sel: { ref: 'busybox' }, layers: [digestOf(base)] },
      { name: 'by index', sel: { index: 1 }, layers: [digestOf(app)] },
      { name: 'an image without layers', sel: { ref: 'empty:x' }, layers: [] },
    ];
    it.each(found)('finds $name', async ({ sel, layers }) => {
      expect(await layerOf(sel)).toEqual(layers);
    });

    const missing = [
      {
        name: 'an unknown tag',
        sel: { ref: 'example.com/one:2' },
        reason: /tag example.com\/one:2 not found/,
      },
      { name: 'an index past the end', sel: { index: 3 }, reason: /only 3 manifest items/ },
      { name: 'nothing, with several images', sel: {}, reason: /holds 3 images/ },
    ];
    it.each(missing)('reports $name', async ({ sel, reason }) => {
      const err = await layerOf(sel).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArchiveImageNotFoundError);
      expect((err as Error).message).toMatch(reason);
    });

    it('lists RepoTags in full form and untagged images as @N', async () => {
      const src = await openDockerArchiveSource({ path });
      try {
        expect(await src.listTags({})).toEqual([
          'example.com/one:1',
          'docker.io/library/busybox:latest',
          '@1',
          'docker.io/library/empty:x',
        ]);
      } finally {
        await src.close();
      }
    });
  });

  describe('hostile archives (F06, F07)', () => {
    const config = configFor([digestOf(base)]);
    const configName = `${hex(digestOf(config))}.json`;
    const good: CraftEntry[] = [
      { name: configName, content: config },
      { name: 'base.tar', content: base },
    ];
    const cases: {
      name: string;
      manifest: unknown;
      files?: CraftEntry[];
      reason: RegExp;
      error?: unknown;
    }[] = [
      {
        name: 'Layers naming ../../../etc/passwd',
        manifest: [{ Config: configName, Layers: ['../../../etc/passwd'] }],
        reason: /layer "..\/..\/..\/etc\/passwd" reaches outside the archive/,
      },
      {
        name: 'Layers naming /etc/passwd',
        manifest: [{ Config: configName, Layers: ['/etc/passwd'] }],
        reason: /layer "\/etc\/passwd" reaches outside the archive/,
      },
      {
        name: 'Config naming ../x.json',
        manifest: [{ Config: '../x.json', Layers: ['base.tar'] }],
        reason: /config "..\/x.json" reaches outside the archive/,
      },
      {
        name: 'a layer that is a symlink to /etc/passwd',
        manifest: [{ Config: configName, Layers: ['evil.tar'] }],
        files: [...good, { name: 'evil.tar', type: 'symlink', linkname: '/etc/passwd' }],
        reason: /links outside the archive/,
      },
      {
        name: 'a layer that is a hardlink to /etc/shadow',
        manifest: [{ Config: configName, Layers: ['evil.tar'] }],
        files: [...good, { name: 'evil.tar', type: 'link', linkname: '/etc/shadow' }],
        reason: /links outside the archive/,
      },
      {
        name: 'two entries for the same layer with different content',
        manifest: [{ Config: configName, Layers: ['base.tar'] }],
        files: [...good, { name: 'base.tar', content: app }],
        reason: /duplicate entry "base.tar"/,
      },
      {
        name: 'a second manifest.json',
        manifest: [{ Config: configName, Layers: ['base.tar'] }],
        files: [...good, { name: 'manifest.json', content: '[]' }],
        reason: /duplicate entry "manifest.json"/,
      },
      {
        name: 'duplicate keys in manifest.json',
        manifest: `[{"Config":"${configName}","Layers":["base.tar"],"Layers":["other.tar"]}]`,
        reason: /duplicate key/,
      },
      {
        name: 'a key differing from a field only in case',
        manifest: [{ Config: configName, layers: ['../x'], Layers: ['base.tar'] }],
        reason: /only in letter case/,
      },
      {
        name: 'manifest.json that is not an array',
        manifest: { Config: configName },
        reason: /expected an array/,
      },
      {
        name: 'a layer count that disagrees with the config',
        manifest: [{ Config: configName, Layers: ['base.tar', 'base.tar'] }],
        reason: /inconsistent layer count: 2 in manifest.json, 1 in the config/,
      },
      {
        name: 'one layer file for two diff_ids',
        manifest: [{ Config: 'two.json', Layers: ['base.tar', './base.tar'] }],
        files: [...good, { name: 'two.json', content: configFor([digestOf(base), digestOf(app)]) }],
        reason: /used for two different diff_ids/,
      },
      {
        name: 'a layer that is a directory',
        manifest: [{ Config: configName, Layers: ['d'] }],
        files: [...good, { name: 'd', type: 'directory' }],
        reason: /not a regular file/,
      },
    ];

    it.each(cases)('refuses $name', async ({ manifest, files, reason }) => {
      const err = await openDockerArchiveSource({ path: await archive(manifest, files ?? good) })
        .then(async (src) => {
          try {
            return await src.getManifest({});
          } finally {
            await src.close();
          }
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArchiveError);
      expect((err as Error).message).toMatch(reason);
    });

    it('refuses an oversized manifest.json unread', async () => {
      const huge = `[${' '.repeat(2 * 1024 * 1024)}]`;
      await expect(openDockerArchiveSource({ path: await archive(huge, good) })).rejects.toThrow(
        LimitExceededError,
      );
    });

    it('created nothing outside its temp dir', async () => {
      expect((await readdir(dir)).every((f) => /^s\d+\.tar$|^whole\.tar\.gz$/.test(f))).toBe(true);
    });
  });
});
