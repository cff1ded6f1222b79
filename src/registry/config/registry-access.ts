/**
 * How one registry, or one repository in it, may be reached under registries.conf, decided
 * as containers/image decides it for a docker reference: the entry with the longest prefix
 * matching `host/repository` (or `host` alone for registry-wide work: login, the catalog)
 * says whether it is `blocked` and whether it is `insecure`. The command line and the TUI
 * both ask here, so they refuse and relax the same names.
 */

/** The registries.conf answers this needs (a `RegistriesConf` has them). */
export interface RegistryRules {
  /** Names are a host (`quay.io`) or a repository (`quay.io/ns/app`). */
  isInsecure(name: string): boolean;
  isBlocked(name: string): boolean;
  /** Throws containers/image's "registry … is blocked in …" error; default: a generic message. */
  assertNotBlocked?(name: string): void;
}

/** Options for {@link registryAccess}. */
export interface RegistryAccessOptions {
  /** undefined: no registries.conf, so nothing is blocked or insecure. */
  rules: RegistryRules | undefined;
  registry: string;
  /** The repository the access is for; without it, the registry as a whole. */
  repository?: string;
  /** The user's choice, which wins when given: false allows plain HTTP and unverified TLS. */
  tlsVerify?: boolean;
}

/** What {@link registryAccess} decided. */
export interface RegistryAccess {
  /** The name the rules were asked about: `host` or `host/repository`. */
  name: string;
  /** Plain HTTP and unverified TLS are allowed. */
  insecure: boolean;
}

/** @throws when `rules` block `name`, with their message (containers/image's for a `RegistriesConf`). */
export function assertNotBlocked(rules: RegistryRules | undefined, name: string): void {
  if (!rules) return;
  if (rules.assertNotBlocked) rules.assertNotBlocked(name);
  else if (rules.isBlocked(name)) throw new Error(`registry ${name} is blocked in registries.conf`);
}

/**
 * Decides how `registry` (for `repository`) is reached: refused when blocked; insecure when
 * the user turned TLS verification off, or left it to registries.conf and the file says so.
 *
 * @throws when the name is blocked (see {@link assertNotBlocked}).
 */
export function registryAccess(opts: RegistryAccessOptions): RegistryAccess {
  const name = opts.repository ? `${opts.registry}/${opts.repository}` : opts.registry;
  assertNotBlocked(opts.rules, name);
  const insecure =
    opts.tlsVerify === false || (opts.tlsVerify === undefined && (opts.rules?.isInsecure(name) ?? false));
  return { name, insecure };
}
