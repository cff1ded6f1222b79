/**
 * The per-image facts skopeo prints, computed as c/image's `Inspect` computes them for
 * each manifest kind — the differences show in skopeo's output, so they are kept:
 *  - OCI: `created` is a pointer, so a config without it prints `null`; an artifact
 *    (config of another media type) cannot be inspected.
 *  - Docker schema 2: `created` is a plain time, so a config without it prints Go's zero
 *    time `0001-01-01T00:00:00Z`.
 *  - Docker schema 1: everything comes from `history[0].v1Compatibility`, layers are the
 *    `fsLayers` base first, and the manifest's tag is reported.
 * `Layers` are the manifest's layer digests (not the config's diff IDs).
 */
import type { ImageConfig, StringMap } from '../../registry/manifest/index.js';
import { MEDIA_TYPES } from '../../registry/manifest/index.js';
import { GO_ZERO_TIME, type GoTime, parseGoTime } from '../output/go-time.js';
import type { SingleImage } from './load-image.js';

/** c/image's `types.ImageInspectInfo`, the fields skopeo prints. */
export interface InspectInfo {
  /** Schema 1 only. */
  tag: string;
  /** `undefined` is a nil `*time.Time` (`null`). */
  created: GoTime | undefined;
  dockerVersion: string;
  labels: StringMap | null;
  architecture: string;
  os: string;
  layers: string[];
  env: string[] | null;
}

/** What an OCI manifest whose config is not an image config says when asked for image facts. */
export class NonImageArtifactError extends Error {
  override name = 'NonImageArtifactError';
  constructor(configMediaType: string) {
    super(`unsupported image-specific operation on artifact with type ${JSON.stringify(configMediaType)}`);
  }
}

/** @throws {NonImageArtifactError} for an OCI artifact. */
export function assertImageConfig(image: SingleImage): void {
  if (
    image.kind === 'image' &&
    image.format === 'oci' &&
    image.doc.config.mediaType !== MEDIA_TYPES.ociConfig
  ) {
    throw new NonImageArtifactError(image.doc.config.mediaType);
  }
}

/**
 * Inspect facts for a v2 image whose config was parsed with `parseImageConfig`.
 *
 * @throws {NonImageArtifactError}
 */
export function inspectInfoFromConfig(
  image: Extract<SingleImage, { kind: 'image' }>,
  config: ImageConfig,
): InspectInfo {
  assertImageConfig(image);
  const created = config.created !== undefined ? parseGoTime(config.created) : undefined;
  return {
    tag: '',
    created: image.format === 'docker' ? (created ?? GO_ZERO_TIME) : created,
    dockerVersion: config.docker_version ?? '',
    labels: config.config?.Labels ?? null,
    architecture: config.architecture,
    os: config.os,
    layers: image.doc.layers.map((l) => l.digest),
    env: config.config?.Env ?? null,
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function stringList(v: unknown, what: string): string[] | null {
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new Error(`schema 1 v1Compatibility: ${what} is not a list of strings`);
  return v;
}

function stringMap(v: unknown): StringMap | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new Error('schema 1 v1Compatibility: Labels is not an object');
  const out: StringMap = Object.create(null);
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
    if (value !== null && typeof value !== 'string')
      throw new Error(`schema 1 v1Compatibility: label ${JSON.stringify(k)} is not a string`);
    out[k] = value ?? '';
  }
  return out;
}

/** Inspect facts for a Docker schema 1 manifest (no config blob). */
export function inspectInfoFromSchema1(image: Extract<SingleImage, { kind: 'schema1' }>): InspectInfo {
  // The parser checked that every v1Compatibility is a JSON object.
  const v1 = JSON.parse(image.doc.history[0]!.v1Compatibility) as Record<string, unknown>;
  const config =
    v1.config !== null && typeof v1.config === 'object' ? (v1.config as Record<string, unknown>) : undefined;
  return {
    tag: image.doc.tag,
    created: typeof v1.created === 'string' ? parseGoTime(v1.created) : GO_ZERO_TIME,
    dockerVersion: str(v1.docker_version),
    labels: config ? stringMap(config.Labels) : null,
    architecture: str(v1.architecture),
    os: str(v1.os),
    layers: image.doc.fsLayers.map((l) => l.blobSum).reverse(),
    env: config ? stringList(config.Env, 'Env') : null,
  };
}
