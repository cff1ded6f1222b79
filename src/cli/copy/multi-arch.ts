/**
 * `--multi-arch system|all|index-only` (skopeo), and beyond skopeo 1.9.3 a list of
 * platforms, `linux/amd64,linux/arm64/v8`, whose images are copied with an index rewritten
 * to list only them.
 */
import type { PlatformSelection } from '../../registry/copy/index.js';
import { type Platform, parsePlatform } from '../../registry/manifest/index.js';
import { UsageError } from '../errors.js';

const NAMED = ['system', 'all', 'index-only'] as const;

/** Reads one `--multi-arch` value. */
export function parseMultiArch(value: string): PlatformSelection {
  if ((NAMED as readonly string[]).includes(value)) return value as (typeof NAMED)[number];
  if (!value.includes('/')) {
    throw new UsageError(
      `unknown multi-arch option "${value}". Choose one of the supported options: 'system', 'all', 'index-only', or a list of platforms such as linux/amd64,linux/arm64`,
    );
  }
  const platforms: Platform[] = [];
  for (const part of value.split(',')) {
    const spec = part.trim();
    try {
      platforms.push(parsePlatform(spec));
    } catch (err) {
      throw new UsageError(`invalid platform "${spec}" in --multi-arch: ${(err as Error).message}`);
    }
  }
  return platforms;
}

/** `-a/--all` and `--multi-arch` together decide what of a multi-arch source is copied. */
export function platformSelection(opts: { all: boolean; multiArch?: string }): PlatformSelection {
  if (opts.all && opts.multiArch !== undefined)
    throw new UsageError('Cannot use --all and --multi-arch flags together');
  if (opts.all) return 'all';
  return opts.multiArch === undefined ? 'system' : parseMultiArch(opts.multiArch);
}
