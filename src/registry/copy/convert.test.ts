import { describe, expect, it } from 'vitest';
import type { Digest } from '../digest/index.js';
import { digestOf } from '../digest/index.js';
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

// A Docker config as `docker build` writes it: Docker-only fields, Docker's field order.
const dockerConfig = new TextEncoder().encode(
  JSON.stringify({
    architecture: 'amd64',
    config: { Hostname: '', Env: ['PATH=/bin'], Cmd: ['sh'], Image: 'sha256:x' },
    container: 'f00d',
    container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ADD file'] },
    created: '2024-01-02T03:04:05.100Z',
    docker_version: '24.0.7',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [fake('a')] },
  }),
);
// The same config as c/image re-encodes it (image-spec's v1.Image, json.Marshal).
const ociConfig = new TextEncoder().encode(
  `{"created":"2024-01-02T03:04:05.1Z","architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["${fake('a')}"]}}`,
);

const dockerImage: ImageManifest = {
  schemaVersion: 2,
  mediaType: M.dockerManifest,
  config: { mediaType: M.dockerConfig, digest: digestOf(dockerConfig), size: dockerConfig.byteLength },
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
  config: { mediaType: M.ociConfig, digest: digestOf(dockerConfig), size: dockerConfig.byteLength },
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
  it('Docker → OCI maps every media type, keeps layers and re-encodes the config as c/image does', () => {
    const out = convertImageManifest(dockerImage, 'oci', dockerConfig);
    expect(out.config && Buffer.from(out.config).toString()).toBe(Buffer.from(ociConfig).toString());
    expect(out.doc).toEqual({
      schemaVersion: 2,
      mediaType: M.ociManifest,
      config: { mediaType: M.ociConfig, digest: digestOf(ociConfig), size: ociConfig.byteLength },
      layers: [
        d(M.ociLayerGzip, '1'),
        d(M.ociLayer, '2'),
        d(M.ociLayerNondistributableGzip, '3', { urls: [FOREIGN_URL] }),
        d(M.ociLayerNondistributable, '4', { urls: [FOREIGN_URL] }),
      ],
    });
    const parsed = parseManifest({ bytes: serializeManifest(out.doc) });
    expect(parsed.kind === 'image' && parsed.format).toBe('oci');
  });

  it('Docker → OCI keeps only what c/image’s Docker descriptors hold', () => {
    const doc: ImageManifest = {
      ...dockerImage,
      layers: [d(M.dockerLayer, '1', { annotations: { a: 'b' } })],
      annotations: { x: 'y' },
    };
    expect(convertImageManifest(doc, 'oci', dockerConfig).doc).toEqual({
      schemaVersion: 2,
      mediaType: M.ociManifest,
      config: { mediaType: M.ociConfig, digest: digestOf(ociConfig), size: ociConfig.byteLength },
      layers: [d(M.ociLayerGzip, '1')],
    });
  });

  it('OCI → Docker maps media types, keeps the config, drops what Docker cannot hold (annotations, subject)', () => {
    const out = convertImageManifest(ociImage, 'docker');
    expect(out).toEqual({ doc: { ...dockerImage } });
    const parsed = parseManifest({ bytes: serializeManifest(out.doc) });
    expect(parsed.mediaType).toBe(M.dockerManifest);
  });

  it('OCI → Docker → OCI gives the OCI image again when its config is already in Go form', () => {
    const oci: ImageManifest = {
      ...ociImage,
      config: { mediaType: M.ociConfig, digest: digestOf(ociConfig), size: ociConfig.byteLength },
      layers: ociImage.layers.map((l) => ({
        mediaType: l.mediaType,
        digest: l.digest,
        size: l.size,
        ...(l.urls ? { urls: l.urls } : {}),
      })),
    };
    const { annotations: _a, subject: _s, ...plain } = oci;
    const back = convertImageManifest(convertImageManifest(oci, 'docker').doc, 'oci', ociConfig);
    expect(serializeManifest(back.doc)).toEqual(serializeManifest(plain));
  });

  const notJson = new TextEncoder().encode('nope');
  it.each([
    { name: 'a config of another size', doc: dockerImage, bytes: ociConfig, error: /size mismatch/ },
    {
      name: 'a config with another digest',
      doc: { ...dockerImage, config: { ...dockerImage.config, size: ociConfig.byteLength } },
      bytes: ociConfig,
      error: /digest/i,
    },
    {
      name: 'a config that is not JSON',
      doc: { ...dockerImage, config: { ...dockerImage.config, digest: digestOf(notJson), size: 4 } },
      bytes: notJson,
      error: /not valid JSON/,
    },
  ])('refuses to make an OCI image from $name', ({ doc, bytes, error }) => {
    expect(() => convertImageManifest(doc, 'oci', bytes)).toThrow(/cannot convert to OCI: reading config/);
    expect(() => convertImageManifest(doc, 'oci', bytes)).toThrow(error);
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
    expect(() => convertImageManifest(doc, 'oci', dockerConfig)).toThrow(/cannot convert to OCI/);
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
