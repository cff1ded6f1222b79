/**
 * Which entries of an index the Copy screen offers as platforms to choose. A copy of chosen
 * platforms takes every entry of each one (selectInstances matches by platform, as c/image's
 * `InstancePlatforms` does), so a platform listed twice (gzip and zstd images) is one choice.
 *
 * Attestation manifests (buildx's SBOM and provenance, listed as `unknown/unknown` with
 * `vnd.docker.reference.type: attestation-manifest`) are not offered: they describe another
 * entry and run nowhere. c/image copies them with `--multi-arch all` (the index as it is) and
 * never matches them to a platform list, and berth's engine does the same, so they are counted
 * for the screen to say that only "all" takes them.
 */
import { type Descriptor, normalizePlatform, type Platform } from '../registry/manifest/index.js';

/** buildx's annotation that marks an index entry as another entry's attestation. */
const REFERENCE_TYPE = 'vnd.docker.reference.type';

/** Whether an index entry is an attestation manifest rather than an image. */
export function isAttestation(d: Descriptor): boolean {
  return d.annotations?.[REFERENCE_TYPE] === 'attestation-manifest';
}

/** What {@link choosablePlatforms} finds. */
export interface ChoosablePlatforms {
  /** Each platform once (as first spelled), in index order. */
  platforms: Platform[];
  /** Attestation manifests listed. */
  attestations: number;
}

/** The platforms of an index's `manifests` a user can copy on their own. */
export function choosablePlatforms(manifests: readonly Descriptor[]): ChoosablePlatforms {
  const seen = new Set<string>();
  const platforms: Platform[] = [];
  let attestations = 0;
  for (const d of manifests) {
    if (isAttestation(d)) {
      attestations++;
      continue;
    }
    if (!d.platform) continue;
    const p = normalizePlatform(d.platform);
    const key = `${p.os}/${p.architecture}/${p.variant ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    platforms.push(d.platform);
  }
  return { platforms, attestations };
}
