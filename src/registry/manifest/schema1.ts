/**
 * Docker schema 1, read-only. Its digest is not the hash of the bytes served: a signed
 * schema 1 carries a JWS block (libtrust "pretty signature") appended to the JSON, and the
 * registry addresses the manifest by the hash of the payload the block signs. That payload
 * is the document with the block cut out, rebuilt from the protected header of each
 * signature: the first `formatLength` bytes of the document followed by the base64url
 * `formatTail` (typically `"\n}"`). Signatures themselves are never verified; nothing
 * trusts them any more.
 */
import {
  checkFieldNames,
  isObject,
  type JsonObject,
  optional,
  own,
  readDigest,
  readEntries,
  readObject,
  readSize,
  readString,
  required,
} from './fields.js';
import { parseStrictJson } from './json.js';
import { child, FieldError, item } from './path.js';
import type { Schema1Manifest } from './types.js';

const SCHEMA1_FIELDS = ['schemaVersion', 'name', 'tag', 'architecture', 'fsLayers', 'history', 'signatures'];

/** Signature blocks read from one manifest; real ones have one. */
const MAX_SIGNATURES = 64;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeBase64Url(s: string, path: string): Uint8Array {
  // Unpadded base64url, as JOSE writes it; a length of 4n+1 cannot be produced by any input.
  if (!BASE64URL.test(s) || s.length % 4 === 1) throw new FieldError(path, 'not valid base64url');
  return Buffer.from(s, 'base64url');
}

/** Structural equality of two values produced by JSON.parse. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/**
 * The bytes a schema 1 manifest's digest is computed over: the whole document when it has
 * no `signatures`, else the payload the signatures protect. The payload must be the same
 * JSON as the document without `signatures`, so the digest covers exactly what berth reads.
 *
 * @throws {FieldError}
 */
export function schema1Payload(
  root: JsonObject,
  bytes: Uint8Array,
): { payload: Uint8Array; signed: boolean } {
  const signatures = own(root, 'signatures');
  if (signatures === undefined || signatures === null) return { payload: bytes, signed: false };
  if (!Array.isArray(signatures) || signatures.length === 0) {
    throw new FieldError('signatures', 'expected a non-empty array of JWS signatures');
  }
  if (signatures.length > MAX_SIGNATURES) {
    throw new FieldError('signatures', `more than ${MAX_SIGNATURES} signatures`);
  }
  let length: number | undefined;
  let tail: Uint8Array | undefined;
  signatures.forEach((sig, i) => {
    const at = child(item('signatures', i), 'protected');
    const encoded = required(
      readObject(sig, item('signatures', i)),
      'protected',
      item('signatures', i),
      readString,
    );
    const header = readObject(parseStrictJson(decodeBase64Url(encoded, at), at), at);
    const formatLength = required(header, 'formatLength', at, readSize);
    const formatTail = decodeBase64Url(
      required(header, 'formatTail', at, readString),
      child(at, 'formatTail'),
    );
    if (length === undefined || tail === undefined) {
      length = formatLength;
      tail = formatTail;
    } else if (length !== formatLength || !Buffer.from(tail).equals(formatTail)) {
      throw new FieldError(at, 'signatures disagree on the signed payload');
    }
  });
  if (length === undefined || tail === undefined || length > bytes.length) {
    throw new FieldError('signatures', 'formatLength is beyond the end of the document');
  }
  const payload = Buffer.concat([bytes.subarray(0, length), tail]);
  const signed = parseStrictJson(payload, 'signatures (payload)');
  const { signatures: _, ...unsigned } = root;
  if (!jsonEqual(signed, unsigned)) {
    throw new FieldError('signatures', 'the signed payload is not the document without its signatures');
  }
  return { payload, signed: true };
}

function readFsLayer(v: unknown, path: string): { blobSum: Schema1Manifest['fsLayers'][number]['blobSum'] } {
  const obj = readObject(v, path);
  checkFieldNames(obj, ['blobSum'], path);
  return { blobSum: required(obj, 'blobSum', path, readDigest) };
}

function readHistory(v: unknown, path: string): { v1Compatibility: string } {
  const obj = readObject(v, path);
  checkFieldNames(obj, ['v1Compatibility'], path);
  const v1Compatibility = required(obj, 'v1Compatibility', path, readString);
  // c/image decodes every entry; an entry that is not a JSON object makes the image unusable.
  const at = child(path, 'v1Compatibility');
  readObject(parseStrictJson(v1Compatibility, at), at);
  return { v1Compatibility };
}

/**
 * The fields of a schema 1 manifest whose `schemaVersion` is already known to be 1.
 *
 * @throws {FieldError}
 */
export function readSchema1(root: JsonObject): Schema1Manifest {
  checkFieldNames(root, SCHEMA1_FIELDS, '');
  const fsLayers = required(root, 'fsLayers', '', (v, at) => readEntries(v, at, readFsLayer));
  const history = required(root, 'history', '', (v, at) => readEntries(v, at, readHistory));
  if (fsLayers.length === 0) throw new FieldError('fsLayers', 'no layers');
  if (fsLayers.length !== history.length) {
    throw new FieldError('history', `${history.length} entries for ${fsLayers.length} fsLayers`);
  }
  const doc: Schema1Manifest = {
    schemaVersion: 1,
    name: optional(root, 'name', '', readString) ?? '',
    tag: optional(root, 'tag', '', readString) ?? '',
    architecture: optional(root, 'architecture', '', readString) ?? '',
    fsLayers,
    history,
  };
  const signatures = own(root, 'signatures');
  if (Array.isArray(signatures)) doc.signatures = signatures;
  return doc;
}
