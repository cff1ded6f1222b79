import { type Digest, InvalidDigestError, parseDigest } from '../digest/index.js';
import { InvalidReferenceError } from './errors.js';
import {
  domainProblem,
  IMAGE_ID,
  isValidRepositoryPath,
  isValidTag,
  looksLikeDomain,
  MAX_REPOSITORY_LENGTH,
} from './grammar.js';

/** Docker Hub's registry name as berth stores it; the API itself is served by {@link registryEndpoint}. */
export const DOCKER_HUB = 'docker.io';

/**
 * Other names for Docker Hub, folded into {@link DOCKER_HUB}. Upstream folds only
 * `index.docker.io`; berth also folds the API host so credentials, display and dedupe
 * never see two names for one registry.
 */
const HUB_ALIASES: ReadonlySet<string> = new Set(['index.docker.io', 'registry-1.docker.io']);
const OFFICIAL_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';

/** Nothing valid is longer (253-char host, port, 255-char path, 128-char tag, sha512 digest). */
const MAX_REFERENCE_LENGTH = 1024;

const TAG_AND_DIGEST = 'Docker references with both a tag and digest are currently not supported';

/** A repository on a registry, in normalised form. */
export interface Repository {
  /** `host[:port]`, e.g. `ghcr.io`, `localhost:5000`, `[::1]:5000`; `docker.io` for Docker Hub. */
  readonly registry: string;
  /** The path on that registry, e.g. `library/alpine` (Docker Hub official images keep `library/`). */
  readonly repository: string;
}

/** A normalised image reference: at most one of `tag` and `digest` is set. */
export interface Reference extends Repository {
  readonly tag?: string;
  readonly digest?: Digest;
}

/** Options for {@link parseReference}. */
export interface ParseReferenceOptions {
  /** Give a reference with neither tag nor digest the tag `latest` (default true). */
  defaultTag?: boolean;
}

const PARSE_DEFAULTS: Required<ParseReferenceOptions> = { defaultTag: true };

/**
 * Parses what a user types (`alpine`, `ghcr.io/org/app:1.2`, `localhost:5000/x@sha256:…`) the
 * way Docker does: the first component is a registry only if it has a `.` or `:`, is
 * `localhost`, or has an uppercase letter; otherwise the image is on Docker Hub, and a
 * one-component Hub name gets `library/`. Tag and digest together are refused, as skopeo's
 * docker transport does, because a registry cannot be asked for both.
 *
 * @throws {InvalidReferenceError} with a one-line reason.
 */
export function parseReference(s: string, opts: ParseReferenceOptions = {}): Reference {
  const { defaultTag } = { ...PARSE_DEFAULTS, ...opts };
  const parts = parseParts(s);
  if (parts.tag !== undefined && parts.digest !== undefined)
    throw new InvalidReferenceError(s, TAG_AND_DIGEST);
  const ref: { registry: string; repository: string; tag?: string; digest?: Digest } = {
    registry: parts.registry,
    repository: parts.repository,
  };
  if (parts.tag !== undefined) ref.tag = parts.tag;
  else if (parts.digest !== undefined) ref.digest = parts.digest;
  else if (defaultTag) ref.tag = DEFAULT_TAG;
  return ref;
}

/**
 * Parses a repository without tag or digest (`alpine`, `quay.io/org/app`), normalised like
 * {@link parseReference}. Used where a whole repository is meant: listing tags, sync sources.
 *
 * @throws {InvalidReferenceError} also when a tag or digest is present.
 */
export function parseRepository(s: string): Repository {
  const parts = parseParts(s);
  if (parts.tag !== undefined || parts.digest !== undefined) {
    throw new InvalidReferenceError(s, 'a repository name cannot have a tag or digest');
  }
  return { registry: parts.registry, repository: parts.repository };
}

interface Parts {
  registry: string;
  repository: string;
  tag: string | undefined;
  digest: Digest | undefined;
}

function parseParts(s: string): Parts {
  if (typeof s !== 'string' || s === '') {
    throw new InvalidReferenceError(String(s ?? ''), 'repository name must have at least one component');
  }
  if (s.length > MAX_REFERENCE_LENGTH) {
    throw new InvalidReferenceError(s, `too long (${s.length} characters, at most ${MAX_REFERENCE_LENGTH})`);
  }
  if (IMAGE_ID.test(s)) throw new InvalidReferenceError(s, 'cannot specify 64-byte hexadecimal strings');

  // No part of the grammar before the digest can contain `@`, so the first one starts it.
  let rest = s;
  let digest: Digest | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    try {
      digest = parseDigest(rest.slice(at + 1));
    } catch (err) {
      const why = err instanceof InvalidDigestError ? err.reason : String(err);
      throw new InvalidReferenceError(s, `invalid digest: ${why}`, { cause: err });
    }
    rest = rest.slice(0, at);
  }

  // A `:` after the last `/` starts the tag; one before it belongs to a registry port.
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) throw new InvalidReferenceError(s, 'invalid reference format: invalid tag');
  }

  return { ...splitName(s, rest), tag, digest };
}

/** Splits a familiar name into registry and repository and validates both. */
function splitName(input: string, name: string): Repository {
  if (name === '') throw new InvalidReferenceError(input, 'invalid reference format');
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  let registry = DOCKER_HUB;
  let repository = name;
  if (slash >= 0 && looksLikeDomain(first)) {
    registry = HUB_ALIASES.has(first) ? DOCKER_HUB : first;
    repository = name.slice(slash + 1);
  }
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = OFFICIAL_PREFIX + repository;

  if (registry !== DOCKER_HUB) {
    const problem = domainProblem(registry);
    if (problem) throw new InvalidReferenceError(input, problem);
  }
  if (repository.length > MAX_REPOSITORY_LENGTH) {
    throw new InvalidReferenceError(
      input,
      `repository name must not be more than ${MAX_REPOSITORY_LENGTH} characters`,
    );
  }
  if (!isValidRepositoryPath(repository)) {
    const lower = repository.toLowerCase();
    const reason =
      lower !== repository && isValidRepositoryPath(lower)
        ? 'invalid reference format: repository name must be lowercase'
        : 'invalid reference format';
    throw new InvalidReferenceError(input, reason);
  }
  return { registry, repository };
}

/** The full form, `registry/repository[:tag][@digest]`, e.g. `docker.io/library/alpine:3.20`. */
export function formatReference(r: Reference): string {
  return `${r.registry}/${r.repository}${suffix(r)}`;
}

/**
 * The short form Docker prints: `alpine:3.20`, `user/app:1`, `ghcr.io/org/app@sha256:…`.
 * Drops `docker.io/`, and `library/` from one-level official names. Parses back to the same reference.
 */
export function familiarName(r: Reference): string {
  let name = `${r.registry}/${r.repository}`;
  if (r.registry === DOCKER_HUB) {
    name = r.repository;
    const official = name.startsWith(OFFICIAL_PREFIX) ? name.slice(OFFICIAL_PREFIX.length) : undefined;
    if (official !== undefined && !official.includes('/')) name = official;
  }
  return `${name}${suffix(r)}`;
}

function suffix(r: Reference): string {
  return `${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}

/**
 * The same repository with `tag` (and no digest).
 * @throws {InvalidReferenceError} when `tag` is not a valid tag.
 */
export function withTag(r: Repository, tag: string): Reference {
  if (!isValidTag(tag)) throw new InvalidReferenceError(tag, 'invalid tag format');
  return { registry: r.registry, repository: r.repository, tag };
}

/** The same repository pinned to `digest` (and no tag). */
export function withDigest(r: Repository, digest: Digest): Reference {
  return { registry: r.registry, repository: r.repository, digest };
}

/**
 * The host to send API requests to for a registry name: Docker Hub's API is served by
 * `registry-1.docker.io`; every other registry is its own endpoint. Credentials and
 * certificates stay keyed by the registry name, not by this host.
 */
export function registryEndpoint(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}
