/**
 * Reading descriptors and platforms out of untrusted manifest JSON. Every descriptor berth
 * keeps has a strictly parsed digest, a safe-integer size, a valid media type, http(s)-only
 * `urls` and embedded `data` that matches its digest and size (reliability A08, A13–A15).
 */
import { digestAlgorithm, digestOf, quoteInput } from '../digest/index.js';
import {
  checkFieldNames,
  optional,
  readDigest,
  readMediaType,
  readObject,
  readSize,
  readString,
  readStringList,
  readStringMap,
  required,
} from './fields.js';
import { MAX_URL_LENGTH, MAX_URLS } from './limits.js';
import { child, FieldError, item } from './path.js';
import type { Descriptor, Platform } from './types.js';

const DESCRIPTOR_FIELDS = [
  'mediaType',
  'digest',
  'size',
  'urls',
  'annotations',
  'data',
  'platform',
  'artifactType',
];
const PLATFORM_FIELDS = ['architecture', 'os', 'os.version', 'os.features', 'variant', 'features'];

/** os, architecture and variant: they are joined with '/' for display, so no slashes, spaces or `..`. */
const PLATFORM_PART = /^(?:[A-Za-z0-9][A-Za-z0-9._+-]{0,63})?$/;

// Standard base64 with padding, as Go encodes a []byte.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function readPlatformPart(v: unknown, path: string): string {
  const s = readString(v, path);
  if (!PLATFORM_PART.test(s)) throw new FieldError(path, `not a valid platform name: ${quoteInput(s, 40)}`);
  return s;
}

/** A descriptor's `platform`. `os` and `architecture` are required; an empty variant is dropped. */
export function readPlatform(v: unknown, path: string): Platform {
  const obj = readObject(v, path);
  checkFieldNames(obj, PLATFORM_FIELDS, path);
  const platform: Platform = {
    os: required(obj, 'os', path, readPlatformPart),
    architecture: required(obj, 'architecture', path, readPlatformPart),
  };
  const variant = optional(obj, 'variant', path, readPlatformPart);
  if (variant) platform.variant = variant;
  const osVersion = optional(obj, 'os.version', path, readString);
  if (osVersion !== undefined) platform['os.version'] = osVersion;
  const osFeatures = optional(obj, 'os.features', path, readStringList);
  if (osFeatures !== undefined) platform['os.features'] = osFeatures;
  const features = optional(obj, 'features', path, readStringList);
  if (features !== undefined) platform.features = features;
  return platform;
}

/**
 * `urls` of a non-distributable layer. Only absolute http(s) URLs without credentials:
 * anything else (file:, data:, user:pass@) is never something berth should fetch.
 */
function readUrls(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new FieldError(path, 'expected an array of URLs');
  if (v.length > MAX_URLS) throw new FieldError(path, `${v.length} URLs, more than the limit of ${MAX_URLS}`);
  return v.map((raw, i) => {
    const at = item(path, i);
    const s = readString(raw, at);
    if (s.length > MAX_URL_LENGTH) throw new FieldError(at, `URL longer than ${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new FieldError(at, `not an absolute URL: ${quoteInput(s, 80)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new FieldError(at, `only http and https URLs are allowed, got ${quoteInput(url.protocol, 20)}`);
    }
    if (url.username || url.password) throw new FieldError(at, 'URL must not carry credentials');
    return s;
  });
}

/** Embedded content must be exactly what the descriptor names (image-spec: data MUST match). */
function checkData(data: string, descriptor: Descriptor, path: string): void {
  if (!BASE64.test(data)) throw new FieldError(path, 'not valid base64');
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== descriptor.size) {
    throw new FieldError(path, `holds ${bytes.length} bytes but size is ${descriptor.size}`);
  }
  const actual = digestOf(bytes, digestAlgorithm(descriptor.digest));
  if (actual !== descriptor.digest)
    throw new FieldError(path, `hashes to ${actual}, not ${descriptor.digest}`);
}

/** A descriptor, with every field checked. Unknown fields are ignored, as the spec asks. */
export function readDescriptor(v: unknown, path: string): Descriptor {
  const obj = readObject(v, path);
  checkFieldNames(obj, DESCRIPTOR_FIELDS, path);
  const d: Descriptor = {
    mediaType: required(obj, 'mediaType', path, readMediaType),
    digest: required(obj, 'digest', path, readDigest),
    size: required(obj, 'size', path, readSize),
  };
  const urls = optional(obj, 'urls', path, readUrls);
  if (urls !== undefined) d.urls = urls;
  const annotations = optional(obj, 'annotations', path, readStringMap);
  if (annotations !== undefined) d.annotations = annotations;
  const platform = optional(obj, 'platform', path, readPlatform);
  if (platform !== undefined) d.platform = platform;
  const artifactType = optional(obj, 'artifactType', path, readMediaType);
  if (artifactType !== undefined) d.artifactType = artifactType;
  const data = optional(obj, 'data', path, readString);
  if (data !== undefined) {
    checkData(data, d, child(path, 'data'));
    d.data = data;
  }
  return d;
}
