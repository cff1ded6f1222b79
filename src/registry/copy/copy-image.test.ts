/**
 * The engine against in-memory transports: ordering, dedupe, events, retries, cancellation
 * and the stored-descriptor extension, without any network. The same behaviours against a
 * real registry are in test/integration/copy-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DigestMismatchError, digestOf } from '../digest/index.js';
import { MEDIA_TYPES as M } from '../manifest/index.js';
import type { PutBlobOptions } from '../transports/types.js';
import { copyImage } from './copy-image.js';
import type { CopyEvent } from './events.js';
import type { CopyOptions } from './options.js';
import { buildImage, buildIndex, bytesOf, MemoryDestination, MemorySource } from './testing/memory.js';

const shared = bytesOf(5000, 7);
const amd = buildImage({
  layers: [bytesOf(20_000, 1), shared],
  platform: { os: 'linux', architecture: 'amd64' },
});
const arm = buildImage({
  layers: [bytesOf(20_000, 2), shared],
  platform: { os: 'linux', architecture: 'arm64' },
});
const index = buildIndex([
  { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
  { image: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
]);

/** Records mount attempts and refuses them, so every blob is uploaded. */
class MountingDestination extends MemoryDestination {
  readonly mountAttempts: string[] = [];
  async mountBlob(opts: { descriptor: { digest: string } }): Promise<boolean> {
    this.mountAttempts.push(opts.descriptor.digest);
    return false;
  }
}

function run(opts: Partial<CopyOptions> & Pick<CopyOptions, 'source' | 'destination'>) {
  const events: CopyEvent[] = [];
  const promise = copyImage({ retryDelayMs: 0, onEvent: (e) => events.push(e), ...opts });
  return { events, promise };
}

const ofType = <T extends CopyEvent['type']>(events: CopyEvent[], type: T) =>
  events.filter((e): e is Extract<CopyEvent, { type: T }> => e.type === type);

function expectUntouched(dest: MemoryDestination): void {
  expect(dest.commits).toBe(0);
  expect(dest.aborts).toBe(1);
  expect(dest.top).toBeUndefined();
  expect(dest.blobs.size).toBe(0);
}

describe('copyImage', () => {
  it('copies a single image with its digest, reporting each blob and the manifest', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const destination = new MemoryDestination();
    const { events, promise } = run({ source, destination });
    const result = await promise;
    expect(result).toMatchObject({ digest: amd.manifest.digest, mediaType: M.ociManifest });
    expect(result.blobs).toEqual({
      copied: 3,
      skipped: 0,
      mounted: 0,
      bytes: 20_000 + 5000 + amd.manifest.doc.config.size,
    });
    expect(destination.top?.digest).toBe(amd.manifest.digest);
    for (const [digest, bytes] of amd.blobs)
      expect(destination.blobs.get(digest)).toEqual(Buffer.from(bytes));
    expect(ofType(events, 'plan')).toEqual([
      { type: 'plan', images: 1, listed: 1, blobs: 3, bytes: result.blobs.bytes },
    ]);
    expect(ofType(events, 'queued')).toHaveLength(3);
    expect(ofType(events, 'done')).toHaveLength(3);
    expect(ofType(events, 'manifest-written')).toEqual([
      {
        type: 'manifest-written',
        digest: amd.manifest.digest,
        mediaType: M.ociManifest,
        size: amd.manifest.bytes.byteLength,
        role: 'top',
      },
    ]);
    expect(ofType(events, 'overall').at(-1)).toMatchObject({
      bytes: result.blobs.bytes,
      blobs: 3,
      blobsTotal: 3,
      etaSeconds: 0,
    });
    // Nothing about a blob comes after its terminal event.
    const doneAt = events.findIndex((e) => e.type === 'manifest-written');
    expect(events.slice(doneAt).filter((e) => 'blob' in e)).toEqual([]);
  });

  it('skips what the destination already has', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const destination = new MemoryDestination({ existing: new Map(amd.blobs) });
    const { events, promise } = run({ source, destination });
    expect((await promise).blobs).toEqual({ copied: 0, skipped: 3, mounted: 0, bytes: 0 });
    expect(source.blobReads).toEqual([]);
    expect(ofType(events, 'skipped').map((e) => e.reason)).toEqual([
      'already exists',
      'already exists',
      'already exists',
    ]);
  });

  it('copies every platform, each shared blob once, children before the index', async () => {
    const source = new MemorySource(index, [amd, arm]);
    const destination = new MemoryDestination();
    const { events, promise } = run({ source, destination, platforms: 'all' });
    const result = await promise;
    expect(result.digest).toBe(index.digest);
    expect(source.blobReads.filter((d) => d === digestOf(shared))).toHaveLength(1);
    expect(source.blobReads).toHaveLength(5);
    expect([...destination.manifests.values()].map((m) => [m.digest, m.role])).toEqual([
      [amd.manifest.digest, 'child'],
      [arm.manifest.digest, 'child'],
      [index.digest, 'top'],
    ]);
    expect(ofType(events, 'manifest-written').map((e) => e.platform?.architecture)).toEqual([
      'amd64',
      'arm64',
      undefined,
    ]);
  });

  it('sends at most one progress event per interval for a big blob, plus the final one', async () => {
    const big = buildImage({ layers: [bytesOf(1_000_000, 3)] });
    const source = new MemorySource(big.manifest, [big]);
    source.chunkSize = 1000;
    const layer = big.manifest.doc.layers[0]!.digest;
    const slow = run({ source, destination: new MemoryDestination(), progressIntervalMs: 3_600_000 });
    await slow.promise;
    const progress = ofType(slow.events, 'progress').filter((e) => e.blob.digest === layer);
    expect(progress.map((e) => e.bytes)).toEqual([1000, 1_000_000]);
    // 1000 chunks went through: overall events are held back the same way.
    expect(ofType(slow.events, 'overall').length).toBeLessThanOrEqual(3);

    const source2 = new MemorySource(big.manifest, [big]);
    source2.chunkSize = 1000;
    const every = run({ source: source2, destination: new MemoryDestination(), progressIntervalMs: 0 });
    await every.promise;
    expect(ofType(every.events, 'progress').filter((e) => e.blob.digest === layer)).toHaveLength(1000);
  });

  it('retries a blob whose bytes were corrupted once, and succeeds with verified bytes', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const layer = amd.manifest.doc.layers[0]!.digest;
    source.faults.set(layer, ['flip']);
    const destination = new MemoryDestination();
    const { events, promise } = run({ source, destination });
    await promise;
    expect(source.blobReads.filter((d) => d === layer)).toHaveLength(2);
    const retrying = ofType(events, 'retrying');
    expect(retrying).toHaveLength(1);
    expect(retrying[0]).toMatchObject({ attempt: 2, delayMs: 0 });
    expect(retrying[0]!.error).toMatch(/digest mismatch/);
    expect(destination.blobs.get(layer)).toEqual(Buffer.from(amd.blobs.get(layer)!));
  });

  it('gives up when the same wrong bytes come twice, leaving the destination untouched', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const layer = amd.manifest.doc.layers[0]!.digest;
    source.faults.set(layer, ['flip', 'flip', 'flip', 'flip']);
    const destination = new MemoryDestination();
    const { events, promise } = run({ source, destination, parallelism: 1 });
    const err = (await promise.catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(new RegExp(`^copying blob ${layer}: digest mismatch`));
    expect(err.cause).toBeInstanceOf(DigestMismatchError);
    expect(source.blobReads.filter((d) => d === layer)).toHaveLength(2);
    expect(ofType(events, 'failed').map((e) => e.blob.digest)).toEqual([layer]);
    expectUntouched(destination);
  });

  it.each([
    { name: 'recovers within the retry budget', failures: 3, retryPerBlob: 3, ok: true },
    { name: 'fails past it', failures: 2, retryPerBlob: 1, ok: false },
  ])('network failures: $name', async ({ failures, retryPerBlob, ok }) => {
    const source = new MemorySource(amd.manifest, [amd]);
    const layer = amd.manifest.doc.layers[0]!.digest;
    source.faults.set(
      layer,
      Array.from({ length: failures }, () => 'fail' as const),
    );
    const destination = new MemoryDestination();
    const { events, promise } = run({ source, destination, retryPerBlob });
    if (ok) await expect(promise).resolves.toMatchObject({ digest: amd.manifest.digest });
    else {
      await expect(promise).rejects.toThrow(/socket hang up/);
      expectUntouched(destination);
    }
    expect(ofType(events, 'retrying').map((e) => e.attempt)).toEqual(
      Array.from({ length: Math.min(failures, retryPerBlob) }, (_, i) => i + 2),
    );
  });

  it('rejects with the abort reason when cancelled mid-blob, and publishes nothing', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const destination = new MemoryDestination();
    const controller = new AbortController();
    const reason = new Error('user pressed q');
    const promise = copyImage({
      source,
      destination,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'progress') controller.abort(reason);
      },
    });
    await expect(promise).rejects.toBe(reason);
    expectUntouched(destination);
  });

  it('fails cleanly when the event consumer throws', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const destination = new MemoryDestination();
    const oops = new Error('renderer bug');
    const promise = copyImage({
      source,
      destination,
      onEvent: (e) => {
        if (e.type === 'done') throw oops;
      },
    });
    await expect(promise).rejects.toBe(oops);
    expectUntouched(destination);
  });

  it('does not trust a destination that accepted a stream that failed', async () => {
    class Careless extends MemoryDestination {
      override async putBlob(opts: PutBlobOptions): Promise<void> {
        try {
          await super.putBlob(opts);
        } catch {
          // ignores the failed read: exactly what the engine must catch
        }
      }
    }
    const source = new MemorySource(amd.manifest, [amd]);
    const layer = amd.manifest.doc.layers[0]!.digest;
    source.faults.set(layer, ['flip', 'flip']);
    const destination = new Careless();
    await expect(run({ source, destination }).promise).rejects.toThrow(/digest mismatch/);
    expect(destination.top).toBeUndefined();
  });

  it('streams every blob to a destination that transforms them, and refuses preserveDigests for it', async () => {
    const transform = (bytes: Uint8Array) => Buffer.concat([Buffer.from('unpacked:'), bytes]);
    const source = new MemorySource(amd.manifest, [amd]);
    // It even holds the blobs already: it must still see each one to store it its own way.
    const destination = new MemoryDestination({ transform, existing: new Map(amd.blobs) });
    expect(destination.keepsBlobsAsIs).toBe(false);
    const result = await run({ source, destination }).promise;
    expect(result).toMatchObject({
      digest: amd.manifest.digest,
      blobs: { copied: 3, skipped: 0, mounted: 0 },
    });
    expect(source.blobReads).toHaveLength(3);
    // The manifest is handed over as planned; the destination maps the digests itself.
    expect(destination.top?.bytes).toBe(amd.manifest.bytes);
    const refusedSource = new MemorySource(amd.manifest, [amd]);
    const refused = new MemoryDestination({ transform });
    await expect(
      run({ source: refusedSource, destination: refused, preserveDigests: true }).promise,
    ).rejects.toThrow(/cannot preserve digests/);
    expect(refusedSource.blobReads).toEqual([]);
  });

  it('converts to Docker schema 2 when asked, and refuses before moving a byte with preserveDigests', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const result = await run({ source, destination: new MemoryDestination(), format: 'v2s2' }).promise;
    expect(result.mediaType).toBe(M.dockerManifest);
    expect(result.digest).not.toBe(amd.manifest.digest);
    const refused = new MemorySource(amd.manifest, [amd]);
    const destination = new MemoryDestination();
    await expect(
      run({ source: refused, destination, format: 'v2s2', preserveDigests: true }).promise,
    ).rejects.toThrow(/cannot preserve digests/);
    expect(refused.blobReads).toEqual([]);
    expectUntouched(destination);
  });

  it('converts to OCI with a re-encoded config, written from memory and never mounted', async () => {
    const docker = buildImage({ layers: [bytesOf(3000, 4)], format: 'docker' });
    const source = new MemorySource(docker.manifest, [docker]);
    source.location = { registry: 'r', repository: 'src' };
    const destination = new MountingDestination();
    const { events, promise } = run({ source, destination, format: 'oci' });
    const result = await promise;
    expect(result.mediaType).toBe(M.ociManifest);
    const written = JSON.parse(Buffer.from(result.manifestBytes).toString('utf8'));
    const configDigest = written.config.digest;
    const sourceConfig = docker.manifest.doc.config.digest;
    expect(configDigest).not.toBe(sourceConfig);
    const config = destination.blobs.get(configDigest)!;
    expect(digestOf(config)).toBe(configDigest);
    expect(JSON.parse(Buffer.from(config).toString('utf8'))).toMatchObject({
      architecture: 'amd64',
      os: 'linux',
    });
    // Only the converted config reaches the destination; the source's is read once, to convert it.
    expect(destination.blobs.has(sourceConfig)).toBe(false);
    expect(source.blobReads.filter((d) => d === sourceConfig)).toHaveLength(1);
    expect(destination.mountAttempts).toEqual([docker.manifest.doc.layers[0]!.digest]);
    expect(ofType(events, 'done').map((e) => e.blob.digest)).toContain(configDigest);
  });

  it('refuses bad options', async () => {
    const source = new MemorySource(amd.manifest, [amd]);
    const destination = new MemoryDestination();
    for (const bad of [{ parallelism: 0 }, { retryPerBlob: -1 }, { progressIntervalMs: Number.NaN }]) {
      await expect(copyImage({ source, destination, ...bad })).rejects.toThrow(RangeError);
    }
  });
});
