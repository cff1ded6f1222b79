/**
 * Writing manifests berth creates (converted or assembled for a push). Bytes that were
 * fetched are never re-serialised: their digest covers them exactly. For new documents
 * berth writes what c/image writes after a conversion, Go's compact `json.Marshal`: struct
 * fields in declaration order, empty optional fields left out, map keys sorted by bytes,
 * and `<`, `>`, `&`, U+2028, U+2029 escaped as `\u003c` and so on. Matching it byte for
 * byte means berth and skopeo produce the same digest for the same conversion.
 */
import { MEDIA_TYPES } from './media-types.js';
import type { Descriptor, ImageIndex, ImageManifest, Manifest, Platform, StringMap } from './types.js';

// Characters Go's encoder escapes that JSON.stringify leaves alone.
const GO_ESCAPES = /[<>&\u2028\u2029]/g;
// Lone surrogates: Go writes U+FFFD for them.
const LONE_SURROGATE = /\p{Cs}/gu;

function str(s: string): string {
  return JSON.stringify(s.replace(LONE_SURROGATE, '\ufffd')).replace(
    GO_ESCAPES,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** An object from already-encoded values; undefined values are left out (Go's omitempty). */
function obj(fields: readonly (readonly [string, string | undefined])[]): string {
  const parts: string[] = [];
  for (const [key, value] of fields) if (value !== undefined) parts.push(`${str(key)}:${value}`);
  return `{${parts.join(',')}}`;
}

function list(items: readonly string[]): string {
  return `[${items.join(',')}]`;
}

/** A string, or undefined when empty (omitempty). */
function optStr(s: string | undefined): string | undefined {
  return s ? str(s) : undefined;
}

function optStrList(xs: readonly string[] | undefined): string | undefined {
  return xs && xs.length > 0 ? list(xs.map(str)) : undefined;
}

/** Go sorts map keys by their UTF-8 bytes, which differs from JavaScript's UTF-16 order. */
function optMap(m: StringMap | undefined): string | undefined {
  if (!m) return undefined;
  const keys = Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (keys.length === 0) return undefined;
  return obj(keys.map((k) => [k, str(m[k] ?? '')] as const));
}

function refuse(what: string): never {
  throw new Error(`cannot serialise manifest: ${what} has no place in a Docker schema 2 document`);
}

function ociPlatform(p: Platform): string {
  if (p.features?.length)
    throw new Error('cannot serialise manifest: platform.features has no place in an OCI document');
  return obj([
    ['architecture', str(p.architecture)],
    ['os', str(p.os)],
    ['os.version', optStr(p['os.version'])],
    ['os.features', optStrList(p['os.features'])],
    ['variant', optStr(p.variant)],
  ]);
}

function ociDescriptor(d: Descriptor): string {
  return obj([
    ['mediaType', str(d.mediaType)],
    ['digest', str(d.digest)],
    ['size', String(d.size)],
    ['urls', optStrList(d.urls)],
    ['annotations', optMap(d.annotations)],
    ['data', optStr(d.data)],
    ['platform', d.platform ? ociPlatform(d.platform) : undefined],
    ['artifactType', optStr(d.artifactType)],
  ]);
}

/** Docker's descriptor puts size before digest and has no annotations, data or artifactType. */
function dockerDescriptor(d: Descriptor, withPlatform: boolean): string {
  if (d.annotations && Object.keys(d.annotations).length > 0) refuse('descriptor annotations');
  if (d.data) refuse('descriptor data');
  if (d.artifactType) refuse('descriptor artifactType');
  if (d.platform && !withPlatform) refuse('a platform on a non-index descriptor');
  const fields: [string, string | undefined][] = [
    ['mediaType', str(d.mediaType)],
    ['size', String(d.size)],
    ['digest', str(d.digest)],
    ['urls', optStrList(d.urls)],
  ];
  if (withPlatform) {
    // Not omitempty in Docker's manifest list: an entry always has a platform object.
    const p = d.platform ?? { os: '', architecture: '' };
    fields.push([
      'platform',
      obj([
        ['architecture', str(p.architecture)],
        ['os', str(p.os)],
        ['os.version', optStr(p['os.version'])],
        ['os.features', optStrList(p['os.features'])],
        ['variant', optStr(p.variant)],
        ['features', optStrList(p.features)],
      ]),
    ]);
  }
  return obj(fields);
}

function isIndex(doc: ImageManifest | ImageIndex): doc is ImageIndex {
  return 'manifests' in doc;
}

/**
 * The bytes of a manifest or index berth built, laid out as c/image's `json.Marshal`
 * output for the same document. The format follows `doc.mediaType`: Docker schema 2 and
 * manifest lists use Docker's field order and refuse OCI-only fields; anything else is
 * written as OCI.
 *
 * @throws {Error} when a Docker document carries fields Docker's format cannot hold.
 */
export function serializeManifest(doc: ImageManifest | ImageIndex): Uint8Array {
  let json: string;
  if (doc.mediaType === MEDIA_TYPES.dockerManifest || doc.mediaType === MEDIA_TYPES.dockerManifestList) {
    if (doc.annotations && Object.keys(doc.annotations).length > 0) refuse('annotations');
    if (doc.subject) refuse('subject');
    if (doc.artifactType) refuse('artifactType');
    json = isIndex(doc)
      ? obj([
          ['schemaVersion', '2'],
          ['mediaType', str(doc.mediaType)],
          ['manifests', list(doc.manifests.map((d) => dockerDescriptor(d, true)))],
        ])
      : obj([
          ['schemaVersion', '2'],
          ['mediaType', str(doc.mediaType)],
          ['config', dockerDescriptor(doc.config, false)],
          ['layers', list(doc.layers.map((d) => dockerDescriptor(d, false)))],
        ]);
  } else {
    const body: [string, string | undefined][] = isIndex(doc)
      ? [['manifests', list(doc.manifests.map(ociDescriptor))]]
      : [
          ['config', ociDescriptor(doc.config)],
          ['layers', list(doc.layers.map(ociDescriptor))],
        ];
    json = obj([
      ['schemaVersion', '2'],
      ['mediaType', optStr(doc.mediaType)],
      ['artifactType', optStr(doc.artifactType)],
      ...body,
      ['subject', doc.subject ? ociDescriptor(doc.subject) : undefined],
      ['annotations', optMap(doc.annotations)],
    ]);
  }
  return new TextEncoder().encode(json);
}

/**
 * A descriptor pointing at a parsed manifest, for listing it in an index or as a subject.
 * The size is that of the exact bytes; an OCI manifest's `artifactType` is carried over.
 */
export function manifestDescriptor(
  m: Manifest,
  extra: Pick<Descriptor, 'platform' | 'annotations'> = {},
): Descriptor {
  const d: Descriptor = { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
  if (m.kind !== 'schema1' && m.doc.artifactType) d.artifactType = m.doc.artifactType;
  if (extra.annotations) d.annotations = extra.annotations;
  if (extra.platform) d.platform = extra.platform;
  return d;
}
