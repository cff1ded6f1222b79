/**
 * The `manifest.json` of a `docker save` archive: an array of `{Config, RepoTags, Layers}`
 * items naming files inside the archive, and choosing one item the way containers/image
 * does (by tag, by `@N` position, or the only one).
 */
import { quoteInput } from '../../digest/index.js';
import { InvalidManifestError, MAX_DESCRIPTORS, parseJsonDocument } from '../../manifest/index.js';
import { formatReference, parseReference, type Reference } from '../../ref/index.js';
import { ArchiveImageNotFoundError, InvalidArchiveError } from './errors.js';

/** c/image's `MaxTarFileManifestSize`: a manifest.json is a few hundred bytes per image. */
export const ARCHIVE_MANIFEST_LIMIT = 1024 * 1024;

/** One image of the archive. Names are as written; they are resolved inside the archive only. */
export interface ArchiveItem {
  config: string;
  /** As written, e.g. `docker.io/library/busybox:latest` or `busybox:latest`. */
  repoTags: string[];
  layers: string[];
}

const FIELDS = ['Config', 'RepoTags', 'Layers', 'Parent', 'LayerSources'];

/** Go matches JSON keys to fields ignoring case (with Unicode folding); so does this. */
function fold(key: string): string {
  return key.toLowerCase().toUpperCase();
}

function readStrings(v: unknown, at: string, fail: (r: string) => never): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(`${at}: expected an array of strings`);
  const list = v as unknown[];
  if (list.length > MAX_DESCRIPTORS) fail(`${at}: more than ${MAX_DESCRIPTORS} entries`);
  return list.map((s, i) => (typeof s === 'string' ? s : fail(`${at}[${i}]: expected a string`)));
}

function readItem(v: unknown, i: number, fail: (r: string) => never): ArchiveItem {
  const at = `[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`${at}: expected an object`);
  const obj = v as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const twin = FIELDS.find((f) => f !== key && fold(f) === fold(key));
    if (twin) fail(`${at}.${quoteInput(key)}: differs from field "${twin}" only in letter case`);
  }
  const config = obj.Config;
  if (typeof config !== 'string' || config === '') fail(`${at}.Config: expected a file name`);
  return {
    config: config as string,
    repoTags: readStrings(obj.RepoTags, `${at}.RepoTags`, fail),
    layers: readStrings(obj.Layers, `${at}.Layers`, fail),
  };
}

/**
 * Parses manifest.json strictly (duplicate keys refused, as everywhere in berth).
 *
 * @throws {InvalidArchiveError}
 */
export function parseArchiveManifest(bytes: Uint8Array, archive: string): ArchiveItem[] {
  const fail = (reason: string): never => {
    throw new InvalidArchiveError(archive, `manifest.json${reason.startsWith('[') ? '' : ': '}${reason}`);
  };
  let doc: unknown;
  try {
    doc = parseJsonDocument(bytes, 'docker-archive manifest.json');
  } catch (err) {
    if (err instanceof InvalidManifestError)
      throw new InvalidArchiveError(archive, err.message, { cause: err });
    throw err;
  }
  if (!Array.isArray(doc)) return fail('expected an array of images');
  if (doc.length > MAX_DESCRIPTORS) fail(`more than ${MAX_DESCRIPTORS} images`);
  return doc.map((v, i) => readItem(v, i, fail));
}

/** A RepoTags entry as a tagged reference, as c/image requires of it. */
function parseRepoTag(tag: string, i: number, archive: string): Reference {
  let ref: Reference;
  try {
    ref = parseReference(tag, { defaultTag: false });
  } catch (err) {
    throw new InvalidArchiveError(archive, `invalid tag ${quoteInput(tag)} in manifest.json item @${i}`, {
      cause: err,
    });
  }
  if (ref.tag === undefined || ref.digest !== undefined) {
    throw new InvalidArchiveError(
      archive,
      `tag ${quoteInput(tag)} in manifest.json item @${i} does not name a tag`,
    );
  }
  return ref;
}

/** Which image to read: by tag, by position, or (neither) the only one. */
export interface ItemSelector {
  ref?: Reference;
  index?: number;
}

/**
 * The item `sel` names, with its position.
 *
 * @throws {ArchiveImageNotFoundError} when the tag or position is not there, or the
 * archive holds several images and none was named; {@link InvalidArchiveError} for a
 * malformed RepoTags entry met while searching.
 */
export function chooseItem(
  items: readonly ArchiveItem[],
  sel: ItemSelector,
  archive: string,
): [ArchiveItem, number] {
  if (sel.ref) {
    const want = formatReference(sel.ref);
    for (const [i, item] of items.entries()) {
      for (const tag of item.repoTags) {
        if (formatReference(parseRepoTag(tag, i, archive)) === want) return [item, i];
      }
    }
    throw new ArchiveImageNotFoundError(archive, `tag ${want} not found`);
  }
  if (sel.index !== undefined) {
    const item = items[sel.index];
    if (!item) {
      throw new ArchiveImageNotFoundError(
        archive,
        `invalid source index @${sel.index}, only ${items.length} manifest items available`,
      );
    }
    return [item, sel.index];
  }
  const only = items[0];
  if (items.length !== 1 || !only) {
    throw new ArchiveImageNotFoundError(
      archive,
      `the archive holds ${items.length} images; choose one with :<name>:<tag> or :@<index>`,
    );
  }
  return [only, 0];
}

/**
 * Every image of the archive as skopeo `list-tags` names it: each RepoTag in full form
 * (`docker.io/library/busybox:latest`), or `@N` for an untagged image.
 */
export function archiveTags(items: readonly ArchiveItem[], archive: string): string[] {
  return items.flatMap((item, i) =>
    item.repoTags.length === 0
      ? [`@${i}`]
      : item.repoTags.map((t) => formatReference(parseRepoTag(t, i, archive))),
  );
}
