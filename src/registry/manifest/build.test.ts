import { describe, expect, it } from 'vitest';
import { manifestDescriptor, serializeManifest } from './build.js';
import { parseManifest } from './parse.js';
import { BUILDX_INDEX, enc, fake, golden, json, ociManifest } from './testdata/fixtures.js';
import type { ImageIndex, ImageManifest, Manifest } from './types.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const compact = (b: Uint8Array) => JSON.stringify(JSON.parse(text(b)));

function parsedDoc(bytes: Uint8Array): ImageManifest | ImageIndex {
  const m = parseManifest({ bytes });
  if (m.kind === 'schema1') throw new Error('unexpected schema1');
  return m.doc;
}

const C = 'sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7';
const L1 = 'sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f';
const L2 = 'sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b';
const L3 = 'sha256:ec4b8955958665577945c89419d1af06b5f7636b4ac3da7f12184802ad867736';
const GZ = 'application/vnd.oci.image.layer.v1.tar+gzip';

describe("serializeManifest writes Go's json.Marshal layout", () => {
  it('OCI manifest: digest before size, annotations last', () => {
    expect(text(serializeManifest(parsedDoc(golden('cimage-ociv1.manifest'))))).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",' +
        `"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"${C}","size":7023},` +
        `"layers":[{"mediaType":"${GZ}","digest":"${L1}","size":32654},{"mediaType":"${GZ}","digest":"${L2}","size":16724},` +
        `{"mediaType":"${GZ}","digest":"${L3}","size":73109}],` +
        '"annotations":{"com.example.key1":"value1","com.example.key2":"value2"}}',
    );
  });

  it('OCI index: platform after size, os.features kept', () => {
    const out = text(serializeManifest(parsedDoc(golden('cimage-ociv1.image.index'))));
    expect(out).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[' +
        `{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"${L1}","size":7143,"platform":{"architecture":"ppc64le","os":"linux"}},` +
        '{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270","size":7682,' +
        '"platform":{"architecture":"amd64","os":"linux","os.features":["sse4"]}}],' +
        '"annotations":{"com.example.key1":"value1","com.example.key2":"value2"}}',
    );
  });

  it.each([
    { name: 'Docker v2s2 (size before digest)', fixture: 'cimage-v2s2.manifest' },
    { name: 'Docker manifest list (features and variant kept)', fixture: 'cimage-v2list.manifest' },
  ])('$name: the compact form of the fixture, which is already in Go order', ({ fixture }) => {
    const bytes = golden(fixture);
    expect(text(serializeManifest(parsedDoc(bytes)))).toBe(compact(bytes));
  });

  it('escapes <, >, & and line separators as Go does, and sorts map keys by UTF-8 bytes', () => {
    const annotations = {
      '😀': '1',
      '\uffff': '2',
      a: '<a&b>',
      B: '\u2028\u2029',
      '9': '',
      '10': '',
      é: 'é',
    };
    const out = text(
      serializeManifest({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [],
        annotations,
      }),
    );
    expect(out).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[],' +
        '"annotations":{"10":"","9":"","B":"\\u2028\\u2029","a":"\\u003ca\\u0026b\\u003e","é":"é","\uffff":"2","😀":"1"}}',
    );
  });

  it('leaves out empty optional fields but keeps empty required lists', () => {
    const doc: ImageManifest = {
      schemaVersion: 2,
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        digest: fake('c'),
        size: 2,
        urls: [],
        annotations: {},
      },
      layers: [],
      annotations: {},
    };
    expect(text(serializeManifest(doc))).toBe(
      `{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"${fake('c')}","size":2},"layers":[]}`,
    );
  });

  it('always writes a platform in a Docker manifest list entry', () => {
    const doc: ImageIndex = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [
        { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: fake('1'), size: 5 },
      ],
    };
    expect(text(serializeManifest(doc))).toContain(
      `"size":5,"digest":"${fake('1')}","platform":{"architecture":"","os":""}}`,
    );
  });

  it.each([
    { name: 'round-trips an index with attestations', bytes: enc(BUILDX_INDEX) },
    {
      name: 'round-trips an artifact with subject, data and urls',
      bytes: json(
        ociManifest({
          artifactType: 'application/vnd.example+json',
          config: {
            mediaType: 'application/vnd.oci.empty.v1+json',
            digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
            size: 2,
            data: 'e30=',
          },
          layers: [
            {
              mediaType: 'application/vnd.example.layer',
              digest: fake('a'),
              size: 3,
              urls: ['https://example.com/a'],
              annotations: { z: '1', a: '2' },
            },
          ],
          subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: fake('d'), size: 7 },
        }),
      ),
    },
  ])('$name', ({ bytes }) => {
    const doc = parsedDoc(bytes);
    const again = serializeManifest(doc);
    expect(parsedDoc(again)).toEqual(doc);
    expect(serializeManifest(parsedDoc(again))).toEqual(again);
  });

  const docker = parsedDoc(golden('cimage-v2s2.manifest')) as ImageManifest;
  it.each([
    { name: 'annotations', doc: { ...docker, annotations: { a: 'b' } } },
    { name: 'subject', doc: { ...docker, subject: docker.config } },
    { name: 'artifactType', doc: { ...docker, artifactType: 'application/x.y' } },
    {
      name: 'descriptor annotations',
      doc: { ...docker, layers: [{ ...docker.config, annotations: { a: 'b' } }] },
    },
    { name: 'descriptor data', doc: { ...docker, config: { ...docker.config, data: 'e30=' } } },
    {
      name: 'a platform on a layer',
      doc: { ...docker, config: { ...docker.config, platform: { os: 'linux', architecture: 'amd64' } } },
    },
  ])('refuses to write OCI-only $name into a Docker manifest', ({ doc }) => {
    expect(() => serializeManifest(doc)).toThrow(/has no place in a Docker schema 2 document/);
  });

  it('refuses Docker-only platform features in an OCI index', () => {
    const doc = parsedDoc(golden('cimage-v2list.manifest'));
    expect(() => serializeManifest({ ...doc, mediaType: 'application/vnd.oci.image.index.v1+json' })).toThrow(
      /platform\.features/,
    );
  });
});

describe('manifestDescriptor', () => {
  const cases: { name: string; m: Manifest; artifactType?: string }[] = [
    { name: 'an OCI image', m: parseManifest({ bytes: golden('cimage-ociv1.manifest') }) },
    { name: 'a Docker list', m: parseManifest({ bytes: golden('cimage-v2list.manifest') }) },
    {
      name: 'an artifact (artifactType carried over)',
      m: parseManifest({ bytes: json(ociManifest({ artifactType: 'application/vnd.example+json' })) }),
      artifactType: 'application/vnd.example+json',
    },
  ];

  it.each(cases)('points at $name by its exact bytes', ({ m, artifactType }) => {
    const d = manifestDescriptor(m, { platform: { os: 'linux', architecture: 'amd64' } });
    expect(d).toEqual({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.bytes.length,
      platform: { os: 'linux', architecture: 'amd64' },
      ...(artifactType ? { artifactType } : {}),
    });
  });
});
