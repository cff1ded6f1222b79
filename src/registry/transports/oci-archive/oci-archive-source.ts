import {
  type Digest,
  digestAlgorithm,
  digestHex,
  MANIFEST_LIMIT,
  parseDigest,
  SizeMismatchError,
  verifyStream,
} from '../../digest/index.js';
import { type Descriptor, type Manifest, parseJsonDocument } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import { ArchiveReader, InvalidArchiveError } from '../docker-archive/index.js';
import {
  INDEX_FILE,
  INDEX_JSON_LIMIT,
  OCI_LAYOUT_FILE,
  parseIndexJson,
  selectIndexEntry,
} from '../oci/index.js';
import { parseLayoutManifest } from '../oci/parse-layout-manifest.js';
import type { ImageSource } from '../types.js';
import { checkOciArchiveEntries, LAYOUT_MARKER_LIMIT } from './check-entries.js';

/** Options for {@link openOciArchiveSource}. */
export interface OpenOciArchiveSourceOptions {
  path: string;
  /** The image's `org.opencontainers.image.ref.name`; none: the only image. */
  image?: string;
  /** Accepted for the opener's sake and unused: nothing is extracted. */
  tmpDir?: string;
  signal?: AbortSignal;
}

/** The archive path of a blob, from a parsed digest only. */
function blobName(digest: Digest): string {
  const d = parseDigest(digest);
  return `blobs/${digestAlgorithm(d)}/${digestHex(d)}`;
}

/** An image in an oci-archive; see the folder's index for the rules it keeps. */
export class OciArchiveSource implements ImageSource {
  readonly name: ImageName;
  readonly #archive: ArchiveReader;
  readonly #top: Descriptor;

  constructor(opts: { archive: ArchiveReader; top: Descriptor; name: ImageName }) {
    this.#archive = opts.archive;
    this.#top = opts.top;
    this.name = opts.name;
  }

  async getManifest(opts: { digest?: Digest; signal?: AbortSignal } = {}): Promise<Manifest> {
    const digest = opts.digest ?? this.#top.digest;
    const entry = this.#archive.resolve(blobName(digest), 'manifest');
    const bytes = await this.#archive.readSmall(entry, {
      limit: MANIFEST_LIMIT,
      what: 'manifest',
      signal: opts.signal,
    });
    return parseLayoutManifest({ bytes, digest, top: this.#top });
  }

  async getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    const { digest, size } = opts.descriptor;
    const what = `blob ${digest}`;
    const entry = this.#archive.resolve(blobName(digest), 'blob');
    if (entry.size !== size) throw new SizeMismatchError(size, entry.size, { what });
    return verifyStream(this.#archive.read(entry), { digest, size, signal: opts.signal, what });
  }

  async close(): Promise<void> {
    await this.#archive.close();
  }
}

/** Minor layout versions only add fields; a 2.x layout could mean something else. */
function checkLayoutVersion(bytes: Uint8Array, archive: string): void {
  let doc: unknown;
  try {
    doc = parseJsonDocument(bytes, OCI_LAYOUT_FILE);
  } catch (err) {
    throw new InvalidArchiveError(archive, (err as Error).message, { cause: err });
  }
  const version =
    typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>).imageLayoutVersion
      : undefined;
  if (typeof version !== 'string' || !/^1\.[0-9]+\.[0-9]+$/.test(version)) {
    throw new InvalidArchiveError(archive, `${OCI_LAYOUT_FILE} names no supported imageLayoutVersion (1.x)`);
  }
}

/**
 * Opens an oci-archive (plain, gzip or zstd tar of an OCI layout): indexes it, checks every
 * entry, reads `oci-layout` and `index.json`, and chooses the image as `oci:` does.
 *
 * @throws {InvalidArchiveError}, {LayoutImageNotFoundError}, or the `ENOENT` of a missing file.
 */
export async function openOciArchiveSource(opts: OpenOciArchiveSourceOptions): Promise<OciArchiveSource> {
  const { path, image, signal } = opts;
  const archive = await ArchiveReader.open({ path, signal });
  try {
    checkOciArchiveEntries(archive);
    const read = (name: string, limit: number) =>
      archive.readSmall(archive.resolve(name, 'file'), { limit, what: name, signal });
    checkLayoutVersion(await read(OCI_LAYOUT_FILE, LAYOUT_MARKER_LIMIT), path);
    const index = parseIndexJson(await read(INDEX_FILE, INDEX_JSON_LIMIT), `${path}: ${INDEX_FILE}`);
    const { descriptor } = selectIndexEntry({ path, index: index.parsed.doc, image });
    const name: ImageName = { transport: 'oci-archive', path, ...(image !== undefined ? { image } : {}) };
    return new OciArchiveSource({ archive, top: descriptor, name });
  } catch (err) {
    await archive.close();
    throw err;
  }
}
