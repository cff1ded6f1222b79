/**
 * Images for the Image and Layer files tests, pushed to a real registry with the harness:
 *
 * - `files/app:v1`: three gzip tar layers with a config that has every field the Image screen
 *   shows, a history with an empty step, a whiteout (`app/old.log`) and an opaque directory
 *   (`var/cache`); plus an SBOM and a signature pointing at it, found through the referrers
 *   tag-schema fallback (distribution 2.8 has no referrers API).
 * - `files/multi:v1`: an index of linux/amd64 and linux/arm64/v8.
 * - `files/padded:v1`: one layer whose tar is followed by 64 KiB of padding inside the gzip
 *   stream, so a byte flipped there (fault proxy) breaks the digest but not the listing.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Digest } from '../../src/registry/digest/index.js';
import { referrersTag } from '../../src/registry/remote/index.js';
import {
  MEDIA_TYPES,
  type PushedImage,
  type PushedIndex,
  type PushTarget,
  pushBlob,
  pushImage,
  pushIndex,
  pushTarget,
  putManifest,
  type RegistryInstance,
  randomLayer,
  type TarEntry,
  tar,
} from '../harness/index.js';

export const LAYER_1: TarEntry[] = [
  { name: 'etc/' },
  { name: 'etc/hostname', content: 'berth\n' },
  { name: 'app/' },
  { name: 'app/config.json', content: '{"debug":true}' },
  { name: 'app/old.log', content: 'x'.repeat(2048) },
  { name: 'var/' },
  { name: 'var/cache/' },
  { name: 'var/cache/a.bin', content: 'a'.repeat(300) },
];
export const LAYER_2: TarEntry[] = [
  { name: 'app/' },
  { name: 'app/.wh.old.log' },
  { name: 'app/config.json', content: '{"debug":false}' },
  { name: 'app/run.sh', content: '#!/bin/sh\nexec app\n', mode: 0o755 },
];
export const LAYER_3: TarEntry[] = [
  { name: 'var/cache/' },
  { name: 'var/cache/.wh..wh..opq' },
  { name: 'var/cache/new.bin', content: 'n'.repeat(100) },
  { name: 'usr/' },
  { name: 'usr/bin/' },
  { name: 'usr/bin/tool', content: 't'.repeat(5000), mode: 0o755 },
];

export const SBOM = 'application/vnd.example.sbom.v1+json';
export const SIGNATURE = 'application/vnd.example.signature.v1';

/** What {@link pushInspectFixtures} pushed. */
export interface InspectFixtures {
  app: PushedImage;
  multi: PushedIndex;
  padded: PushedImage;
  referrers: string[];
}

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** The config of `files/app:v1`: every field the Overview shows, and a history with an empty step. */
function appConfig(tars: readonly Buffer[]): Record<string, unknown> {
  return {
    created: '2024-05-01T10:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: {
      User: 'app',
      ExposedPorts: { '8080/tcp': {} },
      Env: ['PATH=/usr/bin', 'MODE=test'],
      Entrypoint: ['/usr/bin/tool'],
      Cmd: ['serve', '--port', '8080'],
      WorkingDir: '/app',
      Labels: { 'org.opencontainers.image.title': 'files-app' },
    },
    rootfs: { type: 'layers', diff_ids: tars.map(sha256) },
    history: [
      { created: '2024-05-01T09:00:00Z', created_by: 'ADD base.tar /' },
      { created: '2024-05-01T09:30:00Z', created_by: 'ENV MODE=test', empty_layer: true },
      { created: '2024-05-01T09:40:00Z', created_by: 'COPY app /app' },
      { created: '2024-05-01T10:00:00Z', created_by: 'RUN install-tool' },
    ],
  };
}

/** An OCI artifact (empty config, one payload) whose subject is `image`; pushed by digest. */
async function pushReferrer(target: PushTarget, image: PushedImage, artifactType: string, payload: string) {
  const layer = new TextEncoder().encode(payload);
  const empty = new TextEncoder().encode('{}');
  const [layerDigest, emptyDigest] = await Promise.all([pushBlob(target, layer), pushBlob(target, empty)]);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.oci.manifest,
    artifactType,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: emptyDigest, size: empty.length },
    layers: [{ mediaType: 'application/octet-stream', digest: layerDigest, size: layer.length }],
    subject: { mediaType: image.mediaType, digest: image.digest, size: image.manifestBytes.length },
  };
  const pushed = await putManifest(target, undefined, manifest, MEDIA_TYPES.oci.manifest);
  return {
    mediaType: pushed.mediaType,
    digest: pushed.digest,
    size: pushed.manifestBytes.length,
    artifactType,
  };
}

/** Pushes the fixtures to `reg`. */
export async function pushInspectFixtures(reg: RegistryInstance): Promise<InspectFixtures> {
  const tars = [tar(LAYER_1), tar(LAYER_2), tar(LAYER_3)];
  const app = await pushImage(reg, {
    repository: 'files/app',
    tag: 'v1',
    layers: tars.map((t) => new Uint8Array(gzipSync(t))),
    config: appConfig(tars),
  });
  const target = await pushTarget(reg, 'files/app', undefined, undefined);
  const sbom = await pushReferrer(target, app, SBOM, 'sbom of app');
  const signature = await pushReferrer(target, app, SIGNATURE, 'signature of app');
  const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.oci.index, manifests: [sbom, signature] };
  await putManifest(target, referrersTag(app.digest as Digest), index, MEDIA_TYPES.oci.index);

  const multi = await pushIndex(reg, {
    repository: 'files/multi',
    tag: 'v1',
    platforms: [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ],
  });
  const padded = await pushImage(reg, {
    repository: 'files/padded',
    tag: 'v1',
    layers: [
      new Uint8Array(gzipSync(Buffer.concat([tar(LAYER_1), randomLayer({ size: 64 * 1024, seed: 7 })]))),
    ],
  });
  return { app, multi, padded, referrers: [sbom.digest, signature.digest] };
}
