/**
 * The registry core against the real distribution server in every auth mode: the same
 * reads work anonymously (plain, tls), with Basic credentials (basic, tls-basic) and with
 * bearer tokens from a token server (token), credentials coming from an auth.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf } from '../../src/registry/digest/index.js';
import { isNotFound } from '../../src/registry/http/index.js';
import type { PushedImage, RegistryInstance, RegistryMode } from '../harness/index.js';
import { pushImage, randomLayer, startRegistry } from '../harness/index.js';
import { clientFor, collect } from './client-for.js';

const SENTINEL = 'S3ntinel-pa55word-b3rth';

const modes: Array<{ mode: RegistryMode; authenticated: boolean }> = [
  { mode: 'plain', authenticated: false },
  { mode: 'basic', authenticated: true },
  { mode: 'token', authenticated: true },
  { mode: 'tls', authenticated: false },
  { mode: 'tls-basic', authenticated: true },
];

describe.each(modes)('registry in $mode mode', ({ mode, authenticated }) => {
  let reg: RegistryInstance;
  let image: PushedImage;
  const users = { alice: SENTINEL };

  beforeAll(async () => {
    reg = await startRegistry({
      mode,
      ...(authenticated ? { users } : {}),
      // A private registry: anonymous callers get no token scopes at all.
      ...(mode === 'token' ? { tokenPolicy: ({ user, scope }) => (user ? [...scope.actions] : []) } : {}),
    });
    image = await pushImage(reg, {
      repository: 'team/app',
      tag: 'v1',
      layers: [randomLayer({ size: 300_000, seed: 1 }), randomLayer({ size: 2_000, seed: 2 })],
      ...(authenticated ? { auth: { user: 'alice', password: SENTINEL } } : {}),
    });
  });
  afterAll(async () => reg?.stop());

  const login = authenticated ? { login: { username: 'alice', password: SENTINEL } } : {};

  it('reads the manifest by tag and by digest, verified', async () => {
    const { client, close } = await clientFor(reg, login);
    try {
      const byTag = await client.getManifest({ repository: 'team/app', reference: 'v1' });
      expect(byTag.digest).toBe(image.digest);
      expect(Buffer.from(byTag.bytes).equals(Buffer.from(image.manifestBytes))).toBe(true);
      const byDigest = await client.getManifest({ repository: 'team/app', reference: image.digest });
      expect(byDigest.kind).toBe('image');
      const head = await client.headManifest({ repository: 'team/app', reference: 'v1' });
      expect(head?.digest).toBe(image.digest);
      expect(head?.size).toBe(image.manifestBytes.byteLength);
    } finally {
      await close();
    }
  });

  it('streams every blob with its digest checked, and HEADs them', async () => {
    const { client, close } = await clientFor(reg, login);
    try {
      for (const blob of [image.config, ...image.layers]) {
        const bytes = await collect(
          client.getBlob({ repository: 'team/app', digest: blob.digest as never, size: blob.size }),
        );
        expect(digestOf(bytes)).toBe(blob.digest);
        expect(await client.headBlob({ repository: 'team/app', digest: blob.digest as never })).toEqual({
          size: blob.size,
        });
      }
    } finally {
      await close();
    }
  });

  it('lists tags and reports who it is', async () => {
    const { client, close } = await clientFor(reg, login);
    try {
      expect(await client.listTags({ repository: 'team/app' })).toEqual(['v1']);
      const who = client.whoami();
      if (authenticated) {
        expect(who?.username).toBe('alice');
        expect(who?.source.kind).toBe('auth-file');
      } else {
        expect(who?.username).toBeUndefined();
      }
    } finally {
      await close();
    }
  });

  it('answers a missing manifest with a not-found error', async () => {
    const { client, close } = await clientFor(reg, login);
    try {
      const err = await client
        .getManifest({ repository: 'team/app', reference: 'nope' })
        .catch((e: unknown) => e);
      expect(isNotFound(err)).toBe(true);
      expect(await client.headManifest({ repository: 'team/app', reference: 'nope' })).toBeUndefined();
    } finally {
      await close();
    }
  });

  if (authenticated) {
    it('refuses without credentials and with a wrong password, never echoing the password', async () => {
      for (const opts of [{}, { login: { username: 'alice', password: `${SENTINEL}-wrong` } }]) {
        const { client, close } = await clientFor(reg, opts);
        try {
          const err = (await client
            .getManifest({ repository: 'team/app', reference: 'v1' })
            .catch((e: unknown) => e)) as Error;
          expect(err).toBeInstanceOf(Error);
          expect(String(err.message)).toMatch(/401|unauthorized|denied|invalid username/i);
          const seen = `${err.message} ${err.stack ?? ''} ${JSON.stringify(err)} ${String((err as { cause?: unknown }).cause ?? '')}`;
          expect(seen).not.toContain(SENTINEL);
        } finally {
          await close();
        }
      }
    });
  }

  if (mode === 'tls' || mode === 'tls-basic') {
    it('fails with a TLS error when the CA is not trusted, and does not fall back to http', async () => {
      const { client, close } = await clientFor(reg, { ...login, trustCa: false });
      try {
        // A verified host (insecure: false) must never be retried over plain http.
        const err = (await client
          .getManifest({ repository: 'team/app', reference: 'v1' })
          .catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(Error);
        expect(err.message).toMatch(/certificate|TLS|self.signed|issuer/i);
      } finally {
        await close();
      }
    });
  }
});
