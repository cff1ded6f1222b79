/**
 * Logging in and out, as `skopeo login`/`logout` (containers/common `auth.Login`) do it, with no
 * user interface: which credential file is written (`resolveAuthTarget`), what a REGISTRY
 * argument means (`parseCredentialsKey`: a host, or a host with a namespace), proving a user
 * name and password against the registry before anything is stored (`checkCredentials`), and
 * storing or erasing a login in the file or in the credential helper the file names for the
 * registry (`storeCredential`, `eraseCredential`). The CLI's `login`/`logout` commands and the
 * TUI's login form are both built from these, so they write exactly the same files.
 */

export {
  type CheckCredentialsOptions,
  checkCredentials,
} from './check-credentials.js';
export {
  type CredentialStoreOptions,
  eraseAllCredentials,
  eraseCredential,
  storeCredential,
} from './credential-store.js';
export { type CredentialsKey, parseCredentialsKey } from './credentials-key.js';
export { InvalidCredentialsError, LoginArgumentError } from './errors.js';
export {
  type AuthTarget,
  checkNamedFileExists,
  checkRuntimeDir,
  type ResolveAuthTargetOptions,
  resolveAuthTarget,
} from './login-target.js';
export { type ListStoredLoginsOptions, listStoredLogins, type StoredLogin } from './stored-logins.js';
