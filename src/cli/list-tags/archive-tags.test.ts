import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveTagListing, readArchiveItems } from './archive-tags.js';

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('docker-archive tag listing', () => {
  // Expected listings are what skopeo 1.9.3 printed for archives with these manifest.json items.
  it.each([
    {
      name: 'tags as written, @N for untagged images, first spelling for duplicates',
      items: [['busybox:latest', 'foo/bar:1'], [], ['docker.io/library/busybox:latest', 'x:y'], []],
      listing: ['busybox:latest', 'foo/bar:1', '@1', 'busybox:latest', 'x:y', '@3'],
    },
    { name: 'no images', items: [], listing: null },
    { name: 'one untagged image', items: [[]], listing: ['@0'] },
  ])('$name', ({ items, listing }) => {
    expect(archiveTagListing(items.map((repoTags) => ({ repoTags })))).toEqual(listing);
  });

  it.each([
    {
      name: 'a name without a tag',
      tags: ['busybox'],
      error: 'Invalid tag busybox (docker.io/library/busybox): does not contain a tag',
    },
    { name: 'a digest', tags: [`a@sha256:${'0'.repeat(64)}`], error: /does not contain a tag/ },
    { name: 'an invalid reference', tags: ['Bad:x'], error: /Invalid tag "Bad:x" in manifest item @0/ },
  ])('refuses $name', ({ tags, error }) => {
    expect(() => archiveTagListing([{ repoTags: tags }])).toThrow(error);
  });

  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-archive-tags-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const manifest = JSON.stringify([
    { Config: 'c.json', RepoTags: ['a:1'], Layers: [] },
    { Config: 'c.json', RepoTags: null, Layers: [] },
  ]);

  it.each([
    { name: 'plain tar', build: () => tarOf({ 'layer.tar': 'x', 'manifest.json': manifest }) },
    { name: 'gzip-compressed tar', build: async () => gzipSync(await tarOf({ 'manifest.json': manifest })) },
    { name: './ prefixed names', build: () => tarOf({ './manifest.json': manifest }) },
  ])('reads manifest.json from a $name', async ({ name, build }) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.tar`);
    await writeFile(path, await build());
    expect(await readArchiveItems({ path })).toEqual([{ repoTags: ['a:1'] }, { repoTags: [] }]);
  });

  it.each<{ name: string; files: Record<string, string>; error: RegExp }>([
    { name: 'no manifest.json', files: { 'other.json': '[]' }, error: /has no manifest\.json/ },
    { name: 'manifest.json not a list', files: { 'manifest.json': '{}' }, error: /is not a list/ },
    {
      name: 'RepoTags not strings',
      files: { 'manifest.json': '[{"RepoTags":[1]}]' },
      error: /RepoTags is not a list of strings/,
    },
  ])('refuses an archive with $name', async ({ name, files, error }) => {
    const path = join(dir, `bad-${name.replace(/\W+/g, '-')}.tar`);
    await writeFile(path, await tarOf(files));
    await expect(readArchiveItems({ path })).rejects.toThrow(error);
  });

  it('fails on a missing file', async () => {
    await expect(readArchiveItems({ path: join(dir, 'nope.tar') })).rejects.toThrow(/ENOENT/);
  });
});
