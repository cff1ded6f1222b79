import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DigestMismatchError, digestOf, SizeMismatchError } from '../digest/index.js';
import { hasNodeZstd, type ZstdEngine } from './compression.js';
import { decompressLayer } from './decompress.js';
import { InvalidLayerError, LayerLimitError, UnsupportedCompressionError } from './errors.js';
import { chunked, collectAll, verified } from './testing/make-tar.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const TAR = fixture('layer.tar');
const MiB = 1024 * 1024;
/** fzstd always; node:zlib's decoder too where this Node has one (22.15+). */
const ZSTD_ENGINES: ZstdEngine[] = ['fzstd', ...(hasNodeZstd() ? (['node'] as const) : [])];

async function decompressAll(...args: Parameters<typeof decompressLayer>): Promise<Buffer> {
  return Buffer.concat(await collectAll(decompressLayer(...args)));
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('decompressLayer', () => {
  const cases = [
    { name: 'a plain tar', bytes: TAR, compression: 'none', zstd: undefined },
    { name: 'gzip', bytes: gzipSync(TAR), compression: 'gzip', zstd: undefined },
    {
      name: 'two gzip members',
      bytes: Buffer.concat([gzipSync(TAR.subarray(0, 5000)), gzipSync(TAR.subarray(5000))]),
      compression: 'gzip',
      zstd: undefined,
    },
    ...ZSTD_ENGINES.flatMap((zstd) => [
      { name: `zstd (${zstd})`, bytes: fixture('layer.tar.zst'), compression: 'zstd', zstd },
      {
        name: `zstd, several frames (${zstd})`,
        bytes: fixture('layer-frames.tar.zst'),
        compression: 'zstd',
        zstd,
      },
    ]),
  ] as const;

  it.each(cases.flatMap((c) => [1, 100, 1 << 20].map((chunk) => ({ ...c, chunk }))))(
    'decompresses $name read in $chunk-byte chunks',
    async ({ bytes, compression, zstd, chunk }) => {
      const layer = decompressLayer({ source: chunked(bytes, chunk), ...(zstd ? { zstd } : {}) });
      const out = Buffer.concat(await collectAll(layer));
      expect(out.equals(TAR)).toBe(true);
      expect(layer.compression).toBe(compression);
      expect(layer.compressedBytes).toBe(bytes.length);
      expect(layer.decompressedBytes).toBe(TAR.length);
    },
  );

  it('reports compressed progress up to the blob size', async () => {
    const gz = gzipSync(TAR);
    const seen: number[] = [];
    await decompressAll({ source: chunked(gz, 300), onCompressedBytes: (n) => seen.push(n) });
    expect(seen.at(-1)).toBe(gz.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('reads past zeros after a gzip member, to the end of the blob', async () => {
    const blob = Buffer.concat([gzipSync(TAR), Buffer.alloc(4096)]);
    const layer = decompressLayer({ source: verified(blob) });
    expect((await collectAll(layer)).length).toBeGreaterThan(0);
    expect(layer.compressedBytes).toBe(blob.length);
  });

  it.each([
    {
      name: 'the digest is wrong',
      blob: gzipSync(TAR),
      expected: { digest: digestOf('something else') },
      want: DigestMismatchError,
    },
    { name: 'the blob is short', blob: gzipSync(TAR), expected: { size: 1 << 20 }, want: SizeMismatchError },
  ])('ends with the source error when $name', async ({ blob, expected, want }) => {
    expect(await failure(decompressAll({ source: verified(blob, expected) }))).toBeInstanceOf(want);
  });

  it.each([
    { name: 'junk after the gzip member', blob: Buffer.concat([gzipSync(TAR), Buffer.from('junk!')]) },
    { name: 'a corrupt deflate stream', blob: corrupt(gzipSync(TAR), 40) },
    { name: 'a truncated gzip member', blob: gzipSync(TAR).subarray(0, 200) },
    { name: 'a truncated zstd frame', blob: fixture('layer.tar.zst').subarray(0, 200) },
    { name: 'a corrupt zstd block', blob: corrupt(fixture('layer.tar.zst'), 60) },
  ])('blames the blob for $name when its digest is wrong, else the layer', async ({ blob }) => {
    const wrong = await failure(decompressAll({ source: verified(blob, { digest: digestOf('x') }) }));
    expect(wrong).toBeInstanceOf(DigestMismatchError);
    const right = await failure(decompressAll({ source: verified(blob) }));
    expect(right).toBeInstanceOf(InvalidLayerError);
  });

  it.each([
    {
      name: 'a gzip media type on plain bytes',
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      blob: TAR,
      message: /says gzip, but the blob does not start with a gzip header/,
    },
    {
      name: 'a zstd media type on an empty blob',
      mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd',
      blob: Buffer.alloc(0),
      message: /says zstd, but the blob is empty/,
    },
  ])('refuses $name', async ({ mediaType, blob, message }) => {
    const err = await failure(decompressAll({ source: verified(blob), mediaType }));
    expect(err).toBeInstanceOf(InvalidLayerError);
    expect((err as Error).message).toMatch(message);
  });

  it('reads by magic number when the media type names the other compression', async () => {
    const out = await decompressAll({
      source: verified(gzipSync(TAR)),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd',
    });
    expect(out.equals(TAR)).toBe(true);
  });

  it.each([
    { name: 'bzip2', head: Buffer.from('BZh91AY&SY') },
    { name: 'xz', head: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]) },
  ])('refuses $name as unsupported', async ({ head }) => {
    expect(await failure(decompressAll({ source: verified(head) }))).toBeInstanceOf(
      UnsupportedCompressionError,
    );
  });

  it.each([
    {
      name: 'a gzip bomb past the ratio limit',
      // gzip tops out near 1030:1, so the ratio is lowered to catch this small one.
      blob: gzipSync(Buffer.alloc(64 * MiB)),
      limits: { ratioAfter: 4 * MiB, maxRatio: 100 },
      limit: 'ratio',
    },
    ...ZSTD_ENGINES.map((zstd) => ({
      name: `a zstd bomb past the ratio limit (${zstd})`,
      blob: fixture('zeros-64m.zst'),
      limits: { ratioAfter: 4 * MiB },
      limit: 'ratio',
      zstd,
    })),
    {
      name: 'a layer past the byte limit',
      blob: gzipSync(Buffer.alloc(16 * MiB, 'abc')),
      limits: { maxBytes: 8 * MiB },
      limit: 'bytes',
    },
    {
      name: 'a plain tar past the byte limit',
      blob: Buffer.alloc(3 * MiB),
      limits: { maxBytes: 2 * MiB },
      limit: 'bytes',
    },
    {
      name: 'a zstd window above the limit',
      blob: fixture('zeros-64m.zst'),
      limits: { maxZstdWindow: 4 * MiB },
      limit: 'zstdWindow',
    },
  ])('stops at $name, early', async ({ blob, limits, limit, ...rest }) => {
    const zstd = 'zstd' in rest ? rest.zstd : undefined;
    const layer = decompressLayer({ source: chunked(blob, 4096), limits, ...(zstd ? { zstd } : {}) });
    const err = await failure(collectAll(layer));
    expect(err).toBeInstanceOf(LayerLimitError);
    expect((err as LayerLimitError).limit).toBe(limit);
    // Bounded: it stopped well before decompressing everything.
    expect(layer.decompressedBytes).toBeLessThanOrEqual(10 * MiB);
  });

  it('lets a compressible layer under the ratio threshold through', async () => {
    const zeros = Buffer.alloc(2 * MiB);
    const out = await decompressAll({ source: chunked(gzipSync(zeros)), limits: { ratioAfter: 4 * MiB } });
    expect(out.equals(zeros)).toBe(true);
  });

  it.each([{ available: hasNodeZstd() }])(
    'asks for node:zlib zstd only where it exists (here: $available)',
    ({ available }) => {
      const open = () => decompressLayer({ source: chunked(Buffer.alloc(0)), zstd: 'node' });
      if (available) expect(open).not.toThrow();
      else expect(open).toThrow(/no zstd in node:zlib/);
    },
  );

  it('stops at once when the signal aborts, even with the source stalled, and releases it', async () => {
    const ac = new AbortController();
    let released = false;
    let reads = 0;
    // An iterator like a socket's: the second read never completes, but return() releases it.
    const stalled: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          reads++ === 0
            ? Promise.resolve({ done: false, value: gzipSync(TAR).subarray(0, 100) })
            : new Promise<IteratorResult<Uint8Array>>(() => {}),
        return: () => {
          released = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
    const layer = decompressLayer({ source: stalled, signal: ac.signal });
    const all = failure(collectAll(layer));
    await expect.poll(() => reads).toBe(2);
    ac.abort(new Error('user pressed Esc'));
    const err = await all;
    expect((err as Error).message).toBe('user pressed Esc');
    await expect.poll(() => released).toBe(true);
  });
});

function corrupt(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  for (let i = at; i < at + 16 && i < copy.length; i++) copy[i] = copy[i]! ^ 0xa5;
  return copy;
}
