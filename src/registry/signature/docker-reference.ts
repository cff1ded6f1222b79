/**
 * Docker references as signatures and policy.json spell them, compared the way
 * containers/image compares them: normalised (`busybox` is `docker.io/library/busybox`),
 * without adding a default tag, and allowing both a tag and a digest (which berth's own
 * `parseReference` refuses because a registry cannot be asked for both).
 */
import { parseDigest } from '../digest/index.js';
import { parseReference, type Reference } from '../ref/index.js';

/** A normalised docker reference: `name` is `registry/repository`. */
export interface DockerReference {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * Parses like containers/image's `reference.ParseNormalizedNamed`.
 * @throws {InvalidReferenceError} or {InvalidDigestError} for invalid input.
 */
export function parseDockerReference(s: string): DockerReference {
  const at = s.indexOf('@');
  const digest = at >= 0 ? parseDigest(s.slice(at + 1)) : undefined;
  const ref = parseReference(at >= 0 ? s.slice(0, at) : s, { defaultTag: false });
  const out: { name: string; tag?: string; digest?: string } = { name: `${ref.registry}/${ref.repository}` };
  if (ref.tag !== undefined) out.tag = ref.tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** The reference as berth already parsed it. */
export function dockerReferenceOf(ref: Reference): DockerReference {
  const out: { name: string; tag?: string; digest?: string } = { name: `${ref.registry}/${ref.repository}` };
  if (ref.tag !== undefined) out.tag = ref.tag;
  if (ref.digest !== undefined) out.digest = ref.digest;
  return out;
}

/** `name[:tag][@digest]`, Go's `reference.Named.String()`. */
export function formatDockerReference(r: DockerReference): string {
  return `${r.name}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}

/** Neither a tag nor a digest. */
export function isNameOnly(r: DockerReference): boolean {
  return r.tag === undefined && r.digest === undefined;
}
