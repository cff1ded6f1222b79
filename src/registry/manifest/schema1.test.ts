import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '../digest/index.js';
import { InvalidManifestError } from './errors.js';
import { parseManifest } from './parse.js';
import { enc, fake, golden, sha256, signSchema1, V2S1_DIGEST } from './testdata/fixtures.js';

const SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
const UNSIGNED = 'application/vnd.docker.distribution.manifest.v1+json';

const unsignedText = new TextDecoder().decode(golden('cimage-v2s1-unsigned.manifest'));

/** A small unsigned schema 1 document in Docker's 3-space layout, with `patch` merged in. */
function schema1(patch: Record<string, unknown> = {}): string {
  const doc = {
    schemaVersion: 1,
    name: 'library/busybox',
    tag: 'latest',
    architecture: 'amd64',
    fsLayers: [{ blobSum: fake('a') }, { blobSum: fake('b') }],
    history: [{ v1Compatibility: '{"id":"2"}' }, { v1Compatibility: '{"id":"1"}' }],
    ...patch,
  };
  return JSON.stringify(doc, null, 3);
}

describe('schema 1 digests', () => {
  it('computes a signed manifest digest over its payload, matching the known value', () => {
    const m = parseManifest({ bytes: golden('cimage-v2s1.manifest') });
    expect(m.kind).toBe('schema1');
    expect(m.mediaType).toBe(SIGNED);
    expect(m.digest).toBe(V2S1_DIGEST);
    if (m.kind !== 'schema1') throw new Error('expected schema1');
    expect(m.signed).toBe(true);
  });

  it('gives the unsigned form the same digest, over its plain bytes', () => {
    const bytes = golden('cimage-v2s1-unsigned.manifest');
    const m = parseManifest({ bytes });
    expect(m.mediaType).toBe(UNSIGNED);
    expect(m.digest).toBe(V2S1_DIGEST);
    expect(sha256(bytes)).toBe(V2S1_DIGEST);
  });

  it('signs like libtrust in the test helper (the helper reproduces the real fixture digest)', () => {
    expect(parseManifest({ bytes: signSchema1(unsignedText) }).digest).toBe(V2S1_DIGEST);
  });

  const cases = [
    {
      name: 'the payload digest verifies a signed manifest',
      bytes: golden('cimage-v2s1.manifest'),
      expected: V2S1_DIGEST,
      ok: true,
    },
    {
      name: 'the hash of the signed bytes is not its digest',
      bytes: golden('cimage-v2s1.manifest'),
      expected: sha256(golden('cimage-v2s1.manifest')),
      ok: false,
    },
    {
      name: 'the unsigned manifest verifies by its bytes',
      bytes: golden('cimage-v2s1-unsigned.manifest'),
      expected: V2S1_DIGEST,
      ok: true,
    },
    { name: 'another digest fails', bytes: golden('cimage-v2s1.manifest'), expected: fake('0'), ok: false },
  ];
  it.each(cases)('$name', ({ bytes, expected, ok }) => {
    const run = () => parseManifest({ bytes, expectedDigest: expected });
    if (ok) expect(run().digest).toBe(expected);
    else expect(run).toThrow(DigestMismatchError);
  });

  it.each([
    { contentType: SIGNED, mediaType: SIGNED },
    { contentType: 'application/json', mediaType: SIGNED },
    { contentType: 'text/plain', mediaType: SIGNED },
    { contentType: UNSIGNED, mediaType: UNSIGNED },
  ])('takes Content-Type $contentType as $mediaType', ({ contentType, mediaType }) => {
    const m = parseManifest({ bytes: golden('cimage-v2s1.manifest'), contentType });
    expect(m.mediaType).toBe(mediaType);
    expect(m.digest).toBe(V2S1_DIGEST);
  });
});

describe('schema 1 fields', () => {
  it('reads name, tag, layers and history', () => {
    const m = parseManifest({ bytes: golden('cimage-v2s1.manifest') });
    if (m.kind !== 'schema1') throw new Error('expected schema1');
    expect(m.doc.name).toBe('mitr/busybox');
    expect(m.doc.tag).toBe('latest');
    expect(m.doc.architecture).toBe('amd64');
    expect(m.doc.fsLayers).toHaveLength(3);
    expect(m.doc.fsLayers[0]?.blobSum).toBe(
      'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
    );
    expect(m.doc.history).toHaveLength(3);
    expect(JSON.parse(m.doc.history[0]?.v1Compatibility ?? '').docker_version).toBe('1.8.2-fc22');
    expect(m.doc.signatures).toHaveLength(1);
  });

  it('reads a small document built here', () => {
    const m = parseManifest({ bytes: enc(schema1()) });
    if (m.kind !== 'schema1') throw new Error('expected schema1');
    expect(m.doc.fsLayers.map((l) => l.blobSum)).toEqual([fake('a'), fake('b')]);
    expect(m.signed).toBe(false);
  });
});

describe('schema 1 rejections', () => {
  const signedHeader = (header: unknown) => Buffer.from(JSON.stringify(header)).toString('base64url');
  const cases: { name: string; bytes: Uint8Array; contentType?: string; error: RegExp }[] = [
    {
      name: 'c/image fixture whose signatures field is a number',
      bytes: golden('cimage-v2s1-invalid-signatures.manifest'),
      error: /signatures: expected a non-empty array/,
    },
    {
      // The fixture was edited after it was signed, so its formatLength cuts the JSON short.
      // c/image hashes the broken payload anyway; berth refuses it.
      name: 'c/image fixture edited after signing',
      bytes: golden('cimage-schema2-to-schema1-by-docker'),
      error: /signatures \(payload\): not valid JSON/,
    },
    {
      name: 'empty signatures array',
      bytes: enc(schema1({ signatures: [] })),
      error: /signatures: expected a non-empty array/,
    },
    {
      name: 'a signed payload that leaves out part of the document',
      bytes: signSchema1(schema1({ extra: 'not covered by the digest' }), {
        formatLength: [schema1({ extra: 'x' }).indexOf(',\n   "extra"')],
      }),
      error: /signed payload is not the document without its signatures/,
    },
    {
      name: 'signatures that disagree on formatLength',
      bytes: signSchema1(unsignedText, { formatLength: [5478, 5477] }),
      error: /signatures\[1\]\.protected: signatures disagree/,
    },
    {
      name: 'formatLength beyond the end',
      bytes: signSchema1(schema1(), { formatLength: [1_000_000] }),
      error: /formatLength is beyond the end/,
    },
    {
      name: 'protected header that is not base64url',
      bytes: signSchema1(schema1(), { protected: 'a+b/' }),
      error: /signatures\[0\]\.protected: not valid base64url/,
    },
    {
      name: 'protected header without formatTail',
      bytes: signSchema1(schema1(), { protected: signedHeader({ formatLength: 10 }) }),
      error: /protected\.formatTail: missing/,
    },
    {
      name: 'protected header with a fractional formatLength',
      bytes: signSchema1(schema1(), { protected: signedHeader({ formatLength: 1.5, formatTail: 'Cn0' }) }),
      error: /formatLength: expected a non-negative integer/,
    },
    {
      name: 'blobSum that is not a digest',
      bytes: enc(schema1({ fsLayers: [{ blobSum: 'sha256:abc' }, { blobSum: fake('b') }] })),
      error: /fsLayers\[0\]\.blobSum: invalid digest/,
    },
    { name: 'no layers', bytes: enc(schema1({ fsLayers: [], history: [] })), error: /fsLayers: no layers/ },
    {
      name: 'history shorter than fsLayers',
      bytes: enc(schema1({ history: [{ v1Compatibility: '{}' }] })),
      error: /history: 1 entries for 2 fsLayers/,
    },
    {
      name: 'v1Compatibility that is not JSON',
      bytes: enc(schema1({ history: [{ v1Compatibility: 'x' }, { v1Compatibility: '{}' }] })),
      error: /history\[0\]\.v1Compatibility: not valid JSON/,
    },
    {
      name: 'v1Compatibility with a duplicate key',
      bytes: enc(
        schema1({ history: [{ v1Compatibility: '{"id":"1","id":"2"}' }, { v1Compatibility: '{}' }] }),
      ),
      error: /history\[0\]\.v1Compatibility\.id: duplicate key/,
    },
    { name: 'schema 1 with layers too', bytes: enc(schema1({ layers: [] })), error: /ambiguous document/ },
    {
      name: 'schema 1 Content-Type for a v2 document',
      bytes: enc(JSON.stringify({ schemaVersion: 2, manifests: [] })),
      contentType: SIGNED,
      error: /schemaVersion: expected 1/,
    },
  ];

  it.each(cases)('$name', ({ bytes, contentType, error }) => {
    const run = () => parseManifest({ bytes, ...(contentType ? { contentType } : {}) });
    expect(run).toThrow(InvalidManifestError);
    expect(run).toThrow(error);
  });
});
