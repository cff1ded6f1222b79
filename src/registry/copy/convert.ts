/**
 * Docker schema 2 ↔ OCI conversion of manifests and indexes, with c/image's media type
 * mapping (`internal/image/docker_schema2.go`, `oci.go`, `internal/manifest/*list*`).
 *
 * Layers never change: they keep their bytes and digests and only get the other family's
 * media type. The config follows c/image in each direction, so a converted image has the
 * digest skopeo gives it: Docker → OCI, the config is re-encoded as image-spec's `v1.Image`
 * (`toOciConfigBytes`: Docker-only fields such as `container_config` dropped, Go's field
 * order and compact form), a new blob that the converted manifest names; OCI → Docker, the
 * config keeps its bytes and digest and only its media type changes.
 *
 * What the target cannot express is dropped, as c/image drops it: annotations, `subject`
 * and descriptor `data` going to Docker, `platform.features` going to OCI. What it cannot
 * hold at all is refused: zstd or encrypted layers and artifacts (non-image configs) in a
 * Docker image.
 */
import { digestOf } from '../digest/index.js';
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type ManifestFormat,
  MEDIA_TYPES,
  type Platform,
  toOciConfigBytes,
} from '../manifest/index.js';

/** Docker layer media types and their OCI equivalents. */
export const LAYER_TO_OCI: ReadonlyMap<string, string> = new Map([
  [MEDIA_TYPES.dockerLayer, MEDIA_TYPES.ociLayerGzip],
  [MEDIA_TYPES.dockerLayerUncompressed, MEDIA_TYPES.ociLayer],
  [MEDIA_TYPES.dockerForeignLayer, MEDIA_TYPES.ociLayerNondistributableGzip],
  [MEDIA_TYPES.dockerForeignLayerUncompressed, MEDIA_TYPES.ociLayerNondistributable],
]);

/** OCI layer media types and their Docker equivalents; zstd has none. */
export const LAYER_TO_DOCKER: ReadonlyMap<string, string> = new Map(
  [...LAYER_TO_OCI].map(([docker, oci]) => [oci, docker] as const),
);

/** OCI layer types that exist only in OCI: a Docker image cannot hold them. */
const OCI_ONLY_LAYERS: ReadonlySet<string> = new Set([
  MEDIA_TYPES.ociLayerZstd,
  MEDIA_TYPES.ociLayerNondistributableZstd,
]);
/** ocicrypt's encrypted layers (`…+encrypted`). */
const ENCRYPTED_LAYER = /\+encrypted$/;

/** The manifest media type of each family. */
export function imageMediaType(family: ManifestFormat): string {
  return family === 'oci' ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest;
}

/** The index media type of each family. */
export function indexMediaType(family: ManifestFormat): string {
  return family === 'oci' ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.dockerManifestList;
}

/** The fields a Docker descriptor has. */
function dockerDescriptor(d: Descriptor, mediaType: string): Descriptor {
  const out: Descriptor = { mediaType, digest: d.digest, size: d.size };
  if (d.urls?.length) out.urls = [...d.urls];
  return out;
}

function dockerLayer(d: Descriptor): Descriptor {
  const mapped = LAYER_TO_DOCKER.get(d.mediaType);
  if (mapped) return dockerDescriptor(d, mapped);
  if (OCI_ONLY_LAYERS.has(d.mediaType)) {
    throw new Error(
      `cannot convert to Docker schema 2: layer ${d.digest} is zstd-compressed, which Docker images cannot hold`,
    );
  }
  if (ENCRYPTED_LAYER.test(d.mediaType)) {
    throw new Error(
      `cannot convert to Docker schema 2: layer ${d.digest} is encrypted, which Docker images cannot hold`,
    );
  }
  throw new Error(`cannot convert to Docker schema 2: unknown layer media type "${d.mediaType}"`);
}

/** Docker descriptors carry these fields only (c/image's `Schema2Descriptor`); the OCI one gets the same. */
function ociLayer(d: Descriptor): Descriptor {
  const mapped = LAYER_TO_OCI.get(d.mediaType);
  if (!mapped) throw new Error(`cannot convert to OCI: unknown layer media type "${d.mediaType}"`);
  return dockerDescriptor(d, mapped);
}

/** An image manifest converted to the other family, and the config blob it names if that is new. */
export interface ConvertedImage {
  doc: ImageManifest;
  /**
   * Docker → OCI: the re-encoded config (`doc.config` describes it), a blob the source does
   * not have, to be written to the destination from memory. Undefined when the config is kept.
   */
  config?: Uint8Array;
}

/**
 * `doc` in the other family's shape (a copy; `doc` is not changed). Converting to OCI needs
 * the source config's bytes (`sourceConfig`), which are checked against `doc.config` and
 * re-encoded as c/image does.
 *
 * @throws {Error} when the target family cannot express the image, or the config is
 *   missing, does not match its descriptor or cannot be decoded as an image config.
 */
export function convertImageManifest(
  doc: ImageManifest,
  to: ManifestFormat,
  sourceConfig?: Uint8Array,
): ConvertedImage {
  if (to === 'docker') {
    if (doc.artifactType) {
      throw new Error(
        `cannot convert to Docker schema 2: the manifest is an artifact of type "${doc.artifactType}"`,
      );
    }
    if (doc.config.mediaType !== MEDIA_TYPES.ociConfig) {
      throw new Error(
        `cannot convert to Docker schema 2: config media type "${doc.config.mediaType}" is not an image config`,
      );
    }
    return {
      doc: {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.dockerManifest,
        config: dockerDescriptor(doc.config, MEDIA_TYPES.dockerConfig),
        layers: doc.layers.map(dockerLayer),
      },
    };
  }
  if (doc.config.mediaType !== MEDIA_TYPES.dockerConfig) {
    throw new Error(
      `cannot convert to OCI: config media type "${doc.config.mediaType}" is not a Docker image config`,
    );
  }
  if (!sourceConfig) throw new Error('internal error: converting to OCI needs the source config');
  // Layers are mapped first so an unknown layer type is reported before any config problem.
  const layers = doc.layers.map(ociLayer);
  let config: Uint8Array;
  try {
    config = toOciConfigBytes(sourceConfig, {
      expectedDigest: doc.config.digest,
      expectedSize: doc.config.size,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot convert to OCI: reading config ${doc.config.digest}: ${reason}`, { cause: err });
  }
  // Like c/image's `OCI1FromComponents`: a Docker manifest's annotations have no OCI counterpart there.
  return {
    doc: {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: digestOf(config), size: config.byteLength },
      layers,
    },
    config,
  };
}

function ociPlatform(p: Platform): Platform {
  const { features: _dockerOnly, ...rest } = p;
  return rest;
}

/**
 * `doc` in the other family's shape. Entries keep their media types: the caller puts in
 * the converted children's descriptors.
 */
export function convertIndex(doc: ImageIndex, to: ManifestFormat): ImageIndex {
  if (to === 'docker') {
    return {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.dockerManifestList,
      manifests: doc.manifests.map((d) => {
        const out = dockerDescriptor(d, d.mediaType);
        if (d.platform) out.platform = { ...d.platform };
        return out;
      }),
    };
  }
  return {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: doc.manifests.map((d) =>
      d.platform ? { ...d, platform: ociPlatform(d.platform) } : { ...d },
    ),
  };
}
