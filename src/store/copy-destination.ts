/**
 * The Copy screen's destination: what the user typed, parsed once into where each image
 * goes. One image goes exactly where the name says (skopeo's syntax, `parseImageName`).
 * Several marked tags go into one place, each keeping its tag: a registry repository
 * (`docker://host/repo`) or an OCI layout (`oci:./dir`); a `dir:` or an archive holds one
 * image, so it cannot take several.
 */
import {
  formatImageName,
  type ImageName,
  parseImageName,
  parseReference,
  type Reference,
  TRANSPORTS,
} from '../registry/ref/index.js';
import { asError } from './requests.js';

/** One copy: an image and where it goes. */
export interface CopyTarget {
  source: ImageName;
  destination: ImageName;
}

/** The transports as typed, in completion order. */
export const TRANSPORT_PREFIXES: readonly string[] = TRANSPORTS.map((t) =>
  t === 'docker' ? 'docker://' : `${t}:`,
);

const EXAMPLE = 'docker://host/repo:tag, oci:./dir:tag, dir:./dir';

/** The tag an image is known by, if any. */
function tagOf(name: ImageName): string | undefined {
  if (name.transport === 'docker') return name.ref.tag;
  if (name.transport === 'oci' || name.transport === 'oci-archive') return name.image;
  if (name.transport === 'docker-archive') return name.ref?.tag;
  return undefined;
}

/** Whether two names are the same place (copying an image onto itself does nothing). */
function samePlace(a: ImageName, b: ImageName): boolean {
  return formatImageName(a) === formatImageName(b);
}

function parseOne(text: string): ImageName {
  try {
    return parseImageName(text);
  } catch (err) {
    if (TRANSPORTS.some((t) => text.startsWith(`${t}:`))) throw err;
    // A reference typed without a transport is the likeliest mistake: say what to type.
    throw new Error(`${JSON.stringify(text)} has no transport: start with one, e.g. ${EXAMPLE}`);
  }
}

function parseMany(text: string, sources: readonly ImageName[]): CopyTarget[] {
  const n = sources.length;
  const tags = sources.map((s) => {
    const tag = tagOf(s);
    if (tag === undefined) throw new Error(`${formatImageName(s)} has no tag to copy it under`);
    return tag;
  });
  if (text.startsWith('docker://')) {
    let repo: Reference;
    try {
      repo = parseReference(text.slice('docker://'.length), { defaultTag: false });
    } catch (err) {
      throw new Error(`Invalid image name ${JSON.stringify(text)}: ${asError(err).message}`);
    }
    if (repo.tag !== undefined || repo.digest !== undefined)
      throw new Error(`copying ${n} images: name a repository without a tag; each image keeps its own tag`);
    return sources.map((source, i) => ({
      source,
      destination: {
        transport: 'docker',
        ref: { registry: repo.registry, repository: repo.repository, tag: tags[i] as string },
      },
    }));
  }
  const layout = parseOne(text);
  if (layout.transport !== 'oci')
    throw new Error(
      `copying ${n} images: ${layout.transport}: holds one image; name a repository (docker://host/repo) or an OCI layout (oci:./dir)`,
    );
  if (layout.image !== undefined || layout.index !== undefined)
    throw new Error(`copying ${n} images: name the layout without an image (oci:${layout.path})`);
  return sources.map((source, i) => ({
    source,
    destination: { transport: 'oci', path: layout.path, image: tags[i] as string },
  }));
}

/**
 * Where each of `sources` goes when the user typed `text`; or why that is not a destination
 * (one line, for the form).
 */
export function planCopyTargets(
  text: string,
  sources: readonly ImageName[],
): { targets: CopyTarget[] } | { error: string } {
  const input = text.trim();
  if (input === '') return { error: `enter a destination, e.g. ${EXAMPLE}` };
  if (sources.length === 0) return { error: 'nothing to copy' };
  try {
    const targets =
      sources.length === 1
        ? [{ source: sources[0] as ImageName, destination: parseOne(input) }]
        : parseMany(input, sources);
    const onto = targets.find((t) => samePlace(t.source, t.destination));
    if (onto) return { error: `${formatImageName(onto.source)} is the source itself` };
    return { targets };
  } catch (err) {
    return { error: asError(err).message };
  }
}

/** What the destination field starts with: the source's own name, to be edited. */
export function initialDestination(sources: readonly ImageName[]): string {
  const first = sources[0];
  if (!first) return 'docker://';
  if (first.transport !== 'docker') return '';
  const { registry, repository, tag } = first.ref;
  const repo = `docker://${registry}/${repository}`;
  return sources.length > 1 || tag === undefined ? repo : `${repo}:${tag}`;
}
