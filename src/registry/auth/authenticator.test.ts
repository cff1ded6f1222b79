import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttp } from '../http/http.js';
import type { Http, HttpRequest } from '../http/types.js';
import { type AuthenticatorOptions, createAuthenticator } from './authenticator.js';
import { keychain, response } from './testing/authenticator-kit.js';
import { json, type LocalServer, startLocalServer } from './testing/local-server.js';

const realHttp = createHttp({ env: {}, retry: { maxRetries: 0 } });
let registry: LocalServer;
let tokens: LocalServer;
let attacker: LocalServer;
const SECRET = 'S3CR3T-xyz';
const PULL_A = 'repository:a:pull';

/** How the fake registry answers /v2/: a challenge, or 200. */
let ping: { status: number; challenge?: string[] };
let tokenCount = 0;

beforeAll(async () => {
  registry = await startLocalServer();
  tokens = await startLocalServer();
  attacker = await startLocalServer((_q, res) => json(res, 200, { token: 'attacker-token' }));
});
afterAll(async () => {
  await Promise.all([registry.close(), tokens.close(), attacker.close()]);
  await realHttp.close();
});
beforeEach(() => {
  for (const s of [registry, tokens, attacker]) s.seen.length = 0;
  tokenCount = 0;
  ping = { status: 401, challenge: [bearer(tokens.url('/token').href)] };
  registry.handle = (q, res) => {
    if (q.url.pathname !== '/v2/') return json(res, 404, {});
    return json(res, ping.status, {}, ping.challenge ? { 'www-authenticate': ping.challenge } : {});
  };
  tokens.handle = (_q, res) => {
    tokenCount++;
    json(res, 200, { token: `tok${tokenCount}`, expires_in: 300 });
  };
});

const bearer = (realm: string, extra = ''): string => `Bearer realm="${realm}",service="reg.test"${extra}`;

function make(over: Partial<AuthenticatorOptions> = {}) {
  return createAuthenticator({
    http: realHttp,
    registry: 'reg.test',
    endpoint: new URL(registry.origin),
    insecure: true,
    ...over,
  });
}

const pings = (): number => registry.seen.filter((r) => r.url.pathname === '/v2/').length;

describe('authorize', () => {
  it('no challenge (200 on /v2/) → no header, and the keychain is never asked', async () => {
    ping = { status: 200 };
    const kc = keychain({ '*': { username: 'u', password: 'p' } });
    const a = make({ keychain: kc });
    expect(await a.authorize({ scopes: [PULL_A] })).toBeUndefined();
    expect(kc.calls).toEqual([]);
    expect(tokens.seen).toEqual([]);
  });

  it.each([
    {
      name: 'Basic with a credential',
      cred: { username: 'u', password: 'p' },
      want: `Basic ${Buffer.from('u:p').toString('base64')}`,
    },
    { name: 'Basic without one', cred: undefined, want: undefined },
    { name: 'Basic with only an identity token', cred: { identityToken: 'i' }, want: undefined },
  ])('$name', async ({ cred, want }) => {
    ping = { status: 401, challenge: ['Basic realm="Registry"'] };
    const a = make(cred ? { credential: cred } : {});
    expect(await a.authorize({ scopes: [PULL_A] })).toBe(want);
  });

  it('Bearer: fetches a token once per scope set and caches it', async () => {
    const a = make({ credential: { username: 'u', password: 'p' } });
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
    expect(await a.authorize({ scopes: ['repository:a:pull,push'] })).toBe('Bearer tok2');
    expect(await a.authorize({ scopes: ['repository:a:push', 'repository:a:pull'] })).toBe('Bearer tok2');
    expect(tokens.seen.map((r) => r.url.searchParams.getAll('scope'))).toEqual([
      ['repository:a:pull'],
      ['repository:a:pull,push'],
    ]);
    expect(tokens.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('C12: a token for repository A is never sent for B', async () => {
    const a = make();
    const ta = await a.authorize({ scopes: [PULL_A] });
    const tb = await a.authorize({ scopes: ['repository:b:pull'] });
    expect(ta).not.toBe(tb);
  });

  it('pings once and fetches one token for concurrent callers', async () => {
    const a = make();
    const got = await Promise.all(Array.from({ length: 8 }, () => a.authorize({ scopes: [PULL_A] })));
    expect(new Set(got)).toEqual(new Set(['Bearer tok1']));
    expect(pings()).toBe(1);
    expect(tokens.seen).toHaveLength(1);
  });

  it('honours token expiry through the injected clock', async () => {
    let now = 1_000_000;
    const a = make({ clock: () => now });
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
    now += 200_000;
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
    now += 100_000;
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok2');
  });

  it('a registry token is used as the bearer without any token request', async () => {
    const a = make({ credential: { registryToken: 'rt' } });
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer rt');
    expect(tokens.seen).toEqual([]);
  });

  it('uses the credential of the first repository scope (namespaced keys)', async () => {
    const kc = keychain({
      'org1/x': { username: 'org1', password: 'p1' },
      '*': { username: 'other', password: 'p2' },
    });
    const a = make({ keychain: kc });
    await a.authorize({ scopes: ['repository:org1/x:pull,push', 'repository:lib/y:pull'] });
    await a.authorize({ scopes: ['repository:lib/y:pull'] });
    expect(kc.calls.map((c) => c.repository)).toEqual(['org1/x', 'lib/y']);
    expect(tokens.seen.map((r) => r.url.searchParams.get('account'))).toEqual(['org1', 'other']);
  });

  it('resolves the credential once per repository', async () => {
    const kc = keychain({ '*': { username: 'u', password: 'p' } });
    const a = make({ keychain: kc });
    await Promise.all([a.authorize({ scopes: [PULL_A] }), a.authorize({ scopes: ['repository:a:push'] })]);
    await a.authorize({ scopes: [PULL_A] });
    expect(kc.calls).toHaveLength(1);
  });

  it('a keychain failure (a missing helper, G06) fails the request', async () => {
    const a = make({
      keychain: keychain({ '*': new Error('credential helper docker-credential-missing not found') }),
    });
    await expect(a.authorize({ scopes: [PULL_A] })).rejects.toThrow('docker-credential-missing not found');
    expect(tokens.seen).toEqual([]);
  });

  it('C11: credentials over plain http need the registry marked insecure', async () => {
    const a = make({ insecure: false, credential: { username: 'u', password: SECRET } });
    await expect(a.authorize({ scopes: [PULL_A] })).rejects.toThrow('over plain http');
    expect(tokens.seen).toEqual([]);
    // Anonymous access is fine.
    expect(await make({ insecure: false }).authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
  });

  it('C11: an insecure registry warns once about cleartext credentials', async () => {
    const warnings: string[] = [];
    const a = make({ credential: { username: 'u', password: SECRET }, onWarning: (m) => warnings.push(m) });
    await a.authorize({ scopes: [PULL_A] });
    await a.authorize({ scopes: ['repository:b:pull'] });
    expect(warnings).toEqual(['credentials for reg.test are sent over plain http, unencrypted']);
  });

  it('C01: a challenge realm that fails validation is refused', async () => {
    ping = { status: 401, challenge: [bearer('https://169.254.169.254/token')] };
    await expect(make().authorize({ scopes: [PULL_A] })).rejects.toThrow('internal address');
  });

  it('a Bearer challenge without a realm falls back to the next usable challenge, else fails', async () => {
    ping = { status: 401, challenge: ['Bearer service="x"'] };
    await expect(make().authorize({ scopes: [PULL_A] })).rejects.toThrow('without a realm');
    ping = { status: 401, challenge: ['Bearer service="x"', 'Basic realm="r"'] };
    expect(
      await make({ credential: { username: 'u', password: 'p' } }).authorize({ scopes: [PULL_A] }),
    ).toMatch(/^Basic /);
  });

  it('a failed ping is not cached', async () => {
    let calls = 0;
    const flaky: Http = {
      request: async (req: HttpRequest) => {
        calls++;
        if (calls === 1) throw new Error('connection reset');
        return realHttp.request(req);
      },
      close: async () => {},
    };
    const a = make({ http: flaky });
    await expect(a.authorize({ scopes: [PULL_A] })).rejects.toThrow('connection reset');
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
  });

  it('when the first caller aborts the shared ping, the others carry on', async () => {
    let held: ServerResponse | undefined;
    const base = registry.handle;
    registry.handle = (q, res) => {
      if (held === undefined) {
        held = res; // never answered until the end of the test
        return;
      }
      base(q, res);
    };
    const a = make();
    const ac = new AbortController();
    const first = a.authorize({ scopes: [PULL_A], signal: ac.signal });
    const second = a.authorize({ scopes: [PULL_A] });
    await expect.poll(() => held).toBeDefined();
    ac.abort(new DOMException('stop', 'AbortError'));
    await expect(first).rejects.toThrow('stop');
    expect(await second).toBe('Bearer tok1');
    held?.end();
  });
});

describe('onUnauthorized', () => {
  it('C07: insufficient_scope widens the scope set (union) and drops the token', async () => {
    const a = make();
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
    const res = response(401, registry.url('/v2/a/blobs/uploads/'), [
      bearer(
        tokens.url('/token').href,
        ',scope="repository:other:pull repository:a:push",error="insufficient_scope"',
      ),
    ]);
    expect(await a.onUnauthorized({ response: res, scopes: [PULL_A] })).toBe(true);
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok2');
    expect(tokens.seen[1]?.url.searchParams.getAll('scope')).toEqual([
      'repository:a:pull,push',
      'repository:other:pull',
    ]);
    // Other scope sets are not widened.
    await a.authorize({ scopes: ['repository:b:pull'] });
    expect(tokens.seen[2]?.url.searchParams.getAll('scope')).toEqual(['repository:b:pull']);
  });

  it('B06/ContainerDrip: a challenge from another origin is ignored', async () => {
    const a = make({ credential: { username: 'u', password: SECRET } });
    await a.authorize({ scopes: [PULL_A] });
    const res = response(401, attacker.url('/blob'), [
      `Bearer realm="${attacker.url('/token').href}",service="evil"`,
    ]);
    expect(await a.onUnauthorized({ response: res, scopes: [PULL_A] })).toBe(false);
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
    expect(attacker.seen).toEqual([]);
  });

  it('adopts a new challenge from the registry itself', async () => {
    const a = make();
    await a.authorize({ scopes: [PULL_A] });
    const res = response(401, registry.url('/v2/a/manifests/x'), [bearer(attacker.url('/token2').href)]);
    expect(await a.onUnauthorized({ response: res, scopes: [PULL_A] })).toBe(true);
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer attacker-token');
    expect(attacker.seen.map((r) => r.url.pathname)).toEqual(['/token2']);
  });

  it('a 401 without a challenge (gcr.io) drops the token for one retry', async () => {
    const a = make();
    await a.authorize({ scopes: [PULL_A] });
    expect(
      await a.onUnauthorized({
        response: response(401, registry.url('/v2/a/manifests/x')),
        scopes: [PULL_A],
      }),
    ).toBe(true);
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok2');
  });

  it('C08: a registry that refuses every token costs at most two token fetches per request', async () => {
    const a = make();
    const refused = response(401, registry.url('/v2/a/manifests/x'), [
      bearer(tokens.url('/token').href, ',error="invalid_token"'),
    ]);
    for (let req = 0; req < 3; req++) {
      await a.authorize({ scopes: [PULL_A] });
      expect(await a.onUnauthorized({ response: refused, scopes: [PULL_A] })).toBe(true);
      await a.authorize({ scopes: [PULL_A] }); // the one retry; the caller stops after it
    }
    // The first request fetches twice; later ones start with the retry's fresh token and fetch once.
    expect(tokens.seen).toHaveLength(4);
  });

  it.each([
    { name: 'with a plain Bearer challenge', challenge: true },
    { name: 'without any challenge', challenge: false },
  ])('403 $name → no retry', async ({ challenge }) => {
    const a = make();
    await a.authorize({ scopes: [PULL_A] });
    const challenges = challenge ? [bearer(tokens.url('/token').href)] : [];
    expect(
      await a.onUnauthorized({
        response: response(403, registry.url('/v2/a/manifests/x'), challenges),
        scopes: [PULL_A],
      }),
    ).toBe(false);
  });

  it('Basic again after Basic → no retry; Basic after Bearer → adopt and retry', async () => {
    ping = { status: 401, challenge: ['Basic realm="r"'] };
    const basic = make({ credential: { username: 'u', password: 'p' } });
    await basic.authorize({ scopes: [PULL_A] });
    expect(
      await basic.onUnauthorized({
        response: response(401, registry.url('/v2/x'), ['Basic realm="r"']),
        scopes: [PULL_A],
      }),
    ).toBe(false);

    ping = { status: 401, challenge: [bearer(tokens.url('/token').href)] };
    const switching = make({ credential: { username: 'u', password: 'p' } });
    await switching.authorize({ scopes: [PULL_A] });
    expect(
      await switching.onUnauthorized({
        response: response(401, registry.url('/v2/x'), ['Basic realm="r"']),
        scopes: [PULL_A],
      }),
    ).toBe(true);
    expect(await switching.authorize({ scopes: [PULL_A] })).toMatch(/^Basic /);
  });

  it('learns a challenge when the ping had none', async () => {
    ping = { status: 200 };
    const a = make();
    expect(await a.authorize({ scopes: [PULL_A] })).toBeUndefined();
    expect(
      await a.onUnauthorized({
        response: response(401, registry.url('/v2/a/x'), [bearer(tokens.url('/token').href)]),
        scopes: [PULL_A],
      }),
    ).toBe(true);
    expect(await a.authorize({ scopes: [PULL_A] })).toBe('Bearer tok1');
  });
});

describe('whoami', () => {
  it('reports anonymous-unresolved, then the keychain answer; never a secret', async () => {
    const a = make({ keychain: keychain({ '*': { username: 'alice', password: SECRET } }) });
    expect(a.whoami()).toEqual({ source: { kind: 'anonymous' }, resolved: false });
    await a.authorize({ scopes: [PULL_A] });
    const who = a.whoami();
    expect(who).toEqual({
      username: 'alice',
      source: { kind: 'auth-file', path: '/x/auth.json', key: 'reg/a' },
      resolved: true,
    });
    expect(JSON.stringify(who)).not.toContain(SECRET);
  });

  it.each([
    {
      name: 'flag credential',
      opts: { credential: { username: 'bob', password: SECRET } },
      want: { username: 'bob', source: { kind: 'flag' }, resolved: true },
    },
    {
      name: 'registry token flag',
      opts: { credential: { registryToken: SECRET } },
      want: { source: { kind: 'flag' }, resolved: true },
    },
    { name: 'no keychain: anonymous', opts: {}, want: { source: { kind: 'anonymous' }, resolved: true } },
  ])('$name', ({ opts, want }) => {
    const who = make(opts).whoami();
    expect(who).toEqual(want);
    expect(JSON.stringify(who)).not.toContain(SECRET);
  });
});
