/**
 * Referrers on a real distribution 2.8, which has no referrers API: artifacts whose manifest
 * names an image as `subject`, found through the tag-schema fallback (an index tagged
 * `sha256-<hex>`), with artifactType filtering; and the API answer when a registry has one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/registry/digest/index.js';
import { referrersTag } from '../../src/registry/remote/index.js';
import {
  type FaultProxy,
  MEDIA_TYPES,
  type PushedImage,
  type PushTarget,
  pushBlob,
  pushImage,
  pushTarget,
  putManifest,
  type RegistryInstance,
  type RegistryMode,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { clientFor, type TestClient } from './client-for.js';

const REPO = 'ref/app';
const USER = { username: 'alice', password: 'alice-referrers-pw' };
const SBOM = 'application/vnd.example.sbom.v1+json';
const SIGNATURE = 'application/vnd.example.signature.v1';
const EMPTY_CONFIG = 'application/vnd.oci.empty.v1+json';

interface ReferrerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType: string;
  annotations: Record<string, string>;
}

/** Pushes an OCI artifact manifest (empty config, one payload layer) whose `subject` is `image`, by digest. */
async function pushReferrer(
  target: PushTarget,
  image: PushedImage,
  artifactType: string,
  payload: string,
): Promise<ReferrerDescriptor> {
  const layer = new TextEncoder().encode(payload);
  const empty = new TextEncoder().encode('{}');
  const [layerDigest, emptyDigest] = await Promise.all([pushBlob(target, layer), pushBlob(target, empty)]);
  const annotations = { 'org.example.payload': payload };
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.oci.manifest,
    artifactType,
    config: { mediaType: EMPTY_CONFIG, digest: emptyDigest, size: empty.length },
    layers: [{ mediaType: 'application/octet-stream', digest: layerDigest, size: layer.length }],
    subject: { mediaType: image.mediaType, digest: image.digest, size: image.manifestBytes.length },
    annotations,
  };
  const pushed = await putManifest(target, undefined, manifest, MEDIA_TYPES.oci.manifest);
  return {
    mediaType: pushed.mediaType,
    digest: pushed.digest,
    size: pushed.manifestBytes.length,
    artifactType,
    annotations,
  };
}

describe.each<{ mode: RegistryMode }>([{ mode: 'plain' }, { mode: 'token' }])(
  'referrers on a $mode registry',
  ({ mode }) => {
    let reg: RegistryInstance;
    let proxy: FaultProxy;
    let image: PushedImage;
    let lonely: PushedImage;
    let sbom: ReferrerDescriptor;
    let signature: ReferrerDescriptor;
    const login = mode === 'token' ? { login: USER } : {};

    async function using<T>(fn: (c: TestClient) => Promise<T>): Promise<T> {
      const c = await clientFor(reg, { host: proxy.host, ...login });
      try {
        return await fn(c);
      } finally {
        await c.close();
      }
    }

    beforeAll(async () => {
      reg = await startRegistry({
        mode,
        ...(mode === 'token' ? { users: { [USER.username]: USER.password } } : {}),
      });
      proxy = await startFaultProxy({ target: reg.url });
      image = await pushImage(reg, { repository: REPO, tag: 'v1', layers: [{ size: 1_000, seed: 1 }] });
      lonely = await pushImage(reg, { repository: REPO, tag: 'v2', layers: [{ size: 1_000, seed: 2 }] });
      const target = await pushTarget(reg, REPO, undefined, undefined);
      sbom = await pushReferrer(target, image, SBOM, 'sbom of v1');
      signature = await pushReferrer(target, image, SIGNATURE, 'signature of v1');
      // The tag-schema fallback: an index of the referrers, tagged after the subject's digest.
      const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.oci.index, manifests: [sbom, signature] };
      await putManifest(target, referrersTag(image.digest as Digest), index, MEDIA_TYPES.oci.index);
    });
    afterAll(async () => {
      await proxy?.stop();
      await reg?.stop();
    });
    beforeEach(() => proxy.reset());

    it('names the fallback tag after the subject digest', () => {
      expect(referrersTag(image.digest as Digest)).toBe(`sha256-${image.digest.slice('sha256:'.length)}`);
    });

    it.each([
      { name: 'every referrer without a filter', artifactType: undefined, want: () => [sbom, signature] },
      { name: 'only SBOMs', artifactType: SBOM, want: () => [sbom] },
      { name: 'only signatures', artifactType: SIGNATURE, want: () => [signature] },
      {
        name: 'nothing for an unknown artifact type',
        artifactType: 'application/vnd.example.none',
        want: () => [],
      },
    ])('lists $name through the tag schema', async ({ artifactType, want }) => {
      await using(async ({ client }) => {
        const found = await client.listReferrers({
          repository: REPO,
          digest: image.digest as Digest,
          ...(artifactType ? { artifactType } : {}),
        });
        expect(found).toEqual({ via: 'tag-schema', descriptors: want() });
      });
      // The registry has no referrers API (404), so the client read the fallback tag.
      const wire = proxy.requests
        .filter((r) => r.url.startsWith(`/v2/${REPO}/`))
        .map((r) => `${r.method} ${r.url.replace(/\?.*/, '')} ${r.status}`);
      expect(wire).toEqual([
        `GET /v2/${REPO}/referrers/${image.digest} 404`,
        `GET /v2/${REPO}/manifests/${referrersTag(image.digest as Digest)} 200`,
      ]);
    });

    it('finds no referrers for an image that has none', async () => {
      await using(async ({ client }) => {
        expect(await client.listReferrers({ repository: REPO, digest: lonely.digest as Digest })).toEqual({
          via: 'tag-schema',
          descriptors: [],
        });
      });
    });

    it('reads each referrer back with its subject', async () => {
      await using(async ({ client }) => {
        for (const referrer of [sbom, signature]) {
          const manifest = await client.getManifest({ repository: REPO, reference: referrer.digest });
          expect(manifest.kind).toBe('image');
          if (manifest.kind !== 'image') return;
          expect(manifest.doc.subject?.digest).toBe(image.digest);
          expect(manifest.doc.artifactType).toBe(referrer.artifactType);
        }
      });
    });

    it('uses the referrers API when the registry answers it, filtering by artifactType', async () => {
      const answer = { schemaVersion: 2, mediaType: MEDIA_TYPES.oci.index, manifests: [sbom, signature] };
      proxy.add({
        method: 'GET',
        path: /\/referrers\/sha256:/,
        fault: {
          kind: 'status',
          status: 200,
          headers: { 'content-type': MEDIA_TYPES.oci.index },
          body: JSON.stringify(answer),
        },
      });
      await using(async ({ client }) => {
        const found = await client.listReferrers({
          repository: REPO,
          digest: image.digest as Digest,
          artifactType: SIGNATURE,
        });
        expect(found).toEqual({ via: 'api', descriptors: [signature] });
      });
      const api = proxy.requests.filter((r) => r.url.includes('/referrers/'));
      expect(api).toHaveLength(1);
      expect(new URL(api[0]!.url, proxy.url).searchParams.get('artifactType')).toBe(SIGNATURE);
      expect(proxy.requests.some((r) => r.url.includes('/manifests/sha256-'))).toBe(false);
    });
  },
);
