/**
 * The Distribution API against one registry: manifests, blobs, uploads (monolithic,
 * chunked, mounted), tag lists and `_catalog` with Link pagination, referrers with the
 * tag-schema fallback, and Docker Hub's search. `RegistryClient` is the entry point;
 * the per-operation functions take a `RegistrySession` for callers that hold one.
 */
export { RegistryClient } from './client.js';
export type { RegistryClientOptions } from './client.js';
export { RegistrySession } from './session.js';
export type { SessionAuthenticator, SessionRequest } from './session.js';
export { resolveEndpoint } from './endpoint.js';
export { getManifest, headManifest, putManifest, deleteManifest } from './manifests.js';
export type { ManifestHead } from './manifests.js';
export { getBlob, headBlob } from './blobs.js';
export { uploadBlob, mountBlob, cancelUpload } from './uploads.js';
export { withQueryParam, locationOf } from './location.js';
export type { UploadMode, UploadOptions } from './uploads.js';
export { listTags, listTagPages } from './tags.js';
export type { ListOptions } from './tags.js';
export { listRepositories, listRepositoryPages } from './catalog.js';
export { listReferrers, referrersTag } from './referrers.js';
export type { Referrers } from './referrers.js';
export { searchHub, HUB_SEARCH_ENDPOINT } from './hub-search.js';
export type { HubSearchResult } from './hub-search.js';
export { parseRateLimit } from './rate-limit.js';
export type { RateLimit } from './rate-limit.js';
export { nextLinkTarget, nextPageUrl } from './link.js';
export { parseContentRange, isExactResume } from './content-range.js';
