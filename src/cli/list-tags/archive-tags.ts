/**
 * `list-tags docker-archive:PATH`: the tags of every image in a `docker save` archive, as
 * skopeo lists them — each `RepoTags` entry as written in `manifest.json` (the first
 * entry in the archive that names the same normalised reference, as c/image's lookup
 * finds it), and `@N` for an image without tags, N being its position. An archive with
 * no images lists `null`. Only `manifest.json` is read, and at most `MANIFEST_LIMIT`
 * bytes of it; the archive may be gzip-compressed.
 */
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { MANIFEST_LIMIT, readBounded } from '../../registry/digest/index.js';
import { formatReference, InvalidReferenceError, parseReference } from '../../registry/ref/index.js';

/** One `manifest.json` entry, the part that matters for tags. */
export interface ArchiveItem {
  repoTags: string[];
}

async function firstBytes(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: 1 })) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, total);
}

/** Reads and parses `manifest.json` from the archive at `path`. */
export async function readArchiveItems(opts: { path: string; signal?: AbortSignal }): Promise<ArchiveItem[]> {
  const magic = await firstBytes(opts.path);
  const file = createReadStream(opts.path, opts.signal ? { signal: opts.signal } : {});
  const tar: Readable = magic[0] === 0x1f && magic[1] === 0x8b ? file.pipe(createGunzip()) : file;
  const entries = extract();
  tar.on('error', (err) => entries.destroy(err));
  tar.pipe(entries);
  let text: string | undefined;
  try {
    for await (const entry of entries) {
      if (posix.normalize(entry.header.name) === 'manifest.json' && entry.header.type === 'file') {
        const bytes = await readBounded(entry as AsyncIterable<Uint8Array>, {
          limit: MANIFEST_LIMIT,
          what: 'docker-archive manifest.json',
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        text = bytes.toString('utf8');
        break;
      }
      entry.resume();
    }
  } finally {
    entries.destroy();
    file.destroy();
  }
  if (text === undefined) throw new Error(`${opts.path} is not a docker archive: it has no manifest.json`);
  return parseItems(text);
}

function parseItems(text: string): ArchiveItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('docker-archive manifest.json is not valid JSON');
  }
  if (!Array.isArray(doc)) throw new Error('docker-archive manifest.json is not a list');
  return doc.map((item, i) => {
    const tags = (item as { RepoTags?: unknown } | null)?.RepoTags;
    if (tags === null || tags === undefined) return { repoTags: [] };
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
      throw new Error(`docker-archive manifest.json item @${i}: RepoTags is not a list of strings`);
    }
    return { repoTags: tags };
  });
}

/** The full form of a `RepoTags` entry, which must carry a tag. */
function normalizedTag(tag: string, item: number): string {
  let ref: ReturnType<typeof parseReference>;
  try {
    ref = parseReference(tag, { defaultTag: false });
  } catch (err) {
    const reason = err instanceof InvalidReferenceError ? err.reason : String(err);
    throw new Error(`Invalid tag ${JSON.stringify(tag)} in manifest item @${item}: ${reason}`);
  }
  if (ref.tag === undefined || ref.digest !== undefined) {
    throw new Error(`Invalid tag ${tag} (${formatReference(ref)}): does not contain a tag`);
  }
  return formatReference(ref);
}

/** skopeo's tag listing for an archive's items; `null` when it holds no image. */
export function archiveTagListing(items: readonly ArchiveItem[]): string[] | null {
  if (items.length === 0) return null;
  const normalized = items.map((item, i) => item.repoTags.map((t) => normalizedTag(t, i)));
  const listing: string[] = [];
  items.forEach((item, i) => {
    if (item.repoTags.length === 0) {
      listing.push(`@${i}`);
      return;
    }
    for (const name of normalized[i]!) {
      // c/image looks each tag up again from the start of the archive and reports the first spelling.
      const at = normalized.findIndex((tags) => tags.includes(name));
      const j = normalized[at]!.indexOf(name);
      listing.push(items[at]!.repoTags[j]!);
    }
  });
  return listing;
}
