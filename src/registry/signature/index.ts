/**
 * Container image signatures in the "simple signing" format (containers/image's atomic
 * container signature): a small JSON claim — this manifest digest is this docker reference —
 * inside an OpenPGP signed message.
 *
 * `signManifest` creates one with the user's own gpg (their keys, agent and pinentry; a
 * passphrase only ever through a file gpg reads). `verifySignature` checks one the way
 * `skopeo standalone-verify` does, and `verifyAndExtract` lets policy evaluation supply its
 * own rules for keys, digests and identities. Verification uses openpgp.js, loaded on
 * first use, so nothing here needs gpg to verify. Everything about a signature is untrusted
 * until verified: payloads are parsed strictly and sizes are bounded.
 */

export {
  type DockerReference,
  dockerReferenceOf,
  formatDockerReference,
  isNameOnly,
  parseDockerReference,
} from './docker-reference.js';
export { GpgError, type GpgOptions, gpgExportPublicKeys, gpgSign } from './gpg.js';
export { manifestDigest, manifestMatchesDigest } from './manifest-match.js';
export {
  keyFingerprint,
  MAX_SIGNATURE_BYTES,
  readPublicKeys,
  type VerifiedMessage,
  verifySignedMessage,
} from './openpgp-verify.js';
export {
  createSignaturePayload,
  InvalidSignatureError,
  parseSignaturePayload,
  SIGNATURE_TYPE,
  type UntrustedSignature,
} from './payload.js';
export {
  type AcceptedSignature,
  type SignatureRules,
  type SigningKey,
  signManifest,
  type VerifySignatureOptions,
  verifyAndExtract,
  verifySignature,
} from './simple-signing.js';
