/**
 * Authentication: who berth is at a registry and how it proves it.
 *
 * A `Keychain` finds the stored credential for a registry the way skopeo does (auth.json
 * files, then Docker's config, then `~/.dockercfg`, with credential helpers and Docker's
 * `credsStore`), and never prints: warnings go to a callback. An `Authenticator` turns that
 * credential into `Authorization` values for one registry endpoint: it pings `/v2/` once to
 * learn the challenge, sends Basic or fetches bearer tokens per scope set from a validated
 * realm, and reacts to 401s. Credentials only ever go to the endpoint's origin and to token
 * realms that pass `validateRealm`. `auth-file-write` updates auth files for login and logout
 * atomically and under a lock.
 */

export {
  type RemoveCredentialOptions,
  removeAll,
  removeCredential,
  type SetCredentialOptions,
  type StoredCredential,
  setCredential,
  validateRegistryKey,
} from './auth-file-write.js';
export {
  AUTH_FILE_LIMIT,
  type AuthFile,
  AuthFileError,
  decodeAuthEntry,
  parseAuthFile,
  type RawAuthEntry,
  readAuthFile,
} from './auth-files.js';
export {
  DOCKER_HUB,
  DOCKER_HUB_LEGACY_KEY,
  matchAuthKeys,
  matchHelperKey,
  normalizeAuthKey,
  normalizeRegistryHost,
} from './auth-keys.js';
export { type AuthFileKind, type AuthFilePath, type AuthFilePaths, authFilePaths } from './auth-paths.js';
export {
  type Authenticator,
  type AuthenticatorOptions,
  createAuthenticator,
  type Whoami,
} from './authenticator.js';
export { type Challenge, challengeScopes, insufficientScope, parseWwwAuthenticate } from './challenge.js';
export {
  CredentialHelperError,
  HELPER_NOT_FOUND,
  HELPER_TIMEOUT_MS,
  type HelperAction,
  type HelperCallOptions,
  helperErase,
  helperGet,
  helperStore,
  type RunHelper,
  type RunHelperOptions,
  runCredentialHelper,
} from './cred-helper.js';
export {
  ANONYMOUS,
  type Credential,
  type CredentialSource,
  isUsable,
  type ResolvedCredential,
} from './credentials.js';
export { createKeychain, type Keychain, type KeychainOptions, type ResolveOptions } from './keychain.js';
export { isInternalHost, type RealmContext, RealmError, validateRealm } from './realm.js';
export {
  CATALOG_SCOPE,
  mergeScopes,
  type ParsedScope,
  parseScope,
  repositoryScope,
  scopeKey,
} from './scope.js';
export {
  type FetchTokenOptions,
  fetchToken,
  type Token,
  TokenAuthError,
  type TokenChallenge,
  tokenExpiry,
} from './token.js';
export { createTokenCache, type TokenCache, tokenCacheKey } from './token-cache.js';
