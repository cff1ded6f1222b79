/**
 * Integration test harness: starts real `docker-registry` (distribution 2.8) processes on loopback in
 * every auth mode berth supports (plain, Basic, bearer token with a JWT issuer of our own, TLS with a
 * test CA), a fault-injecting proxy to put in front of them, and fixture builders that push images,
 * indexes and tags with plain HTTP. Nothing here imports `src/`: the harness must not share bugs with
 * the code it tests. Every `start…` returns an object with `stop()`; call it in `afterAll`.
 */
export {
  type AuthorizationOptions,
  authorizationFor,
  basicHeader,
  type Credentials,
  secondOriginAuthFor,
} from './auth.js';
export * from './fault-proxy.js';
export { getFreePort } from './free-port.js';
export { dispatcherFor, type Endpoint, harnessFetch } from './http-client.js';
export * from './images.js';
export { signRegistryJwt } from './jwt.js';
export * from './media-types.js';
export { getPki, type Pki } from './pki.js';
export * from './push-blob.js';
export * from './push-index.js';
export * from './push-tags.js';
export { type RandomLayerOptions, randomLayer } from './random-layer.js';
export { type RawRequestOptions, type RawResponse, rawRequest } from './raw-request.js';
export * from './registry.js';
export { logTail } from './registry-process.js';
export { findBinary, requireBinaries } from './require-binary.js';
export { paginateTagList, tagListRepository } from './tag-pagination.js';
export { type TarEntry, tar, tarGz } from './tar-gz.js';
export * from './token-scope.js';
export type { TokenRequestRecord, TokenServer } from './token-server.js';
