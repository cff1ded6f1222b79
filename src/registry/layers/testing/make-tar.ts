/**
 * Builds layer tars for the tests with tar-stream's packer (independent of the reader under
 * test), and turns bytes into the chunked, verified streams a transport would hand out.
 */
import { gzipSync } from 'node:zlib';
import { type Header, pack } from 'tar-stream';
import { type Digest, digestOf, verifyStream } from '../../digest/index.js';

/** One entry for {@link makeTar}; `type` defaults to a file (or a directory when the name ends in `/`). */
export interface TarSpec {
  name: string;
  type?: Header['type'];
  content?: string | Uint8Array;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: Date;
}

/** A tar with the end-of-archive marker; names too long for ustar get PAX headers. */
export async function makeTar(entries: readonly TarSpec[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    p.on('data', (c) => chunks.push(c as Buffer));
    p.on('end', resolve);
    p.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? (e.name.endsWith('/') ? 'directory' : 'file');
    const content = type === 'file' ? Buffer.from(e.content ?? '') : undefined;
    const header: Partial<Header> & Pick<Header, 'name'> = {
      name: e.name,
      type,
      mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
      mtime: e.mtime ?? new Date(0),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      ...(e.uname !== undefined ? { uname: e.uname } : {}),
      ...(e.gname !== undefined ? { gname: e.gname } : {}),
      ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
      ...(content ? { size: content.length } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (content) p.entry(header, content, cb);
      else p.entry(header, cb);
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** {@link makeTar}, gzip-compressed. */
export async function makeTarGz(entries: readonly TarSpec[]): Promise<Buffer> {
  return gzipSync(await makeTar(entries));
}

/** Yields `bytes` in chunks of `size` (default 1000: odd, so chunks straddle tar blocks). */
export async function* chunked(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/**
 * A stream of `bytes` checked like a transport's blob stream. By default against their
 * own digest; pass `expected` to model a blob whose bytes differ from its descriptor.
 */
export function verified(
  bytes: Uint8Array,
  expected: { digest?: Digest; size?: number } = {},
): AsyncGenerator<Uint8Array> {
  return verifyStream(chunked(bytes), {
    digest: expected.digest ?? digestOf(bytes),
    size: expected.size ?? bytes.length,
    what: 'test layer',
  });
}

/** Every value an async iterable yields. */
export async function collectAll<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}
