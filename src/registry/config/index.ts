/**
 * The containers configuration files other tools already have, read the way
 * containers/image (and so skopeo and podman) reads them.
 *
 * `loadRegistriesConf` finds registries.conf and its drop-ins, merges them, and answers:
 * is a registry `insecure` or `blocked`, and which mirrors (then the primary location)
 * serve a single image read, honouring digest-only and tag-only mirrors; `registryAccess`
 * turns those answers into one decision for a registry or repository. `loadPolicy`
 * reads policy.json strictly, and `evaluatePolicy` decides whether an image may be copied:
 * the most specific scope applies, and `signedBy` checks simple-signing signatures with
 * openpgp.js. Nothing here touches the network.
 */

export {
  ACCEPT_ANYTHING,
  type LoadedPolicy,
  type LoadPolicyOptions,
  loadPolicy,
  type Policy,
  parsePolicy,
  SYSTEM_POLICY,
} from './policy.js';
export {
  type EvaluatePolicyOptions,
  evaluatePolicy,
  type PolicyDecision,
  PolicyRejectedError,
} from './policy-eval.js';
export { InvalidPolicyError, type PolicyRequirement, type SignedByKeyType } from './policy-requirements.js';
export { type PolicyImage, type PolicySection, policyImage, requirementsFor } from './policy-scope.js';
export { refMatchingPrefix } from './prefix-match.js';
export type { PullSource } from './pull-sources.js';
export { matchesSignedIdentity, type SignedIdentity } from './reference-match.js';
export {
  BlockedRegistryError,
  type LoadRegistriesConfOptions,
  loadRegistriesConf,
  RegistriesConf,
  SYSTEM_REGISTRIES_CONF,
  SYSTEM_REGISTRIES_CONF_DIR,
} from './registries-conf.js';
export {
  type MirrorEndpoint,
  type PullFromMirror,
  parseRegistriesFile,
  type RegistriesFile,
  type RegistryEntry,
  type ShortNameMode,
} from './registries-file.js';
export {
  assertNotBlocked,
  type RegistryAccess,
  type RegistryAccessOptions,
  type RegistryRules,
  registryAccess,
} from './registry-access.js';
export { InvalidRegistriesConfError } from './toml-fields.js';
