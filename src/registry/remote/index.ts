/**
 * The Distribution API against one registry: manifests, blobs, uploads (monolithic,
 * chunked, mounted), tag lists and `_catalog` with Link pagination, referrers with the
 * tag-schema fallback, and Docker Hub's search. `RegistryClient` is the entry point;
 * the per-operation functions take a `RegistrySession` for callers that hold one.
 */

export { getBlob, headBlob } from './blobs.js';
export { listRepositories, listRepositoryPages } from './catalog.js';
export type { RegistryClientOptions } from './client.js';
export { RegistryClient } from './client.js';
export { isExactResume, parseContentRange } from './content-range.js';
export { resolveEndpoint } from './endpoint.js';
export type { HubSearchResult } from './hub-search.js';
export { HUB_SEARCH_ENDPOINT, searchHub } from './hub-search.js';
export { nextLinkTarget, nextPageUrl } from './link.js';
export { locationOf, withQueryParam } from './location.js';
export type { ManifestHead } from './manifests.js';
export { deleteManifest, getManifest, headManifest, putManifest } from './manifests.js';
export type { RateLimit } from './rate-limit.js';
export { parseRateLimit } from './rate-limit.js';
export type { Referrers } from './referrers.js';
export { listReferrers, referrersTag } from './referrers.js';
export type { SessionAuthenticator, SessionRequest } from './session.js';
export { RegistrySession } from './session.js';
export type { ListOptions } from './tags.js';
export { listTagPages, listTags } from './tags.js';
export type { UploadMode, UploadOptions } from './uploads.js';
export { cancelUpload, mountBlob, uploadBlob } from './uploads.js';
