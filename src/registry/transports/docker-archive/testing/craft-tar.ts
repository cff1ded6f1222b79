/**
 * Builds tars for the archive tests, independently of berth's own tar writer: well-formed
 * ones with tar-stream, hostile or exotic ones (global PAX headers, GNU long names, two
 * PAX headers for one entry, a header after a zero block) block by block.
 */
import { pack } from 'tar-stream';

/** One entry for {@link craftTar}. */
export interface CraftEntry {
  name: string;
  type?: 'file' | 'symlink' | 'link' | 'directory' | 'character-device' | 'fifo';
  content?: string | Uint8Array;
  linkname?: string;
  /** Extra PAX records (tar-stream then writes a PAX header for the entry). */
  pax?: Record<string, string>;
}

/** A tar made by tar-stream, end marker included. */
export async function craftTar(entries: readonly CraftEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    p.on('data', (c) => chunks.push(c as Buffer));
    p.on('end', resolve);
    p.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const content = type === 'file' ? Buffer.from(e.content ?? '') : undefined;
    const header = {
      name: e.name,
      type,
      mode: type === 'directory' ? 0o755 : 0o644,
      mtime: new Date(0),
      ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
      ...(e.pax ? { pax: e.pax } : {}),
      ...(content ? { size: content.length } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (content) p.entry(header, content, cb);
      else p.entry(header, cb);
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

const BLOCK = 512;

/** Zero bytes that pad `n` up to a whole block. */
export function pad(n: number): Buffer {
  return Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);
}

/** The two zero blocks that end an archive. */
export const END_MARKER = Buffer.alloc(2 * BLOCK);

/** A hand-made ustar header block with any type flag. */
export function rawHeader(opts: {
  name: string;
  typeflag: string;
  size?: number;
  linkname?: string;
}): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(opts.name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${(opts.size ?? 0).toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(opts.typeflag, 156);
  if (opts.linkname) h.write(opts.linkname, 157, 100, 'utf8');
  h.write('ustar\u000000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** A whole raw entry: header, data, padding. */
export function rawEntry(opts: {
  name: string;
  typeflag?: string;
  content?: string | Uint8Array;
  linkname?: string;
}): Buffer {
  const data = Buffer.from(opts.content ?? '');
  const header = rawHeader({
    name: opts.name,
    typeflag: opts.typeflag ?? '0',
    size: data.length,
    linkname: opts.linkname,
  });
  return Buffer.concat([header, data, pad(data.length)]);
}

/** PAX (`x`/`g`) or GNU long-name (`L`/`K`) metadata entry, as written before the entry it applies to. */
export function rawMeta(typeflag: 'x' | 'g' | 'L' | 'K', records: Record<string, string> | string): Buffer {
  let data: Buffer;
  if (typeof records === 'string') {
    data = Buffer.from(`${records}\0`);
  } else {
    data = Buffer.from(
      Object.entries(records)
        .map(([k, v]) => {
          const body = ` ${k}=${v}\n`;
          let len = body.length + String(body.length).length;
          if (String(len).length + body.length !== len) len = String(len).length + body.length;
          return `${len}${body}`;
        })
        .join(''),
    );
  }
  return Buffer.concat([rawHeader({ name: 'meta', typeflag, size: data.length }), data, pad(data.length)]);
}
