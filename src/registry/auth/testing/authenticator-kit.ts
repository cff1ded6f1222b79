/**
 * Stand-ins the authenticator tests hand to the code under test: a keychain that records
 * its lookups and answers per repository, and a response carrying given challenges.
 */
import type { HttpResponse } from '../../http/types.js';
import type { Credential, ResolvedCredential } from '../credentials.js';
import type { Keychain, ResolveOptions } from '../keychain.js';

/** A keychain that counts lookups and answers per repository. */
export function keychain(byRepo: Record<string, Credential | Error>): Keychain & { calls: ResolveOptions[] } {
  const calls: ResolveOptions[] = [];
  return {
    calls,
    async resolve(q) {
      calls.push(q);
      const c = byRepo[q.repository ?? ''] ?? byRepo['*'];
      if (c instanceof Error) throw c;
      if (!c) return { source: { kind: 'anonymous' } };
      return {
        credential: c,
        source: { kind: 'auth-file', path: '/x/auth.json', key: `reg/${q.repository ?? ''}` },
      } satisfies ResolvedCredential;
    },
  };
}

export function response(status: number, url: URL, challenges: string[] = []): HttpResponse {
  return {
    status,
    headers: {},
    headerValues: (name) => (name === 'www-authenticate' ? challenges : []),
    url,
    method: 'GET',
    body: (async function* () {})(),
    dump: async () => {},
  };
}
