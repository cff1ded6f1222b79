/**
 * The tag list: the store (every page of 3000+ tags, order and filter, enrichment of a
 * multi-arch index and a single image with aliases found, concurrency bounded and work for
 * rows scrolled away cancelled, a local OCI layout's images) and the Tags screen at 80×24
 * (filter, sort, marks, yank), against real registries. 100 000 tags: `tags-100k.test.tsx`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImageName } from '../../src/registry/ref/index.js';
import { type BerthDeps, type BerthStore, createBerthStore } from '../../src/store/index.js';
import {
  type FaultProxy,
  type PushedImage,
  type PushedIndex,
  pushImage,
  pushIndex,
  pushTags,
  type RegistryInstance,
  randomLayer,
  sha256Digest,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { type ManifestProbe, probeManifests } from './manifest-probe.js';
import { KEYS, type RenderedApp, waitUntil } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { openTagsScreen, repositoryImage, versionTags } from './tag-list-kit.js';
import { untilState } from './until.js';

const CREATED = '2024-01-02T03:04:05Z';
const MANY = versionTags(3001);
const SHOWN = ['3.12.1', '3.12.1-slim', '3.12.0-alpine', 'latest', '1.25-alpine', 'v2.0.0-rc1'];

let reg: RegistryInstance;
let proxy: FaultProxy;
let single: PushedImage;
let multi: PushedIndex;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;
let current: BerthStore | undefined;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  const layers = [randomLayer({ size: 100, seed: 1 }), randomLayer({ size: 50, seed: 2 })];
  single = await pushImage(reg, {
    repository: 'lib/app',
    tag: 'single',
    layers,
    config: {
      architecture: 'arm64',
      os: 'linux',
      created: CREATED,
      config: {},
      rootfs: { type: 'layers', diff_ids: layers.map(sha256Digest) },
    },
  });
  await pushTags(reg, { repository: 'lib/app', tags: ['alias'], digest: single.digest });
  multi = await pushIndex(reg, {
    repository: 'lib/app',
    tag: 'multi',
    platforms: [
      { os: 'linux', architecture: 'arm64' },
      { os: 'linux', architecture: 'amd64' },
    ],
    layerSize: 70,
  });
  const many = await pushImage(reg, { repository: 'lib/many', layers: [{ size: 32, seed: 3 }] });
  await pushTags(reg, { repository: 'lib/many', tags: MANY, digest: many.digest, method: 'storage' });
  const shown = await pushImage(reg, { repository: 'lib/py', layers: [{ size: 2000, seed: 4 }] });
  await pushTags(reg, { repository: 'lib/py', tags: SHOWN, digest: shown.digest });
  proxy = await startFaultProxy({ target: reg.url, paginateTags: true });
});
afterAll(async () => {
  await proxy?.stop();
  await reg?.stop();
});
afterEach(async () => {
  // Opening a repository records it as recent: that write ends before the sandbox goes.
  if (current) await untilState(current, (s) => s.savedWrites === 0, 'the saved repositories written');
  current = undefined;
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

async function setUp(opts: { gate?: boolean } = {}): Promise<{ store: BerthStore; probe: ManifestProbe }> {
  sb = await makeTuiSandbox({ insecure: [reg.host, proxy.host] });
  const { deps, probe } = probeManifests(sb.deps, opts);
  current = createBerthStore(deps);
  return { store: current, probe };
}

/** The tags of the table's rows, top to bottom (the first word after the markers, under the header). */
function rowTags(frame: string): string[] {
  const lines = frame.split('\n');
  const header = lines.findIndex((l) => /^\s+TAG\s/.test(l));
  return lines
    .slice(header + 1)
    .map((l) => l.slice(2).split(/\s+/)[0] ?? '')
    .filter((t) => SHOWN.includes(t));
}

const repo = (host: string, repository: string): ImageName => repositoryImage(host, repository);
const shownTags = (s: BerthStore): string[] =>
  s.getState().tagRows.map((i) => s.getState().tags.items[i] ?? '');

describe('tag list (store)', () => {
  it('loads every page of 3001 tags, then sorts and filters them in the store', async () => {
    const { store } = await setUp();
    await store.getState().loadTags(repo(proxy.host, 'lib/many'));
    const s = store.getState();
    expect(s.tags).toMatchObject({
      status: 'ready',
      complete: true,
      source: `docker://${proxy.host}/lib/many`,
    });
    expect(s.tags.items).toHaveLength(3001);
    expect(new Set(s.tags.items)).toEqual(new Set(MANY));
    expect(proxy.requests.filter((r) => r.url.includes('/lib/many/tags/list'))).toHaveLength(4);

    expect(shownTags(store)).toEqual([...MANY].sort());
    store.getState().setTagSort('version');
    const byVersion = shownTags(store);
    // versionTags(3001): latest, then 0.b.c (some with a v) in 8 variants; -rc1 is a pre-release.
    expect(byVersion.slice(0, 4)).toEqual(['latest', '0.18.14', '0.18.14-rc1', '0.18.13']);
    expect(byVersion.indexOf('0.18.14-slim')).toBeGreaterThan(byVersion.indexOf('v0.0.0'));
    expect(byVersion.indexOf('v0.18.10')).toBe(byVersion.indexOf('0.18.11-rc1') + 1);

    store.getState().setTagFilter('7.9 slim');
    const filtered = shownTags(store);
    const subsequence = (t: string, q: string) =>
      new RegExp([...q].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')).test(t);
    expect(filtered).toEqual(byVersion.filter((t) => subsequence(t, '7.9') && subsequence(t, 'slim')));
    expect(filtered.length).toBeGreaterThan(0);
    store.getState().setTagFilter('');
    expect(shownTags(store)).toEqual(byVersion);
  });

  it('enriches a multi-arch index and a single image, finding aliases and reading each digest once', async () => {
    const { store, probe } = await setUp();
    await store.getState().loadTags(repo(reg.host, 'lib/app'));
    expect(shownTags(store)).toEqual(['alias', 'multi', 'single']);
    store.getState().enrichTags(['multi', 'single', 'alias']);
    const s = await untilState(
      store,
      (x) =>
        x.tagEnrichment.details.size === 2 &&
        [...x.tagEnrichment.details.values()].every((d) => d.status === 'ready'),
      'both digests described',
    );
    const e = s.tagEnrichment;
    expect(e.digests.get('single')).toEqual({ status: 'ready', value: single.digest });
    expect(e.digests.get('alias')).toEqual({ status: 'ready', value: single.digest });
    expect(e.digests.get('multi')).toEqual({ status: 'ready', value: multi.digest });
    expect(e.details.get(single.digest as never)).toEqual({
      status: 'ready',
      value: {
        kind: 'image',
        mediaType: single.mediaType,
        platforms: ['linux/arm64'],
        size: 150,
        created: Date.parse(CREATED),
      },
    });
    expect(e.details.get(multi.digest as never)).toEqual({
      status: 'ready',
      value: {
        kind: 'index',
        mediaType: multi.mediaType,
        platforms: ['linux/arm64', 'linux/amd64'],
        size: 70,
        created: undefined,
      },
    });
    expect([...(e.aliases.get(single.digest as never) ?? [])].sort()).toEqual(['alias', 'single']);
    // Aliases share one read of the manifest; the index reads its linux/amd64 child.
    expect(probe.gets.filter((g) => g === single.digest)).toHaveLength(1);
    expect(probe.gets.filter((g) => g === multi.images[1]?.digest)).toHaveLength(1);
    expect(probe.heads.sort()).toEqual(['alias', 'multi', 'single']);
  });

  it('runs at most four HEADs at once and cancels the work of rows scrolled away', async () => {
    const { store, probe } = await setUp({ gate: true });
    await store.getState().loadTags(repo(reg.host, 'lib/many'));
    const rows = shownTags(store);
    const first = rows.slice(0, 10);
    store.getState().enrichTags(first);
    await waitUntil(
      () => probe.inflight === 4,
      () => `4 HEADs in flight, not ${probe.inflight}`,
    );
    await untilState(
      store,
      (s) => first.every((t) => s.tagEnrichment.digests.get(t)?.status === 'loading'),
      'rows loading',
    );
    expect(probe.heads).toEqual(first.slice(0, 4));

    const later = rows.slice(100, 103);
    store.getState().enrichTags(later);
    await waitUntil(
      () => probe.aborted.length === 4,
      () => `the 4 HEADs in flight aborted, not ${probe.aborted.length}`,
    );
    expect(probe.aborted.sort()).toEqual(first.slice(0, 4).sort());
    await untilState(
      store,
      (s) => first.every((t) => !s.tagEnrichment.digests.has(t)),
      'scrolled-away rows forgotten',
    );

    probe.release();
    const s = await untilState(
      store,
      (x) =>
        later.every((t) => x.tagEnrichment.digests.get(t)?.status === 'ready') &&
        x.tagEnrichment.details.size === 1 &&
        [...x.tagEnrichment.details.values()][0]?.status === 'ready',
      'the new rows enriched',
    );
    expect(probe.maxInflight).toBe(4);
    expect(probe.heads.slice(4).sort()).toEqual([...later].sort());
    // 3 tags on one digest: one manifest read.
    expect(probe.gets).toHaveLength(1);
    expect([...(s.tagEnrichment.aliases.values().next().value ?? [])].sort()).toEqual([...later].sort());
  });

  it("lists a local layout's images as tags and enriches them from the layout", async () => {
    const { store } = await setUp();
    const dir = await mkdtemp(join(tmpdir(), 'berth-tags-layout-'));
    try {
      const deps = sb?.deps as BerthDeps;
      const registryClient = (r: string) => deps.clientFor(r);
      for (const tag of ['multi', 'single']) {
        const source = await deps.openSource(
          { transport: 'docker', ref: { registry: reg.host, repository: 'lib/app', tag } },
          { registryClient },
        );
        const destination = await deps.openDestination({ transport: 'oci', path: dir, image: tag }, {});
        await deps.copyImage({ source, destination, platforms: 'all', preserveDigests: true });
        await source.close();
      }
      const layout: ImageName = { transport: 'oci', path: dir };
      await store.getState().loadTags(layout);
      expect(store.getState().tags).toMatchObject({
        status: 'ready',
        complete: true,
        items: ['multi', 'single'],
      });
      store.getState().enrichTags(['multi', 'single']);
      const s = await untilState(
        store,
        (x) => [...x.tagEnrichment.details.values()].filter((d) => d.status === 'ready').length === 2,
        'the layout images described',
      );
      expect(s.tagEnrichment.digests.get('single')).toEqual({ status: 'ready', value: single.digest });
      const details = s.tagEnrichment.details.get(multi.digest as never);
      expect(details?.status === 'ready' && details.value.platforms).toEqual(['linux/arm64', 'linux/amd64']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('marks tags for copy and delete, and forgets the marks with the list', async () => {
    const { store } = await setUp();
    await store.getState().loadTags(repo(reg.host, 'lib/app'));
    store.getState().toggleTagMark('multi');
    store.getState().toggleTagMark('single');
    store.getState().toggleTagMark('multi');
    expect([...store.getState().markedTags]).toEqual(['single']);
    await store.getState().loadTags(repo(reg.host, 'lib/py'));
    expect(store.getState().markedTags.size).toBe(0);
  });
});

describe('tags screen', () => {
  it('filters, sorts, marks and copies references at 80×24', async () => {
    const { store } = await setUp();
    app = await openTagsScreen(store, repo(reg.host, 'lib/py'));
    const first = await app.waitFor(/1\.25-alpine\s+linux\/amd64\s+2\.0 KiB/);
    expect(first).toContain('Tags 6 by name');
    expect(first).toMatch(/TAG\s+PLATFORMS\s+SIZE\s+CREATED\s+ALIASES/);
    expect(first.split('\n')).toHaveLength(23);
    expect(first).toMatch(/> 1\.25-alpine\s+linux\/amd64\s+2\.0 KiB\s+= /);

    const sorted = await app.pressUntil('s', 'Tags 6 by version');
    expect(rowTags(sorted)).toEqual([
      'latest',
      '3.12.1',
      'v2.0.0-rc1',
      '3.12.0-alpine',
      '1.25-alpine',
      '3.12.1-slim',
    ]);
    // The cursor stayed on its tag.
    expect(sorted).toMatch(/> 1\.25-alpine/);

    await app.press('/');
    const filtered = await app.type('slim');
    expect(filtered).toContain('/slim');
    expect(filtered).toContain('1/6');
    expect(filtered).toMatch(/> 3\.12\.1-slim/);
    expect(rowTags(filtered)).toEqual(['3.12.1-slim']);
    await app.press(KEYS.enter);

    await app.press(KEYS.space);
    expect(app.lastFrame()).toContain('1 marked');
    expect(app.lastFrame()).toMatch(/>\*3\.12\.1-slim/);
    expect([...store.getState().markedTags]).toEqual(['3.12.1-slim']);
    await app.pressUntil('y', 'copied:');
    expect(app.copied).toEqual([`${reg.host}/lib/py:3.12.1-slim`]);

    // Esc clears the filter, then goes back.
    expect(await app.press(KEYS.escape)).toContain('Tags 6 by version');
    await app.press(KEYS.escape);
    expect(store.getState().stack.at(-1)).toEqual({ screen: 'registries' });
  });

  it('Enter opens the image of the tag', async () => {
    const { store } = await setUp();
    app = await openTagsScreen(store, repo(reg.host, 'lib/app'));
    await app.press(KEYS.down);
    app.write(KEYS.enter);
    const s = await untilState(store, (x) => x.stack.length === 3, 'the image screen');
    expect(s.stack.at(-1)).toEqual({
      screen: 'image',
      image: { transport: 'docker', ref: { registry: reg.host, repository: 'lib/app', tag: 'multi' } },
    });
  });
});
