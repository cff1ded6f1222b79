/**
 * "Simple signing": a JSON claim (this manifest digest is this docker reference) inside an
 * OpenPGP signed message, as skopeo's `standalone-sign`, `copy --sign-by` and policy.json's
 * `signedBy` use it. Signing goes through the user's gpg; verifying uses openpgp.js.
 *
 * Verification follows containers/image's order: the signature must verify with a given
 * key, then the key must be acceptable, then the payload must parse, then the manifest
 * digest and finally the docker reference must match.
 */
import type { Key } from 'openpgp';
import type { Digest } from '../digest/index.js';
import { formatDockerReference, parseDockerReference } from './docker-reference.js';
import { type GpgOptions, gpgSign } from './gpg.js';
import { manifestDigest, manifestMatchesDigest } from './manifest-match.js';
import { readPublicKeys, verifySignedMessage } from './openpgp-verify.js';
import { createSignaturePayload, InvalidSignatureError, parseSignaturePayload } from './payload.js';

/** The key that made a signature. */
export interface SigningKey {
  readonly signingKeyFingerprint: string;
  readonly primaryKeyFingerprint: string;
}

/** Decisions about a signature's parts; each throws to refuse. */
export interface SignatureRules {
  acceptKey(key: SigningKey): void;
  acceptDigest(digest: string): void;
  acceptReference(dockerReference: string): void;
}

/** A signature that verified and whose claims were accepted. */
export interface AcceptedSignature {
  readonly dockerManifestDigest: Digest;
  readonly dockerReference: string;
  /** The primary key's fingerprint when it was the one expected, else the signing subkey's. */
  readonly keyFingerprint: string;
  readonly creator?: string;
  readonly timestamp?: number;
}

/** Verifies `signature` with `keys` and applies `rules` in containers/image's order. */
export async function verifyAndExtract(opts: {
  signature: Uint8Array;
  keys: readonly Key[];
  rules: SignatureRules;
  signal?: AbortSignal;
}): Promise<AcceptedSignature & SigningKey> {
  const { content, signingKeyFingerprint, primaryKeyFingerprint } = await verifySignedMessage(opts);
  const key = { signingKeyFingerprint, primaryKeyFingerprint };
  opts.rules.acceptKey(key);
  const claims = parseSignaturePayload(content);
  opts.rules.acceptDigest(claims.dockerManifestDigest);
  opts.rules.acceptReference(claims.dockerReference);
  return {
    ...claims,
    ...key,
    dockerManifestDigest: claims.dockerManifestDigest as Digest,
    keyFingerprint: primaryKeyFingerprint,
  };
}

export interface VerifySignatureOptions {
  signature: Uint8Array;
  /** OpenPGP public keys, binary or armored, one or more blobs. */
  publicKeys: readonly Uint8Array[];
  /** Fingerprints (upper-case hex) allowed to sign; absent means any key in `publicKeys`. */
  expectedFingerprints?: readonly string[];
  /** The docker reference the signature must claim, compared after normalisation. */
  expectedReference: string;
  /** The manifest the signature must be for. */
  manifest: Uint8Array;
  signal?: AbortSignal;
}

/**
 * skopeo `standalone-verify`: the signature must be by an expected key (its primary key or
 * the signing subkey), for exactly `expectedReference` (`busybox` and `docker.io/library/busybox`
 * are equal; `busybox` and `busybox:latest` are not) and for these manifest bytes.
 *
 * @throws {InvalidSignatureError} with containers/image's wording for each refusal.
 */
export async function verifySignature(opts: VerifySignatureOptions): Promise<AcceptedSignature> {
  const expected = formatDockerReference(parseDockerReference(opts.expectedReference));
  const keys = await readPublicKeys(opts.publicKeys);
  const wanted = opts.expectedFingerprints;
  let matchedFingerprint: string | undefined;
  const accepted = await verifyAndExtract({
    signature: opts.signature,
    keys,
    ...(opts.signal ? { signal: opts.signal } : {}),
    rules: {
      acceptKey({ signingKeyFingerprint, primaryKeyFingerprint }) {
        if (!wanted) return;
        matchedFingerprint = [primaryKeyFingerprint, signingKeyFingerprint].find((f) => wanted.includes(f));
        if (matchedFingerprint) return;
        const list = wanted.length === 1 ? `fingerprint ${wanted[0]}` : `fingerprints [${wanted.join(' ')}]`;
        throw new InvalidSignatureError(
          `Signature by ${signingKeyFingerprint} does not match expected ${list}`,
        );
      },
      acceptDigest(digest) {
        if (!manifestMatchesDigest(opts.manifest, digest)) {
          throw new InvalidSignatureError(`Signature for docker digest "${digest}" does not match`);
        }
      },
      acceptReference(signed) {
        let normalized: string;
        try {
          normalized = formatDockerReference(parseDockerReference(signed));
        } catch {
          throw new InvalidSignatureError(`Invalid docker reference ${signed} in signature`);
        }
        if (normalized !== expected) {
          throw new InvalidSignatureError(
            `Docker reference ${signed} does not match ${opts.expectedReference}`,
          );
        }
      },
    },
  });
  return { ...strip(accepted), keyFingerprint: matchedFingerprint ?? accepted.primaryKeyFingerprint };
}

function strip(a: AcceptedSignature & SigningKey): AcceptedSignature {
  const { signingKeyFingerprint: _s, primaryKeyFingerprint: _p, ...rest } = a;
  return rest;
}

/**
 * skopeo `standalone-sign`: a signature claiming that `manifest` is `dockerReference`
 * (written as given, not normalised), made by the user's gpg with `keyIdentity`.
 *
 * @param creator recorded in the payload's `optional.creator`, e.g. `berth 1.2.3`.
 * @throws {GpgError} when gpg cannot sign (no such secret key, bad passphrase, …).
 */
export async function signManifest(
  opts: GpgOptions & {
    manifest: Uint8Array;
    dockerReference: string;
    keyIdentity: string;
    passphraseFile?: string;
    creator?: string;
    /** Default now; the payload records whole seconds. */
    now?: Date;
  },
): Promise<Uint8Array> {
  const payload = createSignaturePayload({
    dockerManifestDigest: manifestDigest(opts.manifest),
    dockerReference: opts.dockerReference,
    creator: opts.creator ?? 'berth',
    timestamp: Math.floor((opts.now ?? new Date()).getTime() / 1000),
  });
  return gpgSign({ ...opts, payload });
}
