import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf } from '../digest/index.js';
import { parseImageName } from '../ref/index.js';
import { makeKey, signClaims, type TestKey } from '../signature/testing/keys.js';
import { parsePolicy } from './policy.js';
import { evaluatePolicy, PolicyRejectedError } from './policy-eval.js';

const MANIFEST = Buffer.from(
  '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}',
);
const DIGEST = digestOf(MANIFEST);

let trusted: TestKey;
let stranger: TestKey;
let dir: string;
beforeAll(async () => {
  [trusted, stranger] = await Promise.all([makeKey({ name: 'trusted' }), makeKey({ name: 'stranger' })]);
  dir = mkdtempSync(join(tmpdir(), 'berth-policy-eval-'));
  writeFileSync(join(dir, 'trusted.gpg'), trusted.publicKey);
  writeFileSync(join(dir, 'trusted.asc'), trusted.armoredPublicKey);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A policy whose default and docker "" scope are `reqs` (JSON text; `$DIR` is the key directory). */
function policyWith(reqs: string) {
  const r = reqs.replaceAll('$DIR', dir);
  return parsePolicy(Buffer.from(`{"default":${r},"transports":{"docker":{"":${r}}}}`));
}

const keyData = () => Buffer.from(trusted.publicKey).toString('base64');
const sig =
  (key: () => TestKey, ref = 'quay.io/app/x:1', digest: string = DIGEST) =>
  () =>
    signClaims({ dockerReference: ref, dockerManifestDigest: digest }, key());

interface Case {
  name: string;
  reqs: () => string;
  image?: string;
  signatures?: (() => Promise<Uint8Array>)[];
  manifest?: Uint8Array;
  err?: string | RegExp;
}

const SIGNED_BY = (extra = '') =>
  `[{"type":"signedBy","keyType":"GPGKeys","keyPath":"$DIR/trusted.gpg"${extra}}]`;

describe('evaluatePolicy', () => {
  it.each<Case>([
    {
      name: 'insecureAcceptAnything accepts without signatures',
      reqs: () => '[{"type":"insecureAcceptAnything"}]',
    },
    {
      name: 'reject refuses',
      reqs: () => '[{"type":"reject"}]',
      err: 'Running image docker://quay.io/app/x:1 is rejected by policy.',
    },
    {
      name: 'signedBy (keyPath) accepts a good signature',
      reqs: () => SIGNED_BY(),
      signatures: [sig(() => trusted)],
    },
    {
      name: 'signedBy (keyPaths, armored) accepts a good signature',
      reqs: () => '[{"type":"signedBy","keyType":"GPGKeys","keyPaths":["$DIR/trusted.asc"]}]',
      signatures: [sig(() => trusted)],
    },
    {
      name: 'signedBy (keyData) accepts one good signature among bad ones',
      reqs: () => `[{"type":"signedBy","keyType":"GPGKeys","keyData":"${keyData()}"}]`,
      signatures: [sig(() => stranger), sig(() => trusted)],
    },
    {
      name: 'signedBy refuses an unsigned image',
      reqs: () => SIGNED_BY(),
      err: 'A signature was required, but no signature exists',
    },
    {
      name: 'signedBy refuses an untrusted key',
      reqs: () => SIGNED_BY(),
      signatures: [sig(() => stranger)],
      err: /Invalid GPG signature/,
    },
    {
      name: 'signedBy refuses a signature for another manifest',
      reqs: () => SIGNED_BY(),
      signatures: [sig(() => trusted)],
      manifest: Buffer.from('{}'),
      err: `Signature for digest ${DIGEST} does not match`,
    },
    {
      name: 'signedBy refuses another identity (default matchRepoDigestOrExact)',
      reqs: () => SIGNED_BY(),
      signatures: [sig(() => trusted, 'quay.io/app/x:2')],
      err: 'Signature for identity quay.io/app/x:2 is not accepted',
    },
    {
      name: 'signedBy with matchRepository accepts another tag',
      reqs: () => SIGNED_BY(',"signedIdentity":{"type":"matchRepository"}'),
      signatures: [sig(() => trusted, 'quay.io/app/x:2')],
    },
    {
      name: 'signedBy lists every reason when several signatures fail',
      reqs: () => SIGNED_BY(),
      signatures: [sig(() => trusted, 'quay.io/app/x:2'), sig(() => trusted, 'quay.io/app/x:3')],
      err: 'None of the signatures were accepted, reasons: Signature for identity quay.io/app/x:2 is not accepted; Signature for identity quay.io/app/x:3 is not accepted',
    },
    {
      name: 'signedBy with an unimplemented keyType refuses',
      reqs: () => '[{"type":"signedBy","keyType":"X509Certificates","keyPath":"$DIR/trusted.gpg"}]',
      signatures: [sig(() => trusted)],
      err: 'Unimplemented "keyType" value "X509Certificates"',
    },
    {
      name: 'signedBy with a missing key file refuses',
      reqs: () => '[{"type":"signedBy","keyType":"GPGKeys","keyPath":"$DIR/missing.gpg"}]',
      signatures: [sig(() => trusted)],
      err: /reading signedBy keys: .*ENOENT/,
    },
    {
      name: 'signedBy with no keys in keyData refuses',
      reqs: () => '[{"type":"signedBy","keyType":"GPGKeys","keyData":""}]',
      signatures: [sig(() => trusted)],
      err: 'No public keys imported',
    },
    {
      name: 'all requirements must pass',
      reqs: () => `[{"type":"insecureAcceptAnything"},${SIGNED_BY().slice(1, -1)}]`,
      err: 'A signature was required, but no signature exists',
    },
    {
      name: 'sigstoreSigned is not supported (fail closed)',
      reqs: () => '[{"type":"sigstoreSigned","keyPath":"/cosign.pub"}]',
      err: 'policy requirement "sigstoreSigned" (transport "docker" scope "") is not supported by berth; refusing docker://quay.io/app/x:1',
    },
    {
      name: 'images without a docker reference cannot match signedIdentity',
      reqs: () => SIGNED_BY(),
      image: 'docker-archive:/x.tar',
      signatures: [sig(() => trusted)],
      err: 'Signature for identity quay.io/app/x:1 is not accepted',
    },
  ])('$name', async (c) => {
    const signatures = await Promise.all((c.signatures ?? []).map((s) => s()));
    const policy = policyWith(c.reqs());
    const run = evaluatePolicy({
      policy,
      image: parseImageName(c.image ?? 'docker://quay.io/app/x:1'),
      manifest: c.manifest ?? MANIFEST,
      signatures,
    });
    if (c.err) {
      await expect(run).rejects.toThrow(PolicyRejectedError);
      await expect(run).rejects.toThrow(c.err);
    } else {
      await expect(run).resolves.toMatchObject({ section: 'transport "docker" scope ""' });
    }
  });

  it('uses the most specific scope and reports it', async () => {
    const policy = parsePolicy(
      Buffer.from(`{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{
        "quay.io/app":[{"type":"reject"}],
        "quay.io/app/x:1":[{"type":"insecureAcceptAnything"}]}}}`),
    );
    const debug: string[] = [];
    const ok = await evaluatePolicy({
      policy,
      image: parseImageName('docker://quay.io/app/x:1'),
      manifest: MANIFEST,
      signatures: [],
      debug: (m) => debug.push(m),
    });
    expect(ok.section).toBe('transport "docker" scope "quay.io/app/x:1"');
    expect(debug).toEqual([
      'policy for docker://quay.io/app/x:1: using transport "docker" scope "quay.io/app/x:1"',
    ]);
    await expect(
      evaluatePolicy({
        policy,
        image: parseImageName('docker://quay.io/app/y:1'),
        manifest: MANIFEST,
        signatures: [],
      }),
    ).rejects.toThrow('Running image docker://quay.io/app/y:1 is rejected by policy.');
    const other = await evaluatePolicy({
      policy,
      image: parseImageName('dir:/tmp'),
      manifest: MANIFEST,
      signatures: [],
    });
    expect(other.section).toBe('default');
  });

  it('fetches signatures only when a requirement needs them, and once', async () => {
    let calls = 0;
    const signatures = async () => {
      calls++;
      return [await sig(() => trusted)()];
    };
    const image = parseImageName('docker://quay.io/app/x:1');
    await evaluatePolicy({
      policy: policyWith('[{"type":"insecureAcceptAnything"}]'),
      image,
      manifest: MANIFEST,
      signatures,
    });
    expect(calls).toBe(0);
    const decision = await evaluatePolicy({
      policy: policyWith(`[${SIGNED_BY().slice(1, -1)},${SIGNED_BY().slice(1, -1)}]`),
      image,
      manifest: MANIFEST,
      signatures,
    });
    expect(calls).toBe(1);
    expect(decision.acceptedKeys).toEqual([trusted.fingerprint, trusted.fingerprint]);
  });
});
