import { describe, expect, it } from 'vitest';
import { type Digest, digestOf } from '../digest/index.js';
import { encodeOciImageConfig, readOciImageConfig, toOciConfigBytes } from './oci-config.js';

const bytesOf = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const DIFF = `sha256:${'a'.repeat(64)}`;

// Expected bytes follow image-spec v1.1.0-rc2's `v1.Image` under Go's json.Marshal; the contract
// suite (test/contract/skopeo.test.ts) checks the same encoding against skopeo 1.9.3's conversions.
describe('toOciConfigBytes', () => {
  it.each([
    {
      name: 'Docker-only fields dropped, struct order, map keys sorted, HTML escaped',
      input: {
        rootfs: { diff_ids: [DIFF], type: 'layers' },
        docker_version: '24.0.7',
        container: 'f00d',
        container_config: { Cmd: ['/bin/sh'] },
        os: 'linux',
        architecture: 'amd64',
        config: {
          Labels: { z: '1', a: 'x<y>&' },
          Hostname: 'h',
          Shell: ['/bin/sh'],
          Cmd: ['sh'],
          Env: ['A=1'],
          ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
        },
        created: '2023-01-02T03:04:05.500Z',
      },
      want:
        '{"created":"2023-01-02T03:04:05.5Z","architecture":"amd64","os":"linux",' +
        '"config":{"ExposedPorts":{"443/tcp":{},"80/tcp":{}},"Env":["A=1"],"Cmd":["sh"],' +
        '"Labels":{"a":"x\\u003cy\\u003e\\u0026","z":"1"}},' +
        `"rootfs":{"type":"layers","diff_ids":["${DIFF}"]}}`,
    },
    {
      name: 'empty optional fields omitted, config and rootfs always present, nil diff_ids',
      input: {
        architecture: 'arm64',
        os: 'linux',
        variant: '',
        author: '',
        'os.features': [],
        config: { Env: [], Labels: {}, ArgsEscaped: false, User: '' },
        rootfs: { type: 'layers', diff_ids: null },
        history: [],
      },
      want: '{"architecture":"arm64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":null}}',
    },
    {
      name: 'an empty diff_ids list stays a list',
      input: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
      want: '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}',
    },
    {
      name: 'every field, offsets kept, history entries with Go zero values omitted',
      input: {
        history: [
          { empty_layer: true, created_by: 'RUN x', created: '2023-01-02T03:04:05.120+02:00' },
          { comment: 'c', author: 'a', empty_layer: false },
        ],
        'os.version': '10.0',
        'os.features': ['win32k'],
        variant: 'v8',
        author: 'me',
        config: {
          StopSignal: 'SIGTERM',
          ArgsEscaped: true,
          WorkingDir: '/w',
          Volumes: { '/data': {} },
          Entrypoint: ['/e'],
          User: 'u',
        },
        rootfs: { type: 'layers', diff_ids: [DIFF] },
        os: 'windows',
        architecture: 'arm64',
        created: '2023-01-02T03:04:05+00:00',
      },
      want:
        '{"created":"2023-01-02T03:04:05Z","author":"me","architecture":"arm64","variant":"v8","os":"windows",' +
        '"os.version":"10.0","os.features":["win32k"],' +
        '"config":{"User":"u","Entrypoint":["/e"],"Volumes":{"/data":{}},"WorkingDir":"/w","StopSignal":"SIGTERM","ArgsEscaped":true},' +
        `"rootfs":{"type":"layers","diff_ids":["${DIFF}"]},` +
        '"history":[{"created":"2023-01-02T03:04:05.12+02:00","created_by":"RUN x","empty_layer":true},{"author":"a","comment":"c"}]}',
    },
    {
      name: 'control characters and line separators escaped as Go does',
      input: { architecture: 'amd64', os: 'linux', author: 'a\u0001\u2028\tb', rootfs: { type: 'layers' } },
      want: '{"author":"a\\u0001\\u2028\\tb","architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":null}}',
    },
  ])('$name', ({ input, want }) => {
    const out = toOciConfigBytes(bytesOf(input));
    expect(text(out)).toBe(want);
    // Already in Go's form: a second pass changes nothing, so the digest is stable.
    expect(text(toOciConfigBytes(out))).toBe(want);
  });

  it('keeps bytes already in Go form, so an OCI config written by Go tools keeps its digest', () => {
    const goForm = bytesOf(
      `{"created":"2024-05-06T07:08:09.123456789Z","architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["${DIFF}"]},"history":[{"created":"2024-05-06T07:08:09Z","created_by":"x"}]}`,
    );
    expect(digestOf(toOciConfigBytes(goForm))).toBe(digestOf(goForm));
  });

  it.each([
    { field: 'Cmd', config: { Cmd: 'sh' } },
    { field: 'Entrypoint', config: { Entrypoint: '/e' } },
  ])('refuses a string $field, as Go cannot decode it into []string', ({ field, config }) => {
    expect(() => toOciConfigBytes(bytesOf({ architecture: 'amd64', os: 'linux', config }))).toThrow(
      `json: cannot unmarshal string into Go struct field ImageConfig.config.${field} of type []string`,
    );
  });

  it('checks the digest it is given', () => {
    const bytes = bytesOf({ architecture: 'amd64', os: 'linux' });
    expect(() => toOciConfigBytes(bytes, { expectedDigest: `sha256:${'0'.repeat(64)}` as Digest })).toThrow(
      /digest/i,
    );
  });
});

describe('readOciImageConfig', () => {
  it('keeps nil and empty apart where Go does', () => {
    const c = readOciImageConfig(bytesOf({ architecture: 'a', os: 'o', config: { Env: [] }, history: [] }));
    expect(c.config.env).toEqual([]);
    expect(c.config.cmd).toBeNull();
    expect(c.history).toEqual([]);
    expect(c.rootfs.diffIds).toBeNull();
    expect(text(encodeOciImageConfig(c))).toBe(
      '{"architecture":"a","os":"o","config":{},"rootfs":{"type":"","diff_ids":null}}',
    );
  });
});
