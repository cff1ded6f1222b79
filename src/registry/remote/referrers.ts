/**
 * Referrers (signatures, SBOMs, attestations attached to a manifest by `subject`).
 * Registries that implement the OCI referrers API answer `/v2/<name>/referrers/<digest>`
 * with an index; the spec forbids them a 404 there, so a 404 means "no API" and the
 * tag-schema fallback applies: an index tagged `<alg>-<hex>` (alg ≤ 32 chars, hex ≤ 64).
 */

import { repositoryScope } from '../auth/index.js';
import type { Digest } from '../digest/index.js';
import { digestAlgorithm, digestHex, MANIFEST_LIMIT, readBounded } from '../digest/index.js';
import { checkResponse, isNotFound } from '../http/index.js';
import type { Descriptor } from '../manifest/index.js';
import { MEDIA_TYPES, parseManifest } from '../manifest/index.js';
import { getManifest } from './manifests.js';
import type { RegistrySession } from './session.js';

export interface Referrers {
  descriptors: Descriptor[];
  /** Which mechanism answered: the referrers API or the tag-schema fallback. */
  via: 'api' | 'tag-schema';
}

/** The fallback tag for a subject digest, per the distribution spec. */
export function referrersTag(digest: Digest): string {
  return `${digestAlgorithm(digest).slice(0, 32)}-${digestHex(digest).slice(0, 64)}`;
}

function filter(descriptors: Descriptor[], artifactType?: string): Descriptor[] {
  return artifactType ? descriptors.filter((d) => d.artifactType === artifactType) : descriptors;
}

export async function listReferrers(
  session: RegistrySession,
  opts: { repository: string; digest: Digest; artifactType?: string; signal?: AbortSignal },
): Promise<Referrers> {
  const url = session.url(`/v2/${opts.repository}/referrers/${opts.digest}`);
  if (opts.artifactType) url.searchParams.set('artifactType', opts.artifactType);
  const res = await session.send({
    method: 'GET',
    url,
    scopes: [repositoryScope(opts.repository, ['pull'])],
    headers: { accept: MEDIA_TYPES.ociIndex },
    signal: opts.signal,
  });
  if (res.status === 200) {
    const bytes = await readBounded(res.body, {
      limit: MANIFEST_LIMIT,
      what: 'referrers',
      signal: opts.signal,
    });
    const index = parseManifest({ bytes, contentType: res.headers['content-type'] });
    if (index.kind !== 'index') throw new Error('referrers API answered with something other than an index');
    return { descriptors: filter([...index.doc.manifests], opts.artifactType), via: 'api' };
  }
  if (res.status !== 404) await checkResponse(res, 200);
  await res.dump();
  try {
    const index = await getManifest(session, {
      repository: opts.repository,
      reference: referrersTag(opts.digest),
      accept: [MEDIA_TYPES.ociIndex],
      signal: opts.signal,
    });
    if (index.kind !== 'index') return { descriptors: [], via: 'tag-schema' };
    return { descriptors: filter([...index.doc.manifests], opts.artifactType), via: 'tag-schema' };
  } catch (err) {
    if (isNotFound(err)) return { descriptors: [], via: 'tag-schema' };
    throw err;
  }
}
