/**
 * Readers that turn untrusted JSON values into typed fields, one check per field, each
 * failing with the JSON path of the bad value. Maps come out without a prototype (I02).
 */

import type { Digest } from '../digest/index.js';
import { InvalidDigestError, parseDigest, quoteInput } from '../digest/index.js';
import { MAX_DESCRIPTORS, MAX_LIST_ITEMS } from './limits.js';
import { child, FieldError, item } from './path.js';
import type { StringMap } from './types.js';

export type JsonObject = Record<string, unknown>;

/** RFC 6838 §4.2 restricted-name, on both sides of the slash; what the image-spec requires. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property, so names such as `constructor` never resolve to `Object.prototype`. */
export function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Go's `encoding/json` matches field names case-insensitively (folding `ſ` to `s` and the
 * Kelvin sign to `k`), so `"Layers"` is `layers` to c/image and skopeo while JavaScript
 * ignores it. This fold is a superset of Go's.
 */
export function foldKey(key: string): string {
  return key.toLowerCase().toUpperCase();
}

/**
 * Refuses keys that differ from a known field only in case: Go tools would read them as
 * that field and berth would not, so the document would mean different things to each.
 */
export function checkFieldNames(obj: JsonObject, known: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const folded = foldKey(key);
    const twin = known.find((k) => foldKey(k) === folded);
    if (twin) throw new FieldError(child(path, key), `differs from field "${twin}" only in letter case`);
  }
}

/** `read(value)` when the field is present and not null, else undefined (Go's zero value). */
export function optional<T>(
  obj: JsonObject,
  key: string,
  path: string,
  read: (v: unknown, at: string) => T,
): T | undefined {
  const v = own(obj, key);
  return v === undefined || v === null ? undefined : read(v, child(path, key));
}

/** Like {@link optional}, but a missing or null field is an error. */
export function required<T>(
  obj: JsonObject,
  key: string,
  path: string,
  read: (v: unknown, at: string) => T,
): T {
  const v = own(obj, key);
  if (v === undefined || v === null) throw new FieldError(child(path, key), 'missing');
  return read(v, child(path, key));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string ${quoteInput(v, 40)}`;
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : typeof v;
}

export function readObject(v: unknown, path: string): JsonObject {
  if (!isObject(v)) throw new FieldError(path, `expected an object, got ${describe(v)}`);
  return v;
}

export function readString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new FieldError(path, `expected a string, got ${describe(v)}`);
  return v;
}

export function readBoolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new FieldError(path, `expected true or false, got ${describe(v)}`);
  return v;
}

/** An array of at most `max` items, each read by `read`. */
export function readList<T>(v: unknown, path: string, read: (v: unknown, at: string) => T, max: number): T[] {
  if (!Array.isArray(v)) throw new FieldError(path, `expected an array, got ${describe(v)}`);
  if (v.length > max) throw new FieldError(path, `${v.length} entries, more than the limit of ${max}`);
  return v.map((x, i) => read(x, item(path, i)));
}

export function readStringList(v: unknown, path: string): string[] {
  return readList(v, path, readString, MAX_LIST_ITEMS);
}

/** A `map[string]string`; null values read as '' as in Go. The result has no prototype. */
export function readStringMap(v: unknown, path: string): StringMap {
  const obj = readObject(v, path);
  const out: StringMap = Object.create(null);
  for (const [key, value] of Object.entries(obj)) {
    out[key] = value === null ? '' : readString(value, child(path, key));
  }
  return out;
}

/** A set written as `{"80/tcp": {}}` (ExposedPorts, Volumes). The result has no prototype. */
export function readSet(v: unknown, path: string): Record<string, Record<string, never>> {
  const obj = readObject(v, path);
  const out: Record<string, Record<string, never>> = Object.create(null);
  for (const [key, value] of Object.entries(obj)) {
    if (value !== null) readObject(value, child(path, key));
    out[key] = {};
  }
  return out;
}

export function readMediaType(v: unknown, path: string): string {
  const s = readString(v, path);
  if (!MEDIA_TYPE.test(s)) throw new FieldError(path, `not a valid media type: ${quoteInput(s, 80)}`);
  return s;
}

export function readDigest(v: unknown, path: string): Digest {
  try {
    return parseDigest(readString(v, path));
  } catch (err) {
    if (err instanceof InvalidDigestError) throw new FieldError(path, err.message);
    throw err;
  }
}

/** A byte count: a non-negative safe integer (JavaScript numbers lose precision above 2^53). */
export function readSize(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new FieldError(path, `expected a non-negative integer size, got ${describe(v)}`);
  }
  return v + 0; // folds -0 into 0
}

/** An array of descriptor-like entries, capped at {@link MAX_DESCRIPTORS}. */
export function readEntries<T>(v: unknown, path: string, read: (v: unknown, at: string) => T): T[] {
  return readList(v, path, read, MAX_DESCRIPTORS);
}
