/**
 * policy.json `signedIdentity`: which docker reference a signature may claim for the image
 * being checked (containers/image `signature/policy_reference_match.go`).
 */
import { domainProblem } from '../ref/grammar.js';
import { isValidRepositoryPath } from '../ref/index.js';
import {
  type DockerReference,
  formatDockerReference,
  isNameOnly,
  parseDockerReference,
} from '../signature/index.js';

export type SignedIdentity =
  /** The signed reference must equal the image's, tag or digest included. */
  | { readonly type: 'matchExact' }
  /** The default: as matchExact for a tagged image; any reference in the same repository for a digest. */
  | { readonly type: 'matchRepoDigestOrExact' }
  /** Any reference in the image's repository. */
  | { readonly type: 'matchRepository' }
  | { readonly type: 'exactReference'; readonly dockerReference: string }
  | { readonly type: 'exactRepository'; readonly dockerRepository: string }
  /** The image's name with `prefix` replaced by `signedPrefix`, then as matchRepoDigestOrExact. */
  | { readonly type: 'remapIdentity'; readonly prefix: string; readonly signedPrefix: string };

function tryParse(s: string): DockerReference | undefined {
  try {
    return parseDockerReference(s);
  } catch {
    return undefined;
  }
}

const same = (a: DockerReference, b: DockerReference) =>
  formatDockerReference(a) === formatDockerReference(b);

function repoDigestOrExact(intended: DockerReference, signed: DockerReference): boolean {
  if (isNameOnly(signed)) return false;
  if (intended.tag !== undefined) return same(signed, intended);
  if (intended.digest !== undefined) return signed.name === intended.name;
  return false;
}

/** `prefix` covers `name` whole or up to a `/`. */
function prefixCovers(name: string, prefix: string): boolean {
  return name === prefix || (name.startsWith(prefix) && name[prefix.length] === '/');
}

function remap(intended: DockerReference, prefix: string, signedPrefix: string): DockerReference | undefined {
  if (!prefixCovers(intended.name, prefix)) return intended;
  // Like containers/image, the new string must already be in full form.
  const rewritten = signedPrefix + formatDockerReference(intended).slice(prefix.length);
  const parsed = tryParse(rewritten);
  return parsed && formatDockerReference(parsed) === rewritten ? parsed : undefined;
}

/**
 * Whether a signature claiming `signedReference` is acceptable for an image whose own
 * reference is `intended` (undefined for images without one, e.g. `dir:`, which only the
 * `exact*` identities can accept).
 */
export function matchesSignedIdentity(
  identity: SignedIdentity,
  intended: DockerReference | undefined,
  signedReference: string,
): boolean {
  const signed = tryParse(signedReference);
  if (!signed) return false;
  switch (identity.type) {
    case 'exactReference': {
      const want = tryParse(identity.dockerReference);
      return !!want && !isNameOnly(want) && !isNameOnly(signed) && same(signed, want);
    }
    case 'exactRepository': {
      const want = tryParse(identity.dockerRepository);
      return !!want && signed.name === want.name;
    }
    default:
      break;
  }
  if (!intended) return false;
  switch (identity.type) {
    case 'matchExact':
      return !isNameOnly(intended) && !isNameOnly(signed) && same(signed, intended);
    case 'matchRepoDigestOrExact':
      return repoDigestOrExact(intended, signed);
    case 'matchRepository':
      return signed.name === intended.name;
    case 'remapIdentity': {
      const remapped = remap(intended, identity.prefix, identity.signedPrefix);
      return !!remapped && repoDigestOrExact(remapped, signed);
    }
  }
}

/** A remapIdentity prefix: `host[:port]` or `host[:port]/path`. */
function validPrefix(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return domainProblem(s) === undefined;
  return domainProblem(s.slice(0, slash)) === undefined && isValidRepositoryPath(s.slice(slash + 1));
}

/**
 * Checks the values of a parsed `signedIdentity`, as containers/image does while reading
 * policy.json; returns the problem or undefined.
 */
export function signedIdentityProblem(identity: SignedIdentity): string | undefined {
  switch (identity.type) {
    case 'exactReference': {
      const r = tryParse(identity.dockerReference);
      if (!r) return `Invalid format of dockerReference ${identity.dockerReference}`;
      if (isNameOnly(r))
        return `dockerReference ${identity.dockerReference} contains neither a tag nor digest`;
      return undefined;
    }
    case 'exactRepository':
      return tryParse(identity.dockerRepository)
        ? undefined
        : `Invalid format of dockerRepository ${identity.dockerRepository}`;
    case 'remapIdentity':
      for (const p of [identity.prefix, identity.signedPrefix]) {
        if (!validPrefix(p)) return `prefix "${p}" is not valid`;
      }
      return undefined;
    default:
      return undefined;
  }
}
