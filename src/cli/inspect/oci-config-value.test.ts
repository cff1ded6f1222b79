import { describe, expect, it } from 'vitest';
import { readOciImageConfig } from '../../registry/manifest/index.js';
import { renderFormat } from '../output/report-format.js';
import { ociConfigValue } from './oci-config-value.js';

function render(config: unknown, format = ''): string {
  const bytes = Buffer.from(JSON.stringify(config));
  return renderFormat(format, ociConfigValue(readOciImageConfig(bytes)));
}

// Both expected outputs are what `skopeo inspect --config` (1.9.3) printed for these configs.
const dockerConfig = {
  created: '2023-01-02T03:04:05.123456789Z',
  author: 'me <x@y>',
  architecture: 'amd64',
  os: 'linux',
  docker_version: '20.10.7',
  container: 'abc',
  config: {
    Env: ['PATH=/usr/bin', 'A=<b>&'],
    Labels: { z: '1', a: 'x<y>', 'com.b': 'q' },
    Cmd: ['sh'],
    ExposedPorts: { '80/tcp': {} },
    Shell: ['/bin/sh'],
    Hostname: 'h',
  },
  container_config: { Cmd: ['x'] },
  rootfs: { type: 'layers', diff_ids: [`sha256:${'a'.repeat(64)}`] },
  history: [
    { created: '2023-01-02T03:04:05Z', created_by: 'x', empty_layer: true },
    { created: '2023-01-02T03:04:05.5+02:00', comment: 'c' },
  ],
  'os.version': '1',
  variant: '',
};

const dockerExpected = `{
    "created": "2023-01-02T03:04:05.123456789Z",
    "author": "me \\u003cx@y\\u003e",
    "architecture": "amd64",
    "os": "linux",
    "os.version": "1",
    "config": {
        "ExposedPorts": {
            "80/tcp": {}
        },
        "Env": [
            "PATH=/usr/bin",
            "A=\\u003cb\\u003e\\u0026"
        ],
        "Cmd": [
            "sh"
        ],
        "Labels": {
            "a": "x\\u003cy\\u003e",
            "com.b": "q",
            "z": "1"
        }
    },
    "rootfs": {
        "type": "layers",
        "diff_ids": [
            "sha256:${'a'.repeat(64)}"
        ]
    },
    "history": [
        {
            "created": "2023-01-02T03:04:05Z",
            "created_by": "x",
            "empty_layer": true
        },
        {
            "created": "2023-01-02T03:04:05.5+02:00",
            "comment": "c"
        }
    ]
}
`;

const ociConfig = {
  architecture: 'arm',
  variant: 'v6',
  os: 'linux',
  'os.features': ['x'],
  config: {
    ArgsEscaped: true,
    Entrypoint: ['a'],
    Labels: {},
    Env: [],
    Volumes: { '/v': { x: 1 } },
    StopSignal: 'TERM',
    User: 'u',
    WorkingDir: '/w',
  },
  rootfs: { type: 'layers' },
  history: [{ created: null, author: 'a' }],
  created: '2023-01-02T03:04:05.000+00:00',
};

const ociExpected = `{
    "created": "2023-01-02T03:04:05Z",
    "architecture": "arm",
    "variant": "v6",
    "os": "linux",
    "os.features": [
        "x"
    ],
    "config": {
        "User": "u",
        "Entrypoint": [
            "a"
        ],
        "Volumes": {
            "/v": {}
        },
        "WorkingDir": "/w",
        "StopSignal": "TERM",
        "ArgsEscaped": true
    },
    "rootfs": {
        "type": "layers",
        "diff_ids": null
    },
    "history": [
        {
            "author": "a"
        }
    ]
}
`;

describe('inspect --config', () => {
  it.each([
    {
      name: 'Docker config: dropped fields, struct order, empty variant omitted',
      config: dockerConfig,
      expected: dockerExpected,
    },
    {
      name: 'OCI config: empty collections omitted, null diff_ids, ArgsEscaped',
      config: ociConfig,
      expected: ociExpected,
    },
    {
      name: 'minimal config: config {} always present',
      config: { architecture: 'amd64', os: 'linux' },
      expected:
        '{\n    "architecture": "amd64",\n    "os": "linux",\n    "config": {},\n    "rootfs": {\n        "type": "",\n        "diff_ids": null\n    }\n}\n',
    },
  ])('$name', ({ config, expected }) => {
    expect(render(config)).toBe(expected);
  });

  it.each([
    { format: '{{.OS}}', out: 'linux\n' },
    { format: '{{.RootFS}}', out: `{layers [sha256:${'a'.repeat(64)}]}\n` },
    {
      format: '{{.Config}}',
      out: '{ map[80/tcp:{}] [PATH=/usr/bin A=<b>&] [] [sh] map[]  map[a:x<y> com.b:q z:1]  false}\n',
    },
    {
      format: '{{.History}}',
      out: '[{2023-01-02 03:04:05 +0000 UTC x   true} {2023-01-02 03:04:05.5 +0200 +0200   c false}]\n',
    },
    {
      format: '{{.Variant}}|{{.OSFeatures}}|{{.Config.Volumes}}|{{.Config.Entrypoint}}',
      out: '|[]|map[]|[]\n',
    },
  ])('templates see Go field names: $format', ({ format, out }) => {
    expect(render(dockerConfig, format)).toBe(out);
  });
});
