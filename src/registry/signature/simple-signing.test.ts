import { beforeAll, describe, expect, it } from 'vitest';
import { digestOf } from '../digest/index.js';
import { createSignaturePayload } from './payload.js';
import { verifySignature } from './simple-signing.js';
import { makeKey, signBytes, signClaims, type TestKey } from './testing/keys.js';

const MANIFEST = Buffer.from(
  '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}',
);
const DIGEST = digestOf(MANIFEST);
const REF = 'quay.io/berth/app:1';

let key: TestKey;
let other: TestKey;
let withSubkey: TestKey;
beforeAll(async () => {
  [key, other, withSubkey] = await Promise.all([
    makeKey(),
    makeKey({ name: 'other' }),
    makeKey({ signingSubkey: true }),
  ]);
});

const claims = (over: Partial<{ dockerReference: string; dockerManifestDigest: string }> = {}) => ({
  dockerReference: REF,
  dockerManifestDigest: DIGEST,
  creator: 'berth test',
  timestamp: 1,
  ...over,
});

describe('verifySignature', () => {
  it('accepts a good signature and returns the digest and key', async () => {
    const signature = await signClaims(claims(), key);
    const got = await verifySignature({
      signature,
      publicKeys: [key.publicKey],
      expectedFingerprints: [key.fingerprint],
      expectedReference: REF,
      manifest: MANIFEST,
    });
    expect(got).toEqual({
      dockerManifestDigest: DIGEST,
      dockerReference: REF,
      keyFingerprint: key.fingerprint,
      creator: 'berth test',
      timestamp: 1,
    });
  });

  it.each([
    {
      name: 'the same reference, normalised',
      signed: 'busybox:latest',
      expected: 'docker.io/library/busybox:latest',
    },
    { name: 'the other way round', signed: 'docker.io/library/busybox:latest', expected: 'busybox:latest' },
    { name: 'index.docker.io', signed: 'index.docker.io/library/busybox:1', expected: 'busybox:1' },
  ])('accepts $name', async ({ signed, expected }) => {
    const signature = await signClaims(claims({ dockerReference: signed }), key);
    const got = await verifySignature({
      signature,
      publicKeys: [key.publicKey],
      expectedFingerprints: [key.fingerprint],
      expectedReference: expected,
      manifest: MANIFEST,
    });
    expect(got.dockerReference).toBe(signed);
  });

  it('accepts armored keys and an armored signature, with any key of the file', async () => {
    const signature = await signClaims(claims(), other, { armor: true });
    const armored = new TextEncoder().encode(key.armoredPublicKey + other.armoredPublicKey);
    const got = await verifySignature({
      signature,
      publicKeys: [armored],
      expectedReference: REF,
      manifest: MANIFEST,
    });
    expect(got.keyFingerprint).toBe(other.fingerprint);
  });

  it.each([
    {
      name: 'primary fingerprint',
      expected: () => withSubkey.fingerprint,
      want: () => withSubkey.fingerprint,
    },
    {
      name: 'subkey fingerprint',
      expected: () => withSubkey.subkeyFingerprint!,
      want: () => withSubkey.subkeyFingerprint!,
    },
  ])('accepts a subkey signature expected by its $name', async ({ expected, want }) => {
    const signature = await signClaims(claims(), withSubkey, { useSubkey: true });
    const got = await verifySignature({
      signature,
      publicKeys: [withSubkey.publicKey],
      expectedFingerprints: [expected()],
      expectedReference: REF,
      manifest: MANIFEST,
    });
    expect(got.keyFingerprint).toBe(want());
  });

  interface RejectCase {
    name: string;
    signature: () => Promise<Uint8Array>;
    expectedReference?: string;
    manifest?: Uint8Array;
    fingerprints?: () => string[];
    keys?: () => Uint8Array[];
    err: string | RegExp;
  }

  it.each<RejectCase>([
    {
      name: 'a different expected key',
      signature: () => signClaims(claims(), key),
      keys: () => [key.publicKey, other.publicKey],
      fingerprints: () => [other.fingerprint],
      err: /^Signature by [0-9A-F]{40} does not match expected fingerprint [0-9A-F]{40}$/,
    },
    {
      name: 'a lower-case fingerprint (skopeo compares exactly)',
      signature: () => signClaims(claims(), key),
      fingerprints: () => [key.fingerprint.toLowerCase()],
      err: 'does not match expected fingerprint',
    },
    {
      name: 'none of several fingerprints',
      signature: () => signClaims(claims(), key),
      keys: () => [key.publicKey, other.publicKey],
      fingerprints: () => [other.fingerprint, 'AAAA'],
      err: `does not match expected fingerprints [`,
    },
    {
      name: 'a key not in the keyring',
      signature: () => signClaims(claims(), other),
      err: /Invalid GPG signature: .*signing key/i,
    },
    {
      name: 'a tampered manifest',
      signature: () => signClaims(claims(), key),
      manifest: Buffer.from(`${MANIFEST} `),
      err: `Signature for docker digest "${DIGEST}" does not match`,
    },
    {
      name: 'another reference',
      signature: () => signClaims(claims(), key),
      expectedReference: 'quay.io/berth/app:2',
      err: `Docker reference ${REF} does not match quay.io/berth/app:2`,
    },
    {
      name: 'a tag where none was signed',
      signature: () => signClaims(claims({ dockerReference: 'docker.io/library/busybox' }), key),
      expectedReference: 'busybox:latest',
      err: 'Docker reference docker.io/library/busybox does not match busybox:latest',
    },
    {
      name: 'an invalid signed reference',
      signature: () => signClaims(claims({ dockerReference: 'NOT VALID' }), key),
      err: 'Invalid docker reference NOT VALID in signature',
    },
    {
      name: 'an invalid expected reference',
      signature: () => signClaims(claims(), key),
      expectedReference: 'Upper/Case',
      err: 'must be lowercase',
    },
    {
      name: 'a flipped byte in the signature',
      signature: async () => {
        const s = Buffer.from(await signClaims(claims(), key));
        s[s.length - 5]! ^= 0xff;
        return s;
      },
      err: /Invalid GPG signature/,
    },
    { name: 'not a signature at all', signature: async () => MANIFEST, err: /Invalid GPG signature/ },
    {
      name: 'two signatures',
      signature: () => signBytes(createSignaturePayload(claims()), [key, other]),
      keys: () => [key.publicKey, other.publicKey],
      err: 'Unexpected GPG signature count 2',
    },
    {
      name: 'a signed payload that is not simple signing',
      signature: () => signBytes(Buffer.from('{"critical":{}}'), [key]),
      err: 'Key "optional" missing in a JSON object',
    },
    {
      name: 'an empty keyring',
      signature: () => signClaims(claims(), key),
      keys: () => [],
      err: 'No public keys available',
    },
  ])('rejects $name', async (c) => {
    const signature = await c.signature();
    await expect(
      verifySignature({
        signature,
        publicKeys: c.keys ? c.keys() : [key.publicKey],
        expectedFingerprints: c.fingerprints ? c.fingerprints() : [key.fingerprint],
        expectedReference: c.expectedReference ?? REF,
        manifest: c.manifest ?? MANIFEST,
      }),
    ).rejects.toThrow(c.err);
  });
});
