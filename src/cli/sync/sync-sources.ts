/**
 * What `berth sync` copies, gathered as skopeo gathers it (`imagesToCopy`): a list of
 * source repositories, each a list of images and the access to read them with. skopeo's
 * summary counts these repositories as "sources".
 *
 *  - `--src docker REPO[:TAG|@DIGEST]`: one image, or every tag of the repository;
 *  - `--src dir PATH`: every `dir:` image under PATH;
 *  - `--src yaml FILE`: per registry, `images` (listed tags and digests, or every tag),
 *    `images-by-tag-regex` and `images-by-semver` (filters over the tag list). Problems
 *    with one repository are logged and that repository is skipped, as skopeo does; a
 *    registry's `credentials`, `tls-verify` and `cert-dir` replace the `--src-*` flags.
 */
import { realpath, stat } from 'node:fs/promises';
import { isDigest, parseDigest } from '../../registry/digest/index.js';
import {
  type ImageName,
  isValidTag,
  parseReference,
  parseRepository,
  type Reference,
  type Repository,
  withDigest,
  withTag,
} from '../../registry/ref/index.js';
import type { RegistryClient } from '../../registry/remote/index.js';
import { describeError } from '../errors.js';
import type { ImageAccess } from '../image-flags.js';
import { findDirImages } from './dir-images.js';
import type { SyncLog } from './logrus-line.js';
import { semverFilter } from './semver-filter.js';
import { type RegistrySection, readSyncYaml } from './sync-yaml.js';
import { tagRegex } from './tag-regex.js';

export type SyncSourceKind = 'docker' | 'dir' | 'yaml';

/** One source repository: its images and how to reach them. */
export interface SourceRepo {
  refs: ImageName[];
  access: ImageAccess;
  /** `dir` sources: the walked directory, resolved, which destination names are relative to. */
  dirBase?: { given: string; resolved: string };
}

export interface CollectOptions {
  kind: SyncSourceKind;
  source: string;
  /** From the `--src-*` flags. */
  access: ImageAccess;
  /** Tag lists come from the registry named, never a mirror (as skopeo's); `repository` is for registries.conf. */
  clients: (registry: string, access: ImageAccess, repository: string) => RegistryClient;
  log: SyncLog;
  signal: AbortSignal;
}

const name = (r: Repository): string => `${r.registry}/${r.repository}`;

/** Every tag of `repo` that is a valid tag, as docker references. */
async function taggedImages(repo: Repository, access: ImageAccess, o: CollectOptions): Promise<ImageName[]> {
  o.log.info('Getting tags', { image: name(repo) });
  let tags: string[];
  try {
    tags = await o.clients(repo.registry, access, repo.repository).listTags({
      repository: repo.repository,
      signal: o.signal,
    });
  } catch (err) {
    throw new Error(`Error determining repository tags for repo ${name(repo)}`, { cause: err });
  }
  const out: ImageName[] = [];
  for (const tag of tags) {
    if (!isValidTag(tag)) {
      o.log.error('Error creating a tagged reference from registry tag list', { repo: name(repo), tag });
      continue;
    }
    out.push({ transport: 'docker', ref: withTag(repo, tag) });
  }
  return out;
}

async function fromDocker(o: CollectOptions): Promise<SourceRepo[]> {
  let ref: Reference;
  try {
    ref = parseReference(o.source, { defaultTag: false });
  } catch (err) {
    throw new Error(
      `Cannot obtain a valid image reference for transport "docker" and reference "${o.source}"`,
      {
        cause: err,
      },
    );
  }
  const tagged = ref.tag !== undefined || ref.digest !== undefined;
  o.log.info('Tag presence check', { imagename: o.source, tagged });
  if (tagged) return [{ refs: [{ transport: 'docker', ref }], access: o.access }];
  const refs = await taggedImages(ref, o.access, o);
  if (refs.length === 0) throw new Error(`No images to sync found in "${o.source}"`);
  return [{ refs, access: o.access }];
}

async function fromDir(o: CollectOptions): Promise<SourceRepo[]> {
  try {
    await stat(o.source);
  } catch (err) {
    throw new Error('Invalid source directory specified', { cause: err });
  }
  const dirs = await findDirImages(o.source, o.signal);
  if (dirs.length === 0) throw new Error(`No images to sync found in "${o.source}"`);
  const resolved = await realpath(o.source);
  return [
    {
      refs: dirs.map((path) => ({ transport: 'dir', path })),
      access: o.access,
      dirBase: { given: o.source, resolved },
    },
  ];
}

/** The `--src-*` access with a YAML registry's own settings on top. */
function sectionAccess(section: RegistrySection, base: ImageAccess): ImageAccess {
  const access: ImageAccess = { ...base };
  if (section.credentials) {
    access.credential = { ...section.credentials };
    access.noCreds = false;
  }
  if (section.tlsVerify !== undefined) access.tlsVerify = section.tlsVerify;
  if (section.certDir !== undefined) access.certDir = section.certDir;
  return access;
}

/** A YAML filter over a repository's tags, or why it cannot be built. */
type TagFilter = { kind: 'regex' | 'semver'; text: string; test: (tag: string) => boolean };

async function fromSection(section: RegistrySection, o: CollectOptions): Promise<SourceRepo[]> {
  const { registry } = section;
  if (section.images.length + section.byTagRegex.length + section.bySemver.length === 0) {
    o.log.warn('No images specified for registry', { registry });
    return [];
  }
  const access = sectionAccess(section, o.access);
  const out: SourceRepo[] = [];
  const repoOf = (repo: string): Repository | undefined => {
    try {
      return parseRepository(`${registry}/${repo}`);
    } catch (err) {
      o.log.error('Error parsing repository name, skipping', { registry, repo });
      o.log.error(describeError(err));
      return undefined;
    }
  };
  const add = (repo: string, refs: ImageName[]) => {
    if (refs.length === 0) o.log.warn('No refs to sync found', { registry, repo });
    else out.push({ refs, access });
  };
  for (const [repo, wanted] of section.images) {
    const repository = repoOf(repo);
    if (!repository) continue;
    o.log.info('Processing repo', { registry, repo });
    let refs: ImageName[] = [];
    if (wanted.length > 0) {
      for (const ref of wanted) {
        if (isDigest(ref)) refs.push({ transport: 'docker', ref: withDigest(repository, parseDigest(ref)) });
        else if (isValidTag(ref)) refs.push({ transport: 'docker', ref: withTag(repository, ref) });
        else o.log.error('Error parsing ref, skipping', { ref });
      }
    } else {
      o.log.info('Querying registry for image tags', { registry, repo });
      try {
        refs = await taggedImages(repository, access, o);
      } catch (err) {
        if (o.signal.aborted) throw err;
        o.log.error('Error processing repo, skipping', { registry, repo });
        o.log.error(describeError(err));
        continue;
      }
    }
    add(repo, refs);
  }
  const filters: Array<[string, () => TagFilter]> = [
    ...section.byTagRegex.map(([repo, text]): [string, () => TagFilter] => [
      repo,
      () => {
        const re = tagRegex(text);
        return { kind: 'regex', text, test: (t) => re.test(t) };
      },
    ]),
    ...section.bySemver.map(([repo, text]): [string, () => TagFilter] => [
      repo,
      () => ({ kind: 'semver', text, test: semverFilter(text) }),
    ]),
  ];
  for (const [repo, build] of filters) {
    const repository = repoOf(repo);
    if (!repository) continue;
    o.log.info('Processing repo', { registry, repo });
    let filter: TagFilter;
    try {
      filter = build();
    } catch (err) {
      o.log.error('Error parsing filter, skipping', { registry, repo });
      o.log.error(describeError(err));
      continue;
    }
    o.log.info('Querying registry for image tags', { registry, repo });
    let all: ImageName[];
    try {
      all = await taggedImages(repository, access, o);
    } catch (err) {
      if (o.signal.aborted) throw err;
      o.log.error('Error processing repo, skipping', { registry, repo });
      o.log.error(describeError(err));
      continue;
    }
    const what = filter.kind === 'regex' ? 'the regular expression' : 'the semver constraint';
    o.log.info(`Start filtering using ${what}: ${filter.text}`, { registry, repo });
    add(
      repo,
      all.filter((n) => n.transport === 'docker' && n.ref.tag !== undefined && filter.test(n.ref.tag)),
    );
  }
  return out;
}

/** The source repositories to sync; see the module comment. */
export async function collectSources(o: CollectOptions): Promise<SourceRepo[]> {
  switch (o.kind) {
    case 'docker':
      return fromDocker(o);
    case 'dir':
      return fromDir(o);
    case 'yaml': {
      const sections = await readSyncYaml(o.source, o.signal);
      const out: SourceRepo[] = [];
      for (const section of sections) out.push(...(await fromSection(section, o)));
      return out;
    }
  }
}
