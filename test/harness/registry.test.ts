import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from './cleanup.js';
import {
  authorizationFor,
  basicHeader,
  harnessFetch,
  pushImage,
  type RegistryInstance,
  type RegistryMode,
  requireBinaries,
  startRegistry,
} from './index.js';
import { spawnRegistry } from './registry-process.js';

const USERS = { alice: 'alice-secret', bob: 'bob-secret' };
const modes: RegistryMode[] = ['plain', 'basic', 'token', 'tls', 'tls-basic'];
const regs = new Map<RegistryMode, RegistryInstance>();

beforeAll(async () => {
  const started = await Promise.all(modes.map((mode) => startRegistry({ mode, users: USERS })));
  for (const reg of started) regs.set(reg.mode, reg);
});

afterAll(async () => {
  await Promise.all([...regs.values()].map((reg) => reg.stop()));
});

const reg = (mode: RegistryMode) => regs.get(mode)!;

describe('startRegistry', () => {
  it.each([
    { name: 'plain', mode: 'plain', status: 200, challenge: null },
    { name: 'basic', mode: 'basic', status: 401, challenge: /^Basic realm="berth-test-basic"$/ },
    {
      name: 'token',
      mode: 'token',
      status: 401,
      challenge: /^Bearer realm="(http:\/\/127\.0\.0\.1:\d+\/token)",service="berth-test"$/,
    },
    { name: 'tls', mode: 'tls', status: 200, challenge: null },
    { name: 'tls-basic', mode: 'tls-basic', status: 401, challenge: /^Basic realm="berth-test-basic"$/ },
  ] as const)('$name answers GET /v2/ anonymously with $status', async ({ mode, status, challenge }) => {
    const r = reg(mode);
    expect(r.url).toBe(`${mode.startsWith('tls') ? 'https' : 'http'}://${r.host}`);
    expect(r.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await harnessFetch(r, '/v2/');
    await res.body?.cancel();
    expect(res.status).toBe(status);
    const header = res.headers.get('www-authenticate');
    if (challenge === null) {
      expect(header).toBeNull();
    } else {
      expect(header).toMatch(challenge);
    }
    if (mode === 'token') expect(header).toContain(`realm="${r.tokenServer!.realm}"`);
  });

  it.each([
    { name: 'basic, right password', mode: 'basic', password: 'alice-secret', status: 200 },
    { name: 'basic, wrong password', mode: 'basic', password: 'nope', status: 401 },
    { name: 'tls-basic, right password', mode: 'tls-basic', password: 'alice-secret', status: 200 },
    { name: 'tls-basic, wrong password', mode: 'tls-basic', password: 'nope', status: 401 },
  ] as const)('$name → $status', async ({ mode, password, status }) => {
    const res = await harnessFetch(reg(mode), '/v2/', {
      headers: { authorization: basicHeader({ user: 'alice', password }) },
    });
    await res.body?.cancel();
    expect(res.status).toBe(status);
  });

  it('token mode accepts the harness JWTs for /v2/, push and pull', async () => {
    const r = reg('token');
    const authorization = await authorizationFor(r, { scopes: [] });
    const root = await harnessFetch(r, '/v2/', { headers: { authorization: authorization! } });
    expect(root.status).toBe(200);

    const image = await pushImage(r, {
      repository: 'team/app',
      tag: 'v1',
      layers: [{ size: 2048, seed: 7 }],
    });
    // Anonymous callers get pull under the default policy, which is enough to read it back.
    const pull = await authorizationFor(r, { scopes: ['repository:team/app:pull'], auth: 'anonymous' });
    const res = await harnessFetch(r, '/v2/team/app/manifests/v1', {
      headers: { authorization: pull!, accept: image.mediaType },
    });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(image.manifestBytes);
    const blob = await harnessFetch(r, `/v2/team/app/blobs/${image.layers[0]!.digest}`, {
      headers: { authorization: pull! },
      redirect: 'follow',
    });
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(image.layers[0]!.bytes);
  });

  it('token mode: an anonymous token cannot push (insufficient_scope)', async () => {
    const r = reg('token');
    const anon = await authorizationFor(r, { scopes: ['repository:team/app:pull,push'], auth: 'anonymous' });
    const res = await harnessFetch(r, '/v2/team/app/blobs/uploads/', {
      method: 'POST',
      headers: { authorization: anon! },
    });
    await res.body?.cancel();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it.each(['tls', 'tls-basic'] as const)('%s: trusted with the CA, rejected without it', async (mode) => {
    const r = reg(mode);
    expect(readFileSync(join(r.certsDir!, r.host, 'ca.crt'), 'utf8')).toBe(r.caPem);
    expect(readFileSync(r.caFile!, 'utf8')).toBe(r.caPem);
    const ok = await harnessFetch(r, '/v2/');
    await ok.body?.cancel();
    expect([200, 401]).toContain(ok.status);
    await expect(fetch(`${r.url}/v2/`)).rejects.toThrow();
  });

  it('tls: the server certificate is valid for localhost too', async () => {
    const r = reg('tls');
    const port = Number(r.host.split(':')[1]);
    const authorized = await new Promise<boolean>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: r.caPem }, () => {
        resolve(socket.authorized);
        socket.end();
      });
      socket.once('error', reject);
    });
    expect(authorized).toBe(true);
  });

  it('deleteEnabled: false makes DELETE answer 405', async () => {
    const r = await startRegistry({ mode: 'plain', deleteEnabled: false });
    try {
      const image = await pushImage(r, { repository: 'keep', tag: 'v1', layers: [{ size: 16, seed: 1 }] });
      const res = await harnessFetch(r, `/v2/keep/manifests/${image.digest}`, { method: 'DELETE' });
      await res.body?.cancel();
      expect(res.status).toBe(405);
    } finally {
      await r.stop();
    }
  });

  it('stop() kills the registry and its token server and removes the temp dir', async () => {
    const r = await startRegistry({ mode: 'token' });
    await r.stop();
    expect(existsSync(r.dataDir)).toBe(false);
    await expect(fetch(`${r.url}/v2/`)).rejects.toThrow();
    await expect(fetch(`${r.tokenServer!.url}/token`)).rejects.toThrow();
  });
});

describe('spawnRegistry', () => {
  it('fails with the log tail when the registry exits during start-up', async () => {
    const dir = makeTempDir('bad-config');
    try {
      const configFile = join(dir, 'config.yml');
      writeFileSync(configFile, 'version: 0.1\nstorage:\n  no-such-driver: {}\nhttp:\n  addr: 127.0.0.1:1\n');
      await expect(
        spawnRegistry({ configFile, logFile: join(dir, 'registry.log'), url: 'http://127.0.0.1:1' }),
      ).rejects.toThrow(
        /docker-registry exited with code \d+ before answering[\s\S]*log tail:\n[\s\S]*no-such-driver/,
      );
    } finally {
      removeTempDir(dir);
    }
  });
});

describe('requireBinaries', () => {
  it('throws with an install hint when a binary is missing', () => {
    expect(() => requireBinaries(['openssl', 'berth-no-such-tool'])).toThrow(
      /needs berth-no-such-tool on PATH[\s\S]*install berth-no-such-tool/,
    );
  });

  it('startRegistry fails (never skips) when docker-registry is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRegistry({ mode: 'plain' })).rejects.toThrow(
        /docker-registry: apt-get install docker-registry/,
      );
    } finally {
      process.env.PATH = saved;
    }
  });
});
