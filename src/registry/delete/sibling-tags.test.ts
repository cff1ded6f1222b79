import { describe, expect, it } from 'vitest';
import { type Digest, digestOf } from '../digest/index.js';
import { RegistryError } from '../http/index.js';
import { findSiblingTags, findTagsByDigest } from './sibling-tags.js';

const A = digestOf('manifest a');
const B = digestOf('manifest b');

/** A client over an in-memory tag → digest map that counts HEADs and concurrency. */
function fakeClient(
  tags: Record<string, Digest>,
  opts: { pages?: number; headError?: string; missingRepo?: boolean } = {},
) {
  let inFlight = 0;
  let maxInFlight = 0;
  let heads = 0;
  const client = {
    async *listTagPages() {
      if (opts.missingRepo) {
        throw new RegistryError({
          status: 404,
          method: 'GET',
          url: 'https://r/v2/x/tags/list',
          errors: [{ code: 'NAME_UNKNOWN', message: '' }],
        });
      }
      const all = Object.keys(tags);
      const size = Math.ceil(all.length / (opts.pages ?? 1)) || 1;
      for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
    },
    async headManifest({ reference }: { reference: string }) {
      heads++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      inFlight--;
      if (reference === opts.headError) throw new Error('HEAD failed');
      const digest = tags[reference];
      return digest ? { digest, mediaType: 'x', size: 1 } : undefined;
    },
  };
  return {
    client: client as unknown as Parameters<typeof findSiblingTags>[0]['client'],
    stats: () => ({ heads, maxInFlight }),
  };
}

describe('findSiblingTags', () => {
  it.each<{ name: string; tags: Record<string, Digest>; exclude: string | undefined; want: string[] }>([
    {
      name: 'other tags of the same digest, sorted',
      tags: { v2: A, a: A, b: B, latest: A },
      exclude: 'a',
      want: ['latest', 'v2'],
    },
    { name: 'none', tags: { a: A, b: B }, exclude: 'a', want: [] },
    { name: 'by digest: every tag counts', tags: { a: A, b: A, c: B }, exclude: undefined, want: ['a', 'b'] },
  ])('$name', async ({ tags, exclude, want }) => {
    const { client } = fakeClient(tags, { pages: 2 });
    const r = await findSiblingTags({ client, repository: 'x', digest: A, ...(exclude ? { exclude } : {}) });
    expect(r).toEqual({ kind: 'found', tags: want });
  });

  it('bounds the HEAD requests in flight', async () => {
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, i % 2 ? A : B]));
    const { client, stats } = fakeClient(tags);
    const r = await findSiblingTags({ client, repository: 'x', digest: A, concurrency: 4 });
    expect(r.kind === 'found' && r.tags.length).toBe(25);
    expect(stats()).toEqual({ heads: 50, maxInFlight: 4 });
  });

  it('does not walk a repository with more tags than the limit', async () => {
    const tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, A]));
    const { client, stats } = fakeClient(tags, { pages: 3 });
    expect(await findSiblingTags({ client, repository: 'x', digest: A, limit: 10 })).toEqual({
      kind: 'too-many',
      limit: 10,
    });
    expect(stats().heads).toBe(0);
  });

  it('treats a repository without tags as having none', async () => {
    const { client } = fakeClient({}, { missingRepo: true });
    expect(await findSiblingTags({ client, repository: 'x', digest: A })).toEqual({
      kind: 'found',
      tags: [],
    });
  });

  it('rejects when a HEAD fails, after the other workers stopped', async () => {
    const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, A]));
    const { client, stats } = fakeClient(tags, { headError: 't3' });
    await expect(findSiblingTags({ client, repository: 'x', digest: A, concurrency: 2 })).rejects.toThrow(
      'HEAD failed',
    );
    const after = stats().heads;
    await Promise.resolve();
    expect(stats().heads).toBe(after);
    expect(after).toBeLessThan(20);
  });
});

describe('findTagsByDigest', () => {
  it('groups the tags of several digests, skipping the excluded ones, and reports progress', async () => {
    const C = digestOf('manifest c');
    const { client } = fakeClient({ a: A, a2: A, b: B, b2: B, c: C }, { pages: 2 });
    const progress: Array<[number, number]> = [];
    const r = await findTagsByDigest({
      client,
      repository: 'x',
      digests: [A, B],
      exclude: ['a'],
      concurrency: 1,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(r.kind === 'found' && Object.fromEntries(r.tags)).toEqual({ [A]: ['a2'], [B]: ['b', 'b2'] });
    expect(progress).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });
});
