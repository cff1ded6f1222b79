import { describe, expect, it } from 'vitest';
import { type Digest, DigestMismatchError, digestOf } from '../digest/index.js';
import { parseManifest } from './parse.js';
import {
  BUILDX_INDEX,
  DOCKER_LIST,
  DOCKER_MANIFEST,
  EMPTY_CONFIG,
  enc,
  fake,
  golden,
  json,
  layer,
  OCI_INDEX,
  OCI_MANIFEST,
  ociManifest,
  sha256,
  V2S2_DIGEST,
} from './testdata/fixtures.js';

const SHA512_OF_EMPTY_OBJECT = digestOf(enc('{}'), 'sha512');

describe('parseManifest accepts', () => {
  const cases: {
    name: string;
    bytes: Uint8Array;
    contentType?: string;
    kind: string;
    format?: string;
    mediaType: string;
  }[] = [
    {
      name: 'c/image OCI manifest',
      bytes: golden('cimage-ociv1.manifest'),
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
    {
      name: 'OCI manifest with its own Content-Type and a charset',
      bytes: golden('cimage-ociv1.manifest'),
      contentType: `${OCI_MANIFEST}; charset=utf-8`,
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
    {
      name: 'OCI manifest served as application/json (generic types never disagree)',
      bytes: golden('cimage-ociv1.manifest'),
      contentType: 'application/json',
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
    {
      name: 'c/image Docker v2s2',
      bytes: golden('cimage-v2s2.manifest'),
      kind: 'image',
      format: 'docker',
      mediaType: DOCKER_MANIFEST,
    },
    {
      name: 'c/image Docker manifest list',
      bytes: golden('cimage-v2list.manifest'),
      kind: 'index',
      format: 'docker',
      mediaType: DOCKER_LIST,
    },
    {
      name: 'c/image OCI index',
      bytes: golden('cimage-ociv1.image.index'),
      kind: 'index',
      format: 'oci',
      mediaType: OCI_INDEX,
    },
    {
      name: 'buildx index with attestations',
      bytes: enc(BUILDX_INDEX),
      contentType: OCI_INDEX,
      kind: 'index',
      format: 'oci',
      mediaType: OCI_INDEX,
    },
    {
      name: 'OCI manifest without mediaType, guessed from its fields',
      bytes: json(ociManifest({ mediaType: undefined })),
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
    {
      name: 'manifest without mediaType whose config is a Docker config',
      bytes: json(
        ociManifest({
          mediaType: undefined,
          config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: fake('c'), size: 1 },
        }),
      ),
      kind: 'image',
      format: 'docker',
      mediaType: DOCKER_MANIFEST,
    },
    {
      name: 'manifest without mediaType, typed by Content-Type',
      bytes: json(ociManifest({ mediaType: undefined })),
      contentType: DOCKER_MANIFEST,
      kind: 'image',
      format: 'docker',
      mediaType: DOCKER_MANIFEST,
    },
    {
      name: 'index without mediaType, guessed as OCI',
      bytes: json({ schemaVersion: 2, manifests: [layer('1')] }),
      kind: 'index',
      format: 'oci',
      mediaType: OCI_INDEX,
    },
    {
      name: 'empty referrers index',
      bytes: json({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }),
      contentType: OCI_INDEX,
      kind: 'index',
      format: 'oci',
      mediaType: OCI_INDEX,
    },
    {
      name: 'artifact with empty config carrying data, a subject and no layers',
      bytes: json(
        ociManifest({
          artifactType: 'application/vnd.example.sbom+json',
          config: EMPTY_CONFIG,
          layers: [],
          subject: { mediaType: OCI_MANIFEST, digest: fake('d'), size: 99 },
        }),
      ),
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
    {
      name: 'sha512 descriptor whose data matches',
      bytes: json(ociManifest({ config: { ...EMPTY_CONFIG, digest: SHA512_OF_EMPTY_OBJECT } })),
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
    {
      name: 'foreign layer with http and https urls',
      bytes: json(
        ociManifest({ layers: [layer('a', { urls: ['https://mcr.example/x', 'http://mirror.example/y'] })] }),
      ),
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
    {
      name: 'unknown fields and unknown-but-valid layer media types',
      bytes: json(
        ociManifest({
          'x-extra': { nested: [1, 2] },
          layers: [layer('a', { mediaType: 'application/vnd.example.thing+tar' })],
        }),
      ),
      kind: 'image',
      format: 'oci',
      mediaType: OCI_MANIFEST,
    },
  ];

  it.each(cases)('$name', ({ bytes, contentType, kind, format, mediaType }) => {
    const m = parseManifest({ bytes, ...(contentType ? { contentType } : {}) });
    expect(m.kind).toBe(kind);
    if (m.kind !== 'schema1') expect(m.format).toBe(format);
    expect(m.mediaType).toBe(mediaType);
    expect(m.digest).toBe(sha256(bytes));
    expect(m.bytes).toBe(bytes);
  });

  it('keeps the fields of a Docker v2s2 manifest and its known digest', () => {
    const m = parseManifest({ bytes: golden('cimage-v2s2.manifest'), contentType: DOCKER_MANIFEST });
    expect(m.digest).toBe(V2S2_DIGEST);
    if (m.kind !== 'image') throw new Error('expected an image');
    expect(m.doc.config).toEqual({
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 7023,
      digest: 'sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7',
    });
    expect(m.doc.layers.map((l) => l.size)).toEqual([32654, 16724, 73109]);
  });

  it('keeps platforms and annotations of index entries', () => {
    const m = parseManifest({ bytes: enc(BUILDX_INDEX) });
    if (m.kind !== 'index') throw new Error('expected an index');
    expect(m.doc.manifests.map((d) => d.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'unknown', architecture: 'unknown' },
      { os: 'unknown', architecture: 'unknown' },
    ]);
    expect({ ...m.doc.manifests[3]?.annotations }).toEqual({
      'vnd.docker.reference.digest': fake('1'),
      'vnd.docker.reference.type': 'attestation-manifest',
    });
  });

  it('reads os.features and Docker features of platforms', () => {
    const oci = parseManifest({ bytes: golden('cimage-ociv1.image.index') });
    const docker = parseManifest({ bytes: golden('cimage-v2list.manifest') });
    if (oci.kind !== 'index' || docker.kind !== 'index') throw new Error('expected indexes');
    expect(oci.doc.manifests[1]?.platform?.['os.features']).toEqual(['sse4']);
    expect(docker.doc.manifests[1]?.platform?.features).toEqual(['sse']);
  });
});

describe('parseManifest verifies the digest', () => {
  const bytes = golden('cimage-ociv1.manifest');
  const cases: { name: string; bytes: Uint8Array; expected: Digest; ok: boolean }[] = [
    { name: 'sha256 that matches', bytes, expected: sha256(bytes), ok: true },
    { name: 'sha512 that matches, hashed with sha512', bytes, expected: digestOf(bytes, 'sha512'), ok: true },
    { name: 'sha256 of other content', bytes, expected: fake('0'), ok: false },
    { name: 'sha512 of other content', bytes, expected: digestOf(enc('x'), 'sha512'), ok: false },
    {
      name: 'same JSON with whitespace changed (A05)',
      bytes: json(JSON.parse(new TextDecoder().decode(bytes))),
      expected: sha256(bytes),
      ok: false,
    },
    {
      name: 'bytes that are not even JSON report the mismatch',
      bytes: enc('<html>captive portal</html>'),
      expected: sha256(bytes),
      ok: false,
    },
  ];

  it.each(cases)('$name', ({ bytes, expected, ok }) => {
    const run = () => parseManifest({ bytes, expectedDigest: expected });
    if (ok) expect(run().digest).toBe(expected);
    else expect(run).toThrow(DigestMismatchError);
  });
});

describe('parseManifest is prototype-pollution safe (I02)', () => {
  it('keeps __proto__, constructor and prototype as plain annotation keys', () => {
    const text = `{"schemaVersion":2,"mediaType":"${OCI_INDEX}","manifests":[],"annotations":{"__proto__":"x","constructor":"y","prototype":"z"},"__proto__":{"polluted":"yes"}}`;
    const m = parseManifest({ bytes: enc(text) });
    if (m.kind !== 'index') throw new Error('expected an index');
    const annotations = m.doc.annotations ?? {};
    expect(Object.getPrototypeOf(annotations)).toBeNull();
    expect(Object.keys(annotations)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(Object.getOwnPropertyDescriptor(annotations, '__proto__')?.value).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(m.doc)).toBe(Object.prototype);
  });

  it('rejects descriptors named like Object.prototype members', () => {
    // `constructor` is not a descriptor field; reading `config` must not find an inherited value.
    const bytes = json({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [], constructor: {} });
    expect(() => parseManifest({ bytes })).toThrow(/config: missing/);
  });
});
