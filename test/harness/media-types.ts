/** Manifest flavour a fixture is pushed as. */
export type ManifestFormat = 'oci' | 'docker';

/** Media types per format, as distribution 2.8 accepts them. */
export const MEDIA_TYPES = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

/** `Accept` value that asks for any manifest type the harness pushes. */
export const ACCEPT_ALL_MANIFESTS = [
  MEDIA_TYPES.oci.manifest,
  MEDIA_TYPES.oci.index,
  MEDIA_TYPES.docker.manifest,
  MEDIA_TYPES.docker.index,
].join(', ');
