/**
 * Storing and erasing a login where the credential file says it belongs (the file, or the
 * credential helper it names). The logic is the core's, shared with the TUI's login form.
 */
export {
  type CredentialStoreOptions,
  eraseAllCredentials,
  eraseCredential,
  storeCredential,
} from '../../registry/login/index.js';
