import { describe, expect, it } from 'vitest';
import { DigestMismatchError, digestOf, SizeMismatchError } from '../digest/index.js';
import { parseImageConfig } from './config.js';
import { InvalidManifestError } from './errors.js';
import { enc, fake, json, sha256 } from './testdata/fixtures.js';

/** A Docker config laid out as `docker build` wrote them (alpine-like, classic builder). */
const DOCKER_CONFIG = `{"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh"],"Image":"${fake('9')}","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"maintainer":"Jane <jane@example.com>"}},"container":"0c9ef5b4a0d3","container_config":{"Hostname":"0c9ef5b4a0d3","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh","-c","#(nop) ","CMD [\\"/bin/sh\\"]"],"Labels":{}},"created":"2024-01-27T00:30:48.743965523Z","docker_version":"20.10.23","history":[{"created":"2024-01-27T00:30:48.624602109Z","created_by":"/bin/sh -c #(nop) ADD file:37a76ec18f9887751cd8473744917d08b7431fc4085097bb6a09d81b41775473 in / "},{"created":"2024-01-27T00:30:48.743965523Z","created_by":"/bin/sh -c #(nop)  CMD [\\"/bin/sh\\"]","empty_layer":true}],"os":"linux","rootfs":{"type":"layers","diff_ids":["${fake('d')}"]}}`;

/** An OCI config as BuildKit writes it. */
const OCI_CONFIG = {
  architecture: 'arm64',
  os: 'linux',
  variant: 'v8',
  created: '2025-03-01T10:00:00+01:00',
  config: {
    Env: ['A=1'],
    Entrypoint: ['/app'],
    ExposedPorts: { '8080/tcp': {} },
    Volumes: { '/data': {} },
    WorkingDir: '/srv',
    User: '1000:1000',
    StopSignal: 'SIGTERM',
    ArgsEscaped: true,
  },
  rootfs: { type: 'layers', diff_ids: [fake('1'), fake('2')] },
  history: [
    {
      created: '2025-03-01T09:00:00Z',
      created_by: 'COPY app /app # buildkit',
      comment: 'buildkit.dockerfile.v0',
    },
  ],
};

describe('parseImageConfig', () => {
  it('reads a Docker config', () => {
    const bytes = enc(DOCKER_CONFIG);
    const c = parseImageConfig(bytes, { expectedDigest: sha256(bytes), expectedSize: bytes.length });
    expect(c.architecture).toBe('amd64');
    expect(c.os).toBe('linux');
    expect(c.created).toBe('2024-01-27T00:30:48.743965523Z');
    expect(c.docker_version).toBe('20.10.23');
    expect(c.config?.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(c.config?.Cmd).toEqual(['/bin/sh']);
    expect(c.config?.Entrypoint).toBeUndefined();
    expect(c.config?.Volumes).toBeUndefined();
    expect({ ...c.config?.Labels }).toEqual({ maintainer: 'Jane <jane@example.com>' });
    expect(c.rootfs).toEqual({ type: 'layers', diff_ids: [fake('d')] });
    expect(c.history?.[1]).toEqual({
      created: '2024-01-27T00:30:48.743965523Z',
      created_by: '/bin/sh -c #(nop)  CMD ["/bin/sh"]',
      empty_layer: true,
    });
  });

  it('reads an OCI config', () => {
    const c = parseImageConfig(json(OCI_CONFIG));
    expect(c.variant).toBe('v8');
    expect(c.config?.ArgsEscaped).toBe(true);
    expect(Object.keys(c.config?.ExposedPorts ?? {})).toEqual(['8080/tcp']);
    expect(Object.keys(c.config?.Volumes ?? {})).toEqual(['/data']);
    expect(c.history?.[0]?.comment).toBe('buildkit.dockerfile.v0');
  });

  it('reads fields missing as Go would (empty), and null as absent', () => {
    const c = parseImageConfig(json({ config: { Env: null, Labels: null } }));
    expect(c).toEqual({ architecture: '', os: '', rootfs: { type: '', diff_ids: [] }, config: {} });
  });

  it("takes Docker's single-string Cmd and Entrypoint as one-item lists", () => {
    const c = parseImageConfig(
      json({ ...OCI_CONFIG, config: { Cmd: 'nginx -g daemon', Entrypoint: '/docker-entrypoint.sh' } }),
    );
    expect(c.config?.Cmd).toEqual(['nginx -g daemon']);
    expect(c.config?.Entrypoint).toEqual(['/docker-entrypoint.sh']);
  });

  it('keeps labels named like prototype members as data (I02)', () => {
    const text = `{"architecture":"amd64","os":"linux","config":{"Labels":{"__proto__":"x","constructor":"y"},"ExposedPorts":{"__proto__":{}}},"rootfs":{"type":"layers","diff_ids":[]}}`;
    const c = parseImageConfig(enc(text));
    const labels = c.config?.Labels ?? {};
    expect(Object.getPrototypeOf(labels)).toBeNull();
    expect(Object.entries(labels)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(Object.getPrototypeOf(c.config?.ExposedPorts)).toBeNull();
    expect(Object.keys(c.config?.ExposedPorts ?? {})).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each([
    { name: 'digest mismatch', opts: { expectedDigest: fake('0') }, error: DigestMismatchError },
    {
      name: 'sha512 digest mismatch',
      opts: { expectedDigest: digestOf(enc('x'), 'sha512') },
      error: DigestMismatchError,
    },
    { name: 'size mismatch', opts: { expectedSize: 3 }, error: SizeMismatchError },
    { name: 'over the size limit', opts: { maxBytes: 10 }, error: InvalidManifestError },
  ])('refuses bytes that are not what the descriptor names: $name', ({ opts, error }) => {
    expect(() => parseImageConfig(json(OCI_CONFIG), opts)).toThrow(error);
  });

  it('accepts a sha512 digest that matches', () => {
    const bytes = json(OCI_CONFIG);
    expect(parseImageConfig(bytes, { expectedDigest: digestOf(bytes, 'sha512') }).os).toBe('linux');
  });

  const withConfig = (config: unknown) => json({ ...OCI_CONFIG, config });
  const rejections: { name: string; bytes: Uint8Array; error: RegExp }[] = [
    { name: 'not JSON', bytes: enc('{'), error: /^invalid image config: not valid JSON/ },
    {
      name: 'duplicate key',
      bytes: enc('{"os":"linux","os":"windows"}'),
      error: /^invalid image config: os: duplicate key$/,
    },
    {
      name: 'duplicate label',
      bytes: enc('{"config":{"Labels":{"a":"1","a":"2"}}}'),
      error: /config\.Labels\.a: duplicate key/,
    },
    {
      name: 'a field differing only in case',
      bytes: withConfig({ Env: ['A=1'], env: ['B=2'] }),
      error: /config\.env: differs from field "Env" only in letter case/,
    },
    {
      name: 'top-level field in another case',
      bytes: json({ ...OCI_CONFIG, Architecture: 'arm' }),
      error: /Architecture: differs from field "architecture"/,
    },
    {
      name: 'created that is not RFC 3339',
      bytes: json({ ...OCI_CONFIG, created: 'yesterday' }),
      error: /created: not an RFC 3339 time: "yesterday"/,
    },
    {
      name: 'history created with a lower-case t',
      bytes: json({ ...OCI_CONFIG, history: [{ created: '2025-03-01t09:00:00Z' }] }),
      error: /history\[0\]\.created: not an RFC 3339 time/,
    },
    {
      name: 'diff_id in upper case',
      bytes: json({ ...OCI_CONFIG, rootfs: { type: 'layers', diff_ids: [`sha256:${'A'.repeat(64)}`] } }),
      error: /rootfs\.diff_ids\[0\]: invalid digest/,
    },
    { name: 'Env not a list', bytes: withConfig({ Env: 'A=1' }), error: /config\.Env: expected an array/ },
    {
      name: 'label value a number',
      bytes: withConfig({ Labels: { a: 1 } }),
      error: /config\.Labels\.a: expected a string, got 1/,
    },
    {
      name: 'ExposedPorts entry not an object',
      bytes: withConfig({ ExposedPorts: { '80/tcp': 'yes' } }),
      error: /ExposedPorts\["80\/tcp"\]: expected an object/,
    },
    {
      name: 'empty_layer not a boolean',
      bytes: json({ ...OCI_CONFIG, history: [{ empty_layer: 'true' }] }),
      error: /history\[0\]\.empty_layer: expected true or false/,
    },
    {
      name: 'too many diff_ids',
      bytes: json({ ...OCI_CONFIG, rootfs: { type: 'layers', diff_ids: Array(10_001).fill(fake('1')) } }),
      error: /rootfs\.diff_ids: 10001 entries/,
    },
  ];

  it.each(rejections)('rejects $name', ({ bytes, error }) => {
    const run = () => parseImageConfig(bytes);
    expect(run).toThrow(InvalidManifestError);
    expect(run).toThrow(error);
  });
});
