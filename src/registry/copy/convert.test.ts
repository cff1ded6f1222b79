import { describe, expect, it } from 'vitest';
import type { Digest } from '../digest/index.js';
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  MEDIA_TYPES as M,
  parseManifest,
  serializeManifest,
} from '../manifest/index.js';
import { convertImageManifest, convertIndex, LAYER_TO_DOCKER, LAYER_TO_OCI } from './convert.js';

const fake = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const d = (mediaType: string, c: string, extra: Partial<Descriptor> = {}): Descriptor => ({
  mediaType,
  digest: fake(c),
  size: 100,
  ...extra,
});
const FOREIGN_URL = 'https://example.com/layer.tar.gz';

describe('layer media type tables (c/image mapping)', () => {
  it.each([
    { docker: M.dockerLayer, oci: M.ociLayerGzip },
    { docker: M.dockerLayerUncompressed, oci: M.ociLayer },
    { docker: M.dockerForeignLayer, oci: M.ociLayerNondistributableGzip },
    { docker: M.dockerForeignLayerUncompressed, oci: M.ociLayerNondistributable },
  ])('$docker ↔ $oci', ({ docker, oci }) => {
    expect(LAYER_TO_OCI.get(docker)).toBe(oci);
    expect(LAYER_TO_DOCKER.get(oci)).toBe(docker);
  });

  it('has no Docker equivalent for zstd', () => {
    expect(LAYER_TO_DOCKER.has(M.ociLayerZstd)).toBe(false);
    expect(LAYER_TO_DOCKER.has(M.ociLayerNondistributableZstd)).toBe(false);
  });
});

const dockerImage: ImageManifest = {
  schemaVersion: 2,
  mediaType: M.dockerManifest,
  config: d(M.dockerConfig, 'c'),
  layers: [
    d(M.dockerLayer, '1'),
    d(M.dockerLayerUncompressed, '2'),
    d(M.dockerForeignLayer, '3', { urls: [FOREIGN_URL] }),
    d(M.dockerForeignLayerUncompressed, '4', { urls: [FOREIGN_URL] }),
  ],
};

const ociImage: ImageManifest = {
  schemaVersion: 2,
  mediaType: M.ociManifest,
  config: d(M.ociConfig, 'c'),
  layers: [
    d(M.ociLayerGzip, '1', { annotations: { 'org.example': 'x' } }),
    d(M.ociLayer, '2'),
    d(M.ociLayerNondistributableGzip, '3', { urls: [FOREIGN_URL] }),
    d(M.ociLayerNondistributable, '4', { urls: [FOREIGN_URL] }),
  ],
  annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
  subject: d(M.ociManifest, 's'),
};

describe('convertImageManifest', () => {
  it('Docker → OCI maps every media type, keeps digests, sizes and urls', () => {
    const out = convertImageManifest(dockerImage, 'oci');
    expect(out).toEqual({
      schemaVersion: 2,
      mediaType: M.ociManifest,
      config: d(M.ociConfig, 'c'),
      layers: [
        d(M.ociLayerGzip, '1'),
        d(M.ociLayer, '2'),
        d(M.ociLayerNondistributableGzip, '3', { urls: [FOREIGN_URL] }),
        d(M.ociLayerNondistributable, '4', { urls: [FOREIGN_URL] }),
      ],
    });
    const parsed = parseManifest({ bytes: serializeManifest(out) });
    expect(parsed.kind === 'image' && parsed.format).toBe('oci');
  });

  it('OCI → Docker maps media types and drops what Docker cannot hold (annotations, subject)', () => {
    const out = convertImageManifest(ociImage, 'docker');
    expect(out).toEqual({ ...dockerImage });
    const parsed = parseManifest({ bytes: serializeManifest(out) });
    expect(parsed.mediaType).toBe(M.dockerManifest);
  });

  it('round-trips OCI → Docker → OCI to the same descriptors', () => {
    const back = convertImageManifest(convertImageManifest(dockerImage, 'oci'), 'docker');
    expect(serializeManifest(back)).toEqual(serializeManifest(dockerImage));
  });

  it.each([
    { name: 'zstd layers', doc: { ...ociImage, layers: [d(M.ociLayerZstd, '1')] }, error: /zstd-compressed/ },
    {
      name: 'encrypted layers',
      doc: { ...ociImage, layers: [d('application/vnd.oci.image.layer.v1.tar+gzip+encrypted', '1')] },
      error: /encrypted/,
    },
    {
      name: 'an unknown layer type',
      doc: { ...ociImage, layers: [d('application/x-thing', '1')] },
      error: /unknown layer media type/,
    },
    {
      name: 'an artifact',
      doc: { ...ociImage, artifactType: 'application/vnd.example+type' },
      error: /artifact/,
    },
    {
      name: 'a non-image config',
      doc: { ...ociImage, config: d(M.ociEmpty, 'e') },
      error: /not an image config/,
    },
  ])('refuses to make a Docker image of $name', ({ doc, error }) => {
    expect(() => convertImageManifest(doc, 'docker')).toThrow(error);
  });

  it.each([
    {
      name: 'an OCI layer type in a Docker manifest',
      doc: { ...dockerImage, layers: [d(M.ociLayerZstd, '1')] },
    },
    { name: 'a non-Docker config', doc: { ...dockerImage, config: d('application/x-config', 'c') } },
  ])('refuses to make an OCI image of $name', ({ doc }) => {
    expect(() => convertImageManifest(doc, 'oci')).toThrow(/cannot convert to OCI/);
  });
});

describe('convertIndex', () => {
  const ociIndex: ImageIndex = {
    schemaVersion: 2,
    mediaType: M.ociIndex,
    manifests: [
      d(M.ociManifest, '1', { platform: { os: 'linux', architecture: 'amd64' }, annotations: { a: 'b' } }),
      d(M.ociManifest, '2', { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }),
    ],
    annotations: { 'org.example': 'y' },
  };

  it('OCI → Docker list keeps entries and platforms, drops annotations', () => {
    const out = convertIndex(ociIndex, 'docker');
    expect(out).toEqual({
      schemaVersion: 2,
      mediaType: M.dockerManifestList,
      manifests: [
        d(M.ociManifest, '1', { platform: { os: 'linux', architecture: 'amd64' } }),
        d(M.ociManifest, '2', { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }),
      ],
    });
    expect(parseManifest({ bytes: serializeManifest(out) }).mediaType).toBe(M.dockerManifestList);
  });

  it('Docker list → OCI drops the Docker-only platform.features', () => {
    const list: ImageIndex = {
      schemaVersion: 2,
      mediaType: M.dockerManifestList,
      manifests: [
        d(M.dockerManifest, '1', { platform: { os: 'linux', architecture: 'amd64', features: ['sse4'] } }),
      ],
    };
    const out = convertIndex(list, 'oci');
    expect(out.manifests[0]!.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parseManifest({ bytes: serializeManifest(out) }).mediaType).toBe(M.ociIndex);
  });
});
