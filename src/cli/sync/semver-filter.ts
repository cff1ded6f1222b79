/**
 * `images-by-semver` (skopeo ≥ 1.14; not in 1.9.3): tags selected by a Masterminds/semver
 * constraint. Masterminds and npm's `semver` agree on most syntax (`>=1.2 <2`, `~1.2`,
 * `^1.2`, `1.2.x`, `*`, `1.2 - 1.4`, `||`) with three differences handled here:
 *  - a comma means AND (`>= 1.2, < 2.0`), so comma-separated parts are checked separately;
 *  - `!=` exists; npm has no such operator, so it is checked directly;
 *  - versions are loose: `v1.2`, `1.2` and `1` are tags Masterminds accepts (as 1.2.0,
 *    1.2.0, 1.0.0), with an optional `-prerelease` and `+metadata`; `latest` or `1.2.3.4`
 *    are not versions, and such tags never match.
 * Prereleases follow Masterminds, which is stricter than npm: a prerelease version passes a
 * comparator only if that comparator itself names a prerelease, so `>= 1.3.0-rc.0, < 1.4`
 * does not match `1.3.0-rc.1` (npm's range would).
 */
import semver from 'semver';

/** Masterminds' `NewVersion` pattern (non-strict): `v?MAJOR[.MINOR[.PATCH]][-PRE][+META]`. */
const LOOSE_VERSION =
  /^v?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** A tag as a semantic version, the way Masterminds reads it; undefined when it is none. */
export function tagVersion(tag: string): semver.SemVer | undefined {
  const m = LOOSE_VERSION.exec(tag);
  if (!m) return undefined;
  const [, major, minor = '0', patch = '0', pre, meta] = m;
  const text = `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}${meta ? `+${meta}` : ''}`;
  return semver.parse(text) ?? undefined;
}

type Check = (v: semver.SemVer) => boolean;

/**
 * Whether a comparator names a prerelease. npm spells the upper bound of `<1.4`, `~1.2` or
 * `^1.2` as `<1.4.0-0`; that `-0` is npm's, not the user's, so it does not count.
 */
function namesPrerelease(c: semver.Comparator): boolean {
  // The match-anything comparator (`*`) has no version at all.
  if (c.value === '') return false;
  const pre = (c.semver as semver.SemVer).prerelease;
  return pre.length > 0 && !(pre.length === 1 && pre[0] === 0);
}

function part(text: string, whole: string): Check {
  const neq = /^!=\s*(.+)$/.exec(text);
  if (neq) {
    const other = tagVersion((neq[1] as string).trim());
    if (!other) throw new Error(`invalid semver constraint "${whole}": "${text}" names no version`);
    return (v) => semver.neq(v, other);
  }
  let range: semver.Range;
  try {
    range = new semver.Range(text, { loose: true });
  } catch (err) {
    throw new Error(`invalid semver constraint "${whole}": ${(err as Error).message}`);
  }
  return (v) =>
    range.set.some((comparators) =>
      comparators.every((c) => (v.prerelease.length === 0 || namesPrerelease(c)) && c.test(v)),
    );
}

/**
 * Compiles a constraint into a tag filter.
 *
 * @throws when the constraint cannot be read (sync logs it and skips the repository).
 */
export function semverFilter(constraint: string): (tag: string) => boolean {
  const alternatives = constraint.split('||').map((alt) => {
    const parts = alt
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (parts.length === 0) throw new Error(`invalid semver constraint "${constraint}": empty alternative`);
    return parts.map((p) => part(p, constraint));
  });
  return (tag) => {
    const v = tagVersion(tag);
    return v !== undefined && alternatives.some((checks) => checks.every((check) => check(v)));
  };
}
