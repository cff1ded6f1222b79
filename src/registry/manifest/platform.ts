/**
 * Platforms (`linux/arm64/v8`): normalising the many spellings, matching, and choosing the
 * image for a platform from an index. Matching follows c/image's `internal/pkg/platform`:
 * os, architecture and variant must agree, `os.version` and `os.features` are ignored, and
 * a CPU variant also accepts the older variants it can run, most capable first.
 */
import { InvalidPlatformError } from './errors.js';
import type { Descriptor, ImageIndex, Platform } from './types.js';

/** Architecture spellings from uname, Debian and Go, mapped to OCI names (and an implied variant). */
const ARCH_ALIASES: ReadonlyMap<string, { architecture: string; variant?: string }> = new Map([
  ['x86_64', { architecture: 'amd64' }],
  ['x86-64', { architecture: 'amd64' }],
  ['aarch64', { architecture: 'arm64' }],
  ['armhf', { architecture: 'arm', variant: 'v7' }],
  ['armel', { architecture: 'arm', variant: 'v6' }],
  ['armv7l', { architecture: 'arm', variant: 'v7' }],
  ['armv6l', { architecture: 'arm', variant: 'v6' }],
  ['i386', { architecture: '386' }],
  ['i686', { architecture: '386' }],
]);

/** What an unspecified variant means: every arm64 CPU is at least v8, and 32-bit arm images default to v7. */
const DEFAULT_VARIANT: ReadonlyMap<string, string> = new Map([
  ['arm64', 'v8'],
  ['arm', 'v7'],
]);

/**
 * Variants from most capable to least: a CPU of one variant runs images of every variant
 * after it (c/image's table, plus arm64 v9 and amd64 micro-architecture levels, where ''
 * is the v1 baseline).
 */
const COMPATIBLE_VARIANTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['arm', ['v8', 'v7', 'v6', 'v5']],
  ['arm64', ['v9', 'v8']],
  ['amd64', ['v4', 'v3', 'v2', '']],
]);

const PLATFORM_PART = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/**
 * The canonical spelling of a platform, so that equal platforms compare equal: lower-case
 * os and architecture, architecture aliases resolved (`x86_64` → `amd64`, `aarch64` →
 * `arm64`, `armhf` → `arm` v7, `armel` → `arm` v6), variants written `vN`, arm64 without a
 * variant is `v8`, arm without one is `v7`, and amd64 `v1` is no variant.
 */
export function normalizePlatform(p: Platform): Platform {
  let os = p.os.toLowerCase();
  if (os === 'macos') os = 'darwin';
  const alias = ARCH_ALIASES.get(p.architecture.toLowerCase());
  const architecture = alias?.architecture ?? p.architecture.toLowerCase();
  let variant = (p.variant ?? '').toLowerCase() || alias?.variant || '';
  const numbered = /^(?:arm)?v?(\d+)$/.exec(variant);
  if (numbered && (architecture === 'arm' || architecture === 'arm64')) variant = `v${numbered[1]}`;
  if (variant === '') variant = DEFAULT_VARIANT.get(architecture) ?? '';
  if (architecture === 'amd64' && variant === 'v1') variant = '';
  const out: Platform = { ...p, os, architecture };
  if (variant) out.variant = variant;
  else delete out.variant;
  return out;
}

/** Do two platforms name the same thing once normalised? `os.version`/`os.features` are ignored. */
export function platformMatches(want: Platform, have: Platform): boolean {
  const w = normalizePlatform(want);
  const h = normalizePlatform(have);
  return w.os === h.os && w.architecture === h.architecture && (w.variant ?? '') === (h.variant ?? '');
}

/** The variants `want` accepts, best first. An unknown variant accepts only itself. */
function acceptableVariants(want: Platform): readonly string[] {
  const variant = want.variant ?? '';
  const order = COMPATIBLE_VARIANTS.get(want.architecture);
  const at = order ? order.indexOf(variant) : -1;
  return order && at !== -1 ? order.slice(at) : [variant];
}

/**
 * The index entry to use for `want`, as c/image chooses it: entries of the same os and
 * architecture whose variant `want` can run, the most capable variant first; among equals,
 * one spelled exactly as asked, then the first listed. An entry without a platform is used
 * only when nothing matches (c/image ranks those last too). Attestation manifests are
 * listed as `unknown/unknown`, so they are never chosen for a real platform.
 *
 * Unlike c/image this does not prefer zstd-compressed instances.
 */
export function choosePlatform(index: ImageIndex, want: Platform): Descriptor | undefined {
  const w = normalizePlatform(want);
  const acceptable = acceptableVariants(w);
  let best: { descriptor: Descriptor; score: number } | undefined;
  let withoutPlatform: Descriptor | undefined;
  for (const descriptor of index.manifests) {
    if (!descriptor.platform) {
      withoutPlatform ??= descriptor;
      continue;
    }
    const h = normalizePlatform(descriptor.platform);
    if (h.os !== w.os || h.architecture !== w.architecture) continue;
    const rank = acceptable.indexOf(h.variant ?? '');
    if (rank === -1) continue;
    const spelledAsAsked = (descriptor.platform.variant ?? '') === (want.variant ?? '');
    const score = rank * 2 + (spelledAsAsked ? 0 : 1);
    if (!best || score < best.score) best = { descriptor, score };
  }
  return best?.descriptor ?? withoutPlatform;
}

/** `os/architecture[/variant]`, as given (normalise first for the canonical form). */
export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}

/**
 * Reads `os/architecture[/variant]`, e.g. `linux/arm/v7`. The parts are returned as
 * written; pass the result through {@link normalizePlatform} to compare it.
 *
 * @throws {InvalidPlatformError}
 */
export function parsePlatform(s: string): Platform {
  const parts = s.split('/');
  if (parts.length < 2 || parts.length > 3) {
    throw new InvalidPlatformError(s, 'expected os/architecture or os/architecture/variant');
  }
  for (const part of parts) {
    if (!PLATFORM_PART.test(part))
      throw new InvalidPlatformError(
        s,
        'each part must start with a letter or digit, then letters, digits, ".", "_", "+" or "-"',
      );
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}
