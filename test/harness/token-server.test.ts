import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basicHeader,
  harnessFetch,
  parseScopes,
  type RegistryInstance,
  startRegistry,
  type TokenPolicy,
} from './index.js';

const USERS = { alice: 'alice-secret' };
let reg: RegistryInstance;
let restricted: RegistryInstance;

// Only alice's pushes to her own namespace are allowed; everybody may pull.
const policy: TokenPolicy = ({ user, scope }) =>
  scope.actions.filter((a) => a === 'pull' || (user === 'alice' && scope.name.startsWith('alice/')));

beforeAll(async () => {
  [reg, restricted] = await Promise.all([
    startRegistry({ mode: 'token', users: USERS }),
    startRegistry({ mode: 'token', users: USERS, tokenPolicy: policy }),
  ]);
});

afterAll(async () => {
  await Promise.all([reg.stop(), restricted.stop()]);
});

interface TokenBody {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
  refresh_token?: string;
  scope: string;
}

function claims(token: string): { sub: string; aud: string; iss: string; access: unknown[] } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

async function getToken(r: RegistryInstance, query: string, headers: Record<string, string> = {}) {
  const res = await harnessFetch(r.tokenServer!, `/token?${query}`, { headers });
  return { status: res.status, body: (await res.json()) as TokenBody };
}

async function postToken(r: RegistryInstance, form: Record<string, string>) {
  const res = await harnessFetch(r.tokenServer!, '/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as TokenBody };
}

describe('token server GET', () => {
  it.each([
    {
      name: 'anonymous gets pull only',
      auth: undefined,
      scope: 'repository:a/b:pull,push',
      access: [{ type: 'repository', name: 'a/b', actions: ['pull'] }],
    },
    {
      name: 'anonymous gets no catalog',
      auth: undefined,
      scope: 'registry:catalog:*',
      access: [],
    },
    {
      name: 'a user gets everything asked for',
      auth: USERS,
      scope: 'repository:a/b:pull,push',
      access: [{ type: 'repository', name: 'a/b', actions: ['pull', 'push'] }],
    },
    {
      name: 'a user gets the catalog',
      auth: USERS,
      scope: 'registry:catalog:*',
      access: [{ type: 'registry', name: 'catalog', actions: ['*'] }],
    },
  ])('$name', async ({ auth, scope, access }) => {
    const headers: Record<string, string> = auth
      ? { authorization: basicHeader({ user: 'alice', password: auth.alice }) }
      : {};
    const { status, body } = await getToken(
      reg,
      `service=berth-test&scope=${encodeURIComponent(scope)}`,
      headers,
    );
    expect(status).toBe(200);
    expect(body.token).toBe(body.access_token);
    expect(body.expires_in).toBe(300);
    expect(Date.parse(body.issued_at)).not.toBeNaN();
    expect(body.refresh_token).toBeUndefined();
    expect(claims(body.token)).toMatchObject({ aud: 'berth-test', iss: 'berth-test-issuer', access });
  });

  it('rejects a wrong password with 401 and records every request', async () => {
    reg.tokenServer!.requests.length = 0;
    const wrong = await getToken(reg, 'service=berth-test&scope=repository:x:pull', {
      authorization: basicHeader({ user: 'alice', password: 'wrong' }),
    });
    expect(wrong.status).toBe(401);
    await getToken(reg, 'service=berth-test&scope=repository:x:pull&scope=repository:y:push', {
      authorization: basicHeader({ user: 'alice', password: 'alice-secret' }),
      'user-agent': 'harness-test',
    });
    expect(
      reg.tokenServer!.requests.map(({ method, user, scopes, basic, refresh, status }) => ({
        method,
        user,
        scopes,
        basic,
        refresh,
        status,
      })),
    ).toEqual([
      { method: 'GET', user: undefined, scopes: [], basic: true, refresh: false, status: 401 },
      {
        method: 'GET',
        user: 'alice',
        scopes: ['repository:x:pull', 'repository:y:push'],
        basic: true,
        refresh: false,
        status: 200,
      },
    ]);
    expect(reg.tokenServer!.requests[1]!.headers['user-agent']).toBe('harness-test');
  });

  it('returns a refresh token for offline_token=true with credentials', async () => {
    const { body } = await getToken(reg, 'service=berth-test&offline_token=true&client_id=berth', {
      authorization: basicHeader({ user: 'alice', password: 'alice-secret' }),
    });
    expect(body.refresh_token).toMatch(/^[\w-]{20,}$/);
    expect(reg.tokenServer!.refreshTokens.get(body.refresh_token!)).toBe('alice');
  });
});

describe('token server POST (OAuth2)', () => {
  it('password grant with access_type=offline, then refresh grant with the same refresh token', async () => {
    const first = await postToken(reg, {
      grant_type: 'password',
      username: 'alice',
      password: 'alice-secret',
      service: 'berth-test',
      client_id: 'berth',
      access_type: 'offline',
      scope: 'repository:a:pull repository:b:pull,push',
    });
    expect(first.status).toBe(200);
    expect(first.body.scope).toBe('repository:a:pull repository:b:pull,push');
    const refresh = first.body.refresh_token!;
    expect(refresh).toBeTruthy();

    const second = await postToken(reg, {
      grant_type: 'refresh_token',
      refresh_token: refresh,
      service: 'berth-test',
      client_id: 'berth',
      scope: 'repository:c:push',
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBe(refresh);
    expect(claims(second.body.access_token)).toMatchObject({
      sub: 'alice',
      access: [{ type: 'repository', name: 'c', actions: ['push'] }],
    });
    const last = reg.tokenServer!.requests.at(-1)!;
    expect(last).toMatchObject({
      method: 'POST',
      user: 'alice',
      refresh: true,
      grantType: 'refresh_token',
      basic: false,
    });
  });

  it.each([
    {
      name: 'online password grant has no refresh token',
      form: { grant_type: 'password', username: 'alice', password: 'alice-secret' },
      status: 200,
      refresh: false,
    },
    {
      name: 'wrong password',
      form: { grant_type: 'password', username: 'alice', password: 'x' },
      status: 401,
      refresh: false,
    },
    {
      name: 'unknown refresh token',
      form: { grant_type: 'refresh_token', refresh_token: 'nope' },
      status: 400,
      refresh: false,
    },
    { name: 'unsupported grant', form: { grant_type: 'authorization_code' }, status: 400, refresh: false },
  ] as Array<{ name: string; form: Record<string, string>; status: number; refresh: boolean }>)(
    '$name → $status',
    async ({ form, status, refresh }) => {
      const res = await postToken(reg, { service: 'berth-test', client_id: 'berth', ...form });
      expect(res.status).toBe(status);
      expect(res.body.refresh_token !== undefined).toBe(refresh);
    },
  );
});

describe('token policy', () => {
  it.each([
    {
      name: 'alice pushes to alice/',
      user: true,
      scope: 'repository:alice/app:pull,push',
      actions: ['pull', 'push'],
    },
    {
      name: 'alice cannot push elsewhere',
      user: true,
      scope: 'repository:other/app:pull,push',
      actions: ['pull'],
    },
    { name: 'anonymous pulls', user: false, scope: 'repository:alice/app:pull,push', actions: ['pull'] },
  ])('$name', async ({ user, scope, actions }) => {
    const headers: Record<string, string> = user
      ? { authorization: basicHeader({ user: 'alice', password: 'alice-secret' }) }
      : {};
    const { body } = await getToken(restricted, `service=berth-test&scope=${scope}`, headers);
    expect(claims(body.token).access).toEqual([
      { type: 'repository', name: parseScopes([scope])[0]!.name, actions },
    ]);
  });

  it('the registry enforces the granted actions', async () => {
    const auth = { authorization: basicHeader({ user: 'alice', password: 'alice-secret' }) };
    for (const [repo, expected] of [
      ['alice/app', 202],
      ['other/app', 401],
    ] as const) {
      const { body } = await getToken(
        restricted,
        `service=berth-test&scope=repository:${repo}:pull,push`,
        auth,
      );
      const res = await harnessFetch(restricted, `/v2/${repo}/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${body.token}` },
      });
      await res.body?.cancel();
      expect(res.status).toBe(expected);
    }
  });
});

describe('parseScopes', () => {
  it.each([
    {
      name: 'simple',
      input: ['repository:a/b:pull'],
      out: [{ type: 'repository', name: 'a/b', actions: ['pull'] }],
    },
    {
      name: 'name with port',
      input: ['repository:localhost:5000/x:pull,push'],
      out: [{ type: 'repository', name: 'localhost:5000/x', actions: ['pull', 'push'] }],
    },
    {
      name: 'space separated',
      input: ['registry:catalog:* repository:y:delete'],
      out: [
        { type: 'registry', name: 'catalog', actions: ['*'] },
        { type: 'repository', name: 'y', actions: ['delete'] },
      ],
    },
  ])('$name', ({ input, out }) => {
    expect(parseScopes(input)).toEqual(out);
  });

  it('rejects a scope without actions', () => {
    expect(() => parseScopes(['repository'])).toThrow(/malformed scope/);
  });
});
