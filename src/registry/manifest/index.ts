/**
 * Manifests, indexes and image configs: reading them safely, choosing a platform, and
 * writing new ones.
 *
 * Everything a registry sends is treated as hostile. `parseManifest` takes the exact bytes
 * received, checks them against the digest they were requested by, and only then trusts
 * the structure: duplicate JSON keys, documents that look like two formats at once, a
 * `mediaType` that contradicts the `Content-Type`, malformed digests, unsafe sizes, non-http
 * `urls` and embedded `data` that does not match are all refused with an
 * `InvalidManifestError` that says what is wrong and where. The result keeps the original
 * bytes, which are what gets pushed; `serializeManifest` is only for documents berth builds
 * itself. Docker schema 1 is read (never written), with its digest computed over the
 * signed payload as registries do. `parseImageConfig` does the same for config blobs.
 *
 * For multi-arch images, `choosePlatform` picks the index entry for a platform the way
 * skopeo does, and `hostPlatform` says which platform that is by default. Maps such as
 * annotations and labels have no prototype, so a key like `__proto__` is just data.
 * `toOciConfigBytes` re-encodes a config as containers/image does when converting an image
 * to OCI (Go's `v1.Image`), so converted images get skopeo's digests.
 */

export { manifestDescriptor, serializeManifest } from './build.js';
export { type ParseImageConfigOptions, parseImageConfig } from './config.js';
export { InvalidManifestError, InvalidPlatformError } from './errors.js';
export { goJsonString } from './go-json.js';
export { formatRfc3339Nano, GO_ZERO_TIME, type GoTime, parseGoTime } from './go-time.js';
export {
  currentHost,
  type HostPlatformOptions,
  hostPlatform,
  type NodeHost,
  platformFromNode,
} from './host-platform.js';
export { parseJsonDocument } from './json.js';
export { MAX_DESCRIPTORS } from './limits.js';
export {
  GENERIC_CONTENT_TYPES,
  isImageManifestMediaType,
  isIndexMediaType,
  isManifestMediaType,
  isNondistributableMediaType,
  isSchema1MediaType,
  type KnownMediaType,
  MANIFEST_ACCEPT,
  MEDIA_TYPES,
  specificContentType,
} from './media-types.js';
export {
  encodeOciImageConfig,
  type OciHistory,
  type OciImageConfig,
  type OciRuntimeConfig,
  readOciImageConfig,
  type StringSet,
  toOciConfigBytes,
} from './oci-config.js';
export { type ParseManifestOptions, parseManifest } from './parse.js';
export {
  choosePlatform,
  formatPlatform,
  normalizePlatform,
  parsePlatform,
  platformMatches,
} from './platform.js';
export type {
  ContainerConfig,
  Descriptor,
  HistoryEntry,
  ImageConfig,
  ImageIndex,
  ImageManifest,
  Manifest,
  ManifestFormat,
  ParsedImageIndex,
  ParsedImageManifest,
  ParsedSchema1Manifest,
  Platform,
  Schema1Manifest,
  StringMap,
} from './types.js';
