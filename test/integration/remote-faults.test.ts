/**
 * The registry core behind the harness's fault proxy, on real distribution servers with
 * credentials in play: dropped connections are resumed with `Range`, 5xx and 429 are
 * retried (honouring `Retry-After`), flipped bytes are refused, blob redirects to another
 * origin carry no credentials, and the sentinel password never shows up in any error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/registry/digest/index.js';
import { DigestMismatchError, digestOf } from '../../src/registry/digest/index.js';
import {
  type FaultProxy,
  type FaultRuleInput,
  MEDIA_TYPES,
  type ProxyRequest,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  type RegistryMode,
  secondOriginAuthFor,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { clientFor, collect, type TestClient } from './client-for.js';
import { rejectionWithout } from './secret-leaks.js';

const USER = 'alice';
const SENTINEL = 'S3ntinel-pa55word-f4ults';
/** What a leak would look like: the password itself, or inside a Basic header. */
const LEAKS = [SENTINEL, Buffer.from(`${USER}:${SENTINEL}`).toString('base64')];
const REPO = 'faults/app';
const BIG = 1024 * 1024;

interface Setup {
  reg: RegistryInstance;
  proxy: FaultProxy;
  image: PushedImage;
}

const setups = new Map<RegistryMode, Setup>();

async function setUp(mode: RegistryMode): Promise<Setup> {
  const reg = await startRegistry({
    mode,
    users: { [USER]: SENTINEL },
    // Private: an anonymous caller gets no token, so every blob GET carries credentials.
    ...(mode === 'token' ? { tokenPolicy: ({ user, scope }) => (user ? [...scope.actions] : []) } : {}),
  });
  const creds = { user: USER, password: SENTINEL };
  const proxy = await startFaultProxy({ target: reg.url, secondOriginAuth: secondOriginAuthFor(reg, creds) });
  const image = await pushImage(reg, {
    repository: REPO,
    tag: 'v1',
    layers: [
      { size: BIG, seed: 11 },
      { size: 5_000, seed: 12 },
    ],
    auth: creds,
  });
  return { reg, proxy, image };
}

beforeAll(async () => {
  const [basic, token] = await Promise.all([setUp('basic'), setUp('token')]);
  setups.set('basic', basic).set('token', token);
});
afterAll(async () => {
  await Promise.all([...setups.values()].flatMap((s) => [s.proxy.stop(), s.reg.stop()]));
});
beforeEach(() => {
  for (const s of setups.values()) s.proxy.reset();
});

function setup(mode: RegistryMode): Setup {
  const s = setups.get(mode);
  if (!s) throw new Error(`no ${mode} registry`);
  return s;
}

/** A client talking to the registry through its proxy; `waits` records every retry wait instead of sleeping it. */
async function proxiedClient(s: Setup): Promise<TestClient & { waits: number[] }> {
  const waits: number[] = [];
  const c = await clientFor(s.reg, {
    host: s.proxy.host,
    login: { username: USER, password: SENTINEL },
    http: {
      sleep: async (ms, signal) => {
        signal?.throwIfAborted();
        waits.push(ms);
      },
    },
  });
  return { ...c, waits };
}

/** Runs `fn` with the `mode` setup and a fresh proxied client, closing the client afterwards. */
async function withClient(
  mode: RegistryMode,
  fn: (s: Setup, c: TestClient & { waits: number[] }) => Promise<void>,
): Promise<void> {
  const s = setup(mode);
  const c = await proxiedClient(s);
  try {
    await fn(s, c);
  } finally {
    await c.close();
  }
}

/** Awaits a rejection, checks it leaks no secret, and returns the error. */
const rejection = (promise: Promise<unknown>) => rejectionWithout(LEAKS, promise);

const layer = (s: Setup) => s.image.layers[0]!;
const blobPath = (s: Setup) => new RegExp(`/blobs/${layer(s).digest}$`);
const blobGets = (s: Setup): ProxyRequest[] =>
  s.proxy.requests.filter((r) => r.method === 'GET' && r.url.endsWith(`/blobs/${layer(s).digest}`));

async function download(
  c: TestClient,
  s: Setup,
  onRetry?: (info: { offset: number; error: unknown }) => void,
) {
  const { digest, size } = layer(s);
  return collect(
    c.client.getBlob({ repository: REPO, digest: digest as Digest, size, ...(onRetry ? { onRetry } : {}) }),
  );
}

interface RecoveryCase {
  name: string;
  rules: (path: RegExp) => FaultRuleInput[];
  /** GETs of the blob the proxy should see in all. */
  gets: number;
  check?: (c: { gets: ProxyRequest[]; waits: number[]; retries: Array<{ offset: number }> }) => void;
}

const recoveries: RecoveryCase[] = [
  {
    name: 'a connection dropped mid-blob is resumed with Range from the last byte received',
    rules: (path) => [{ method: 'GET', path, fault: { kind: 'drop-after', bytes: 300_000 } }],
    gets: 2,
    check: ({ gets, retries }) => {
      expect(gets[0]!.headers.range).toBeUndefined();
      expect(retries).toHaveLength(1);
      expect(retries[0]!.offset).toBeGreaterThan(0);
      expect(retries[0]!.offset).toBeLessThanOrEqual(300_000);
      expect(gets[1]!.headers.range).toBe(`bytes=${retries[0]!.offset}-`);
      expect(gets[1]!.status).toBe(206);
    },
  },
  {
    name: 'two drops in a row are both resumed',
    rules: (path) => [{ method: 'GET', path, fault: { kind: 'drop-after', bytes: 200_000 }, times: 2 }],
    gets: 3,
    check: ({ gets, retries }) => {
      expect(retries).toHaveLength(2);
      expect(retries[1]!.offset).toBeGreaterThan(retries[0]!.offset);
      expect(gets.slice(1).map((g) => g.headers.range)).toEqual(retries.map((r) => `bytes=${r.offset}-`));
    },
  },
  {
    name: 'a 500 and then a 503 on the blob GET are retried',
    rules: (path) => [
      { method: 'GET', path, fault: { kind: 'status', status: 500 } },
      { method: 'GET', path, fault: { kind: 'status', status: 503 } },
    ],
    gets: 3,
    check: ({ gets }) => expect(gets.map((g) => g.status)).toEqual([500, 503, 200]),
  },
  {
    name: 'a 429 with Retry-After: 1 is retried after waiting one second',
    rules: (path) => [
      { method: 'GET', path, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } },
    ],
    gets: 2,
    check: ({ gets, waits }) => {
      expect(gets.map((g) => g.status)).toEqual([429, 200]);
      expect(waits).toEqual([1000]);
    },
  },
  {
    name: 'a 429 with an HTTP-date Retry-After waits until that date',
    rules: (path) => [
      {
        method: 'GET',
        path,
        fault: {
          kind: 'status',
          status: 429,
          headers: { 'retry-after': new Date(Date.now() + 5_000).toUTCString() },
        },
      },
    ],
    gets: 2,
    check: ({ gets, waits }) => {
      expect(gets.map((g) => g.status)).toEqual([429, 200]);
      expect(waits).toHaveLength(1);
      // An HTTP date has one-second resolution and some time passes before the client reads it.
      expect(waits[0]).toBeGreaterThan(2_500);
      expect(waits[0]).toBeLessThanOrEqual(5_000);
    },
  },
];

describe('faults on a Basic-auth registry, through the fault proxy', () => {
  it.each(recoveries)('$name', async ({ rules, gets, check }) => {
    await withClient('basic', async (s, c) => {
      for (const rule of rules(blobPath(s))) s.proxy.add(rule);
      const retries: Array<{ offset: number }> = [];
      const bytes = await download(c, s, ({ offset }) => retries.push({ offset }));
      expect(digestOf(bytes)).toBe(layer(s).digest);
      expect(bytes.length).toBe(BIG);
      const seen = blobGets(s);
      expect(seen).toHaveLength(gets);
      check?.({ gets: seen, waits: c.waits, retries });
    });
  });

  it('a flipped byte in a blob fails the download with DigestMismatchError', async () => {
    await withClient('basic', async (s, c) => {
      s.proxy.add({ method: 'GET', path: blobPath(s), fault: { kind: 'flip-byte', offset: 123_456 } });
      let received = 0;
      const consume = async () => {
        for await (const chunk of c.client.getBlob({
          repository: REPO,
          digest: layer(s).digest as Digest,
          size: BIG,
        })) {
          received += chunk.byteLength;
        }
      };
      const err = await rejection(consume());
      expect(err).toBeInstanceOf(DigestMismatchError);
      expect((err as DigestMismatchError).expected).toBe(layer(s).digest);
      // The iterator threw instead of ending: the consumer saw every byte but never a clean end.
      expect(received).toBe(BIG);
      expect(blobGets(s)).toHaveLength(1);
    });
  });

  it('drops beyond the resume budget end in a clean error, not a hang or a wrong blob', async () => {
    await withClient('basic', async (s, c) => {
      s.proxy.add({
        method: 'GET',
        path: blobPath(s),
        fault: { kind: 'drop-after', bytes: 50_000 },
        times: Infinity,
      });
      const retries: number[] = [];
      const err = await rejection(download(c, s, ({ offset }) => retries.push(offset)));
      // The error names the download; the socket error stays in `cause`.
      const short = layer(s).digest.slice('sha256:'.length, 'sha256:'.length + 12);
      expect(err.message).toMatch(
        new RegExp(`^fetching blob ${short}: connection lost at byte \\d+ of ${BIG} after 5 resumes$`),
      );
      expect(err.cause).toBeInstanceOf(Error);
      const gets = blobGets(s);
      expect(retries).toHaveLength(5);
      expect(gets).toHaveLength(6);
      // Every resume continued where the previous attempt stopped.
      expect(gets.slice(1).map((g) => g.headers.range)).toEqual(retries.map((o) => `bytes=${o}-`));
    });
  });

  const manifestErrors: Array<{
    name: string;
    byDigest: boolean;
    rule: (s: Setup) => FaultRuleInput;
    error: RegExp | (new (...args: never[]) => Error);
  }> = [
    {
      name: 'a flipped byte in a manifest fetched by digest is a digest mismatch',
      byDigest: true,
      rule: () => ({ method: 'GET', path: /\/manifests\/sha256:/, fault: { kind: 'flip-byte', offset: 40 } }),
      error: DigestMismatchError,
    },
    {
      name: 'a flipped byte in a manifest fetched by tag is refused',
      byDigest: false,
      rule: () => ({ method: 'GET', path: /\/manifests\/v1$/, fault: { kind: 'flip-byte', offset: 40 } }),
      error: Error,
    },
    {
      name: 'a manifest by tag whose Docker-Content-Digest disagrees with its bytes is refused',
      byDigest: false,
      rule: (s) => {
        const other = { ...s.image.manifest, annotations: { 'org.example.forged': 'yes' } };
        return {
          method: 'GET',
          path: /\/manifests\/v1$/,
          fault: {
            kind: 'status',
            status: 200,
            headers: { 'content-type': MEDIA_TYPES.oci.manifest, 'docker-content-digest': s.image.digest },
            body: JSON.stringify(other),
          },
        };
      },
      error: /registry says sha256:[0-9a-f]{64} but the bytes hash to sha256:/,
    },
  ];

  it.each(manifestErrors)('$name', async ({ byDigest, rule, error }) => {
    await withClient('basic', async (s, c) => {
      s.proxy.add(rule(s));
      const reference = byDigest ? s.image.digest : 'v1';
      const err = await rejection(c.client.getManifest({ repository: REPO, reference }));
      if (error instanceof RegExp) expect(err.message).toMatch(error);
      else expect(err).toBeInstanceOf(error);
      expect(s.proxy.requests.filter((r) => r.fault !== undefined)).toHaveLength(1);
      // Without the fault the same read succeeds, so the error came from the fault alone.
      expect((await c.client.getManifest({ repository: REPO, reference })).digest).toBe(s.image.digest);
    });
  });
});

describe.each<{ mode: RegistryMode }>([{ mode: 'basic' }, { mode: 'token' }])(
  'blob GETs redirected to a second origin ($mode registry)',
  ({ mode }) => {
    it('downloads every blob and sends no credentials to the second origin', async () => {
      await withClient(mode, async (s, c) => {
        s.proxy.add({
          method: 'GET',
          path: /\/blobs\/sha256:/,
          fault: { kind: 'redirect', to: 'second-origin' },
          times: Infinity,
        });
        for (const blob of [s.image.config, ...s.image.layers]) {
          const bytes = await collect(
            c.client.getBlob({ repository: REPO, digest: blob.digest as Digest, size: blob.size }),
          );
          expect(digestOf(bytes)).toBe(blob.digest);
        }
        const redirected = s.proxy.requests.filter((r) => r.fault === 'redirect');
        expect(redirected).toHaveLength(3);
        // Credentials were in play on the registry's origin…
        const sent = redirected.map((r) => r.headers.authorization ?? '');
        expect(sent.every((a) => (mode === 'basic' ? /^Basic / : /^Bearer /).test(a))).toBe(true);
        // …and none of them followed the redirect.
        const second = s.proxy.secondOrigin.requests;
        expect(second.map((r) => r.status)).toEqual([200, 200, 200]);
        for (const r of second) {
          expect(r.authorization).toBeUndefined();
          expect(r.headers.authorization).toBeUndefined();
          expect(r.headers.cookie).toBeUndefined();
          const headers = JSON.stringify(r.headers);
          for (const secret of [...LEAKS, ...sent.map((a) => a.split(' ')[1]!)])
            expect(headers).not.toContain(secret);
        }
      });
    });
  },
);
