import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { authorizationFor, type Credentials } from './auth.js';
import { type ManifestFormat, MEDIA_TYPES } from './media-types.js';
import { type PushTarget, pushBlob, registryRequest, sha256Digest } from './push-blob.js';
import { type RandomLayerOptions, randomLayer } from './random-layer.js';
import type { RegistryInstance } from './registry.js';

/** An OCI platform. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** A blob the fixture builder pushed; `bytes` is what the registry stores. */
export interface PushedBlob {
  digest: string;
  size: number;
  mediaType: string;
  bytes: Uint8Array;
}

/** Options for {@link pushImage}. */
export interface PushImageOptions {
  repository: string;
  /** Omit to push by digest only. */
  tag?: string;
  /** Literal layer bytes, or `{ size, seed }` for {@link randomLayer} bytes. */
  layers: Array<Uint8Array | RandomLayerOptions>;
  /** Replaces the generated image config JSON entirely. */
  config?: Record<string, unknown>;
  /** Default `'oci'`. */
  mediaType?: ManifestFormat;
  /** Written into the generated config; default linux/amd64. */
  platform?: Platform;
  /** Default: the registry's first user; `'anonymous'` sends no credentials. */
  auth?: Credentials | 'anonymous';
  signal?: AbortSignal;
}

/** What {@link pushImage} pushed. */
export interface PushedImage {
  repository: string;
  tag?: string;
  digest: string;
  mediaType: string;
  manifest: Record<string, unknown>;
  manifestBytes: Uint8Array;
  config: PushedBlob;
  layers: PushedBlob[];
}

/**
 * Pushes one single-platform image with plain HTTP calls (never through `src/`): layers and config as
 * blobs, then the manifest by tag (or by digest when no tag is given).
 *
 * `diff_ids` in the generated config are the sha256 of the gunzipped layer when a layer is gzip (as
 * {@link tarGz} makes), and of the raw bytes otherwise, since random layers are not archives.
 */
export async function pushImage(reg: RegistryInstance, opts: PushImageOptions): Promise<PushedImage> {
  const target = await pushTarget(reg, opts.repository, opts.auth, opts.signal);
  return pushImageTo(target, opts);
}

/** {@link pushImage} against an already-authorised target (used by `pushIndex` to share one token). */
export async function pushImageTo(target: PushTarget, opts: PushImageOptions): Promise<PushedImage> {
  const types = MEDIA_TYPES[opts.mediaType ?? 'oci'];
  const layerBytes = opts.layers.map((layer) => (layer instanceof Uint8Array ? layer : randomLayer(layer)));
  const layers: PushedBlob[] = layerBytes.map((bytes) => ({
    digest: sha256Digest(bytes),
    size: bytes.length,
    mediaType: types.layer,
    bytes,
  }));
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const configJson = opts.config ?? {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: {},
    rootfs: { type: 'layers', diff_ids: layerBytes.map(diffId) },
  };
  const configBytes = new TextEncoder().encode(JSON.stringify(configJson));
  const config: PushedBlob = {
    digest: sha256Digest(configBytes),
    size: configBytes.length,
    mediaType: types.config,
    bytes: configBytes,
  };

  await Promise.all([...layerBytes, configBytes].map((bytes) => pushBlob(target, bytes)));

  const descriptor = ({ mediaType, digest, size }: PushedBlob) => ({ mediaType, digest, size });
  const manifest = {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: descriptor(config),
    layers: layers.map(descriptor),
  };
  const pushed = await putManifest(target, opts.tag, manifest, types.manifest);
  return { repository: target.repository, ...(opts.tag ? { tag: opts.tag } : {}), ...pushed, config, layers };
}

/** Serialises and PUTs a manifest by tag, or by its own digest when `tag` is undefined. */
export async function putManifest(
  target: PushTarget,
  tag: string | undefined,
  manifest: Record<string, unknown>,
  mediaType: string,
): Promise<{
  digest: string;
  mediaType: string;
  manifest: Record<string, unknown>;
  manifestBytes: Uint8Array;
}> {
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const digest = sha256Digest(manifestBytes);
  const res = await registryRequest(
    target,
    `/v2/${target.repository}/manifests/${tag ?? digest}`,
    { method: 'PUT', body: manifestBytes, headers: { 'content-type': mediaType } },
    [201],
  );
  await res.body?.cancel();
  const echoed = res.headers.get('docker-content-digest');
  if (echoed !== digest) throw new Error(`registry stored manifest as ${echoed}, expected ${digest}`);
  return { digest, mediaType, manifest, manifestBytes };
}

/** Resolves credentials for `repository:<name>:pull,push` once, for a series of pushes. */
export async function pushTarget(
  reg: RegistryInstance,
  repository: string,
  auth: Credentials | 'anonymous' | undefined,
  signal: AbortSignal | undefined,
): Promise<PushTarget> {
  const authorization = await authorizationFor(reg, {
    scopes: [`repository:${repository}:pull,push`],
    ...(auth ? { auth } : {}),
    ...(signal ? { signal } : {}),
  });
  return { reg, repository, ...(authorization ? { authorization } : {}), ...(signal ? { signal } : {}) };
}

function diffId(bytes: Uint8Array): string {
  const gzip = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const raw = gzip ? gunzipSync(bytes) : bytes;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}
