/**
 * Tag orders for the Tags screen: by name, by version, by date.
 *
 * Version order is variant-aware. `3.12.1-slim-bookworm` is version `3.12.1` of the variant
 * `slim-bookworm`: the `-slim` of a Docker tag names a flavour, not a semver pre-release. A
 * dash-separated part counts as a pre-release only when it looks like one (`rc1`, `beta.2`,
 * `alpha`), so `v2.0.0-rc1` is a pre-release of 2.0.0 and `3.12.0-rc1-alpine` one of the
 * `alpine` variant. Tags are grouped by variant (no variant first), and within a group the
 * tags without a version (`latest`, `alpine`, `slim-bookworm`: the floating ones) come first,
 * then versions newest first. Versions that `semver` parses compare as semver says
 * (pre-releases before the release); the others (`3.12`, `20240101`, `3.13.0a1`) in natural
 * order, numbers by value.
 *
 * Sorting 100 000 tags must not take seconds, so each tag's key is computed once (per list
 * load) into one string compared with `<`: a version becomes a sequence of tokens whose
 * code-unit order is the version order, mirrored for newest first.
 */
import { parse as parseSemver } from 'semver';

/** The orders the `s` key cycles through. */
export type TagSort = 'name' | 'version' | 'date';

/** `s` cycles in this order. */
export const TAG_SORTS: readonly TagSort[] = ['name', 'version', 'date'];

/** The order after `sort`. */
export function nextTagSort(sort: TagSort): TagSort {
  return TAG_SORTS[(TAG_SORTS.indexOf(sort) + 1) % TAG_SORTS.length] ?? 'name';
}

/** A tag split into its version and its variant. */
export interface VersionTag {
  /** `3.12.1`, `v2.0.0-rc1`; undefined for tags that do not start with a version. */
  version: string | undefined;
  /** `slim-bookworm`; '' for none. A tag without a version is all variant (`latest` is none). */
  variant: string;
}

const VERSION_HEAD = /^[vV]?[0-9]+(?:\.[0-9]+)*/;
const PRE_RELEASE = /^(?:rc|alpha|beta|pre|preview|dev|snapshot|milestone|[abm])(?:[.]?[0-9]+)*$/i;
const NUMERIC = /^[0-9]+(?:\.[0-9]+)*$/;

/** Splits a tag into version and variant (see the module comment). */
export function splitVersionTag(tag: string): VersionTag {
  const head = VERSION_HEAD.exec(tag)?.[0];
  if (head === undefined) return { version: undefined, variant: tag === 'latest' ? '' : tag };
  const rest = tag.slice(head.length);
  const dash = rest.indexOf('-');
  // Letters right after the numbers belong to the version (`3.13.0a1`, `1.2.3+build`).
  const attached = dash < 0 ? rest : rest.slice(0, dash);
  const parts = dash < 0 ? [] : rest.slice(dash + 1).split('-');
  let version = head + attached;
  let i = 0;
  while (i < parts.length && (PRE_RELEASE.test(parts[i] ?? '') || NUMERIC.test(parts[i] ?? ''))) {
    version += `-${parts[i]}`;
    i++;
  }
  return { version, variant: parts.slice(i).join('-') };
}

// Token markers: their order makes "shorter" < pre-release < release < more numbers < text.
const END = '\x00';
const PRE = '\x01';
const RELEASE = '\x02';
const NUM = '\x03';
const TEXT = '\x04';

/** A number as a token that orders by value: its length, then its digits. */
function numToken(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 0x30) start++;
  const d = start === 0 ? digits : digits.slice(start);
  return NUM + String.fromCharCode(0x30 + Math.min(d.length, 0xff)) + d;
}

const textToken = (s: string): string => TEXT + s + END;

/** Plain dotted numbers (`3.12`, `v1.2.3`): most tags, keyed without a full semver parse. */
const PLAIN = /^[vV]?[0-9]{1,15}(?:\.[0-9]{1,15})*$/;
const STRICT_PRE =
  /^[vV]?(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)$/;

/**
 * A string whose `<` order is the version order (ascending): semver where it parses,
 * natural order (numbers by value, text by code unit) otherwise.
 */
export function versionKey(version: string): string {
  if (PLAIN.test(version)) {
    const parts = version.replace(/^[vV]/, '').split('.');
    // Three numbers are a semver release (semver's loose parse accepts leading zeros too).
    return parts.map(numToken).join('') + (parts.length === 3 ? RELEASE : END);
  }
  // Strict semver with a pre-release (`2.0.0-rc.1`), keyed the way semver orders it without
  // a full parse; loose forms (`3.13.0a1`, `=1.2.3`) go through semver itself.
  const strict = STRICT_PRE.exec(version);
  if (strict) {
    const [, major = '', minor = '', patch = '', pre = ''] = strict;
    const ids = pre
      .split('.')
      .map((id) => (/^(?:0|[1-9][0-9]{0,14})$/.test(id) ? numToken(id) : textToken(id)));
    return `${numToken(major)}${numToken(minor)}${numToken(patch)}${PRE}${ids.join('')}${END}`;
  }
  const sv = parseSemver(version, { loose: true });
  if (sv) {
    const main = numToken(String(sv.major)) + numToken(String(sv.minor)) + numToken(String(sv.patch));
    if (sv.prerelease.length === 0) return main + RELEASE;
    const ids = sv.prerelease.map((id) =>
      typeof id === 'number' || /^[0-9]+$/.test(id) ? numToken(String(id)) : textToken(id),
    );
    return `${main}${PRE}${ids.join('')}${END}`;
  }
  let key = '';
  for (const chunk of version.replace(/^[vV]/, '').match(/[0-9]+|[^0-9]+/g) ?? []) {
    if (/^[0-9]/.test(chunk)) key += numToken(chunk);
    else if (chunk !== '.') key += textToken(chunk);
  }
  return key + END;
}

/**
 * Reverses a key's order: every character mirrored. Safe because no version key is a proper
 * prefix of another (each ends with a marker that nothing follows).
 */
function descending(key: string): string {
  const codes = new Array<number>(key.length);
  for (let i = 0; i < key.length; i++) codes[i] = 0xffff - key.charCodeAt(i);
  return String.fromCharCode(...codes);
}

/**
 * The version-order key of `tag`, one string compared with `<`: the variant, then
 * version-less tags, then versions newest first. `memo` (one per list) shares the work
 * between the variants of one version (`3.12.1`, `3.12.1-slim`, `3.12.1-alpine`).
 */
export function versionSortKey(tag: string, memo?: Map<string, string>): string {
  const { version, variant } = splitVersionTag(tag);
  if (version === undefined) return variant + END + END;
  let key = memo?.get(version);
  if (key === undefined) {
    key = PRE + descending(versionKey(version));
    memo?.set(version, key);
  }
  return variant + END + key;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What the comparators read, by item index; each array is filled once per list. */
export interface TagSortData {
  names: readonly string[];
  /** {@link versionSortKey} of each name, for `version` order. */
  versions?: readonly string[];
  /** `created` in ms where known, for `date` order. */
  dates?: readonly (number | undefined)[];
}

/** A comparator of item indices for `sort`; ties fall back to the name, then the index. */
export function tagComparator(sort: TagSort, data: TagSortData): (a: number, b: number) => number {
  const { names } = data;
  const byName = (a: number, b: number): number => compareStrings(names[a] ?? '', names[b] ?? '') || a - b;
  if (sort === 'version') {
    const keys = data.versions;
    if (!keys) throw new Error('version order needs the version keys');
    return (a, b) => compareStrings(keys[a] ?? '', keys[b] ?? '') || byName(a, b);
  }
  if (sort === 'date') {
    const dates = data.dates ?? [];
    return (a, b) => {
      const da = dates[a];
      const db = dates[b];
      // Newest first; tags whose date is not known yet go last.
      if (da !== db) {
        if (da === undefined) return 1;
        if (db === undefined) return -1;
        return db - da;
      }
      return byName(a, b);
    };
  }
  return byName;
}

/**
 * Adds the indices `added` to `order` (already sorted by `compare`): the new ones are sorted
 * and merged in, O(n + k log k), so a page arriving does not re-sort the whole list.
 */
export function mergeSorted(
  order: readonly number[],
  added: readonly number[],
  compare: (a: number, b: number) => number,
): number[] {
  const fresh = [...added].sort(compare);
  if (order.length === 0) return fresh;
  const out = new Array<number>(order.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < order.length && j < fresh.length) {
    const a = order[i] as number;
    const b = fresh[j] as number;
    if (compare(a, b) <= 0) {
      out[k++] = a;
      i++;
    } else {
      out[k++] = b;
      j++;
    }
  }
  while (i < order.length) out[k++] = order[i++] as number;
  while (j < fresh.length) out[k++] = fresh[j++] as number;
  return out;
}
