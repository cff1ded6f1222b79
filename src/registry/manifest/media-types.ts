/**
 * Media types of the documents and blobs berth reads and writes. Values are the exact
 * strings from the OCI image-spec and Docker's distribution formats; compare them with
 * `===`, never by prefix.
 */
export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  /** The `{}` config of artifacts that have none (image-spec 1.1 "empty descriptor"). */
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociLayerNondistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  /** Docker image manifest, schema 2 ("v2s2"). */
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerUncompressed: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerForeignLayerUncompressed: 'application/vnd.docker.image.rootfs.foreign.diff.tar',
  /** Docker schema 1, read-only: registries still serve it for very old images. */
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  /** Docker schema 1 with an embedded JWS signature block. */
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** Any value of {@link MEDIA_TYPES}. */
export type KnownMediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/**
 * The `Accept` list for manifest requests, most wanted first. Multi-arch indexes come
 * first so berth can choose the platform itself; schema 1 comes last so a registry only
 * falls back to it when it has nothing else (skopeo asks for the same set).
 */
export const MANIFEST_ACCEPT: readonly string[] = Object.freeze([
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerSchema1Signed,
  MEDIA_TYPES.dockerSchema1,
]);

/**
 * `Content-Type` values that say nothing about the manifest format. CDNs and some registries
 * send these for every file, so they never count as disagreeing with a document's `mediaType`.
 */
export const GENERIC_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'text/plain',
  'application/octet-stream',
  'binary/octet-stream',
]);

/** Is this an index: OCI image index or Docker manifest list? */
export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerManifestList;
}

/** Is this a single-image manifest: OCI image manifest or Docker schema 2? */
export function isImageManifestMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.ociManifest || mediaType === MEDIA_TYPES.dockerManifest;
}

/** Is this Docker schema 1, signed or not? */
export function isSchema1MediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.dockerSchema1 || mediaType === MEDIA_TYPES.dockerSchema1Signed;
}

/** Is this any manifest format berth can parse? */
export function isManifestMediaType(mediaType: string): boolean {
  return isIndexMediaType(mediaType) || isImageManifestMediaType(mediaType) || isSchema1MediaType(mediaType);
}

/**
 * Layers that registries are not expected to serve (Windows base layers): copy tools leave
 * them where their `urls` point instead of copying them, unless asked to.
 */
export function isNondistributableMediaType(mediaType: string): boolean {
  return (
    mediaType === MEDIA_TYPES.dockerForeignLayer ||
    mediaType === MEDIA_TYPES.dockerForeignLayerUncompressed ||
    mediaType === MEDIA_TYPES.ociLayerNondistributable ||
    mediaType === MEDIA_TYPES.ociLayerNondistributableGzip ||
    mediaType === MEDIA_TYPES.ociLayerNondistributableZstd
  );
}

/**
 * The media type part of a `Content-Type` header: parameters dropped, lower-cased,
 * `undefined` when absent or {@link GENERIC_CONTENT_TYPES generic}.
 */
export function specificContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(';');
  const bare = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (bare === '' || GENERIC_CONTENT_TYPES.has(bare)) return undefined;
  return bare;
}
