/**
 * Docker schema 2 ↔ OCI conversion of manifests and indexes, with c/image's media type
 * mapping (`internal/image/docker_schema2.go`, `oci.go`, `internal/manifest/*list*`).
 *
 * Blobs never change: layers keep their bytes and digests and only get the other family's
 * media type, and the config blob keeps its bytes too. That last point differs from c/image
 * in one direction: converting Docker → OCI, c/image re-encodes the config as an OCI config
 * (dropping Docker-only fields such as `container_config`), which gives it a new digest;
 * berth keeps the config as it is (the OCI config spec allows extra fields), so no blob is
 * rewritten and the conversion is a pure manifest edit. OCI → Docker, c/image keeps the
 * config bytes as well.
 *
 * What the target cannot express is dropped, as c/image drops it: annotations, `subject`
 * and descriptor `data` going to Docker, `platform.features` going to OCI. What it cannot
 * hold at all is refused: zstd or encrypted layers and artifacts (non-image configs) in a
 * Docker image.
 */
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type ManifestFormat,
  MEDIA_TYPES,
  type Platform,
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

function ociLayer(d: Descriptor): Descriptor {
  const mapped = LAYER_TO_OCI.get(d.mediaType);
  if (!mapped) throw new Error(`cannot convert to OCI: unknown layer media type "${d.mediaType}"`);
  return { ...d, mediaType: mapped };
}

/**
 * `doc` in the other family's shape (a copy; `doc` is not changed).
 *
 * @throws {Error} when the target family cannot express the image.
 */
export function convertImageManifest(doc: ImageManifest, to: ManifestFormat): ImageManifest {
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
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.dockerManifest,
      config: dockerDescriptor(doc.config, MEDIA_TYPES.dockerConfig),
      layers: doc.layers.map(dockerLayer),
    };
  }
  if (doc.config.mediaType !== MEDIA_TYPES.dockerConfig) {
    throw new Error(
      `cannot convert to OCI: config media type "${doc.config.mediaType}" is not a Docker image config`,
    );
  }
  const out: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { ...doc.config, mediaType: MEDIA_TYPES.ociConfig },
    layers: doc.layers.map(ociLayer),
  };
  if (doc.annotations) out.annotations = { ...doc.annotations };
  return out;
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
