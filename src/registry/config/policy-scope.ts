/**
 * Which policy.json section applies to an image: each transport names its images by an
 * identity and a list of ever wider namespaces, and the most specific scope present wins
 * (containers/image `PolicyConfigurationIdentity` / `PolicyConfigurationNamespaces` and
 * `requirementsForImageRef`). For `docker` that is `host/ns/repo:tag`, then
 * `host/ns/repo`, `host/ns`, `host`, then `*.domain` wildcards; for paths, the resolved
 * path and its parents.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatImageName, formatReference, type ImageName } from '../ref/index.js';
import { type DockerReference, dockerReferenceOf } from '../signature/index.js';
import type { Policy } from './policy.js';
import type { PolicyRequirement } from './policy-requirements.js';

/** How policy.json sees one image. */
export interface PolicyImage {
  readonly transport: ImageName['transport'];
  /** The most specific scope; '' when the transport has none (docker-archive). */
  readonly identity: string;
  /** Wider scopes, most specific first (the implicit '' is not listed). */
  readonly namespaces: readonly string[];
  /** The image's docker reference, which `signedIdentity` matches against; absent for dir/oci. */
  readonly dockerReference?: DockerReference;
  /** For messages: `docker://busybox:latest`, `dir:/tmp/x`. */
  readonly displayName: string;
}

/** containers/image's `DockerReferenceNamespaces`: the repository, its parents, the host, then `*.` suffixes. */
function dockerNamespaces(name: string): string[] {
  const out: string[] = [];
  let n = name;
  for (;;) {
    out.push(n);
    const slash = n.lastIndexOf('/');
    if (slash < 0) break;
    n = n.slice(0, slash);
  }
  const colon = n.indexOf(':');
  if (colon >= 0) n = n.slice(0, colon);
  for (let dot = n.indexOf('.'); dot >= 0; dot = n.indexOf('.')) {
    n = n.slice(dot + 1);
    out.push(`*.${n}`);
  }
  return out;
}

/** The absolute path with symlinks resolved; for a missing file, its parent resolved. */
function resolvePath(path: string): string {
  const abs = resolve(path);
  try {
    lstatSync(abs);
    return realpathSync(abs);
  } catch {
    return join(realpathSync(dirname(abs)), basename(abs));
  }
}

/** The path and each parent above it, but not `/`; `self` says whether the path itself is listed. */
function pathNamespaces(path: string, self: boolean): string[] {
  const out: string[] = [];
  let p = self ? path : dirname(path);
  while (p !== '/' && p !== dirname(p)) {
    out.push(p);
    p = dirname(p);
  }
  return out;
}

/** The scopes for `image`; paths are resolved against the current directory and the file system. */
export function policyImage(image: ImageName): PolicyImage {
  const displayName = formatImageName(image);
  switch (image.transport) {
    case 'docker':
      return {
        transport: 'docker',
        identity: formatReference(image.ref),
        namespaces: dockerNamespaces(`${image.ref.registry}/${image.ref.repository}`),
        dockerReference: dockerReferenceOf(image.ref),
        displayName,
      };
    case 'dir': {
      const p = resolvePath(image.path);
      return { transport: 'dir', identity: p, namespaces: pathNamespaces(p, false), displayName };
    }
    case 'oci':
    case 'oci-archive': {
      const p = resolvePath(image.path);
      return { transport: image.transport, identity: p, namespaces: pathNamespaces(p, true), displayName };
    }
    case 'docker-archive':
      return {
        transport: 'docker-archive',
        identity: '',
        namespaces: [],
        ...(image.ref ? { dockerReference: dockerReferenceOf(image.ref) } : {}),
        displayName,
      };
  }
}

/** The requirements that apply and the section they came from (for `--debug`). */
export interface PolicySection {
  readonly requirements: readonly PolicyRequirement[];
  /** `default`, or `transport "docker" scope "docker.io/library"`. */
  readonly section: string;
}

/** The most specific section of `policy` for `image`: identity, namespaces, `''`, then `default`. */
export function requirementsFor(policy: Policy, image: PolicyImage): PolicySection {
  const scopes = policy.transports.get(image.transport);
  if (scopes) {
    for (const scope of [image.identity, ...image.namespaces, '']) {
      const requirements = scopes.get(scope);
      if (requirements) return { requirements, section: `transport "${image.transport}" scope "${scope}"` };
    }
  }
  return { requirements: policy.default, section: 'default' };
}
