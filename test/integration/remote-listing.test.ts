/**
 * Tag lists and `_catalog` at scale on real distribution servers: 3000+ tags walked page
 * by page through `Link` headers, 1500+ repositories in plain and token mode, and the
 * limits that keep a hostile listing in check (no `Link` to another origin, a page cap).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../../src/registry/http/index.js';
import {
  type FaultProxy,
  type PushedImage,
  pushImage,
  pushTags,
  type RegistryInstance,
  type RegistryMode,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { clientFor, type TestClient } from './client-for.js';
import { cloneRepository } from './clone-repository.js';

const TAG_COUNT = 3000;
const REPO_COUNT = 1500;
const LOGIN = { username: 'alice', password: 'alice-listing-pw' };

async function using<T>(client: Promise<TestClient>, fn: (c: TestClient) => Promise<T>): Promise<T> {
  const c = await client;
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

async function collectPages(pages: AsyncIterable<string[]>): Promise<string[][]> {
  const all: string[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('3000+ tags', () => {
  let reg: RegistryInstance;
  let proxy: FaultProxy;
  const tags = Array.from({ length: TAG_COUNT }, (_, i) => `t${String(i).padStart(4, '0')}`);
  const expected = new Set(['v1', ...tags]);

  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
    // distribution 2.8 ignores `n` on tag lists; the proxy paginates the way distribution 3 does.
    proxy = await startFaultProxy({ target: reg.url, paginateTags: true });
    const image = await pushImage(reg, {
      repository: 'many/tags',
      tag: 'v1',
      layers: [{ size: 64, seed: 1 }],
    });
    await pushTags(reg, { repository: 'many/tags', tags, digest: image.digest, method: 'storage' });
  });
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });

  it('walks every page through Link headers with pageSize 100', async () => {
    const pages = await using(clientFor(reg, { host: proxy.host }), ({ client }) =>
      collectPages(client.listTagPages({ repository: 'many/tags', pageSize: 100 })),
    );
    const listed = pages.flat();
    expect(listed).toHaveLength(expected.size);
    expect(new Set(listed)).toEqual(expected);
    expect(pages.length).toBe(Math.ceil(expected.size / 100));
    expect(pages.every((p) => p.length > 0 && p.length <= 100)).toBe(true);

    const requests = proxy.requests.filter((r) => r.method === 'GET' && r.url.includes('/tags/list'));
    expect(requests.length).toBeGreaterThanOrEqual(30);
    expect(requests).toHaveLength(pages.length);
    expect(requests[0]!.url).toBe('/v2/many/tags/tags/list?n=100');
    // Each later request is the previous answer's Link: it resumes after that page's last tag.
    for (const [i, r] of requests.slice(1).entries()) {
      const query = new URL(r.url, proxy.url).searchParams;
      expect(query.get('last')).toBe(pages[i]!.at(-1));
      expect(query.get('n')).toBe('100');
    }
  });

  it('gets every tag from the registry itself, which answers in one page', async () => {
    const pages = await using(clientFor(reg), ({ client }) =>
      collectPages(client.listTagPages({ repository: 'many/tags', pageSize: 100 })),
    );
    expect(pages).toHaveLength(1);
    expect(new Set(pages[0])).toEqual(expected);
    expect(pages[0]).toHaveLength(expected.size);
  });
});

describe.each<{ mode: RegistryMode }>([{ mode: 'plain' }, { mode: 'token' }])(
  '1500+ repositories ($mode registry)',
  ({ mode }) => {
    let reg: RegistryInstance;
    let image: PushedImage;
    const names = Array.from({ length: REPO_COUNT }, (_, i) => `fleet/r${String(i).padStart(4, '0')}`);
    const expected = new Set(['fleet/seed', ...names]);
    const login = mode === 'token' ? { login: LOGIN } : {};

    beforeAll(async () => {
      reg = await startRegistry({
        mode,
        ...(mode === 'token' ? { users: { [LOGIN.username]: LOGIN.password } } : {}),
      });
      image = await pushImage(reg, { repository: 'fleet/seed', tag: 'v1', layers: [{ size: 64, seed: 2 }] });
      await cloneRepository(reg, { from: 'fleet/seed', names });
    });
    afterAll(async () => reg?.stop());

    it('clones are real repositories: their manifest and blobs resolve', async () => {
      await using(clientFor(reg, login), async ({ client }) => {
        for (const repository of ['fleet/r0000', 'fleet/r0777', 'fleet/r1499']) {
          const head = await client.headManifest({ repository, reference: 'v1' });
          expect(head?.digest).toBe(image.digest);
          expect(await client.headBlob({ repository, digest: image.layers[0]!.digest as never })).toEqual({
            size: 64,
          });
        }
      });
    });

    it('lists every repository in pages of at most 100', async () => {
      const pages = await using(clientFor(reg, login), ({ client }) =>
        collectPages(client.listRepositoryPages({ pageSize: 100 })),
      );
      const listed = pages.flat();
      expect(pages.length).toBeGreaterThanOrEqual(15);
      expect(pages.length).toBe(Math.ceil(expected.size / 100));
      expect(pages.every((p) => p.length > 0 && p.length <= 100)).toBe(true);
      expect(listed).toHaveLength(expected.size);
      expect(new Set(listed)).toEqual(expected);
    });

    it('listRepositories returns the same set as the pages', async () => {
      const all = await using(clientFor(reg, login), ({ client }) =>
        client.listRepositories({ pageSize: 100 }),
      );
      expect(new Set(all)).toEqual(expected);
    });

    if (mode === 'token') {
      it('refuses the catalog to an anonymous caller (no registry:catalog:* scope)', async () => {
        const err = await using(clientFor(reg), ({ client }) =>
          client.listRepositories({ pageSize: 100 }).then(
            () => undefined,
            (e: unknown) => e,
          ),
        );
        expect(err).toBeInstanceOf(RegistryError);
        expect((err as RegistryError).status).toBe(401);
      });
    }
  },
);

describe('hostile listings', () => {
  let reg: RegistryInstance;
  let proxy: FaultProxy;

  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
    proxy = await startFaultProxy({ target: reg.url });
    await pushImage(reg, { repository: 'hostile/app', tag: 'v1', layers: [{ size: 64, seed: 3 }] });
  });
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });
  beforeEach(() => proxy.reset());

  const listings = [
    {
      name: 'catalog',
      path: /^\/v2\/_catalog/,
      key: 'repositories',
      list: (c: TestClient, maxPages?: number) =>
        c.client.listRepositories({ pageSize: 2, ...(maxPages ? { maxPages } : {}) }),
      next: '/v2/_catalog?last=b&n=2',
    },
    {
      name: 'tag list',
      path: /^\/v2\/hostile\/app\/tags\/list/,
      key: 'tags',
      list: (c: TestClient, maxPages?: number) =>
        c.client.listTags({ repository: 'hostile/app', pageSize: 2, ...(maxPages ? { maxPages } : {}) }),
      next: '/v2/hostile/app/tags/list?last=b&n=2',
    },
  ];

  /** A 200 page with the given Link, as a lying registry (or something in front of it) would send. */
  const page = (key: string, link: string) => ({
    kind: 'status' as const,
    status: 200,
    headers: { link: `<${link}>; rel="next"` },
    body: JSON.stringify({ name: 'hostile/app', [key]: ['a', 'b'] }),
  });

  it.each(listings)(
    '$name: a Link to another origin is refused and never requested',
    async ({ path, key, list, next }) => {
      proxy.add({ method: 'GET', path, fault: page(key, `${proxy.secondOrigin.url}${next}`) });
      const err = await using(clientFor(reg, { host: proxy.host }), (c) =>
        list(c).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/refusing pagination link to another origin/);
      expect(proxy.requests.filter((r) => path.test(r.url))).toHaveLength(1);
      expect(proxy.secondOrigin.requests).toEqual([]);
    },
  );

  it.each(listings)('$name: a never-ending listing stops at maxPages', async ({ path, key, list, next }) => {
    proxy.add({ method: 'GET', path, fault: page(key, next), times: Infinity });
    const err = await using(clientFor(reg, { host: proxy.host }), (c) =>
      list(c, 5).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/more than 5 pages/);
    expect(proxy.requests.filter((r) => path.test(r.url))).toHaveLength(5);
  });

  it.each(listings)(
    '$name: a relative Link on the same origin is followed',
    async ({ path, key, list, next }) => {
      proxy.add({ method: 'GET', path, fault: page(key, next) });
      proxy.add({
        method: 'GET',
        path,
        fault: { kind: 'status', status: 200, body: JSON.stringify({ name: 'hostile/app', [key]: ['c'] }) },
      });
      const listed = await using(clientFor(reg, { host: proxy.host }), (c) => list(c));
      expect(listed).toEqual(['a', 'b', 'c']);
      expect(proxy.requests.filter((r) => path.test(r.url)).map((r) => r.url)).toEqual([
        expect.stringMatching(/[?&]n=2\b/),
        next,
      ]);
    },
  );
});
