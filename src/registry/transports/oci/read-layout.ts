import { join } from 'node:path';
import type { ParsedImageIndex } from '../../manifest/index.js';
import { parseJsonDocument, parseManifest } from '../../manifest/index.js';
import { readSmallFile } from '../local/index.js';
import { INDEX_FILE, OCI_LAYOUT_FILE } from './layout-paths.js';

/**
 * `index.json` may list many images; 16 MiB is four times the manifest limit and, at about
 * 200 bytes an entry, far more than the 10 000 entries the parser accepts.
 */
export const INDEX_JSON_LIMIT = 16 * 1024 * 1024;
const LAYOUT_FILE_LIMIT = 64 * 1024;

/** A directory that is not an OCI image layout, or one berth cannot read. */
export class NotAnOciLayoutError extends Error {
  override readonly name = 'NotAnOciLayoutError';
  readonly path: string;

  constructor(path: string, reason: string, options?: ErrorOptions) {
    super(`${path} is not an OCI image layout: ${reason}`, options);
    this.path = path;
  }
}

/** An OCI image layout on disk, with its `index.json` read and checked. */
export interface OciLayout {
  path: string;
  index: ParsedImageIndex;
}

/**
 * Reads the layout at `path`: the `oci-layout` marker must name a 1.x layout version, and
 * `index.json` must be a valid image index (strict JSON, checked descriptors). Neither file
 * may be a symlink. A layout with a marker but no `index.json` holds no images yet and is
 * reported as such.
 *
 * @throws {NotAnOciLayoutError} or the parse error (with the file named) of a bad `index.json`.
 */
export async function readLayout(opts: { path: string; signal?: AbortSignal }): Promise<OciLayout> {
  await checkLayoutMarker(opts);
  const index = await readIndexJson(opts);
  if (index === undefined) throw new NotAnOciLayoutError(opts.path, `it has no ${INDEX_FILE}`);
  return { path: opts.path, index: index.parsed };
}

/** Checks the `oci-layout` file. @throws {NotAnOciLayoutError} when it is missing or names another version. */
export async function checkLayoutMarker(opts: { path: string; signal?: AbortSignal }): Promise<void> {
  const file = join(opts.path, OCI_LAYOUT_FILE);
  let bytes: Buffer;
  try {
    bytes = await readSmallFile({
      path: file,
      limit: LAYOUT_FILE_LIMIT,
      what: OCI_LAYOUT_FILE,
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotAnOciLayoutError(opts.path, `it has no ${OCI_LAYOUT_FILE} file`);
    }
    throw new NotAnOciLayoutError(opts.path, `reading ${OCI_LAYOUT_FILE}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let doc: unknown;
  try {
    doc = parseJsonDocument(bytes, OCI_LAYOUT_FILE);
  } catch (err) {
    throw new NotAnOciLayoutError(opts.path, (err as Error).message, { cause: err });
  }
  const version =
    typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>).imageLayoutVersion
      : undefined;
  // Minor versions only add fields; a 2.x layout could mean something else.
  if (typeof version !== 'string' || !/^1\.[0-9]+\.[0-9]+$/.test(version)) {
    throw new NotAnOciLayoutError(
      opts.path,
      `${OCI_LAYOUT_FILE} names no supported imageLayoutVersion (1.x)`,
    );
  }
}

/** `index.json` as parsed and checked, and as the plain JSON object to rewrite it from. */
export interface IndexJson {
  parsed: ParsedImageIndex;
  /** Every field as found, so a rewrite keeps what berth does not know about. */
  raw: Record<string, unknown> & { manifests: unknown[] };
}

/** Reads `index.json`, or returns undefined when the layout has none yet. */
export async function readIndexJson(opts: {
  path: string;
  signal?: AbortSignal;
}): Promise<IndexJson | undefined> {
  const file = join(opts.path, INDEX_FILE);
  let bytes: Buffer;
  try {
    bytes = await readSmallFile({
      path: file,
      limit: INDEX_JSON_LIMIT,
      what: INDEX_FILE,
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`reading ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseIndexJson(bytes, file);
}

/** Parses `index.json` bytes; `file` names it in errors. */
export function parseIndexJson(bytes: Uint8Array, file: string): IndexJson {
  let parsed: ReturnType<typeof parseManifest>;
  try {
    parsed = parseManifest({ bytes, maxBytes: INDEX_JSON_LIMIT });
  } catch (err) {
    throw new Error(`reading ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (parsed.kind !== 'index') throw new Error(`reading ${file}: it is not an image index`);
  // Already checked strictly above; this copy keeps unknown fields for a rewrite.
  const raw = JSON.parse(Buffer.from(bytes).toString('utf8')) as IndexJson['raw'];
  return { parsed, raw };
}
