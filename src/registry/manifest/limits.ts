/**
 * Bounds on what a manifest or config may contain, beyond its byte size. Every descriptor
 * berth accepts can turn into an HTTP request, a progress row or a file, so counts are
 * capped well above anything real but far below what a 4 MiB document could otherwise list
 * (about 20 000 minimal descriptors).
 */

/**
 * Layers in one image, manifests in one index, fsLayers in schema 1, history entries and
 * diff_ids in a config. Docker refuses images deeper than ~125 layers and the largest real
 * multi-arch indexes (with attestations) list a few dozen entries, so 10 000 never rejects a
 * real image while bounding the fan-out of a hostile one.
 */
export const MAX_DESCRIPTORS = 10_000;

/** `urls` on one descriptor. Foreign layers list one or two mirrors. */
export const MAX_URLS = 16;

/** Characters in one URL of `urls`. */
export const MAX_URL_LENGTH = 2048;

/**
 * JSON nesting. Manifests nest four levels deep and configs about five; refusing deeper
 * documents keeps every walk over them shallow.
 */
export const MAX_JSON_DEPTH = 64;

/** Strings such as `Env` entries, `Cmd` arguments or history lines in a config. */
export const MAX_LIST_ITEMS = 10_000;
