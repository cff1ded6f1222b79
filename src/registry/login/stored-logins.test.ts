import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listStoredLogins } from './stored-logins.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('listStoredLogins', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-logins-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every key of every file, with users but never passwords', async () => {
    const auth = join(dir, 'auth.json');
    const docker = join(dir, 'config.json');
    const legacy = join(dir, '.dockercfg');
    await writeFile(
      auth,
      JSON.stringify({
        auths: {
          'quay.io/org': { auth: b64('alice:s3cret') },
          'localhost:5000': { identitytoken: 'tok' },
        },
      }),
    );
    await writeFile(
      docker,
      JSON.stringify({
        auths: { 'https://index.docker.io/v1/': { auth: b64('bob:pw') } },
        credHelpers: { 'ghcr.io': 'pass' },
      }),
    );
    await writeFile(legacy, JSON.stringify({ 'https://old.io/v1/': { auth: b64('carol:pw') } }));
    const warnings: string[] = [];
    const logins = await listStoredLogins({
      files: [
        { path: auth, kind: 'auth-file', legacy: false },
        { path: join(dir, 'missing.json'), kind: 'auth-file', legacy: false },
        { path: docker, kind: 'docker-config', legacy: false },
        { path: legacy, kind: 'dockercfg', legacy: true },
      ],
      onWarning: (m) => warnings.push(m),
    });
    expect(logins).toEqual([
      { key: 'quay.io/org', registry: 'quay.io', kind: 'auth-file', path: auth, username: 'alice' },
      { key: 'localhost:5000', registry: 'localhost:5000', kind: 'auth-file', path: auth },
      { key: 'docker.io', registry: 'docker.io', kind: 'docker-config', path: docker, username: 'bob' },
      { key: 'ghcr.io', registry: 'ghcr.io', kind: 'docker-config', path: docker, helper: 'pass' },
      { key: 'old.io', registry: 'old.io', kind: 'dockercfg', path: legacy, username: 'carol' },
    ]);
    expect(JSON.stringify(logins)).not.toContain('s3cret');
    expect(warnings).toEqual([]);
  });

  it('skips a broken file with a warning and lists the others', async () => {
    const bad = join(dir, 'bad.json');
    const good = join(dir, 'good.json');
    await writeFile(bad, '{not json');
    await writeFile(good, JSON.stringify({ auths: { 'a.io': { auth: b64('u:p') } } }));
    const warnings: string[] = [];
    const logins = await listStoredLogins({
      files: [
        { path: bad, kind: 'auth-file', legacy: false },
        { path: good, kind: 'auth-file', legacy: false },
      ],
      onWarning: (m) => warnings.push(m),
    });
    expect(logins.map((l) => l.key)).toEqual(['a.io']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(bad);
  });
});
