import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicy } from './policy.js';

const parse = (json: string) => parsePolicy(Buffer.from(json));
const ACCEPT = '[{"type":"insecureAcceptAnything"}]';

describe('parsePolicy', () => {
  it('reads every requirement and identity type', () => {
    const p = parse(`{
      "default": [{"type": "reject"}],
      "transports": {
        "docker": {
          "": ${ACCEPT},
          "quay.io/a": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k.gpg"}],
          "quay.io/b": [{"type": "signedBy", "keyType": "GPGKeys", "keyPaths": ["/1", "/2"],
                          "signedIdentity": {"type": "matchRepository"}}],
          "quay.io/c": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "AQID",
                          "signedIdentity": {"type": "remapIdentity", "prefix": "quay.io/c", "signedPrefix": "quay.io/d"}}],
          "quay.io/e": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "",
                          "signedIdentity": {"type": "exactReference", "dockerReference": "busybox:1"}}],
          "quay.io/f": [{"type": "sigstoreSigned", "keyPath": "/c.pub", "anything": true}],
          "quay.io/g": [{"type": "signedBaseLayer", "baseLayerIdentity": {"type": "exactRepository", "dockerRepository": "busybox"}}]
        },
        "dir": { "": [{"type": "reject"}] }
      }
    }`);
    expect(p.default).toEqual([{ type: 'reject' }]);
    const docker = p.transports.get('docker')!;
    expect(docker.get('')).toEqual([{ type: 'insecureAcceptAnything' }]);
    expect(docker.get('quay.io/a')).toEqual([
      {
        type: 'signedBy',
        keyType: 'GPGKeys',
        keyPath: '/k.gpg',
        signedIdentity: { type: 'matchRepoDigestOrExact' },
      },
    ]);
    expect(docker.get('quay.io/b')?.[0]).toMatchObject({
      keyPaths: ['/1', '/2'],
      signedIdentity: { type: 'matchRepository' },
    });
    expect(docker.get('quay.io/c')?.[0]).toMatchObject({
      keyData: new Uint8Array([1, 2, 3]),
      signedIdentity: { type: 'remapIdentity', prefix: 'quay.io/c', signedPrefix: 'quay.io/d' },
    });
    expect(docker.get('quay.io/e')?.[0]).toMatchObject({ keyData: new Uint8Array() });
    expect(docker.get('quay.io/f')).toEqual([{ type: 'sigstoreSigned' }]);
    expect(docker.get('quay.io/g')).toEqual([{ type: 'signedBaseLayer' }]);
    expect(p.transports.get('dir')?.get('')).toEqual([{ type: 'reject' }]);
  });

  it.each([
    { name: 'no default', json: `{"transports":{}}`, err: 'Default policy is missing' },
    {
      name: 'an unknown top-level key',
      json: `{"default":${ACCEPT},"defaults":${ACCEPT}}`,
      err: 'Unknown key "defaults"',
    },
    {
      name: 'a duplicate key',
      json: `{"default":${ACCEPT},"default":${ACCEPT}}`,
      err: 'Duplicate key at default',
    },
    {
      name: 'a duplicate scope',
      json: `{"default":${ACCEPT},"transports":{"docker":{"a":${ACCEPT},"a":${ACCEPT}}}}`,
      err: 'Duplicate key at transports.docker.a',
    },
    {
      name: 'an empty list',
      json: '{"default":[]}',
      err: 'List of verification policy requirements must not be empty',
    },
    {
      name: 'an unknown requirement type',
      json: '{"default":[{"type":"acceptIfSunny"}]}',
      err: 'Unknown policy requirement type "acceptIfSunny"',
    },
    {
      name: 'a requirement without type',
      json: '{"default":[{}]}',
      err: 'Unknown policy requirement type ""',
    },
    {
      name: 'an extra field on reject',
      json: '{"default":[{"type":"reject","why":"x"}]}',
      err: 'Unknown key "why"',
    },
    {
      name: 'signedBy without keyType',
      json: '{"default":[{"type":"signedBy","keyPath":"/k"}]}',
      err: 'invalid keyType ""',
    },
    {
      name: 'signedBy with a bad keyType',
      json: '{"default":[{"type":"signedBy","keyType":"PGP","keyPath":"/k"}]}',
      err: 'invalid keyType "PGP"',
    },
    {
      name: 'signedBy without keys',
      json: '{"default":[{"type":"signedBy","keyType":"GPGKeys"}]}',
      err: 'none of them present',
    },
    {
      name: 'signedBy with two key sources',
      json: '{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","keyData":"AA=="}]}',
      err: 'more than one present',
    },
    {
      name: 'signedBy with bad base64',
      json: '{"default":[{"type":"signedBy","keyType":"GPGKeys","keyData":"A?=="}]}',
      err: 'keyData: illegal base64 data',
    },
    {
      name: 'signedBy with an unknown field',
      json: '{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","x":1}]}',
      err: 'Unknown key "x"',
    },
    {
      name: 'an unknown identity type',
      json: '{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchAll"}}]}',
      err: 'Unknown policy reference match type "matchAll"',
    },
    {
      name: 'exactReference without a tag',
      json: '{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactReference","dockerReference":"busybox"}}]}',
      err: 'dockerReference busybox contains neither a tag nor digest',
    },
    {
      name: 'remapIdentity with a bad prefix',
      json: '{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"quay.io/","signedPrefix":"x.io"}}]}',
      err: 'prefix "quay.io/" is not valid',
    },
    {
      name: 'transports not an object',
      json: `{"default":${ACCEPT},"transports":[]}`,
      err: 'transports: JSON object expected',
    },
    { name: 'not JSON', json: '{"default":', err: 'not valid JSON' },
  ])('refuses $name', ({ json, err }) => {
    expect(() => parse(json)).toThrow(err);
  });
});

describe('loadPolicy', () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-policy-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  const system = join(root, 'etc/policy.json');
  const user = join(home, '.config/containers/policy.json');
  mkdirSync(join(home, '.config/containers'), { recursive: true });
  mkdirSync(join(root, 'etc'));

  it('finds nothing when no file exists', async () => {
    expect(await loadPolicy({ homeDir: home, systemPath: system })).toBeUndefined();
  });

  it('prefers the user file over the system file, and --policy over both', async () => {
    writeFileSync(system, `{"default":${ACCEPT}}`);
    expect((await loadPolicy({ homeDir: home, systemPath: system }))?.path).toBe(system);
    writeFileSync(user, '{"default":[{"type":"reject"}]}');
    const loaded = await loadPolicy({ homeDir: home, systemPath: system });
    expect(loaded?.path).toBe(user);
    expect(loaded?.policy.default).toEqual([{ type: 'reject' }]);
    const explicit = join(root, 'explicit.json');
    writeFileSync(explicit, `{"default":${ACCEPT}}`);
    expect((await loadPolicy({ path: explicit, homeDir: home, systemPath: system }))?.path).toBe(explicit);
  });

  it('names the file of a malformed policy', async () => {
    const bad = join(root, 'bad.json');
    writeFileSync(bad, '{"default":[],"x":1}');
    await expect(loadPolicy({ path: bad })).rejects.toThrow(`invalid policy in "${bad}": Unknown key "x"`);
  });

  it('fails when an explicit file is missing', async () => {
    await expect(loadPolicy({ path: join(root, 'missing.json') })).rejects.toThrow(/ENOENT/);
  });
});
