/**
 * Deciding whether policy.json allows an image (containers/image `IsRunningImageAllowed`):
 * every requirement of the applicable section must allow it. `signedBy` allows it when at
 * least one of the image's signatures verifies with the configured keys, is for exactly
 * this manifest, and claims an acceptable identity.
 */
import { readFile } from 'node:fs/promises';
import type { ImageName } from '../ref/index.js';
import {
  InvalidSignatureError,
  manifestMatchesDigest,
  readPublicKeys,
  verifyAndExtract,
} from '../signature/index.js';
import type { Policy } from './policy.js';
import type { PolicyRequirement } from './policy-requirements.js';
import { type PolicyImage, policyImage, requirementsFor } from './policy-scope.js';
import { matchesSignedIdentity } from './reference-match.js';

/** The policy does not allow the image; the message says which requirement and why. */
export class PolicyRejectedError extends Error {
  override readonly name = 'PolicyRejectedError';
}

export interface EvaluatePolicyOptions {
  policy: Policy;
  /** The image as named on the command line (its transport decides the policy section). */
  image: ImageName;
  /** The manifest the signatures must be for, exactly as read. */
  manifest: Uint8Array;
  /** The image's signatures; a function is called only if a requirement needs them. */
  signatures: readonly Uint8Array[] | (() => Promise<readonly Uint8Array[]>);
  /** Receives one line per decision, for `--debug`. */
  debug?: (message: string) => void;
  signal?: AbortSignal;
}

/** How the image was allowed. */
export interface PolicyDecision {
  /** The policy section that applied, e.g. `transport "docker" scope "docker.io/library"`. */
  readonly section: string;
  /** Fingerprints of the keys whose signatures were accepted (empty when none were needed). */
  readonly acceptedKeys: readonly string[];
}

type Signatures = () => Promise<readonly Uint8Array[]>;

async function keyBlobs(
  req: Extract<PolicyRequirement, { type: 'signedBy' }>,
  signal?: AbortSignal,
): Promise<Uint8Array[]> {
  const read = (p: string) => readFile(p, signal ? { signal } : {});
  if (req.keyPath !== undefined) return [await read(req.keyPath)];
  if (req.keyPaths !== undefined) return Promise.all(req.keyPaths.map(read));
  return req.keyData ? [req.keyData] : [];
}

/** One signature against one signedBy requirement; resolves the signing key or throws why not. */
async function acceptSignature(
  req: Extract<PolicyRequirement, { type: 'signedBy' }>,
  keys: Awaited<ReturnType<typeof readPublicKeys>>,
  signature: Uint8Array,
  opts: EvaluatePolicyOptions,
  image: PolicyImage,
): Promise<string> {
  const accepted = await verifyAndExtract({
    signature,
    keys,
    ...(opts.signal ? { signal: opts.signal } : {}),
    rules: {
      // Verification used only this requirement's keys, so the signer is one of them.
      acceptKey: () => {},
      acceptDigest(digest) {
        if (!manifestMatchesDigest(opts.manifest, digest)) {
          throw new PolicyRejectedError(`Signature for digest ${digest} does not match`);
        }
      },
      acceptReference(ref) {
        if (!matchesSignedIdentity(req.signedIdentity, image.dockerReference, ref)) {
          throw new PolicyRejectedError(`Signature for identity ${ref} is not accepted`);
        }
      },
    },
  });
  return accepted.keyFingerprint;
}

async function signedBy(
  req: Extract<PolicyRequirement, { type: 'signedBy' }>,
  opts: EvaluatePolicyOptions,
  image: PolicyImage,
  signatures: Signatures,
): Promise<string> {
  if (req.keyType !== 'GPGKeys')
    throw new PolicyRejectedError(`Unimplemented "keyType" value "${req.keyType}"`);
  let keys: Awaited<ReturnType<typeof readPublicKeys>>;
  try {
    keys = await readPublicKeys(await keyBlobs(req, opts.signal));
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new PolicyRejectedError(`reading signedBy keys: ${why}`, { cause: err });
  }
  if (keys.length === 0) throw new PolicyRejectedError('No public keys imported');
  const sigs = await signatures();
  const reasons: string[] = [];
  for (const [i, sig] of sigs.entries()) {
    try {
      const fpr = await acceptSignature(req, keys, sig, opts, image);
      opts.debug?.(`signature ${i + 1} accepted, signed by ${fpr}`);
      return fpr;
    } catch (err) {
      if (!(err instanceof PolicyRejectedError || err instanceof InvalidSignatureError)) throw err;
      opts.debug?.(`signature ${i + 1} rejected: ${err.message}`);
      reasons.push(err.message);
    }
  }
  if (reasons.length === 0)
    throw new PolicyRejectedError('A signature was required, but no signature exists');
  if (reasons.length === 1) throw new PolicyRejectedError(reasons[0]!);
  throw new PolicyRejectedError(`None of the signatures were accepted, reasons: ${reasons.join('; ')}`);
}

/**
 * Allows the image or throws. Requirements are checked in order and all must pass;
 * `sigstoreSigned` is not supported and refuses the image (fail closed).
 *
 * @throws {PolicyRejectedError} with containers/image's reason, e.g.
 *   `Running image docker://busybox:latest is rejected by policy.`
 */
export async function evaluatePolicy(opts: EvaluatePolicyOptions): Promise<PolicyDecision> {
  const image = policyImage(opts.image);
  const { requirements, section } = requirementsFor(opts.policy, image);
  opts.debug?.(`policy for ${image.displayName}: using ${section}`);
  if (requirements.length === 0)
    throw new PolicyRejectedError('List of verification policy requirements must not be empty');
  let cached: Promise<readonly Uint8Array[]> | undefined;
  const signatures: Signatures = () => {
    const s = opts.signatures;
    cached ??= typeof s === 'function' ? s() : Promise.resolve(s);
    return cached;
  };
  const acceptedKeys: string[] = [];
  for (const req of requirements) {
    opts.signal?.throwIfAborted();
    switch (req.type) {
      case 'insecureAcceptAnything':
      case 'signedBaseLayer': // containers/image allows this unimplemented requirement too
        break;
      case 'reject':
        throw new PolicyRejectedError(`Running image ${image.displayName} is rejected by policy.`);
      case 'signedBy':
        acceptedKeys.push(await signedBy(req, opts, image, signatures));
        break;
      case 'sigstoreSigned':
        throw new PolicyRejectedError(
          `policy requirement "sigstoreSigned" (${section}) is not supported by berth; refusing ${image.displayName}`,
        );
    }
  }
  return { section, acceptedKeys };
}
