/**
 * Throwaway OpenPGP keys and signatures for unit tests, made with openpgp.js so tests need
 * no gpg. Keys are EdDSA (legacy), which gpg 2.2 also reads; generation takes milliseconds.
 */
import * as openpgp from 'openpgp';
import { createSignaturePayload, type UntrustedSignature } from '../payload.js';

export interface TestKey {
  readonly privateKey: openpgp.PrivateKey;
  /** Binary public key, as `gpg --export` writes it. */
  readonly publicKey: Uint8Array;
  readonly armoredPublicKey: string;
  /** Upper-case primary key fingerprint. */
  readonly fingerprint: string;
  /** Upper-case fingerprint of the signing subkey, when there is one. */
  readonly subkeyFingerprint?: string;
}

/** A new key; with `signingSubkey`, it also has a subkey that can sign. */
export async function makeKey(opts: { name?: string; signingSubkey?: boolean } = {}): Promise<TestKey> {
  const { privateKey } = await openpgp.generateKey({
    userIDs: [{ name: opts.name ?? 'berth test', email: 'test@example.com' }],
    type: 'ecc',
    curve: 'ed25519Legacy',
    subkeys: opts.signingSubkey ? [{ sign: true }] : [{}],
    format: 'object',
  });
  const subkey = opts.signingSubkey ? privateKey.getSubkeys()[0] : undefined;
  return {
    privateKey,
    publicKey: privateKey.toPublic().write(),
    armoredPublicKey: privateKey.toPublic().armor(),
    fingerprint: privateKey.getFingerprint().toUpperCase(),
    ...(subkey ? { subkeyFingerprint: subkey.getFingerprint().toUpperCase() } : {}),
  };
}

/** A signed (not detached) binary message over `data`, by one or more keys. */
export async function signBytes(
  data: Uint8Array,
  keys: readonly TestKey[],
  opts: { useSubkey?: boolean; armor?: boolean; date?: Date } = {},
): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ binary: data });
  const signingKeys = keys.map((k) => k.privateKey);
  const signingKeyIDs =
    opts.useSubkey && keys[0] ? [keys[0].privateKey.getSubkeys()[0]!.getKeyID()] : undefined;
  const common = {
    message,
    signingKeys,
    ...(signingKeyIDs ? { signingKeyIDs } : {}),
    ...(opts.date ? { date: opts.date } : {}),
  };
  if (opts.armor) return new TextEncoder().encode(await openpgp.sign({ ...common, format: 'armored' }));
  return openpgp.sign({ ...common, format: 'binary' }) as Promise<Uint8Array>;
}

/** A complete simple-signing signature for `claims`. */
export async function signClaims(
  claims: UntrustedSignature,
  key: TestKey,
  opts: { useSubkey?: boolean; armor?: boolean } = {},
): Promise<Uint8Array> {
  return signBytes(createSignaturePayload(claims), [key], opts);
}
