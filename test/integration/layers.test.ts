/**
 * The layer-files view against a real distribution registry: layers pushed as gzip (and
 * one zstd) tars, opened through `openImageSource` like the TUI does, listed with
 * `readLayerEntries`, turned into trees and an aggregated view. A fault proxy corrupts a
 * byte after the tar's end-of-archive marker: every entry is listed, and then the digest
 * check, which only runs because the blob was read to its end, fails the read.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestMismatchError } from '../../src/registry/digest/index.js';
import {
  buildAggregatedTree,
  buildLayerTree,
  flatten,
  type LayerEntry,
  readLayerEntries,
} from '../../src/registry/layers/index.js';
import type { Descriptor, ParsedImageManifest } from '../../src/registry/manifest/index.js';
import { parseImageName } from '../../src/registry/ref/index.js';
import { openImageSource } from '../../src/registry/transports/open.js';
import type { ImageSource } from '../../src/registry/transports/types.js';
import {
  type FaultProxy,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  randomLayer,
  startFaultProxy,
  startRegistry,
  tar,
  tarGz,
} from '../harness/index.js';
import { clientFor, type TestClient } from './client-for.js';

const BASE = [
  { name: 'etc/' },
  { name: 'etc/hostname', content: 'berth\n' },
  { name: 'app/' },
  { name: 'app/config.json', content: '{"debug":true}' },
  { name: 'app/old.log', content: 'x'.repeat(2048) },
];
const TOP = [
  { name: 'app/' },
  { name: 'app/.wh.old.log' },
  { name: 'app/config.json', content: '{"debug":false}' },
  { name: 'app/run.sh', content: '#!/bin/sh\nexec app\n', mode: 0o755 },
];
const ZSTD_LAYER = readFileSync(new URL('../../src/registry/layers/testdata/layer.tar.zst', import.meta.url));
/** A tar followed, inside the same gzip member, by 64 KiB (incompressible) that the tar parser never needs. */
const PADDED = gzipSync(Buffer.concat([tar(BASE), randomLayer({ size: 64 * 1024, seed: 7 })]));

let reg: RegistryInstance;
let proxy: FaultProxy;
let client: TestClient;
let viaProxy: TestClient;
let app: PushedImage;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  proxy = await startFaultProxy({ target: reg.url });
  app = await pushImage(reg, { repository: 'layers/app', tag: 'v1', layers: [tarGz(BASE), tarGz(TOP)] });
  await Promise.all([
    pushImage(reg, { repository: 'layers/zstd', tag: 'v1', layers: [ZSTD_LAYER] }),
    pushImage(reg, { repository: 'layers/padded', tag: 'v1', layers: [PADDED], mediaType: 'docker' }),
  ]);
  client = await clientFor(reg);
  viaProxy = await clientFor(reg, { host: proxy.host });
});
afterAll(async () => {
  await Promise.all([client?.close(), viaProxy?.close()]);
  await Promise.all([proxy?.stop(), reg?.stop()]);
});

async function open(c: TestClient, name: string): Promise<{ source: ImageSource; layers: Descriptor[] }> {
  const source = await openImageSource(parseImageName(`docker://${c.client.registry}/${name}:v1`), {
    registryClient: () => c.client,
  });
  const manifest = (await source.getManifest({})) as ParsedImageManifest;
  expect(manifest.kind).toBe('image');
  return { source, layers: manifest.doc.layers };
}

async function list(source: ImageSource, descriptor: Descriptor, progress?: number[]): Promise<LayerEntry[]> {
  const entries: LayerEntry[] = [];
  const stream = await source.getBlob({ descriptor });
  for await (const entry of readLayerEntries({
    stream,
    mediaType: descriptor.mediaType,
    ...(progress ? { onProgress: (n: number) => progress.push(n) } : {}),
  })) {
    entries.push(entry);
  }
  return entries;
}

describe('layer files from a registry', () => {
  it('lists each layer and reads every blob to its end', async () => {
    const { source, layers } = await open(client, 'layers/app');
    try {
      const progress: number[] = [];
      const base = await list(source, layers[0]!, progress);
      expect(progress.at(-1)).toBe(app.layers[0]!.size);
      expect(base.map((e) => [e.path, e.type, e.size])).toEqual([
        ['etc', 'dir', 0],
        ['etc/hostname', 'file', 6],
        ['app', 'dir', 0],
        ['app/config.json', 'file', 14],
        ['app/old.log', 'file', 2048],
      ]);
      const top = await list(source, layers[1]!);
      expect(top.find((e) => e.whiteout)).toMatchObject({ path: 'app/old.log', whiteout: 'file' });

      const tree = buildLayerTree(top);
      expect(flatten(tree).map((r) => `${r.node.path}${r.node.deleted ? ' (deleted)' : ''}`)).toEqual([
        'app',
        'app/config.json',
        'app/old.log (deleted)',
        'app/run.sh',
      ]);

      const image = buildAggregatedTree({ layers: [base, top], upTo: 1 });
      expect(flatten(image).map((r) => `${r.node.path} ${r.node.change ?? '-'}`)).toEqual([
        'app -',
        'app/config.json modified',
        'app/old.log removed',
        'app/run.sh added',
        'etc -',
        'etc/hostname -',
      ]);
      // hostname, the new config.json, run.sh.
      expect(image.root.size).toBe(6 + 15 + 19);
    } finally {
      await source.close();
    }
  });

  it('lists a zstd layer, whatever its media type claims', async () => {
    const { source, layers } = await open(client, 'layers/zstd');
    try {
      const entries = await list(source, layers[0]!);
      expect(entries.map((e) => e.path)).toContain('usr/bin/tool');
      expect(entries).toHaveLength(12);
    } finally {
      await source.close();
    }
  });

  it('fails on the digest when a byte after the end-of-archive is corrupted in transit', async () => {
    const { source, layers } = await open(viaProxy, 'layers/padded');
    const layer = layers[0]!;
    // Past the tar (a few KiB of deflate) but before the gzip trailer.
    proxy.add({ path: /\/blobs\/sha256:/, fault: { kind: 'flip-byte', offset: layer.size - 40 } });
    const entries: LayerEntry[] = [];
    try {
      const stream = await source.getBlob({ descriptor: layer });
      for await (const entry of readLayerEntries({ stream, mediaType: layer.mediaType })) entries.push(entry);
      expect.unreachable('the corrupted blob was accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(DigestMismatchError);
    } finally {
      await source.close();
    }
    expect(entries.map((e) => e.path)).toEqual([
      'etc',
      'etc/hostname',
      'app',
      'app/config.json',
      'app/old.log',
    ]);
    expect(proxy.requests.filter((r) => r.fault === 'flip-byte')).toHaveLength(1);
  });
});
