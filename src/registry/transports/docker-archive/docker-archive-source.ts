import { type Digest, SizeMismatchError, verifyStream } from '../../digest/index.js';
import type { Descriptor, Manifest } from '../../manifest/index.js';
import type { ImageName, Reference } from '../../ref/index.js';
import type { ImageSource, TagLister } from '../types.js';
import { type ArchiveImage, loadArchiveImage } from './archive-image.js';
import {
  ARCHIVE_MANIFEST_LIMIT,
  type ArchiveItem,
  archiveTags,
  chooseItem,
  parseArchiveManifest,
} from './archive-manifest.js';
import { ArchiveReader } from './archive-reader.js';
import { decompress } from './decompress.js';

/** Options for {@link openDockerArchiveSource}. */
export interface OpenDockerArchiveSourceOptions {
  path: string;
  /** The image whose RepoTags include this reference. */
  ref?: Reference;
  /** The image at this position of manifest.json (`:@N`). */
  index?: number;
  signal?: AbortSignal;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** An image in a `docker save` archive; see the folder's index for the rules it keeps. */
export class DockerArchiveSource implements ImageSource, TagLister {
  readonly name: ImageName;
  readonly #archive: ArchiveReader;
  readonly #items: ArchiveItem[];
  readonly #sel: { ref?: Reference; index?: number };
  #image: Promise<ArchiveImage> | undefined;

  constructor(opts: {
    archive: ArchiveReader;
    items: ArchiveItem[];
    name: ImageName;
    ref?: Reference;
    index?: number;
  }) {
    this.#archive = opts.archive;
    this.#items = opts.items;
    this.name = opts.name;
    this.#sel = { ref: opts.ref, index: opts.index };
  }

  /** Chosen and read on first use, so `listTags` works on an archive of many images. */
  #load(signal?: AbortSignal): Promise<ArchiveImage> {
    if (!this.#image) {
      const [item] = chooseItem(this.#items, this.#sel, this.#archive.path);
      this.#image = loadArchiveImage({ archive: this.#archive, item, signal });
      // A cancelled first load must not poison later calls.
      this.#image.catch(() => {
        if (signal?.aborted) this.#image = undefined;
      });
    }
    return this.#image;
  }

  async getManifest(opts: { digest?: Digest; signal?: AbortSignal } = {}): Promise<Manifest> {
    const image = await this.#load(opts.signal);
    if (opts.digest !== undefined && opts.digest !== image.manifest.digest) {
      throw new Error(
        `${this.#archive.path}: a docker-archive image has one manifest, ${image.manifest.digest}; ${opts.digest} is not it`,
      );
    }
    return image.manifest;
  }

  async getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    const { descriptor, signal } = opts;
    const image = await this.#load(signal);
    const what = `blob ${descriptor.digest}`;
    if (descriptor.digest === image.config.digest) {
      const { bytes } = image.config;
      if (descriptor.size !== bytes.length)
        throw new SizeMismatchError(descriptor.size, bytes.length, { what });
      return verifyStream(once(bytes), { digest: descriptor.digest, size: descriptor.size, signal, what });
    }
    const layer = image.layers.get(descriptor.digest);
    if (!layer) throw new Error(`${this.#archive.path}: ${what} is not part of this image`);
    if (descriptor.size !== layer.descriptor.size) {
      throw new SizeMismatchError(layer.descriptor.size, descriptor.size, { what });
    }
    const raw = this.#archive.read(layer.entry);
    const bytes = layer.decompress ? decompress(raw, layer.decompress) : raw;
    return verifyStream(bytes, { digest: descriptor.digest, size: descriptor.size, signal, what });
  }

  async listTags(_opts: { signal?: AbortSignal } = {}): Promise<string[]> {
    return archiveTags(this.#items, this.#archive.path);
  }

  async close(): Promise<void> {
    await this.#archive.close();
  }
}

/**
 * Opens a `docker save` archive (plain, gzip or zstd tar) and reads its manifest.json. The
 * image itself is chosen and read on first use.
 *
 * @throws {InvalidArchiveError} for an archive berth refuses; the `ENOENT` of a missing file.
 */
export async function openDockerArchiveSource(
  opts: OpenDockerArchiveSourceOptions,
): Promise<DockerArchiveSource> {
  const { path, ref, index, signal } = opts;
  if (ref && index !== undefined)
    throw new Error('a docker-archive source takes a reference or an index, not both');
  const archive = await ArchiveReader.open({ path, signal });
  try {
    const entry = archive.resolve('manifest.json', 'component');
    const bytes = await archive.readSmall(entry, {
      limit: ARCHIVE_MANIFEST_LIMIT,
      what: 'manifest.json',
      signal,
    });
    const items = parseArchiveManifest(bytes, path);
    const name: ImageName = {
      transport: 'docker-archive',
      path,
      ...(ref ? { ref } : {}),
      ...(index !== undefined ? { index } : {}),
    };
    return new DockerArchiveSource({ archive, items, name, ref, index });
  } catch (err) {
    await archive.close();
    throw err;
  }
}
