import { describe, expect, it } from 'vitest';
import { InvalidManifestError } from './errors.js';
import { parseManifest } from './parse.js';
import {
  DOCKER_MANIFEST,
  EMPTY_CONFIG,
  enc,
  fake,
  json,
  layer,
  OCI_INDEX,
  OCI_MANIFEST,
  ociManifest,
} from './testdata/fixtures.js';

/** Builds a manifest whose first layer is `layer` with `patch` applied. */
function withLayer(patch: Record<string, unknown>): Uint8Array {
  return json(ociManifest({ layers: [{ ...layer('a'), ...patch }] }));
}

describe('parseManifest rejects', () => {
  const tooManyLayers = json(ociManifest({ layers: Array.from({ length: 10_001 }, () => layer('a')) }));
  const deep = `{"schemaVersion":2,"x":${'['.repeat(70)}${']'.repeat(70)}}`;
  const cases: { name: string; bytes: Uint8Array; contentType?: string; error: RegExp }[] = [
    // Not a JSON object.
    { name: 'non-JSON', bytes: enc('not json'), error: /invalid manifest: not valid JSON/ },
    { name: 'a JSON array', bytes: enc('[]'), error: /expected an object, got an array/ },
    { name: 'invalid UTF-8', bytes: new Uint8Array([0x7b, 0xff, 0x7d]), error: /not valid UTF-8/ },
    {
      name: 'a leading BOM (Go refuses it)',
      bytes: enc(`\ufeff${JSON.stringify(ociManifest())}`),
      error: /not valid JSON/,
    },
    { name: 'nesting deeper than 64', bytes: enc(deep), error: /nested deeper than 64/ },
    // A12: duplicate keys.
    {
      name: 'duplicate layers',
      bytes: enc(
        `{"schemaVersion":2,"mediaType":"${OCI_MANIFEST}","config":${JSON.stringify(layer('c'))},"layers":[],"layers":[${JSON.stringify(layer('a'))}]}`,
      ),
      error: /^invalid manifest: layers: duplicate key$/,
    },
    {
      name: 'duplicate mediaType',
      bytes: enc(
        `{"mediaType":"${OCI_INDEX}","schemaVersion":2,"manifests":[],"mediaType":"${OCI_MANIFEST}"}`,
      ),
      error: /mediaType: duplicate key/,
    },
    {
      name: 'duplicate digest inside a descriptor',
      bytes: enc(
        `{"schemaVersion":2,"manifests":[{"mediaType":"${OCI_MANIFEST}","digest":"${fake('1')}","size":1,"digest":"${fake('2')}"}]}`,
      ),
      error: /manifests\[0\]\.digest: duplicate key/,
    },
    {
      name: 'duplicate spelled with an escape',
      bytes: enc(`{"schemaVersion":2,"manifests":[],"\\u006danifests":[]}`),
      error: /manifests: duplicate key/,
    },
    {
      name: 'duplicate annotation key',
      bytes: enc(`{"schemaVersion":2,"manifests":[],"annotations":{"a":"1","a":"2"}}`),
      error: /annotations\.a: duplicate key/,
    },
    {
      name: 'lone surrogate key',
      bytes: enc(`{"schemaVersion":2,"manifests":[],"annotations":{"\\ud800":"x"}}`),
      error: /not valid Unicode/,
    },
    // A10: ambiguous formats.
    {
      name: 'manifests and layers',
      bytes: json({ schemaVersion: 2, manifests: [], layers: [] }),
      error: /ambiguous document/,
    },
    {
      name: 'manifests and config',
      bytes: json({ ...ociManifest({ layers: undefined }), manifests: [] }),
      error: /ambiguous document/,
    },
    {
      name: 'Manifests in another case next to layers',
      bytes: json({ ...ociManifest(), Manifests: [] }),
      error: /ambiguous document.*"Manifests"/,
    },
    {
      name: 'manifeſts with a long s (Go folds it)',
      bytes: json({ ...ociManifest(), manifeſts: [] }),
      error: /ambiguous document/,
    },
    {
      name: 'fsLayers next to layers',
      bytes: json({ ...ociManifest(), fsLayers: [] }),
      error: /ambiguous document/,
    },
    {
      name: 'a field that differs only in case',
      bytes: json({ ...ociManifest(), MediaType: OCI_INDEX }),
      error: /MediaType: differs from field "mediaType" only in letter case/,
    },
    // A11 and media types.
    {
      name: 'mediaType index, Content-Type image manifest',
      bytes: json({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }),
      contentType: OCI_MANIFEST,
      error: /mediaType: .* disagrees with Content-Type/,
    },
    {
      name: 'mediaType OCI, Content-Type Docker',
      bytes: json(ociManifest()),
      contentType: DOCKER_MANIFEST,
      error: /disagrees with Content-Type/,
    },
    {
      name: 'mediaType OCI, Content-Type text/html',
      bytes: json(ociManifest()),
      contentType: 'text/html',
      error: /disagrees with Content-Type/,
    },
    {
      name: 'the withdrawn OCI artifact manifest',
      bytes: json({ ...ociManifest(), mediaType: 'application/vnd.oci.artifact.manifest.v1+json' }),
      error: /unsupported manifest media type/,
    },
    {
      name: 'a mediaType that is not a media type',
      bytes: json({ ...ociManifest(), mediaType: 'application/../../x' }),
      error: /mediaType: not a valid media type/,
    },
    {
      name: 'mediaType says index, fields say image',
      bytes: json({ ...ociManifest(), mediaType: OCI_INDEX }),
      error: /mediaType is .* but the fields are those of an image manifest/,
    },
    {
      name: 'mediaType says image, no fields at all',
      bytes: json({ schemaVersion: 2, mediaType: OCI_MANIFEST }),
      error: /config: missing/,
    },
    {
      name: 'no way to tell the format',
      bytes: json({ schemaVersion: 2 }),
      error: /cannot tell the manifest format/,
    },
    {
      name: 'schemaVersion as a string',
      bytes: json({ ...ociManifest(), schemaVersion: '2' }),
      error: /schemaVersion: expected 2 .* got string/,
    },
    {
      name: 'schemaVersion 3',
      bytes: json({ ...ociManifest(), schemaVersion: 3 }),
      error: /schemaVersion: expected 2/,
    },
    {
      name: 'layers not an array',
      bytes: json(ociManifest({ layers: {} })),
      error: /layers: expected an array/,
    },
    { name: 'config missing', bytes: json(ociManifest({ config: null })), error: /config: missing/ },
    // A08: digests.
    {
      name: 'digest with 63 hex',
      bytes: withLayer({ digest: `sha256:${'a'.repeat(63)}` }),
      error: /layers\[0\]\.digest: invalid digest/,
    },
    {
      name: 'uppercase hex',
      bytes: withLayer({ digest: `sha256:${'A'.repeat(64)}` }),
      error: /layers\[0\]\.digest: invalid digest/,
    },
    {
      name: 'uppercase algorithm',
      bytes: withLayer({ digest: `SHA256:${'a'.repeat(64)}` }),
      error: /layers\[0\]\.digest: invalid digest/,
    },
    {
      name: 'empty encoded part',
      bytes: withLayer({ digest: 'sha256:' }),
      error: /layers\[0\]\.digest: invalid digest/,
    },
    {
      name: 'path traversal',
      bytes: withLayer({ digest: 'sha256:../../../../etc/passwd' }),
      error: /layers\[0\]\.digest: invalid digest/,
    },
    {
      name: 'digest followed by a path',
      bytes: withLayer({ digest: `${fake('a')}/../../other/manifests/latest` }),
      error: /invalid digest/,
    },
    {
      name: 'md5',
      bytes: withLayer({ digest: 'md5:d41d8cd98f00b204e9800998ecf8427e' }),
      error: /unsupported digest algorithm "md5"/,
    },
    {
      name: 'blake3 (grammatical, unsupported)',
      bytes: withLayer({ digest: `blake3:${'a'.repeat(64)}` }),
      error: /unsupported digest algorithm "blake3"/,
    },
    {
      name: 'a 1 MB digest',
      bytes: withLayer({ digest: `sha256:${'a'.repeat(1_000_000)}` }),
      error: /invalid digest .*too long/,
    },
    {
      name: 'digest as a number',
      bytes: withLayer({ digest: 42 }),
      error: /layers\[0\]\.digest: expected a string, got 42/,
    },
    // A13: sizes.
    {
      name: 'size above 2^53',
      bytes: enc(JSON.stringify(ociManifest()).replace('"size":1234', '"size":9007199254740993')),
      error: /layers\[0\]\.size: expected a non-negative integer/,
    },
    {
      name: 'size -1',
      bytes: withLayer({ size: -1 }),
      error: /layers\[0\]\.size: expected a non-negative integer size, got -1/,
    },
    {
      name: 'size 1.5',
      bytes: withLayer({ size: 1.5 }),
      error: /size: expected a non-negative integer size, got 1.5/,
    },
    {
      name: 'size as a string',
      bytes: withLayer({ size: '12' }),
      error: /size: expected a non-negative integer size, got string "12"/,
    },
    {
      name: 'size 1e400',
      bytes: enc(JSON.stringify(ociManifest()).replace('"size":1234', '"size":1e400')),
      error: /size: expected a non-negative integer size, got Infinity/,
    },
    { name: 'size missing', bytes: withLayer({ size: undefined }), error: /layers\[0\]\.size: missing/ },
    // A14: embedded data.
    {
      name: 'data that does not hash to the digest',
      bytes: json(ociManifest({ config: { ...EMPTY_CONFIG, digest: fake('e') } })),
      error: /config\.data: hashes to sha256:44136fa.* not sha256:eee/,
    },
    {
      name: 'data of another size',
      bytes: json(ociManifest({ config: { ...EMPTY_CONFIG, size: 3 } })),
      error: /config\.data: holds 2 bytes but size is 3/,
    },
    {
      name: 'data that is not base64',
      bytes: json(ociManifest({ config: { ...EMPTY_CONFIG, data: 'e30' } })),
      error: /config\.data: not valid base64/,
    },
    // A15: urls.
    {
      name: 'file: url',
      bytes: withLayer({ urls: ['file:///etc/passwd'] }),
      error: /urls\[0\]: only http and https URLs are allowed/,
    },
    { name: 'relative url', bytes: withLayer({ urls: ['/v2/x'] }), error: /urls\[0\]: not an absolute URL/ },
    {
      name: 'url with credentials',
      bytes: withLayer({ urls: ['https://user:pw@example.com/x'] }),
      error: /urls\[0\]: URL must not carry credentials/,
    },
    {
      name: 'more than 16 urls',
      bytes: withLayer({ urls: Array.from({ length: 17 }, (_, i) => `https://e.example/${i}`) }),
      error: /urls: 17 URLs, more than the limit of 16/,
    },
    // Other descriptor fields.
    {
      name: 'layer media type with a space',
      bytes: withLayer({ mediaType: 'text/html; x' }),
      error: /layers\[0\]\.mediaType: not a valid media type/,
    },
    {
      name: 'platform os with a slash',
      bytes: json({
        schemaVersion: 2,
        manifests: [{ ...layer('1'), platform: { os: 'linux/x', architecture: 'amd64' } }],
      }),
      error: /manifests\[0\]\.platform\.os: not a valid platform name/,
    },
    {
      name: 'platform without architecture',
      bytes: json({ schemaVersion: 2, manifests: [{ ...layer('1'), platform: { os: 'linux' } }] }),
      error: /platform\.architecture: missing/,
    },
    {
      name: 'annotation value that is not a string',
      bytes: json(ociManifest({ annotations: { a: 1 } })),
      error: /annotations\.a: expected a string/,
    },
    // A16/A17: limits.
    {
      name: 'more than 10 000 layers',
      bytes: tooManyLayers,
      error: /layers: 10001 entries, more than the limit of 10000/,
    },
  ];

  it.each(cases)('$name', ({ bytes, contentType, error }) => {
    const run = () => parseManifest({ bytes, ...(contentType ? { contentType } : {}) });
    expect(run).toThrow(InvalidManifestError);
    expect(run).toThrow(error);
  });

  it('refuses documents over the size limit before reading them', () => {
    const big = new Uint8Array(4 * 1024 * 1024 + 1).fill(0x20);
    expect(() => parseManifest({ bytes: big })).toThrow(/4194305 bytes, more than the limit of 4194304/);
    expect(() => parseManifest({ bytes: json(ociManifest()), maxBytes: 10 })).toThrow(
      /more than the limit of 10/,
    );
  });

  it('keeps every message on one line with hostile text escaped', () => {
    const hostile = '\u001b]52;c;AAAA\u0007\u001b[2J\r\n\u202e';
    const inputs = [
      json({ ...ociManifest(), mediaType: `application/x${hostile}` }),
      withLayer({ digest: `sha256:${hostile}` }),
      withLayer({ size: hostile }),
      enc(
        `{"schemaVersion":2,"manifests":[],"annotations":{${JSON.stringify(hostile)}:"1",${JSON.stringify(hostile)}:"2"}}`,
      ),
      json(ociManifest({ annotations: { [hostile]: 1 } })),
    ];
    for (const bytes of inputs) {
      let message = '';
      try {
        parseManifest({ bytes });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^invalid manifest: /);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none survive
      expect(message).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    }
  });
});
