import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/harness/cleanup.js';
import { getPki } from '../../../test/harness/pki.js';
import { LimitExceededError } from '../digest/errors.js';
import { createHttp } from '../http/http.js';
import { RegistryError } from '../http/registry-error.js';
import type { Http } from '../http/types.js';
import { RealmError } from './realm.js';
import { json, type LocalServer, startLocalServer } from './testing/local-server.js';
import {
  type FetchTokenOptions,
  fetchToken,
  MAX_TOKEN_REDIRECTS,
  TokenAuthError,
  tokenExpiry,
} from './token.js';

const http = createHttp({ env: {}, retry: { maxRetries: 0 } });
let auth: LocalServer;
let other: LocalServer;
const NOW = Date.parse('2026-01-01T00:00:00Z');

beforeAll(async () => {
  auth = await startLocalServer();
  other = await startLocalServer();
});
afterAll(async () => {
  await auth.close();
  await other.close();
  await http.close();
  if (tlsPending) {
    const tls = await tlsPending;
    await tls.server.close();
    await tls.http.close();
  }
});

/** An https token server with the test CA, and an Http that trusts it (as certs.d would). */
let tlsPending: Promise<{ server: LocalServer; http: Http }> | undefined;
function startTls(): Promise<{ server: LocalServer; http: Http }> {
  tlsPending ??= (async () => {
    const pki = await getPki();
    const server = await startLocalServer(undefined, { key: pki.serverKeyPem, cert: pki.serverCertPem });
    const certDir = join(makeTempDir('token-certs'), '127.0.0.1');
    mkdirSync(certDir, { recursive: true });
    writeFileSync(join(certDir, 'ca.crt'), pki.caPem);
    return { server, http: createHttp({ env: {}, retry: { maxRetries: 0 }, certDirFor: () => certDir }) };
  })();
  return tlsPending;
}
beforeEach(() => {
  auth.seen.length = 0;
  other.seen.length = 0;
  other.handle = (_q, res) => json(res, 200, { token: 'from-other' });
});

function opts(over: Partial<FetchTokenOptions> = {}): FetchTokenOptions {
  return {
    http,
    challenge: { realm: auth.url('/token').href, service: 'reg.test' },
    scopes: ['repository:a/b:pull'],
    registryHost: '127.0.0.1:5000',
    registryInsecure: true,
    clock: () => NOW,
    ...over,
  };
}

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('fetchToken: GET', () => {
  it('sends Basic, account, service and one scope param per scope', async () => {
    auth.handle = (_q, res) => json(res, 200, { token: 'tok', expires_in: 300 });
    const t = await fetchToken(
      opts({
        scopes: ['repository:b:push', 'repository:a:pull'],
        credential: { username: 'alice', password: 'pw' },
      }),
    );
    expect(t).toEqual({ token: 'tok', expiresAt: NOW + 300_000 });
    const [req] = auth.seen;
    expect(req?.method).toBe('GET');
    expect(req?.headers.authorization).toBe(basic('alice', 'pw'));
    expect(req?.url.searchParams.get('service')).toBe('reg.test');
    expect(req?.url.searchParams.getAll('scope')).toEqual(['repository:a:pull', 'repository:b:push']);
    expect(req?.url.searchParams.get('account')).toBe('alice');
  });

  it('C09: anonymous without credentials: no Authorization, no account', async () => {
    auth.handle = (_q, res) => json(res, 200, { token: 'anon' });
    expect((await fetchToken(opts())).token).toBe('anon');
    const [req] = auth.seen;
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.url.searchParams.has('account')).toBe(false);
  });

  it('merges the challenge scope and keeps the realm query', async () => {
    auth.handle = (_q, res) => json(res, 200, { token: 't' });
    await fetchToken(
      opts({ challenge: { realm: auth.url('/token?x=1').href, service: 's', scope: 'repository:a/b:push' } }),
    );
    const req = auth.seen[0];
    expect(req?.url.searchParams.get('x')).toBe('1');
    expect(req?.url.searchParams.getAll('scope')).toEqual(['repository:a/b:pull,push']);
  });

  it('a registry token is the bearer as is; nothing is fetched', async () => {
    const t = await fetchToken(opts({ credential: { registryToken: 'rt', username: 'u', password: 'p' } }));
    expect(t).toEqual({ token: 'rt', expiresAt: Number.POSITIVE_INFINITY });
    expect(auth.seen).toEqual([]);
  });

  it.each([
    { name: 'only access_token', body: { access_token: 'at' }, want: 'at' },
    { name: 'token wins when both differ', body: { token: 't', access_token: 'at' }, want: 't' },
    { name: 'empty token falls back to access_token', body: { token: '', access_token: 'at' }, want: 'at' },
  ])('C06: $name', async ({ body, want }) => {
    auth.handle = (_q, res) => json(res, 200, body);
    expect((await fetchToken(opts())).token).toBe(want);
  });

  it.each([
    { name: 'no token at all', body: '{"expires_in":60}', err: 'holds no token' },
    { name: 'a token with a newline', body: { token: 'a\r\nX-Evil: 1' }, err: 'invalid characters' },
    { name: 'a JSON array', body: '[]', err: 'holds no token' },
    { name: 'a JSON string', body: '"tok"', err: 'not a JSON object' },
  ])('C06: rejects $name', async ({ body, err }) => {
    auth.handle = (_q, res) => json(res, 200, body);
    await expect(fetchToken(opts())).rejects.toThrow(err);
  });

  it('C06: an HTML body → error with a short, escaped excerpt', async () => {
    auth.handle = (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html>\x1b[2J<title>Captive portal</title>${'x'.repeat(500)}</html>`);
    };
    const err = (await fetchToken(opts()).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/is not JSON: "<html><title>Captive portal<\/title>x+…"$/);
    expect(err.message).not.toContain('\x1b');
    expect(err.message.length).toBeLessThan(200);
  });

  it('C06: broken JSON is not quoted (it may hold a token)', async () => {
    auth.handle = (_q, res) => json(res, 200, '{"token":"S3CR3T-xyz"');
    const err = (await fetchToken(opts()).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/is not JSON$/);
  });

  it('C06: a 2 MiB body → limit error', async () => {
    auth.handle = (_q, res) => json(res, 200, `{"token":"${'a'.repeat(2 * 1024 * 1024)}"}`);
    await expect(fetchToken(opts())).rejects.toBeInstanceOf(LimitExceededError);
  });

  it('uses the injected clock for expiry (expires_in missing → 60 s)', async () => {
    auth.handle = (_q, res) => json(res, 200, { token: 't' });
    expect((await fetchToken(opts())).expiresAt).toBe(NOW + 60_000);
  });
});

describe('fetchToken: errors', () => {
  it('401 with a password → TokenAuthError "invalid username/password"', async () => {
    auth.handle = (_q, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad' }] });
    const err = (await fetchToken(opts({ credential: { username: 'alice', password: 'S3CR3T-xyz' } })).catch(
      (e: unknown) => e,
    )) as TokenAuthError;
    expect(err).toBeInstanceOf(TokenAuthError);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.status).toBe(401);
    expect(err.message).toContain('invalid username/password');
    expect(err.message).not.toContain('S3CR3T');
  });

  it('401 anonymous → TokenAuthError saying credentials are required', async () => {
    auth.handle = (_q, res) => json(res, 401, {});
    await expect(fetchToken(opts())).rejects.toThrow('the token server requires credentials');
  });

  it('other statuses → RegistryError', async () => {
    auth.handle = (_q, res) => json(res, 500, { errors: [{ code: 'UNKNOWN', message: 'oops' }] });
    const err = (await fetchToken(opts()).catch((e: unknown) => e)) as RegistryError;
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).not.toBeInstanceOf(TokenAuthError);
    expect(err.status).toBe(500);
  });

  it('C01/C02: the realm is validated before anything is sent', async () => {
    const ctx = { registryHost: 'registry.example.com', registryInsecure: false };
    await expect(
      fetchToken(opts({ ...ctx, challenge: { realm: auth.url('/token').href } })),
    ).rejects.toBeInstanceOf(RealmError);
    await expect(
      fetchToken(opts({ ...ctx, challenge: { realm: 'https://169.254.169.254/token' } })),
    ).rejects.toBeInstanceOf(RealmError);
    expect(auth.seen).toEqual([]);
  });
});

describe('fetchToken: identity token (OAuth2)', () => {
  it('C10: POSTs the refresh-token form, without Authorization', async () => {
    auth.handle = (_q, res) =>
      json(res, 200, { access_token: 'at', refresh_token: 'new-rt', expires_in: 120 });
    const t = await fetchToken(
      opts({
        scopes: ['repository:a:pull', 'repository:b:push'],
        credential: { identityToken: 'idt', username: 'u' },
      }),
    );
    expect(t).toEqual({ token: 'at', expiresAt: NOW + 120_000, refreshToken: 'new-rt' });
    const [req] = auth.seen;
    expect(req?.method).toBe('POST');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'idt',
      client_id: 'berth',
      service: 'reg.test',
      scope: 'repository:a:pull repository:b:push',
    });
  });

  it('C10: POST 404 → GET fallback on the same realm', async () => {
    auth.handle = (q, res) =>
      q.method === 'POST' ? json(res, 404, {}) : json(res, 200, { token: 'via-get' });
    const t = await fetchToken(opts({ credential: { identityToken: 'idt', username: 'u', password: 'p' } }));
    expect(t.token).toBe('via-get');
    expect(auth.seen.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['POST /token', 'GET /token']);
    expect(auth.seen[1]?.headers.authorization).toBe(basic('u', 'p'));
  });

  it('a refused identity token → TokenAuthError', async () => {
    auth.handle = (_q, res) => json(res, 401, {});
    await expect(fetchToken(opts({ credential: { identityToken: 'idt' } }))).rejects.toThrow(
      'invalid identity token',
    );
  });
});

describe('fetchToken: redirects from the token server', () => {
  it('same-origin redirect is followed with credentials', async () => {
    auth.handle = (q, res) => {
      if (q.url.pathname === '/token') res.writeHead(302, { location: '/token2' }).end();
      else json(res, 200, { token: 'moved' });
    };
    expect((await fetchToken(opts({ credential: { username: 'u', password: 'p' } }))).token).toBe('moved');
    expect(auth.seen[1]?.headers.authorization).toBe(basic('u', 'p'));
    expect(auth.seen[1]?.url.searchParams.get('scope')).toBeNull();
  });

  it('cross-origin redirect is followed without credentials', async () => {
    auth.handle = (_q, res) => res.writeHead(307, { location: other.url('/elsewhere').href }).end();
    expect((await fetchToken(opts({ credential: { username: 'u', password: 'p' } }))).token).toBe(
      'from-other',
    );
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
  });

  it.each([
    { name: 'C04 to a private IP', location: 'http://10.0.0.5/token' },
    { name: 'to metadata', location: 'http://169.254.169.254/latest/meta-data' },
    { name: 'to a non-http scheme', location: 'file:///etc/passwd' },
  ])('C04: refused: $name', async ({ location }) => {
    auth.handle = (_q, res) => res.writeHead(302, { location }).end();
    const err = (await fetchToken(opts({ credential: { username: 'u', password: 'p' } })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(RealmError);
    expect(err.cause).toBeInstanceOf(RealmError);
  });

  it.each([
    { name: 'for an https registry', registryInsecure: false },
    { name: 'even for an insecure registry', registryInsecure: true },
  ])(
    'C04: an https token server redirecting to plain http is refused $name',
    async ({ registryInsecure }) => {
      const tls = await startTls();
      tls.server.seen.length = 0;
      tls.server.handle = (_q, res) => res.writeHead(302, { location: other.url('/token').href }).end();
      const err = await fetchToken(
        opts({
          http: tls.http,
          registryHost: tls.server.host,
          registryInsecure,
          challenge: { realm: tls.server.url('/token').href },
        }),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RealmError);
      expect(tls.server.seen).toHaveLength(1);
      expect(other.seen).toEqual([]);
    },
  );

  it('an https realm works end to end with the registry trust settings', async () => {
    const tls = await startTls();
    tls.server.handle = (_q, res) => json(res, 200, { token: 'tls-token' });
    const t = await fetchToken(
      opts({
        http: tls.http,
        registryHost: tls.server.host,
        registryInsecure: false,
        challenge: { realm: tls.server.url('/token').href },
      }),
    );
    expect(t.token).toBe('tls-token');
  });

  it('a refresh-token POST is not re-sent to another origin', async () => {
    auth.handle = (_q, res) => res.writeHead(307, { location: other.url('/token').href }).end();
    await expect(fetchToken(opts({ credential: { identityToken: 'idt' } }))).rejects.toThrow(
      'redirected the refresh-token request',
    );
    expect(other.seen).toEqual([]);
  });

  it('a refresh-token POST 307 on the same origin keeps its body', async () => {
    auth.handle = (q, res) =>
      q.url.pathname === '/token'
        ? res.writeHead(307, { location: '/t2' }).end()
        : json(res, 200, { token: 'ok' });
    expect((await fetchToken(opts({ credential: { identityToken: 'idt' } }))).token).toBe('ok');
    expect(new URLSearchParams(auth.seen[1]?.body).get('refresh_token')).toBe('idt');
  });

  it(`stops after ${MAX_TOKEN_REDIRECTS} redirects`, async () => {
    auth.handle = (_q, res) => res.writeHead(302, { location: '/token' }).end();
    await expect(fetchToken(opts())).rejects.toThrow(`more than ${MAX_TOKEN_REDIRECTS} redirects`);
    expect(auth.seen).toHaveLength(MAX_TOKEN_REDIRECTS + 1);
  });
});

describe('tokenExpiry', () => {
  const now = NOW;
  it.each([
    { name: 'expires_in missing → 60 s', expiresIn: undefined, issuedAt: undefined, want: now + 60_000 },
    { name: 'expires_in 0 → 60 s', expiresIn: 0, issuedAt: undefined, want: now + 60_000 },
    { name: 'expires_in -5 → 60 s', expiresIn: -5, issuedAt: undefined, want: now + 60_000 },
    { name: 'expires_in 30 → at least 60 s', expiresIn: 30, issuedAt: undefined, want: now + 60_000 },
    { name: 'expires_in as a string → 60 s', expiresIn: '3600', issuedAt: undefined, want: now + 60_000 },
    { name: 'expires_in NaN-ish → 60 s', expiresIn: Number.NaN, issuedAt: undefined, want: now + 60_000 },
    { name: 'expires_in 300', expiresIn: 300, issuedAt: undefined, want: now + 300_000 },
    {
      name: 'issued_at 10 s ago is honoured',
      expiresIn: 300,
      issuedAt: new Date(now - 10_000).toISOString(),
      want: now + 290_000,
    },
    {
      name: 'issued_at a year ago → now',
      expiresIn: 300,
      issuedAt: new Date(now - 365 * 86_400_000).toISOString(),
      want: now + 300_000,
    },
    {
      name: 'issued_at a year ahead → now',
      expiresIn: 300,
      issuedAt: new Date(now + 365 * 86_400_000).toISOString(),
      want: now + 300_000,
    },
    { name: 'issued_at unparseable → now', expiresIn: 300, issuedAt: 'yesterday', want: now + 300_000 },
  ])('$name', ({ expiresIn, issuedAt, want }) => {
    expect(tokenExpiry(expiresIn, issuedAt, now)).toBe(want);
  });
});
