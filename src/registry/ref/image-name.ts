import { InvalidImageNameError, InvalidReferenceError } from './errors.js';
import { familiarName, formatReference, parseReference, type Reference } from './reference.js';

/**
 * Where an image lives, in skopeo's `transport:details` syntax, parsed once at the edge.
 * `image` names an image inside an OCI layout (its `org.opencontainers.image.ref.name`);
 * `index` is a zero-based position in an OCI index or a docker-archive manifest (`:@N`).
 * At most one of `image`/`ref` and `index` is set.
 */
export type ImageName =
  | { transport: 'docker'; ref: Reference }
  | { transport: 'oci'; path: string; image?: string; index?: number }
  | { transport: 'dir'; path: string }
  | { transport: 'oci-archive'; path: string; image?: string }
  | { transport: 'docker-archive'; path: string; ref?: Reference; index?: number };

/** The transports berth implements, in the order error messages list them. */
export const TRANSPORTS: readonly ImageName['transport'][] = [
  'docker',
  'oci',
  'dir',
  'oci-archive',
  'docker-archive',
];

/** Options for {@link parseImageName}. */
export interface ParseImageNameOptions {
  /**
   * Parse paths as on Windows, where `oci:C:\dir:tag` keeps the drive colon in the path.
   * Defaults to the platform berth runs on.
   */
  windows?: boolean;
}

/** An OCI image name (annotation `org.opencontainers.image.ref.name`): components of alphanumerics and separators. */
const OCI_IMAGE_NAME =
  /^[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:\/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*$/;
/** On Windows the path starts with a drive; the image follows the first colon after it. */
const WINDOWS_PATH_AND_IMAGE = /^([a-zA-Z]:\\.+?):(.*)$/;
const INDEX = /^[0-9]{1,9}$/;
/** Room for a PATH_MAX (4096) path plus an image name; anything longer is refused unparsed. */
const MAX_IMAGE_NAME_LENGTH = 8192;

/**
 * Parses `docker://alpine:3.20`, `oci:./layout:tag`, `oci:./layout:@0`, `dir:./x`,
 * `oci-archive:x.tar[:image]`, `docker-archive:x.tar[:busybox:latest|:@N]`, with skopeo's rules:
 * `docker:` needs `//`, and a docker reference with neither tag nor digest gets `latest`.
 * Paths are not checked against the file system here.
 *
 * @throws {InvalidImageNameError} whose `reason` matches containers/image's wording.
 */
export function parseImageName(s: string, opts: ParseImageNameOptions = {}): ImageName {
  const windows = opts.windows ?? process.platform === 'win32';
  if (s.length > MAX_IMAGE_NAME_LENGTH) {
    throw new InvalidImageNameError(s, `too long (${s.length} characters, at most ${MAX_IMAGE_NAME_LENGTH})`);
  }
  const colon = s.indexOf(':');
  if (colon < 0) {
    const reason = `Invalid image name "${s}", expected colon-separated transport:reference`;
    throw new InvalidImageNameError(s, reason, { namesInput: true });
  }
  const transport = s.slice(0, colon);
  const rest = s.slice(colon + 1);
  const fail = (reason: string, cause?: unknown) => new InvalidImageNameError(s, reason, { cause });
  switch (transport) {
    case 'docker':
      return { transport, ref: parseDockerRef(rest, fail) };
    case 'oci': {
      const { path, image } = splitPathAndImage(rest, windows, fail);
      if (image.startsWith('@')) return { transport, path, index: parseIndex(image, fail) };
      return image ? { transport, path, image: checkOciImage(image, fail) } : { transport, path };
    }
    case 'oci-archive': {
      const { path, image } = splitPathAndImage(rest, windows, fail);
      return image ? { transport, path, image: checkOciImage(image, fail) } : { transport, path };
    }
    case 'dir':
      if (rest === '') throw fail('Invalid dir: reference: empty path');
      return { transport, path: rest };
    case 'docker-archive':
      return parseDockerArchive(rest, fail);
    default: {
      const reason = `Invalid image name "${s}", unknown transport "${transport}"`;
      const hint = `berth knows: ${TRANSPORTS.join(', ')}`;
      throw new InvalidImageNameError(s, reason, { namesInput: true, hint });
    }
  }
}

type Fail = (reason: string, cause?: unknown) => InvalidImageNameError;

function parseDockerRef(rest: string, fail: Fail): Reference {
  if (!rest.startsWith('//')) throw fail(`docker: image reference ${rest} does not start with //`);
  try {
    return parseReference(rest.slice(2), { defaultTag: true });
  } catch (err) {
    throw err instanceof InvalidReferenceError ? fail(err.reason, err) : err;
  }
}

/** Splits `path[:image]` at the first colon (after the drive on Windows), as containers/image does. */
function splitPathAndImage(rest: string, windows: boolean, fail: Fail): { path: string; image: string } {
  let path = rest;
  let image = '';
  if (windows) {
    const m = WINDOWS_PATH_AND_IMAGE.exec(rest);
    if (m) [path, image] = [m[1] ?? '', m[2] ?? ''];
    if (path.split(':').length > 2)
      throw fail(`Invalid OCI reference: path ${path} contains more than one colon`);
  } else {
    const colon = rest.indexOf(':');
    if (colon >= 0) [path, image] = [rest.slice(0, colon), rest.slice(colon + 1)];
  }
  if (path === '') throw fail('Invalid OCI reference: empty path');
  return { path, image };
}

function checkOciImage(image: string, fail: Fail): string {
  if (image.length > 1024 || !OCI_IMAGE_NAME.test(image)) throw fail(`Invalid image ${image}`);
  return image;
}

function parseIndex(spec: string, fail: Fail): number {
  const digits = spec.slice(1);
  if (/^-[0-9]+$/.test(digits)) throw fail(`Invalid source index ${spec}: must not be negative`);
  if (!INDEX.test(digits)) throw fail(`Invalid source index ${spec}: not an integer`);
  return Number(digits);
}

function parseDockerArchive(rest: string, fail: Fail): ImageName {
  if (rest === '') throw fail(`docker-archive reference ${rest} isn't of the form <path>[:<reference>]`);
  const colon = rest.indexOf(':');
  const path = colon < 0 ? rest : rest.slice(0, colon);
  if (path === '') throw fail('Invalid docker-archive: reference: empty path');
  if (colon < 0) return { transport: 'docker-archive', path };
  const spec = rest.slice(colon + 1);
  if (spec.startsWith('@')) return { transport: 'docker-archive', path, index: parseIndex(spec, fail) };
  let ref: Reference;
  try {
    ref = parseReference(spec, { defaultTag: true });
  } catch (err) {
    throw err instanceof InvalidReferenceError
      ? fail(`docker-archive parsing reference: ${err.reason}`, err)
      : err;
  }
  if (ref.digest !== undefined) throw fail(`docker-archive doesn't support digest references: ${spec}`);
  return { transport: 'docker-archive', path, ref };
}

/**
 * The canonical string for an image name; {@link parseImageName} parses it back to an equal value.
 * Docker references print in the familiar form, as skopeo does (`docker://alpine:3.20`);
 * docker-archive references in the full form, as containers/image writes them.
 */
export function formatImageName(n: ImageName): string {
  switch (n.transport) {
    case 'docker':
      return `docker://${familiarName(n.ref)}`;
    case 'oci':
      return `oci:${n.path}${n.image ? `:${n.image}` : n.index !== undefined ? `:@${n.index}` : ''}`;
    case 'oci-archive':
      return `oci-archive:${n.path}${n.image ? `:${n.image}` : ''}`;
    case 'dir':
      return `dir:${n.path}`;
    case 'docker-archive': {
      const spec = n.ref ? `:${formatReference(n.ref)}` : n.index !== undefined ? `:@${n.index}` : '';
      return `docker-archive:${n.path}${spec}`;
    }
  }
}
