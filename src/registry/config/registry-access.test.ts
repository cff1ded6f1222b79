import { describe, expect, it } from 'vitest';
import { type RegistryRules, registryAccess } from './registry-access.js';

/** Rules from a table of names: `insecure` and `blocked` as sets, matched exactly. */
function rules(o: { insecure?: string[]; blocked?: string[]; message?: boolean }): RegistryRules {
  const blocked = new Set(o.blocked);
  return {
    isInsecure: (n) => (o.insecure ?? []).includes(n),
    isBlocked: (n) => blocked.has(n),
    ...(o.message
      ? {
          assertNotBlocked: (n: string) => {
            if (blocked.has(n)) throw new Error(`registry ${n} is blocked in /etc/r.conf or /etc/r.d`);
          },
        }
      : {}),
  };
}

describe('registryAccess', () => {
  it.each([
    { name: 'no registries.conf', r: undefined, repository: undefined, tlsVerify: undefined, want: false },
    {
      name: 'insecure registry, as a whole',
      r: rules({ insecure: ['reg.test'] }),
      repository: undefined,
      tlsVerify: undefined,
      want: true,
    },
    {
      name: 'insecure repository: asked for it',
      r: rules({ insecure: ['reg.test/app'] }),
      repository: 'app',
      tlsVerify: undefined,
      want: true,
    },
    {
      name: 'insecure repository: the registry as a whole is not',
      r: rules({ insecure: ['reg.test/app'] }),
      repository: undefined,
      tlsVerify: undefined,
      want: false,
    },
    {
      name: 'the user turned TLS verification on',
      r: rules({ insecure: ['reg.test'] }),
      repository: undefined,
      tlsVerify: true,
      want: false,
    },
    { name: 'the user turned it off', r: undefined, repository: undefined, tlsVerify: false, want: true },
  ])('$name', ({ r, repository, tlsVerify, want }) => {
    const got = registryAccess({
      rules: r,
      registry: 'reg.test',
      ...(repository ? { repository } : {}),
      ...(tlsVerify !== undefined ? { tlsVerify } : {}),
    });
    expect(got).toEqual({ name: repository ? `reg.test/${repository}` : 'reg.test', insecure: want });
  });

  it.each([
    {
      name: 'the rules’ own message',
      message: true,
      want: /^registry reg\.test\/app is blocked in \/etc\/r\.conf or /,
    },
    {
      name: 'a generic message',
      message: false,
      want: /^registry reg\.test\/app is blocked in registries\.conf$/,
    },
  ])('refuses a blocked name with $name, whatever the TLS choice', ({ message, want }) => {
    const r = rules({ blocked: ['reg.test/app'], message });
    expect(() =>
      registryAccess({ rules: r, registry: 'reg.test', repository: 'app', tlsVerify: false }),
    ).toThrow(want);
    expect(registryAccess({ rules: r, registry: 'reg.test', repository: 'other' }).insecure).toBe(false);
  });
});
