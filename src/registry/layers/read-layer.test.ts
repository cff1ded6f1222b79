import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DigestMismatchError, digestOf, SizeMismatchError } from '../digest/index.js';
import { hasNodeZstd, type ZstdEngine } from './compression.js';
import { InvalidLayerError, LayerLimitError } from './errors.js';
import type { LayerEntry } from './layer-entry.js';
import { type ReadLayerOptions, readLayerEntries } from './read-layer.js';
import { chunked, collectAll, makeTar, verified } from './testing/make-tar.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const TAR = fixture('layer.tar');
const GZ = gzipSync(TAR);
const ZSTD_ENGINES: ZstdEngine[] = ['fzstd', ...(hasNodeZstd() ? (['node'] as const) : [])];
const MiB = 1024 * 1024;

const mtime = new Date(1_700_000_000_000);
const e = (x: Partial<LayerEntry> & Pick<LayerEntry, 'path' | 'type'>): LayerEntry => ({
  size: 0,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime,
  ...x,
});
/** What testdata/layer.tar holds (see make-layer-tar.mjs). */
const FIXTURE_ENTRIES: LayerEntry[] = [
  e({ path: 'etc', type: 'dir', mode: 0o755 }),
  e({ path: 'etc/os-release', type: 'file', size: 11 }),
  e({ path: 'usr/bin', type: 'dir', mode: 0o755 }),
  e({
    path: 'usr/bin/tool',
    type: 'file',
    size: 5000,
    mode: 0o4755,
    uid: 1000,
    gid: 1000,
    uname: 'dev',
    gname: 'dev',
  }),
  e({ path: 'usr/bin/tool-link', type: 'hardlink', mode: 0o4755, linkname: 'usr/bin/tool' }),
  e({ path: 'usr/bin/sh', type: 'symlink', mode: 0o777, linkname: '/bin/busybox' }),
  e({ path: `deep/${'d'.repeat(120)}/file.txt`, type: 'file', size: 4, mode: 0o600 }),
  e({ path: 'var/cache', type: 'file', whiteout: 'opaque' }),
  e({ path: 'var/log', type: 'file', whiteout: 'file' }),
  e({ path: 'tmp/evil\\x1b[2Jname', type: 'file', size: 1 }),
  e({ path: 'dev/null', type: 'char', mode: 0o666 }),
  e({ path: 'run/fifo', type: 'fifo', mode: 0o600 }),
];

/** Reads every entry; returns them with the error that ended the read, if any. */
async function readAll(opts: ReadLayerOptions): Promise<{ entries: LayerEntry[]; error?: unknown }> {
  const entries: LayerEntry[] = [];
  try {
    for await (const entry of readLayerEntries(opts)) entries.push(entry);
  } catch (error) {
    return { entries, error };
  }
  return { entries };
}

describe('readLayerEntries', () => {
  const encodings = [
    { name: 'a plain tar', blob: TAR, zstd: undefined },
    { name: 'gzip', blob: GZ, zstd: undefined },
    ...ZSTD_ENGINES.flatMap((zstd) => [
      { name: `zstd (${zstd})`, blob: fixture('layer.tar.zst'), zstd },
      { name: `zstd in several frames (${zstd})`, blob: fixture('layer-frames.tar.zst'), zstd },
    ]),
  ];

  it.each(encodings.flatMap((c) => [3, 512, 1 << 20].map((chunk) => ({ ...c, chunk }))))(
    'lists $name read in $chunk-byte chunks',
    async ({ blob, zstd, chunk }) => {
      const stream = verified(Buffer.from(blob)); // checked against its own digest
      const { entries, error } = await readAll({
        stream: chunk === 512 ? stream : rechunk(stream, chunk),
        ...(zstd ? { zstd } : {}),
      });
      expect(error).toBeUndefined();
      expect(entries).toEqual(FIXTURE_ENTRIES);
    },
  );

  it('reports progress up to the blob size', async () => {
    const seen: number[] = [];
    await collectAll(readLayerEntries({ stream: verified(GZ), onProgress: (n) => seen.push(n) }));
    expect(seen.at(-1)).toBe(GZ.length);
  });

  it('lists an empty blob as no entries', async () => {
    expect(await readAll({ stream: verified(Buffer.alloc(0)) })).toEqual({ entries: [] });
  });

  // reliability A07 / ggcr #2303: bytes the tar parser never needs must still reach the digest check.
  // `complete`: whether every entry is listed first. zlib drops the output of the chunk it
  // fails in, so junk after a gzip member may cost the entries decoded from that chunk.
  const tails = [
    {
      name: 'junk inside the gzip member, after the end-of-archive',
      blob: gzipSync(Buffer.concat([TAR, junk(3000)])),
      complete: true,
    },
    {
      name: 'zero padding inside the gzip member',
      blob: gzipSync(Buffer.concat([TAR, Buffer.alloc(8192)])),
      complete: true,
    },
    {
      name: 'junk after the gzip member',
      blob: Buffer.concat([GZ, Buffer.from('trailing bytes')]),
      complete: false,
    },
    { name: 'zeros after the gzip member', blob: Buffer.concat([GZ, Buffer.alloc(4096)]), complete: true },
    { name: 'junk after a plain tar', blob: Buffer.concat([TAR, junk(700)]), complete: true },
  ];

  it.each(tails)('fails on the digest with $name', async ({ blob, complete }) => {
    // The descriptor describes the clean layer; the registry served one with extra bytes (same length).
    const { entries, error } = await readAll({ stream: verified(blob, { digest: digestOf(GZ) }) });
    expect(error).toBeInstanceOf(DigestMismatchError);
    if (complete) expect(entries).toEqual(FIXTURE_ENTRIES);
    else expect(entries).toEqual(FIXTURE_ENTRIES.slice(0, entries.length));
  });

  it('fails on the digest after the consumer has seen every entry', async () => {
    const big = await makeTar(
      Array.from({ length: 200 }, (_, i) => ({ name: `f${i}`, content: 'x'.repeat(i) })),
    );
    const blob = gzipSync(Buffer.concat([big, Buffer.alloc(1024, 1)]));
    const { entries, error } = await readAll({ stream: verified(blob, { digest: digestOf(big) }) });
    expect(entries).toHaveLength(200);
    expect(error).toBeInstanceOf(DigestMismatchError);
  });

  it.each([
    { name: 'zero padding inside the gzip member', blob: tails[1]!.blob, ok: true },
    { name: 'zeros after the gzip member', blob: tails[3]!.blob, ok: true },
    // Go's reader (and so containerd) stops at the end-of-archive marker; so does berth.
    { name: 'junk inside the gzip member, after the end-of-archive', blob: tails[0]!.blob, ok: true },
    { name: 'junk after a plain tar', blob: tails[4]!.blob, ok: true },
    { name: 'junk after the gzip member', blob: tails[2]!.blob, ok: false },
  ])('with a correct digest, $name is ok: $ok', async ({ blob, ok }) => {
    const { entries, error } = await readAll({ stream: verified(blob) });
    if (ok) {
      expect(error).toBeUndefined();
      expect(entries).toEqual(FIXTURE_ENTRIES);
    } else {
      expect(error).toBeInstanceOf(InvalidLayerError);
      expect(entries).toEqual(FIXTURE_ENTRIES.slice(0, entries.length));
    }
  });

  it('stops listing at the end-of-archive marker, as a runtime would', async () => {
    const second = await makeTar([{ name: 'after-the-end', content: 'x' }]);
    const { entries, error } = await readAll({ stream: verified(gzipSync(Buffer.concat([TAR, second]))) });
    expect(error).toBeUndefined();
    expect(entries).toEqual(FIXTURE_ENTRIES);
  });

  it('stops at the first zero block of an empty archive', async () => {
    const empty = Buffer.concat([Buffer.alloc(1024), junk(600)]);
    expect(await readAll({ stream: verified(empty) })).toEqual({ entries: [] });
  });

  // F08: padding is decompressed (so it counts against the limits) but never parsed.
  const padded = gzipSync(Buffer.concat([TAR, Buffer.alloc(64 * MiB)]), { level: 1 });
  it.each([
    { name: 'reads padding after the end-of-archive to the end', limits: {}, ok: true },
    { name: 'counts padding against the byte limit', limits: { maxBytes: 16 * MiB }, ok: false },
  ])('$name', async ({ limits, ok }) => {
    const { entries, error } = await readAll({ stream: verified(padded), limits });
    expect(entries).toEqual(FIXTURE_ENTRIES);
    if (ok) expect(error).toBeUndefined();
    else expect((error as LayerLimitError).limit).toBe('bytes');
  });

  it.each([
    { name: 'a short blob', stream: () => verified(GZ, { size: GZ.length + 10 }), want: SizeMismatchError },
    {
      name: 'a truncated tar (digest right)',
      stream: () => verified(TAR.subarray(0, 3000)),
      want: InvalidLayerError,
    },
    {
      name: 'a truncated tar (digest wrong)',
      stream: () => verified(TAR.subarray(0, 3000), { digest: digestOf(TAR) }),
      want: DigestMismatchError,
    },
    {
      name: 'bytes that are not a tar',
      stream: () => verified(Buffer.from('{"not":"a tar"}'.repeat(100))),
      want: InvalidLayerError,
    },
  ])('fails on $name', async ({ stream, want }) => {
    const { error } = await readAll({ stream: stream() });
    expect(error).toBeInstanceOf(want);
  });

  it('refuses a media type its bytes contradict', async () => {
    const { error } = await readAll({
      stream: verified(TAR),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    });
    expect(error).toBeInstanceOf(InvalidLayerError);
  });

  it.each([
    { name: 'entry count', limits: { maxEntries: 5 }, limit: 'entries', listed: 5 },
    { name: 'path length', limits: { maxPathLength: 100 }, limit: 'path', listed: 6 },
  ])('stops at the $name limit', async ({ limits, limit, listed }) => {
    const { entries, error } = await readAll({ stream: verified(GZ), limits });
    expect(error).toBeInstanceOf(LayerLimitError);
    expect((error as LayerLimitError).limit).toBe(limit);
    expect(entries).toHaveLength(listed);
  });

  it('stops a decompression bomb inside a layer', async () => {
    const bomb = gzipSync(await makeTar([{ name: 'big', content: Buffer.alloc(32 * MiB) }]));
    const { error } = await readAll({
      stream: verified(bomb),
      limits: { ratioAfter: 2 * MiB, maxRatio: 100 },
    });
    expect(error).toBeInstanceOf(LayerLimitError);
  });

  it('skips file contents without holding them', async () => {
    const big = await makeTar([
      { name: 'a', content: Buffer.alloc(20 * MiB, 1) },
      { name: 'b', content: 'x' },
    ]);
    const { entries } = await readAll({ stream: chunked(gzipSync(big), 64 * 1024) });
    expect(entries.map((x) => [x.path, x.size])).toEqual([
      ['a', 20 * MiB],
      ['b', 1],
    ]);
  });

  it('stops at once on abort, with the source stalled mid-layer, and releases it', async () => {
    const source = stalledAfter(GZ.subarray(0, 600));
    const ac = new AbortController();
    const it = readLayerEntries({ stream: source.iterable, signal: ac.signal });
    expect((await it.next()).value).toEqual(FIXTURE_ENTRIES[0]);
    const rest = collectAll({ [Symbol.asyncIterator]: () => it });
    await expect.poll(() => source.reads()).toBeGreaterThanOrEqual(2);
    ac.abort(new Error('Esc'));
    await expect(rest).rejects.toThrow('Esc');
    await expect.poll(() => source.released()).toBe(true);
  });

  it('refuses to start with an aborted signal', async () => {
    const { error } = await readAll({ stream: verified(GZ), signal: AbortSignal.abort(new Error('gone')) });
    expect((error as Error).message).toBe('gone');
  });

  it('releases the source when the consumer stops early', async () => {
    const source = stalledAfter(GZ.subarray(0, 600));
    for await (const entry of readLayerEntries({ stream: source.iterable })) {
      expect(entry.path).toBe('etc');
      break;
    }
    await expect.poll(() => source.released()).toBe(true);
  });
});

/** Bytes that cannot be a tar header (its checksum will not match). */
function junk(n: number): Buffer {
  return Buffer.alloc(n, 'junk!');
}

async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield* chunked(chunk, size);
}

/** A source like a socket: `head`, then a read that never completes until `return()` releases it. */
function stalledAfter(head: Uint8Array) {
  let reads = 0;
  let released = false;
  const iterable: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        reads++ === 0
          ? Promise.resolve({ done: false, value: head })
          : new Promise<IteratorResult<Uint8Array>>(() => {}),
      return: () => {
        released = true;
        return Promise.resolve({ done: true, value: undefined });
      },
    }),
  };
  return { iterable, reads: () => reads, released: () => released };
}
