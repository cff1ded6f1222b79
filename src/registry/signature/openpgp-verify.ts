/**
 * OpenPGP verification of a signed (not detached, not clearsigned) message with openpgp.js,
 * standing in for containers/image's gpgme mechanism. openpgp.js is loaded on first use:
 * it is large, and most berth commands never verify anything.
 */
import type { Key, PartialConfig } from 'openpgp';
import { InvalidSignatureError } from './payload.js';

/** containers/image's bound on one signature (iolimits.MaxSignatureBodySize). */
export const MAX_SIGNATURE_BYTES = 4 * 1024 * 1024;

// The signed payload is a few hundred bytes; a compressed packet may not expand past this.
const CONFIG: PartialConfig = { maxDecompressedMessageSize: MAX_SIGNATURE_BYTES };

const ARMOR = '-----BEGIN PGP';
const ARMORED_BLOCK = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g;

function isArmored(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  return head.startsWith(ARMOR);
}

const loadOpenpgp = () => import('openpgp');

/**
 * Reads OpenPGP public keys from one or more blobs, binary (`gpg --export`) or armored.
 * An empty blob contributes nothing.
 */
export async function readPublicKeys(blobs: readonly Uint8Array[]): Promise<Key[]> {
  const openpgp = await loadOpenpgp();
  const keys: Key[] = [];
  for (const blob of blobs) {
    if (blob.length === 0) continue;
    if (!isArmored(blob)) {
      keys.push(...(await openpgp.readKeys({ binaryKeys: blob, config: CONFIG })));
      continue;
    }
    // openpgp.js reads one armored block; files often hold several (`gpg --armor --export a b`).
    for (const block of Buffer.from(blob).toString('utf8').match(ARMORED_BLOCK) ?? []) {
      keys.push(...(await openpgp.readKeys({ armoredKeys: block, config: CONFIG })));
    }
  }
  return keys;
}

/** The upper-case hex fingerprint of a primary key, as gpg prints it. */
export function keyFingerprint(key: Key): string {
  return key.getFingerprint().toUpperCase();
}

/** A message whose one signature verified. */
export interface VerifiedMessage {
  readonly content: Uint8Array;
  /** The key that made the signature: the primary key or one of its subkeys. */
  readonly signingKeyFingerprint: string;
  /** The primary key that `signingKeyFingerprint` belongs to. */
  readonly primaryKeyFingerprint: string;
}

/**
 * Verifies that `signature` is a signed message with exactly one signature, made by one of
 * `keys` and valid now, and returns its content.
 *
 * @throws {InvalidSignatureError} for anything else, including a key not in `keys`.
 */
export async function verifySignedMessage(opts: {
  signature: Uint8Array;
  keys: readonly Key[];
  signal?: AbortSignal;
}): Promise<VerifiedMessage> {
  const { signature, keys } = opts;
  opts.signal?.throwIfAborted();
  if (signature.length > MAX_SIGNATURE_BYTES) {
    throw new InvalidSignatureError(
      `signature is ${signature.length} bytes, more than the limit of ${MAX_SIGNATURE_BYTES}`,
    );
  }
  if (keys.length === 0) throw new InvalidSignatureError('No public keys available to verify the signature');
  const openpgp = await loadOpenpgp();
  try {
    const message = isArmored(signature)
      ? await openpgp.readMessage({ armoredMessage: Buffer.from(signature).toString('utf8'), config: CONFIG })
      : await openpgp.readMessage({ binaryMessage: signature, config: CONFIG });
    const result = await openpgp.verify({
      message,
      verificationKeys: [...keys],
      expectSigned: true,
      format: 'binary',
      config: CONFIG,
    });
    if (result.signatures.length !== 1) {
      throw new InvalidSignatureError(`Unexpected GPG signature count ${result.signatures.length}`);
    }
    const [sig] = result.signatures;
    await sig!.verified;
    opts.signal?.throwIfAborted();
    for (const key of keys) {
      const [signing] = key.getKeys(sig!.keyID);
      if (signing) {
        return {
          content: result.data,
          signingKeyFingerprint: signing.getFingerprint().toUpperCase(),
          primaryKeyFingerprint: keyFingerprint(key),
        };
      }
    }
    throw new InvalidSignatureError(`No key found for signing key ID ${sig!.keyID.toHex().toUpperCase()}`);
  } catch (err) {
    if (err instanceof InvalidSignatureError || opts.signal?.aborted) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new InvalidSignatureError(`Invalid GPG signature: ${why}`, { cause: err });
  }
}
