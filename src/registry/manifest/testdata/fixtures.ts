// Test helpers shared by the manifest tests: upstream fixtures and small builders.
import { readFileSync } from 'node:fs';
import { type Digest, digestOf } from '../../digest/index.js';

/** The exact bytes of a `.golden` fixture in this folder. */
export function golden(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./${name}.golden`, import.meta.url)));
}

/** Known digests, from containers/image's tests (see README.md). */
export const V2S1_DIGEST =
  'sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000' as Digest;
export const V2S2_DIGEST =
  'sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55' as Digest;

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const json = (v: unknown): Uint8Array => enc(JSON.stringify(v));

/** A well-formed sha256 digest made of one repeated hex character. */
export const fake = (c: string): Digest => `sha256:${c.repeat(64)}` as Digest;

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
/** The OCI empty descriptor, `{}` embedded as data. */
export const EMPTY_CONFIG = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
};

export function layer(c = 'a', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: fake(c), size: 1234, ...extra };
}

/** An OCI image manifest as plain JSON, with fields replaced or added by `extra`. */
export function ociManifest(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: fake('c'), size: 512 },
    layers: [layer('a'), layer('b')],
    ...extra,
  };
}

/**
 * A multi-arch index as `docker buildx` pushes it: one entry per platform, each followed by
 * an attestation manifest (SBOM/provenance) listed as `unknown/unknown` and pointing back
 * at its image through `vnd.docker.reference.digest`.
 */
export const BUILDX_INDEX = `{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "${fake('1')}",
      "size": 1026,
      "platform": { "architecture": "amd64", "os": "linux" }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "${fake('2')}",
      "size": 1026,
      "platform": { "architecture": "arm", "os": "linux", "variant": "v7" }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "${fake('3')}",
      "size": 1026,
      "platform": { "architecture": "arm64", "os": "linux", "variant": "v8" }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "${fake('4')}",
      "size": 839,
      "annotations": {
        "vnd.docker.reference.digest": "${fake('1')}",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": { "architecture": "unknown", "os": "unknown" }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "${fake('5')}",
      "size": 839,
      "annotations": {
        "vnd.docker.reference.digest": "${fake('3')}",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": { "architecture": "unknown", "os": "unknown" }
    }
  ]
}`;

/**
 * Signs a schema 1 document the way libtrust's PrettySignature lays it out: the JSON up to
 * its last non-space character before the closing brace, then a `signatures` block, with
 * `formatLength`/`formatTail` in each protected header rebuilding the original. The
 * signature values are dummies; nothing verifies them.
 */
export function signSchema1(
  unsigned: string,
  opts: { formatLength?: number[]; formatTail?: string; protected?: string } = {},
): Uint8Array {
  const close = unsigned.lastIndexOf('}');
  let length = close;
  while (/\s/.test(unsigned[length - 1] ?? '')) length--;
  const tail = opts.formatTail ?? unsigned.slice(length);
  const b64url = (s: string) => Buffer.from(s).toString('base64url');
  const lengths = opts.formatLength ?? [length];
  const blocks = lengths.map((formatLength) => {
    const header = JSON.stringify({ formatLength, formatTail: b64url(tail), time: '2016-04-18T20:54:42Z' });
    return `{"header": {"alg": "ES256"}, "signature": "c2ln", "protected": "${opts.protected ?? b64url(header)}"}`;
  });
  return enc(`${unsigned.slice(0, length)},\n   "signatures": [${blocks.join(', ')}]\n}`);
}

export const sha256 = (b: Uint8Array): Digest => digestOf(b);
