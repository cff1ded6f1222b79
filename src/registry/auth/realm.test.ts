import { describe, expect, it } from 'vitest';
import { isInternalHost, RealmError, validateRealm } from './realm.js';

describe('validateRealm', () => {
  const secure = { registryHost: 'registry.example.com', registryInsecure: false };
  const insecure = { registryHost: 'registry.example.com', registryInsecure: true };
  const local = { registryHost: '127.0.0.1:5000', registryInsecure: true };

  const cases: Array<{ name: string; realm: string; ctx: typeof secure; ok: boolean; match?: string }> = [
    {
      name: 'https public realm on another host (Docker Hub style)',
      realm: 'https://auth.docker.io/token',
      ctx: secure,
      ok: true,
    },
    { name: 'realm with a query string', realm: 'https://auth.example.com/token?x=1', ctx: secure, ok: true },
    {
      name: 'C01 http realm for an https registry',
      realm: 'http://auth.example.com/token',
      ctx: secure,
      ok: false,
      match: 'plain-http',
    },
    {
      name: 'http realm for an insecure registry',
      realm: 'http://auth.example.com/token',
      ctx: insecure,
      ok: true,
    },
    { name: 'not a URL', realm: 'auth.example.com/token', ctx: secure, ok: false, match: 'not a valid URL' },
    { name: 'empty', realm: '', ctx: secure, ok: false, match: 'not a valid URL' },
    {
      name: 'file scheme',
      realm: 'file:///etc/passwd',
      ctx: insecure,
      ok: false,
      match: 'not an http(s) URL',
    },
    {
      name: 'ftp scheme',
      realm: 'ftp://auth.example.com/',
      ctx: insecure,
      ok: false,
      match: 'not an http(s) URL',
    },
    {
      name: 'user info',
      realm: 'https://u:p@auth.example.com/token',
      ctx: secure,
      ok: false,
      match: 'user info',
    },
    {
      name: 'C02 link-local metadata address',
      realm: 'https://169.254.169.254/token',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    {
      name: 'C02 loopback with port',
      realm: 'https://127.0.0.1:1/',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    {
      name: 'C02 IPv6 unique-local',
      realm: 'https://[fd00::1]/',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    { name: 'IPv6 loopback', realm: 'https://[::1]/t', ctx: secure, ok: false, match: 'internal address' },
    {
      name: 'IPv6 link-local',
      realm: 'https://[fe80::1]/t',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    {
      name: 'IPv4-mapped loopback',
      realm: 'https://[::ffff:127.0.0.1]/t',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    { name: 'unspecified', realm: 'https://0.0.0.0/t', ctx: secure, ok: false, match: 'internal address' },
    { name: 'private 10/8', realm: 'https://10.0.0.5/t', ctx: secure, ok: false, match: 'internal address' },
    {
      name: 'private 172.16/12',
      realm: 'https://172.20.1.1/t',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    {
      name: 'private 192.168/16',
      realm: 'https://192.168.1.1/t',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    {
      name: 'decimal IPv4 loopback (URL-normalised)',
      realm: 'https://2130706433/t',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    {
      name: 'hex IPv4 loopback',
      realm: 'https://0x7f.1/t',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    { name: 'localhost', realm: 'https://localhost/t', ctx: secure, ok: false, match: 'internal address' },
    {
      name: 'sub.localhost',
      realm: 'https://x.localhost/t',
      ctx: secure,
      ok: false,
      match: 'internal address',
    },
    { name: 'public IP literal', realm: 'https://8.8.8.8/t', ctx: secure, ok: true },
    { name: '172.32 is public', realm: 'https://172.32.0.1/t', ctx: secure, ok: true },
    // Same host name as the registry: allowed whatever the port (how local registries and berth's tests run).
    {
      name: 'loopback realm on the registry host, other port',
      realm: 'http://127.0.0.1:5001/token',
      ctx: local,
      ok: true,
    },
    {
      name: 'loopback realm on the registry host, same port',
      realm: 'http://127.0.0.1:5000/token',
      ctx: local,
      ok: true,
    },
    {
      name: 'localhost is not 127.0.0.1 (names are compared, not resolved)',
      realm: 'http://localhost:5001/token',
      ctx: local,
      ok: false,
      match: 'internal address',
    },
    {
      name: 'private realm for a private registry host',
      realm: 'https://10.0.0.5/t',
      ctx: { registryHost: '10.0.0.5:443', registryInsecure: false },
      ok: true,
    },
    {
      name: 'IPv6 registry host matches its realm',
      realm: 'https://[::1]:8443/t',
      ctx: { registryHost: '[::1]:5000', registryInsecure: false },
      ok: true,
    },
    {
      name: 'host case is ignored',
      realm: 'https://LOCALHOST/t',
      ctx: { registryHost: 'localhost:5000', registryInsecure: false },
      ok: true,
    },
  ];

  it.each(cases)('$name', ({ realm, ctx, ok, match }) => {
    if (ok) {
      expect(validateRealm(realm, ctx)).toBeInstanceOf(URL);
    } else {
      expect(() => validateRealm(realm, ctx)).toThrow(RealmError);
      expect(() => validateRealm(realm, ctx)).toThrow(match as string);
    }
  });

  it('never echoes user info in its message', () => {
    expect(() =>
      validateRealm('http://user:S3CR3T@auth.example.com/', { registryHost: 'r', registryInsecure: false }),
    ).toThrow(/^(?!.*S3CR3T).*$/);
  });
});

describe('isInternalHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['100.64.0.1', true],
    ['[::]', true],
    ['[fc00::]', true],
    ['localhost.', true],
    ['example.com', false],
    ['1.1.1.1', false],
    ['[2001:db8::1]', false],
  ])('%s → %s', (host, want) => {
    expect(isInternalHost(host)).toBe(want);
  });
});
