/**
 * The repositories of a registry, three ways: a catalog of 1500 repositories paged as the
 * cursor nears the end, Docker Hub's search (against a fake search endpoint on loopback),
 * and a catalog refused with 401, where a repository is typed by name and bookmarks and
 * recent repositories are saved between runs. The store is tested by calling actions, the
 * screen at 80×24 by keys and frames.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { searchHub } from '../../src/registry/remote/index.js';
import { type BerthDeps, type BerthStore, createBerthStore } from '../../src/store/index.js';
import {
  type FaultProxy,
  pushImage,
  type RegistryInstance,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { cloneRepository } from '../integration/clone-repository.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

const CLONES = Array.from({ length: 1499 }, (_, i) => `team/r${String(i).padStart(4, '0')}`);
const HUB = [
  { name: 'nginx', description: 'Official build of Nginx.', star_count: 20000, is_official: true },
  { name: 'bitnami/nginx', description: 'Bitnami nginx', star_count: 190, is_official: false },
  { name: 'redis', description: 'Redis is an in-memory store', star_count: 12000, is_official: true },
];

let reg: RegistryInstance;
let refused: FaultProxy;
let hub: Server;
let hubUrl: string;
const hubQueries: string[] = [];
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;
let store: BerthStore | undefined;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  await pushImage(reg, { repository: 'base/app', tag: '1', layers: [{ size: 16, seed: 1 }] });
  await cloneRepository(reg, { from: 'base/app', names: CLONES });
  refused = await startFaultProxy({ target: reg.url });
  refused.add({
    path: /^\/v2\/_catalog/,
    fault: { kind: 'status', status: 401 },
    times: Number.POSITIVE_INFINITY,
  });
  hub = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const q = url.searchParams.get('q') ?? '';
    hubQueries.push(q);
    const results = url.pathname === '/v1/search' ? HUB.filter((r) => r.name.includes(q)) : [];
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ num_results: results.length, query: q, results }));
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/v1/search`;
});
afterAll(async () => {
  hub?.closeAllConnections();
  await new Promise((resolve) => hub?.close(resolve));
  await refused?.stop();
  await reg?.stop();
});
afterEach(async () => {
  // What the user saved is written before the sandbox goes.
  if (store) await untilState(store, (s) => s.savedWrites === 0, 'the saved repositories written');
  store = undefined;
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

/** A store on a fresh sandbox; Docker Hub searches go to the fake, and docker.io has no network. */
async function setUp(): Promise<BerthStore> {
  sb = await makeTuiSandbox({ insecure: [reg.host, refused.host] });
  const real = sb.deps;
  const deps: BerthDeps = {
    ...real,
    searchHub: (o) => searchHub(real.http, { ...o, endpoint: hubUrl }),
    clientFor(registry, req) {
      if (registry === 'docker.io') throw new Error('docker.io is not reachable from the tests');
      return real.clientFor(registry, req);
    },
  };
  store = createBerthStore(deps);
  return store;
}

describe('repositories (store)', () => {
  it('pages the catalog: the first 1000, then the rest when asked', async () => {
    const store = await setUp();
    await store.getState().loadRepositories(reg.host);
    let s = store.getState();
    expect(s.repositoryMode).toEqual({ registry: reg.host, mode: 'catalog' });
    expect(s.repositories).toMatchObject({ status: 'ready', complete: false });
    expect(s.repositories.items).toHaveLength(1000);
    expect(s.repositories.items[0]).toBe('base/app');
    await store.getState().loadMoreRepositories();
    // A page shorter than asked for, without a next link: the list is complete with it.
    s = store.getState();
    expect(s.repositories.items).toEqual(['base/app', ...CLONES]);
    expect(s.repositories).toMatchObject({ status: 'ready', complete: true });
  });

  it('without a catalog, saves bookmarks and the repositories opened, for the next run', async () => {
    const store = await setUp();
    await store.getState().loadRepositories(refused.host);
    expect(store.getState().repositoryMode).toMatchObject({ registry: refused.host, mode: 'manual' });
    expect(store.getState().repositoryMode?.reason).toMatch(/401/);

    await store.getState().toggleBookmark(refused.host, 'team/r0007');
    await store
      .getState()
      .loadTags({ transport: 'docker', ref: { registry: refused.host, repository: 'base/app' } });
    expect(store.getState().tags.items).toEqual(['1']);
    const s = await untilState(
      store,
      (x) => x.savedRepositories.recent.length === 1,
      'the recent repository',
    );
    expect(s.savedRepositories).toMatchObject({ registry: refused.host, bookmarks: ['team/r0007'] });
    expect(s.savedRepositories.recent[0]?.repository).toBe('base/app');

    const file = JSON.parse(
      await readFile(sb?.recentFile.replace('recent.json', 'repositories.json') ?? '', 'utf8'),
    );
    expect(file.registries[refused.host].bookmarks).toEqual(['team/r0007']);
    const next = createBerthStore(sb?.deps as BerthDeps);
    await next.getState().loadSavedRepositories(refused.host);
    expect(next.getState().savedRepositories.bookmarks).toEqual(['team/r0007']);
    await store.getState().toggleBookmark(refused.host, 'team/r0007');
    expect(store.getState().savedRepositories.bookmarks).toEqual([]);
  });

  it('searches Docker Hub instead of listing a catalog; the newest search wins', async () => {
    const store = await setUp();
    await store.getState().loadRepositories('docker.io');
    expect(store.getState().repositoryMode).toEqual({ registry: 'docker.io', mode: 'hub' });
    expect(store.getState().repositories).toMatchObject({ source: 'docker.io', complete: true, items: [] });
    await Promise.all([store.getState().searchHub('re'), store.getState().searchHub('nginx')]);
    const s = store.getState().hubSearch;
    expect(s).toMatchObject({ term: 'nginx', status: 'ready' });
    expect(s.results.map((r) => [r.name, r.stars, r.official])).toEqual([
      ['nginx', 20000, true],
      ['bitnami/nginx', 190, false],
    ]);
    expect(hubQueries).toContain('nginx');
  });
});

describe('repositories screen', () => {
  it('pages the catalog as the cursor nears the end, filters with fzf, bookmarks and opens', async () => {
    const store = await setUp();
    store.getState().openRegistry(reg.host);
    app = await renderApp(store, { columns: 80, rows: 24 });
    const first = await app.waitFor('Repositories 1000+');
    expect(first).toContain('> base/app');
    expect(first.split('\n')).toHaveLength(23);

    await app.pressUntil('G', 'Repositories 1500');
    expect(app.lastFrame()).toContain('> team/r0998');
    expect(await app.press('G')).toContain('> team/r1498');

    await app.press('/');
    const filtered = await app.type('bas');
    expect(filtered).toContain('/bas');
    expect(filtered).toContain('1/1500');
    expect(filtered).toContain('> base/app');
    await app.press(KEYS.enter);
    const marked = await app.pressUntil('b', 'bookmarked base/app');
    expect(marked).toContain('>*base/app');

    await app.pressUntil(KEYS.enter, /Tags 1 by name/);
    expect(store.getState().stack.at(-1)).toEqual({
      screen: 'tags',
      image: { transport: 'docker', ref: { registry: reg.host, repository: 'base/app' } },
    });
  });

  it('searches Docker Hub as the term is typed and opens a result', async () => {
    const store = await setUp();
    store.getState().openRegistry('docker.io');
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('search Docker Hub:');
    await app.type('ngin');
    const found = await app.waitFor(/2 found\n/);
    expect(found).toMatch(/> nginx\s+20000 official\s+Official build of Nginx\./);
    expect(found).toMatch(/ {2}bitnami\/nginx\s+190\s+Bitnami nginx/);

    await app.press(KEYS.enter);
    await app.pressUntil(KEYS.enter, 'Cannot list the tags');
    expect(store.getState().stack.at(-1)).toEqual({
      screen: 'tags',
      image: { transport: 'docker', ref: { registry: 'docker.io', repository: 'library/nginx' } },
    });
  });

  it('where the catalog is refused, opens a typed repository and lists it as recent', async () => {
    const store = await setUp();
    store.getState().openRegistry(refused.host);
    app = await renderApp(store, { columns: 80, rows: 24 });
    const prompt = await app.waitFor('repository:');
    expect(prompt).toContain('no catalog (');
    await app.type('base/app');
    expect(await app.waitFor(/> base\/app\s+open/)).toContain('repository: base/app');

    await app.press(KEYS.enter);
    await app.pressUntil(KEYS.enter, /Tags 1 by name/);
    await app.pressUntil(KEYS.escape, /> base\/app\s+recent/);
    const bookmarked = await app.pressUntil('b', /base\/app\s+bookmark/);
    expect(bookmarked).toContain('>*base/app');
  });
});
