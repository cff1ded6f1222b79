import { describe, expect, it } from 'vitest';
import { digestOf } from '../../registry/digest/index.js';
import { MEDIA_TYPES, parseImageConfig, parseManifest } from '../../registry/manifest/index.js';
import { goValueIndentedJson } from '../output/go-value.js';
import {
  assertImageConfig,
  inspectInfoFromConfig,
  inspectInfoFromSchema1,
  NonImageArtifactError,
} from './inspect-info.js';
import { inspectOutputValue } from './inspect-output.js';

const enc = (v: unknown) => Buffer.from(JSON.stringify(v));
const layer = { digest: digestOf(Buffer.from('layer')), size: 5 };

function v2(format: 'oci' | 'docker', configMediaType?: string) {
  const oci = format === 'oci';
  const config = enc({ architecture: 'arm64', os: 'linux' });
  return parseManifest({
    bytes: enc({
      schemaVersion: 2,
      mediaType: oci ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest,
      config: {
        mediaType: configMediaType ?? (oci ? MEDIA_TYPES.ociConfig : MEDIA_TYPES.dockerConfig),
        digest: digestOf(config),
        size: config.length,
      },
      layers: [{ mediaType: oci ? MEDIA_TYPES.ociLayerGzip : MEDIA_TYPES.dockerLayer, ...layer }],
    }),
  });
}

function info(format: 'oci' | 'docker', config: unknown) {
  const image = v2(format);
  if (image.kind !== 'image') throw new Error('expected an image');
  return inspectInfoFromConfig(image, parseImageConfig(enc(config)));
}

function json(i: ReturnType<typeof info>, repoTags: string[] | null = []): string {
  return goValueIndentedJson(
    inspectOutputValue({ name: 'example.com/app', digest: 'sha256:top', repoTags, info: i }),
  );
}

describe('inspect info', () => {
  it('reads an OCI config: Created null when absent, DockerVersion from docker_version', () => {
    const out = json(
      info('oci', {
        architecture: 'amd64',
        os: 'linux',
        docker_version: '20.10',
        config: { Labels: { b: '2', a: '<1>' }, Env: [] },
      }),
    );
    expect(out).toBe(
      [
        '{',
        '    "Name": "example.com/app",',
        '    "Digest": "sha256:top",',
        '    "RepoTags": [],',
        '    "Created": null,',
        '    "DockerVersion": "20.10",',
        '    "Labels": {',
        '        "a": "\\u003c1\\u003e",',
        '        "b": "2"',
        '    },',
        '    "Architecture": "amd64",',
        '    "Os": "linux",',
        '    "Layers": [',
        `        "${layer.digest}"`,
        '    ],',
        '    "Env": []',
        '}',
      ].join('\n'),
    );
  });

  it.each([
    { name: 'OCI', format: 'oci' as const, created: 'null' },
    { name: 'Docker (zero time when absent)', format: 'docker' as const, created: '"0001-01-01T00:00:00Z"' },
  ])('Created without a created field: $name', ({ format, created }) => {
    expect(json(info(format, { architecture: 'amd64', os: 'linux' }))).toContain(`"Created": ${created},`);
  });

  it('keeps the offset of created', () => {
    expect(
      json(info('docker', { architecture: 'amd64', os: 'linux', created: '2023-01-02T03:04:05.10+01:00' })),
    ).toContain('"Created": "2023-01-02T03:04:05.1+01:00",');
  });

  it('prints RepoTags null when the tag list was refused, and no Name without a reference', () => {
    const out = goValueIndentedJson(
      inspectOutputValue({ digest: 'sha256:top', repoTags: null, info: info('oci', {}) }),
    );
    expect(out).toMatch(/^\{\n {4}"Digest": "sha256:top",\n {4}"RepoTags": null,/);
  });

  it('refuses an OCI artifact, as c/image does', () => {
    const artifact = v2('oci', 'application/vnd.example.thing+json');
    expect(() => assertImageConfig(artifact as never)).toThrow(NonImageArtifactError);
    expect(() => assertImageConfig(artifact as never)).toThrow(
      'unsupported image-specific operation on artifact with type "application/vnd.example.thing+json"',
    );
  });

  it('reads schema 1 from history[0].v1Compatibility, with the tag and layers base first', () => {
    const v1 = {
      id: 'x',
      created: '2016-03-04T05:06:07.000000001Z',
      docker_version: '1.9.1',
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { k: 'v' }, Env: ['A=1'] },
    };
    const sums = ['top', 'base'].map((s) => digestOf(Buffer.from(s)));
    const manifest = parseManifest({
      bytes: enc({
        schemaVersion: 1,
        name: 'library/app',
        tag: 'old',
        architecture: 'amd64',
        fsLayers: sums.map((blobSum) => ({ blobSum })),
        history: [{ v1Compatibility: JSON.stringify(v1) }, { v1Compatibility: '{"id":"y"}' }],
      }),
      contentType: MEDIA_TYPES.dockerSchema1,
    });
    if (manifest.kind !== 'schema1') throw new Error('expected schema 1');
    const i = inspectInfoFromSchema1(manifest);
    expect(i).toMatchObject({
      tag: 'old',
      dockerVersion: '1.9.1',
      labels: { k: 'v' },
      env: ['A=1'],
      layers: [sums[1], sums[0]],
    });
    const out = json(i);
    expect(out).toContain('"Tag": "old",');
    expect(out).toContain('"Created": "2016-03-04T05:06:07.000000001Z",');
  });
});
