/**
 * Deleting from a registry safely, shared by `berth delete` and the TUI's delete dialog.
 * Deleting a manifest deletes every tag that names it, so `findTagsByDigest` /
 * `findSiblingTags` list those tags first (a HEAD per tag, a few at a time, not at all in a
 * huge repository). `untag` removes one tag and keeps the manifest and its other tags, by
 * pointing the tag at a unique placeholder manifest and deleting that. `isDeleteRefused`
 * recognises a registry that does not allow deletes.
 */

export { isDeleteRefused } from './refused.js';
export {
  type FindSiblingTagsOptions,
  type FindTagsByDigestOptions,
  findSiblingTags,
  findTagsByDigest,
  SIBLING_CONCURRENCY,
  SIBLING_TAG_LIMIT,
  type SiblingTags,
  type TagLookupClient,
  type TagsByDigest,
} from './sibling-tags.js';
export {
  EMPTY_BLOB,
  EMPTY_BLOB_DIGEST,
  PLACEHOLDER_ANNOTATION,
  placeholderManifest,
  type UntagClient,
  type UntagOptions,
  untag,
} from './untag.js';
