/**
 * Which entries of a multi-arch index a copy takes, as skopeo's `--multi-arch` decides it.
 * Pure: the caller fetches the chosen manifests.
 */
import {
  choosePlatform,
  type Descriptor,
  formatPlatform,
  type HostPlatformOptions,
  hostPlatform,
  type ImageIndex,
  type NodeHost,
  normalizePlatform,
  platformMatches,
} from '../manifest/index.js';
import type { PlatformSelection } from './options.js';

/** The outcome of {@link selectInstances}. */
export interface InstanceSelection {
  /** What the destination name ends up pointing at: the index, or one image of it. */
  top: 'index' | 'image';
  /** Entries whose images are copied, in index order. */
  copy: Descriptor[];
  /** Entries the written index lists (empty when `top` is `'image'`). */
  list: Descriptor[];
}

function listed(index: ImageIndex): string {
  const names = index.manifests.map((d) => (d.platform ? formatPlatform(d.platform) : 'no platform'));
  return names.length === 0 ? 'it lists no images' : `it lists ${[...new Set(names)].join(', ')}`;
}

/**
 * Chooses from `index`:
 *  - `'system'`: the best entry for this machine with `override` on top (`choosePlatform`);
 *  - `'all'`: every entry, and the index as it is;
 *  - `'index-only'`: no entry, and the index as it is;
 *  - platforms: every entry matching one of them, and an index listing just those.
 *
 * @param host the machine `'system'` means; defaults to the running one.
 * @throws {Error} when a wanted platform is not in the index.
 */
export function selectInstances(
  index: ImageIndex,
  selection: PlatformSelection,
  override: HostPlatformOptions = {},
  host?: NodeHost,
): InstanceSelection {
  if (selection === 'all') return { top: 'index', copy: [...index.manifests], list: [...index.manifests] };
  if (selection === 'index-only') return { top: 'index', copy: [], list: [...index.manifests] };
  if (selection === 'system') {
    const want = host ? hostPlatform(override, host) : hostPlatform(override);
    const chosen = choosePlatform(index, want);
    if (!chosen) {
      // c/image's wording, so scripts that match skopeo's message keep working.
      throw new Error(
        `no image found in image index for architecture "${want.architecture}", variant "${want.variant ?? ''}", OS "${want.os}" (${listed(index)})`,
      );
    }
    return { top: 'image', copy: [chosen], list: [] };
  }
  if (selection.length === 0) throw new Error('no platforms given to copy');
  for (const want of selection) {
    if (!index.manifests.some((d) => d.platform && platformMatches(want, d.platform))) {
      throw new Error(
        `no image for platform ${formatPlatform(normalizePlatform(want))} in the image index (${listed(index)})`,
      );
    }
  }
  const chosen = index.manifests.filter((d) => {
    const have = d.platform;
    return have !== undefined && selection.some((want) => platformMatches(want, have));
  });
  return { top: 'index', copy: chosen, list: chosen };
}
