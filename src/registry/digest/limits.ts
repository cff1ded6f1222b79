/**
 * Default bounds on what berth reads from a server into memory or follows. Every number
 * here exists so that a hostile or broken registry cannot exhaust memory or loop forever
 * (CVE-2020-1702 is the in-memory-read case). Values follow containers/image unless noted.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** Manifests and indexes. The spec asks registries to accept at least 4 MB; distribution refuses more than 4 MiB. */
export const MANIFEST_LIMIT = 4 * MiB;

/** Image config blobs read into memory (inspect, platform matching). */
export const CONFIG_LIMIT = 4 * MiB;

/** Bearer token responses; real ones are a few KiB. */
export const TOKEN_LIMIT = 1 * MiB;

/**
 * Error response bodies. Only the spec's `errors[]` JSON is wanted from them, so this is
 * ggcr's 64 KiB rather than c/image's 1 MiB.
 */
export const ERROR_BODY_LIMIT = 64 * KiB;

/** One page of `tags/list` or `_catalog` JSON. A page of 1000 long tags is well under 1 MiB. */
export const TAG_PAGE_LIMIT = 4 * MiB;

/**
 * Pages followed through `Link: rel="next"` before giving up. Pagination is the one loop a
 * server controls (a `next` link can point back at itself or go on forever), so it needs a
 * bound even with loop detection. At the smallest page size registries commonly use (100,
 * Docker Hub and ECR's default) this still allows a million tags, far beyond any real
 * repository, while a runaway server is stopped after at most 10 000 × TAG_PAGE_LIMIT bytes
 * read one page at a time.
 */
export const MAX_PAGES = 10_000;

/** Redirect hops per request, as Go's http client, distribution's client and regclient use. */
export const MAX_REDIRECTS = 10;
