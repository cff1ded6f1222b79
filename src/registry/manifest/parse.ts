import {
  type Digest,
  DigestMismatchError,
  digestAlgorithm,
  digestOf,
  MANIFEST_LIMIT,
  quoteInput,
} from '../digest/index.js';
import { readDescriptor } from './descriptor.js';
import { InvalidManifestError } from './errors.js';
import {
  checkFieldNames,
  foldKey,
  isObject,
  type JsonObject,
  optional,
  own,
  readEntries,
  readMediaType,
  readObject,
  readStringMap,
  required,
} from './fields.js';
import { parseStrictJson } from './json.js';
import {
  isImageManifestMediaType,
  isIndexMediaType,
  isManifestMediaType,
  isSchema1MediaType,
  MEDIA_TYPES,
  specificContentType,
} from './media-types.js';
import { FieldError, inDocument } from './path.js';
import { readSchema1, schema1Payload } from './schema1.js';
import type { ImageIndex, ImageManifest, Manifest } from './types.js';

export interface ParseManifestOptions {
  /** The document exactly as received. */
  bytes: Uint8Array;
  /** The response's `Content-Type`, if any; generic values such as `application/json` are ignored. */
  contentType?: string;
  /** The digest the manifest was requested by; the bytes must hash to it, with its algorithm. */
  expectedDigest?: Digest;
  /** Larger documents are refused unread. Default `MANIFEST_LIMIT` (4 MiB). */
  maxBytes?: number;
}

type Family = 'index' | 'image' | 'schema1';

/** The fields that identify each format; c/image's list for its CVE-2021-41190 check. */
const FORMAT_FIELDS: Readonly<Record<Family, readonly string[]>> = {
  index: ['manifests'],
  image: ['config', 'layers'],
  schema1: ['fsLayers', 'history'],
};

const IMAGE_FIELDS = [
  'schemaVersion',
  'mediaType',
  'artifactType',
  'config',
  'layers',
  'subject',
  'annotations',
];
const INDEX_FIELDS = ['schemaVersion', 'mediaType', 'artifactType', 'manifests', 'subject', 'annotations'];

/**
 * Which format the document's fields say it is. Keys are compared case-insensitively, as
 * Go's JSON decoder matches them, and null values count as absent, as in Go. A document
 * with the fields of two formats (an index with `layers`) could be read as either by
 * different tools, which is how CVE-2021-41190 worked, so it is refused.
 */
function detectFamily(root: JsonObject): Family | undefined {
  const found = new Map<Family, string[]>();
  for (const [key, value] of Object.entries(root)) {
    if (value === null) continue;
    const folded = foldKey(key);
    for (const [family, names] of Object.entries(FORMAT_FIELDS) as [Family, readonly string[]][]) {
      if (names.some((n) => foldKey(n) === folded)) found.set(family, [...(found.get(family) ?? []), key]);
    }
  }
  if (found.size > 1) {
    const keys = [...found.values()].flat().map((k) => quoteInput(k, 20));
    throw new FieldError(
      '',
      `ambiguous document: it has fields of more than one manifest format (${keys.join(', ')})`,
    );
  }
  return found.keys().next().value;
}

/** Best guess from the fields alone, as c/image's GuessMIMEType. */
function guessMediaType(root: JsonObject, family: Family | undefined, signed: boolean): string {
  const version = own(root, 'schemaVersion');
  if (version === 1) return signed ? MEDIA_TYPES.dockerSchema1Signed : MEDIA_TYPES.dockerSchema1;
  if (version === 2 && family === 'index') return MEDIA_TYPES.ociIndex;
  if (version === 2 && family === 'image') {
    const config = own(root, 'config');
    const configType = isObject(config) ? own(config, 'mediaType') : undefined;
    return configType === MEDIA_TYPES.dockerConfig ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
  }
  throw new FieldError(
    '',
    'cannot tell the manifest format: no mediaType, no manifest Content-Type, no known fields',
  );
}

/**
 * The document's media type: its `mediaType` field, else a specific `Content-Type`, else
 * a guess from its fields. A field and a header that disagree are refused (distribution
 * spec: clients SHOULD reject that; reliability A11).
 */
function resolveMediaType(
  root: JsonObject,
  contentType: string | undefined,
  family: Family | undefined,
  signed: boolean,
): string {
  const declared = optional(root, 'mediaType', '', readMediaType);
  const header = specificContentType(contentType);
  if (declared !== undefined && header !== undefined && declared !== header) {
    throw new FieldError(
      'mediaType',
      `${quoteInput(declared)} disagrees with Content-Type ${quoteInput(header)}`,
    );
  }
  if (declared !== undefined) return declared;
  if (header !== undefined && isManifestMediaType(header)) return header;
  return guessMediaType(root, family, signed);
}

function expectVersion(root: JsonObject, version: 1 | 2, mediaType: string): void {
  const v = own(root, 'schemaVersion');
  if (v !== version) {
    const got = typeof v === 'number' ? String(v) : v === undefined ? 'none' : typeof v;
    throw new FieldError('schemaVersion', `expected ${version} for ${mediaType}, got ${got}`);
  }
}

function expectFamily(family: Family | undefined, want: Family, mediaType: string): void {
  if (family !== undefined && family !== want) {
    throw new FieldError(
      '',
      `mediaType is ${mediaType} but the fields are those of ${family === 'index' ? 'an index' : family === 'image' ? 'an image manifest' : 'schema 1'}`,
    );
  }
}

function readImageManifest(root: JsonObject): ImageManifest {
  checkFieldNames(root, IMAGE_FIELDS, '');
  const doc: ImageManifest = {
    schemaVersion: 2,
    config: required(root, 'config', '', readDescriptor),
    layers: required(root, 'layers', '', (v, at) => readEntries(v, at, readDescriptor)),
  };
  return withCommon(doc, root);
}

function readIndex(root: JsonObject): ImageIndex {
  checkFieldNames(root, INDEX_FIELDS, '');
  const doc: ImageIndex = {
    schemaVersion: 2,
    manifests: required(root, 'manifests', '', (v, at) => readEntries(v, at, readDescriptor)),
  };
  return withCommon(doc, root);
}

function withCommon<T extends ImageManifest | ImageIndex>(doc: T, root: JsonObject): T {
  const mediaType = optional(root, 'mediaType', '', readMediaType);
  if (mediaType !== undefined) doc.mediaType = mediaType;
  const artifactType = optional(root, 'artifactType', '', readMediaType);
  if (artifactType !== undefined) doc.artifactType = artifactType;
  const subject = optional(root, 'subject', '', readDescriptor);
  if (subject !== undefined) doc.subject = subject;
  const annotations = optional(root, 'annotations', '', readStringMap);
  if (annotations !== undefined) doc.annotations = annotations;
  return doc;
}

function verify(payload: Uint8Array, expected: Digest): Digest {
  const actual = digestOf(payload, digestAlgorithm(expected));
  if (actual !== expected) throw new DigestMismatchError(expected, actual, 'manifest');
  return expected;
}

/**
 * Parses and checks a manifest, index or schema 1 manifest as received from a registry or
 * a layout. In order: size limit; UTF-8 and JSON with no duplicate keys; the digest (over
 * the exact bytes, or over the signed payload for signed schema 1); no fields of two
 * formats; media type from the document, the header, then the fields, with field and
 * header agreeing; then every field of the chosen format.
 *
 * @throws {InvalidManifestError} for anything malformed, ambiguous or unsupported.
 * @throws {DigestMismatchError} when `expectedDigest` is given and the content does not hash to it.
 */
export function parseManifest(opts: ParseManifestOptions): Manifest {
  const { bytes, contentType, expectedDigest } = opts;
  const maxBytes = opts.maxBytes ?? MANIFEST_LIMIT;
  if (bytes.length > maxBytes) {
    throw new InvalidManifestError(
      'manifest',
      '',
      `${bytes.length} bytes, more than the limit of ${maxBytes}`,
    );
  }
  return inDocument('manifest', () => {
    let root: JsonObject;
    try {
      root = readObject(parseStrictJson(bytes), '');
    } catch (err) {
      // Bytes that are not what was asked for are reported as such, not as bad JSON.
      if (expectedDigest !== undefined) verify(bytes, expectedDigest);
      throw err;
    }
    const { payload, signed } =
      own(root, 'schemaVersion') === 1 ? schema1Payload(root, bytes) : { payload: bytes, signed: false };
    const digest = expectedDigest !== undefined ? verify(payload, expectedDigest) : digestOf(payload);
    const family = detectFamily(root);
    const mediaType = resolveMediaType(root, contentType, family, signed);
    const common = { bytes, digest, mediaType };
    if (isSchema1MediaType(mediaType)) {
      expectVersion(root, 1, mediaType);
      expectFamily(family, 'schema1', mediaType);
      return { ...common, kind: 'schema1', doc: readSchema1(root), signed };
    }
    const format =
      mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.ociManifest ? 'oci' : 'docker';
    if (isIndexMediaType(mediaType)) {
      expectVersion(root, 2, mediaType);
      expectFamily(family, 'index', mediaType);
      return { ...common, kind: 'index', format, doc: readIndex(root) };
    }
    if (isImageManifestMediaType(mediaType)) {
      expectVersion(root, 2, mediaType);
      expectFamily(family, 'image', mediaType);
      return { ...common, kind: 'image', format, doc: readImageManifest(root) };
    }
    throw new FieldError('mediaType', `unsupported manifest media type ${quoteInput(mediaType)}`);
  });
}
