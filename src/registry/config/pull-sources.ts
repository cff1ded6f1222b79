/**
 * The endpoints one image can be read from, per a registries.conf entry: its mirrors that
 * serve this kind of reference, then its own location, each with the reference rewritten
 * by replacing the matched prefix with the endpoint's location (containers/image
 * `PullSourcesFromReference` and `rewriteReference`).
 */
import { formatReference, parseReference, type Reference } from '../ref/index.js';
import { refMatchingPrefix } from './prefix-match.js';
import type { MirrorEndpoint, RegistryEntry } from './registries-file.js';
import { InvalidRegistriesConfError } from './toml-fields.js';

/** One place to read an image from: the rewritten reference plus how to reach it. */
export interface PullSource extends Reference {
  /** Plain HTTP and unverified TLS are allowed for this endpoint. */
  readonly insecure: boolean;
  /** A `[[registry.mirror]]`, as opposed to the registry's own location. */
  readonly mirror: boolean;
  /** The rewritten name is itself blocked in registries.conf (a mirror of a blocked registry need not be). */
  readonly blocked?: boolean;
}

/** Mirrors serve a reference when its kind (digest or tag) is one they are configured for. */
function mirrorsFor(reg: RegistryEntry, byDigest: boolean): readonly MirrorEndpoint[] {
  if (reg.mirrorByDigestOnly) return byDigest ? reg.mirrors : [];
  return reg.mirrors.filter((m) => {
    if (m.pullFromMirror === 'digest-only') return byDigest;
    if (m.pullFromMirror === 'tag-only') return !byDigest;
    return true;
  });
}

function rewrite(ref: Reference, prefix: string, location: string): Reference {
  const refString = formatReference(ref);
  const prefixLen = refMatchingPrefix(refString, prefix);
  if (prefixLen < 0)
    throw new InvalidRegistriesConfError(`invalid prefix '${prefix}' for reference '${refString}'`);
  if (location === '') {
    if (!prefix.startsWith('*.')) {
      throw new InvalidRegistriesConfError(
        `invalid prefix '${prefix}' for empty location, should be in the format: *.example.com`,
      );
    }
    return ref;
  }
  const rewritten = location + refString.slice(prefixLen);
  let parsed: Reference | undefined;
  try {
    parsed = parseReference(rewritten, { defaultTag: false });
  } catch {
    parsed = undefined;
  }
  // Like containers/image's ParseNamed, only a reference already in full form is accepted,
  // so `docker.io/busybox` is not silently turned into `docker.io/library/busybox`.
  if (!parsed || formatReference(parsed) !== rewritten) {
    throw new InvalidRegistriesConfError(`rewriting reference: invalid reference format "${rewritten}"`);
  }
  if (parsed.tag === undefined && parsed.digest === undefined) {
    throw new InvalidRegistriesConfError(
      `rewriting reference: "${rewritten}" has neither a tag nor a digest`,
    );
  }
  return parsed;
}

/** The sources for `ref` under `reg`: selected mirrors in order, then the primary location. */
export function pullSourcesFor(reg: RegistryEntry, ref: Reference): PullSource[] {
  const mirrors = mirrorsFor(reg, ref.digest !== undefined).map((m) => ({
    ...rewrite(ref, reg.prefix, m.location),
    insecure: m.insecure,
    mirror: true,
  }));
  return [...mirrors, { ...rewrite(ref, reg.prefix, reg.location), insecure: reg.insecure, mirror: false }];
}
