import type { Digest } from '../digest/index.js';

/**
 * A string map parsed from a document (annotations, labels). It has no prototype, so keys
 * such as `__proto__` or `constructor` are plain data and can never reach `Object.prototype`.
 */
export type StringMap = Record<string, string>;

/** The platform an image is built for, as listed in an index (`linux/arm64/v8`). */
export interface Platform {
  os: string;
  architecture: string;
  /** CPU variant: `v7` for 32-bit ARM, `v8` for arm64. See `normalizePlatform` for defaults. */
  variant?: string;
  /** Windows build number, e.g. `10.0.17763.1817`. Not used for matching. */
  'os.version'?: string;
  'os.features'?: string[];
  /** Docker manifest lists only (dropped from OCI). Not used for matching. */
  features?: string[];
}

/** A content-addressed reference to a blob or manifest (OCI image-spec descriptor). */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  /** Bytes; a non-negative safe integer. */
  size: number;
  /** Where a non-distributable layer may be fetched from; http(s) only. Never sent credentials. */
  urls?: string[];
  annotations?: StringMap;
  /** Only on the children of an index. */
  platform?: Platform;
  artifactType?: string;
  /** The content itself, base64; checked against `digest` and `size` when parsed. */
  data?: string;
}

/**
 * One image: an OCI image manifest or a Docker schema 2 manifest. The two share this shape;
 * Docker's has no `annotations`, `subject` or `artifactType`.
 */
export interface ImageManifest {
  schemaVersion: 2;
  /** Optional in OCI documents written before image-spec 1.0.2; required for Docker. */
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  /** Base layer first. May repeat a digest: the repetition is meaningful. */
  layers: Descriptor[];
  /** The manifest this one refers to (signatures, SBOMs), for the referrers API. */
  subject?: Descriptor;
  annotations?: StringMap;
}

/** A multi-platform index: OCI image index or Docker manifest list. */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: StringMap;
}

/**
 * Docker schema 1, read-only. Layers are listed newest first and each has a history entry
 * holding a v1 image JSON; signatures are kept as found and never checked.
 */
export interface Schema1Manifest {
  schemaVersion: 1;
  name: string;
  tag: string;
  architecture: string;
  fsLayers: { blobSum: Digest }[];
  history: { v1Compatibility: string }[];
  signatures?: unknown[];
}

/** Everything of an image's runtime config that berth shows or uses (Docker and OCI share it). */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: StringMap;
  StopSignal?: string;
  ArgsEscaped?: boolean;
}

/** One entry of a config's build history. */
export interface HistoryEntry {
  /** RFC 3339. */
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  /** True when the step made no layer, so it has no `rootfs.diff_ids` entry. */
  empty_layer?: boolean;
}

/** An image config blob (OCI `application/vnd.oci.image.config.v1+json` or Docker's). */
export interface ImageConfig {
  /** RFC 3339. */
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
  config?: ContainerConfig;
  rootfs: { type: string; diff_ids: Digest[] };
  history?: HistoryEntry[];
  /** Docker configs only; skopeo inspect shows it as `DockerVersion`. */
  docker_version?: string;
}

/** Which family a v2 manifest or index belongs to. */
export type ManifestFormat = 'oci' | 'docker';

interface ParsedCommon {
  /** The exact bytes received. Push these, never a re-serialisation: the digest covers them. */
  bytes: Uint8Array;
  /** The manifest's digest (for signed schema 1, of the payload without the signatures). */
  digest: Digest;
  /** The media type the document was identified as. */
  mediaType: string;
}

/** A parsed single-image manifest. */
export interface ParsedImageManifest extends ParsedCommon {
  kind: 'image';
  format: ManifestFormat;
  doc: ImageManifest;
}

/** A parsed index or manifest list. */
export interface ParsedImageIndex extends ParsedCommon {
  kind: 'index';
  format: ManifestFormat;
  doc: ImageIndex;
}

/** A parsed Docker schema 1 manifest. */
export interface ParsedSchema1Manifest extends ParsedCommon {
  kind: 'schema1';
  doc: Schema1Manifest;
  /** Whether it carried a JWS signature block (which was stripped for the digest, not verified). */
  signed: boolean;
}

/** Any manifest berth understands; switch on `kind`. */
export type Manifest = ParsedImageManifest | ParsedImageIndex | ParsedSchema1Manifest;
