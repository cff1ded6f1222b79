import { describe, expect, it } from 'vitest';
import { createSignaturePayload, parseSignaturePayload } from './payload.js';

const DIGEST = 'sha256:c512d672400a70f985a0b560012538262a2d5803ecde325dcf0162d3616cddeb';
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('createSignaturePayload', () => {
  it('writes what skopeo 1.9.3 writes, byte for byte', () => {
    // Captured from `skopeo standalone-sign` (decrypted with gpg).
    const skopeo =
      '{"critical":{"identity":{"docker-reference":"docker.io/library/busybox:latest"},"image":{"docker-manifest-digest":"sha256:c512d672400a70f985a0b560012538262a2d5803ecde325dcf0162d3616cddeb"},"type":"atomic container signature"},"optional":{"creator":"atomic 5.23.1","timestamp":1795763231}}';
    const ours = createSignaturePayload({
      dockerReference: 'docker.io/library/busybox:latest',
      dockerManifestDigest: DIGEST,
      creator: 'atomic 5.23.1',
      timestamp: 1795763231,
    });
    expect(text(ours)).toBe(skopeo);
  });

  it("escapes like Go's encoder", () => {
    const p = createSignaturePayload({ dockerReference: 'a<b>&c\u2028"\\\b', dockerManifestDigest: DIGEST });
    expect(text(p)).toContain('"docker-reference":"a\\u003cb\\u003e\\u0026c\\u2028\\"\\\\\\u0008"');
    expect(text(p).endsWith('"optional":{}}')).toBe(true);
  });

  it('refuses empty claims', () => {
    expect(() => createSignaturePayload({ dockerReference: '', dockerManifestDigest: DIGEST })).toThrow(
      'Unexpected empty signature content',
    );
  });
});

describe('parseSignaturePayload', () => {
  const good = (critical: string, optional = '{}') => `{"critical":${critical},"optional":${optional}}`;
  const CRIT = `{"type":"atomic container signature","image":{"docker-manifest-digest":"${DIGEST}"},"identity":{"docker-reference":"quay.io/a/b:1"}}`;

  it('reads the claims and the optional fields', () => {
    const s = parseSignaturePayload(Buffer.from(good(CRIT, '{"creator":"x","timestamp":12,"extra":[1]}')));
    expect(s).toEqual({
      dockerManifestDigest: DIGEST,
      dockerReference: 'quay.io/a/b:1',
      creator: 'x',
      timestamp: 12,
    });
  });

  it.each([
    { name: 'not JSON', json: '{', err: 'not valid JSON' },
    {
      name: 'missing optional',
      json: `{"critical":${CRIT}}`,
      err: 'Key "optional" missing in a JSON object',
    },
    { name: 'extra top-level key', json: `{"critical":${CRIT},"optional":{},"x":1}`, err: 'Unknown key "x"' },
    {
      name: 'duplicate key',
      json: `{"critical":${CRIT},"critical":${CRIT},"optional":{}}`,
      err: 'duplicate key',
    },
    {
      name: 'wrong type',
      json: good(CRIT.replace('atomic container signature', 'cosign container image signature')),
      err: 'Unrecognized signature type cosign container image signature',
    },
    {
      name: 'extra critical key',
      json: good(CRIT.replace('{"type"', '{"x":1,"type"')),
      err: 'Unknown key "x"',
    },
    {
      name: 'missing identity',
      json: good(`{"type":"atomic container signature","image":{"docker-manifest-digest":"${DIGEST}"}}`),
      err: 'Key "identity" missing',
    },
    {
      name: 'extra image key',
      json: good(CRIT.replace('{"docker-manifest-digest"', '{"x":"y","docker-manifest-digest"')),
      err: 'Unknown key "x"',
    },
    {
      name: 'reference not a string',
      json: good(CRIT.replace('"quay.io/a/b:1"', '1')),
      err: 'docker-reference: expected a string',
    },
    {
      name: 'fractional timestamp',
      json: good(CRIT, '{"timestamp":1.5}'),
      err: 'Field optional.timestamp is not an integer',
    },
    { name: 'critical not an object', json: good('[]'), err: 'critical: JSON object expected' },
  ])('refuses $name', ({ json, err }) => {
    expect(() => parseSignaturePayload(Buffer.from(json))).toThrow(err);
  });
});
