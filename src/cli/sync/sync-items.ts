/**
 * The list of copies a sync makes: each source image paired with its destination
 * (`destinationName`), numbered within its source repository as skopeo logs them
 * (`Copying image ref 3/9`).
 *
 * Two different source images that would land on one destination name are refused before
 * anything is copied (typical without `--scoped`: `a.io/app:1` and `b.io/app:1` are both
 * `DEST/app:1`). skopeo 1.9.3 notices this only for `dir` destinations, halfway through,
 * because the directory then exists; for a registry it silently lets the last one win.
 * The same source listed twice is copied once.
 */
import { realpath } from 'node:fs/promises';
import { formatImageName, type ImageName } from '../../registry/ref/index.js';
import type { ImageAccess } from '../image-flags.js';
import { destinationName, type SyncDestKind } from './destination-name.js';
import type { SourceRepo } from './sync-sources.js';

export interface SyncItem {
  source: ImageName;
  destination: ImageName;
  /** How to read the source. */
  access: ImageAccess;
  /** 1-based position within its source repository, and that repository's size. */
  position: number;
  count: number;
  /** 0-based position in the whole sync. */
  order: number;
}

export interface PlanItemsOptions {
  repos: readonly SourceRepo[];
  destination: string;
  kind: SyncDestKind;
  scoped: boolean;
  appendSuffix: string;
}

/** Pairs every source image with its destination; see the module comment. */
export async function planItems(o: PlanItemsOptions): Promise<SyncItem[]> {
  const items: SyncItem[] = [];
  const claimed = new Map<string, string>();
  for (const repo of o.repos) {
    for (const [i, source] of repo.refs.entries()) {
      const resolvedSource = source.transport === 'dir' ? await realpath(source.path) : undefined;
      const destination = destinationName({
        source,
        ...(repo.dirBase ? { dirBase: repo.dirBase } : {}),
        ...(resolvedSource ? { resolvedSource } : {}),
        destination: o.destination,
        kind: o.kind,
        scoped: o.scoped,
        appendSuffix: o.appendSuffix,
      });
      const from = formatImageName(source);
      const to = formatImageName(destination);
      const earlier = claimed.get(to);
      if (earlier === from) continue;
      if (earlier !== undefined) {
        throw new Error(
          `Refusing to sync ${earlier} and ${from} to the same destination ${to}${o.scoped ? '' : ' (use --scoped to keep them apart)'}`,
        );
      }
      claimed.set(to, from);
      items.push({
        source,
        destination,
        access: repo.access,
        position: i + 1,
        count: repo.refs.length,
        order: items.length,
      });
    }
  }
  return items;
}
