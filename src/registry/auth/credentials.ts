/**
 * What a credential is and where it came from. The secret fields never leave the auth
 * folder except as an `Authorization` header value; the UI sees only `username` and the
 * `CredentialSource`.
 */

/** A registry credential. Any subset may be set; see {@link isUsable} for what counts. */
export interface Credential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (auth.json `identitytoken`, or a helper's `<token>` user). */
  identityToken?: string;
  /** A bearer token used as is (`--registry-token`); no exchange with a token server. */
  registryToken?: string;
}

/** Where a credential was found, for the status bar and for error messages. Never holds a secret. */
export type CredentialSource = {
  kind: 'flag' | 'auth-file' | 'docker-config' | 'dockercfg' | 'cred-helper' | 'creds-store' | 'anonymous';
  /** The file that held the credential or named the helper. */
  path?: string;
  /** The helper suffix, e.g. `osxkeychain` for `docker-credential-osxkeychain`. */
  helper?: string;
  /** The `auths` key (or helper server URL) that matched. */
  key?: string;
};

/** The answer of a keychain: a credential (absent for anonymous access) and its source. */
export type ResolvedCredential = { credential?: Credential; source: CredentialSource };

/** The source reported when nothing was found. */
export const ANONYMOUS: ResolvedCredential = Object.freeze({
  source: Object.freeze({ kind: 'anonymous' as const }),
});

/**
 * Does `c` carry enough to authenticate with? A user name alone does not: as in
 * containers/image, an entry needs a user and a password, an identity token, or a
 * registry token.
 */
export function isUsable(c: Credential | undefined): c is Credential {
  if (!c) return false;
  return Boolean((c.username && c.password) || c.identityToken || c.registryToken);
}
