/**
 * A login or logout argument that cannot be used: a REGISTRY that is not a registry or
 * repository name, or two credential files named at once. The CLI reports these as usage
 * errors; the TUI shows them next to the field that holds the value.
 */
export class LoginArgumentError extends Error {
  override readonly name = 'LoginArgumentError';
}

/** The registry refused the credentials (401 from `/v2/` or from its token server). */
export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';
}
