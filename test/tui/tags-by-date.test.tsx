/**
 * Date order against a real registry: choosing it looks up the dates of every tag in the
 * background, including tags never shown, so the whole list ends up newest first (tags
 * without a date last, by name); the lookups are capped, stop with the order, the screen or
 * Ctrl-C, and spare a registry's pull limit; the Tags screen says what is known.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BerthStore, createBerthStore } from '../../src/store/index.js';
import { DATE_LOOKUP_LIMIT } from '../../src/store/tag-dates.js';
import {
  pushImage,
  pushIndex,
  pushTags,
  type RegistryInstance,
  randomLayer,
  sha256Digest,
  startRegistry,
} from '../harness/index.js';
import { type ManifestProbe, probeManifests } from './manifest-probe.js';
import type { RenderedApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { openTagsScreen, repositoryImage, versionTags } from './tag-list-kit.js';
import { untilState } from './until.js';

/** 24 images created a day apart, tagged so that name order is not date order. */
const DATED = Array.from({ length: 24 }, (_, i) => ({
  tag: `t${String((i * 7) % 24).padStart(2, '0')}`,
  created: Date.UTC(2024, 0, 1 + i),
}));
/** Aliases of one dated image: equal dates, ordered by name. */
const ALIASES = { of: 10, tags: ['same-b', 'same-a'] };
/** Tags without a date: an index without a linux/amd64 image, an image whose config has none. */
const UNDATED = { index: 'x-index', image: ['x-nodate-b', 'x-nodate-a'] };
const DATED_COUNT = DATED.length + ALIASES.tags.length;
const ALL_COUNT = DATED_COUNT + 1 + UNDATED.image.length;

/** Date order worked out from the fixture: newest first, ties and undated tags by name. */
const BY_DATE = [
  ...[...DATED, ...ALIASES.tags.map((tag) => ({ tag, created: DATED[ALIASES.of]?.created ?? 0 }))]
    .sort((a, b) => b.created - a.created || (a.tag < b.tag ? -1 : 1))
    .map((d) => d.tag),
  ...[UNDATED.index, ...UNDATED.image].sort(),
];
const MANY = versionTags(3001);
/** The rows the filter `t1` shows (fzf matching: `t`, then `1`): all dated. */
const T1 = BY_DATE.filter((t) => /t.*1/.test(t));

let reg: RegistryInstance;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;
let current: BerthStore | undefined;

/** Pushes an image created at `created` (none: no date), under `tag` or by digest only. */
async function pushDated(
  repository: string,
  tag: string | undefined,
  created: number | undefined,
  seed: number,
) {
  const layers = [randomLayer({ size: 40, seed })];
  return pushImage(reg, {
    repository,
    ...(tag === undefined ? {} : { tag }),
    layers,
    config: {
      architecture: 'amd64',
      os: 'linux',
      ...(created === undefined ? {} : { created: new Date(created).toISOString() }),
      config: {},
      rootfs: { type: 'layers', diff_ids: layers.map(sha256Digest) },
    },
  });
}

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  const pushed = await Promise.all(DATED.map((d, i) => pushDated('lib/dated', d.tag, d.created, i + 1)));
  await pushTags(reg, {
    repository: 'lib/dated',
    tags: ALIASES.tags,
    digest: pushed[ALIASES.of]?.digest ?? '',
  });
  const undated = await pushDated('lib/dated', UNDATED.image[0] ?? '', undefined, 100);
  await pushTags(reg, { repository: 'lib/dated', tags: UNDATED.image.slice(1), digest: undated.digest });
  await pushIndex(reg, {
    repository: 'lib/dated',
    tag: UNDATED.index,
    platforms: [{ os: 'linux', architecture: 'arm64' }],
  });
  const many = await pushDated('lib/many', undefined, Date.UTC(2023, 5, 1), 200);
  await pushTags(reg, { repository: 'lib/many', tags: MANY, digest: many.digest, method: 'storage' });
}, 120_000);
afterAll(async () => {
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
  sb = await makeTuiSandbox({ insecure: [reg.host] });
  const { deps, probe } = probeManifests(sb.deps, opts);
  current = createBerthStore(deps);
  return { store: current, probe };
}

const shownTags = (store: BerthStore): string[] =>
  store.getState().tagRows.map((i) => store.getState().tags.items[i] ?? '');
const looked = (store: BerthStore) =>
  untilState(store, (s) => s.tagDates?.fetching === false, 'the date lookups to end', 60_000);
const settled = (store: BerthStore) =>
  untilState(
    store,
    (s) => [...s.tagEnrichment.digests.values()].every((d) => d.status !== 'loading'),
    'no lookup queued',
  );

describe('date order (store)', () => {
  it('orders every tag by creation, newest first, after looking up tags never shown', async () => {
    const { store, probe } = await setUp();
    await store.getState().loadTags(repositoryImage(reg.host, 'lib/dated'));
    // Nothing is visible: no screen asks for any row.
    store.getState().setTagSort('date');
    expect(store.getState().tagDates).toEqual({ known: 0, of: ALL_COUNT, fetching: true });
    expect(Object.values(store.getState().busy)).toContain('looking up tag dates');

    const s = await looked(store);
    expect(s.tagDates).toEqual({ known: DATED_COUNT, of: ALL_COUNT, fetching: false });
    expect(shownTags(store)).toEqual(BY_DATE);
    expect(Object.values(s.busy)).not.toContain('looking up tag dates');
    // Each tag looked up once, each manifest read once (aliases share theirs).
    expect([...probe.heads].sort()).toEqual([...BY_DATE].sort());
    expect(new Set(probe.gets).size).toBe(probe.gets.length);

    // A filter showing dated rows only: every date is known.
    store.getState().setTagFilter('t1');
    expect(store.getState().tagDates).toEqual({ known: T1.length, of: T1.length, fetching: false });
    expect(shownTags(store)).toEqual(T1);
  });

  it(`caps the lookups at ${DATE_LOOKUP_LIMIT} tags, the first shown; a filter dates what it shows`, async () => {
    const { store, probe } = await setUp();
    await store.getState().loadTags(repositoryImage(reg.host, 'lib/many'));
    const byName = [...MANY].sort();
    store.getState().setTagSort('date');
    const s = await looked(store);
    expect(s.tagDates).toEqual({ known: DATE_LOOKUP_LIMIT, of: 3001, fetching: false, stopped: 'limit' });
    expect([...probe.heads].sort()).toEqual(byName.slice(0, DATE_LOOKUP_LIMIT));
    // One image behind them all: one manifest read.
    expect(probe.gets).toHaveLength(1);
    // Dated first (one date: by name), then the rest by name.
    expect(shownTags(store)).toEqual(byName);

    const last = byName.at(-1) as string;
    store.getState().setTagFilter(last);
    const f = await untilState(store, (x) => x.tagDates?.known === x.tagDates?.of, 'the filtered rows dated');
    expect(f.tagDates).toMatchObject({ fetching: false });
    expect(shownTags(store)).toContain(last);
    expect(probe.heads).toContain(last);
  });

  it.each([
    { name: 'another order', stop: (s: BerthStore) => s.getState().setTagSort('name'), after: undefined },
    {
      name: 'leaving the screen',
      stop: (s: BerthStore) => s.getState().stopTagDates(),
      after: { known: 0, of: ALL_COUNT, fetching: false },
    },
    {
      name: 'Ctrl-C',
      stop: (s: BerthStore) => void s.getState().interrupt(),
      after: { known: 0, of: ALL_COUNT, fetching: false, stopped: 'cancelled' },
    },
  ])('$name stops the lookups; showing the screen resumes them', async ({ stop, after }) => {
    const { store, probe } = await setUp({ gate: true });
    await store.getState().loadTags(repositoryImage(reg.host, 'lib/dated'));
    store.getState().setTagSort('date');
    await untilState(store, () => probe.inflight === 4, '4 lookups in flight');

    stop(store);
    await untilState(store, () => probe.aborted.length === 4, 'the 4 lookups aborted');
    await settled(store);
    probe.release();
    const s = await untilState(store, (x) => x.tagDates?.fetching !== true, 'the lookups stopped');
    expect(s.tagDates).toEqual(after);
    expect(probe.heads).toHaveLength(4);
    expect(Object.values(s.busy)).not.toContain('looking up tag dates');

    if (after === undefined) return;
    store.getState().fetchTagDates();
    const resumed = await looked(store);
    expect(resumed.tagDates).toEqual({ known: DATED_COUNT, of: ALL_COUNT, fetching: false });
    expect(shownTags(store)).toEqual(BY_DATE);
  });

  it("spares a registry's pull limit: no lookups with half the pulls or fewer left", async () => {
    const { store, probe } = await setUp();
    await store.getState().loadTags(repositoryImage(reg.host, 'lib/dated'));
    store.getState().noteRateLimit(reg.host, { limit: 100, remaining: 50 });
    store.getState().setTagSort('date');
    expect(store.getState().tagDates).toEqual({ known: 0, of: ALL_COUNT, fetching: false, stopped: 'pulls' });
    expect(probe.heads).toEqual([]);
  });
});

describe('date order (screen)', () => {
  it('shows every tag newest first once looked up, the cursor on its tag, saying what is known', async () => {
    const { store } = await setUp();
    app = await openTagsScreen(store, repositoryImage(reg.host, 'lib/dated'));
    await app.waitFor(`Tags ${ALL_COUNT} by name`);
    await app.pressUntil('s', `Tags ${ALL_COUNT} by version`);
    const cursorTag = cursorRow(app.lastFrame());
    await app.pressUntil('s', `Tags ${ALL_COUNT} by date`);

    const rows = (frame: string) => tableRows(frame);
    const ordered = await app.waitFor(
      (f) =>
        f.includes(`Tags ${ALL_COUNT} by date (dates for ${DATED_COUNT} of ${ALL_COUNT})`) &&
        isSlice(rows(f), BY_DATE),
    );
    // The table shows a window of the full order; the cursor stayed on its tag.
    expect(rows(ordered).length).toBeGreaterThan(10);
    expect(cursorRow(ordered)).toBe(cursorTag);

    const top = await app.pressUntil('g', (f) => rows(f)[0] === BY_DATE[0] && cursorRow(f) === BY_DATE[0]);
    expect(rows(top)).toEqual(BY_DATE.slice(0, rows(top).length));
    expect(top).toMatch(new RegExp(`> ${BY_DATE[0]}\\s+linux/amd64\\s+\\S+ B\\s+2024-01-24`));

    // Filtered to dated rows only: the title says plainly `by date`.
    await app.press('/');
    const filtered = await app.type('t1');
    expect(filtered).toMatch(new RegExp(`Tags ${ALL_COUNT} by date\\n`));
    expect(rows(filtered)).toEqual(T1);
  });
});

/** The tags of the table's rows, top to bottom (under the header). */
function tableRows(frame: string): string[] {
  const lines = frame.split('\n');
  const header = lines.findIndex((l) => /^\s+TAG\s/.test(l));
  const known = new Set(BY_DATE);
  return lines
    .slice(header + 1)
    .map((l) => l.slice(2).split(/\s+/)[0] ?? '')
    .filter((t) => known.has(t));
}

/** The tag on the cursor's row. */
function cursorRow(frame: string): string | undefined {
  return /^> (\S+)/m.exec(frame)?.[1];
}

/** Whether `part` is a non-empty run of consecutive entries of `all`. */
function isSlice(part: readonly string[], all: readonly string[]): boolean {
  const at = all.indexOf(part[0] ?? '');
  return part.length > 0 && at >= 0 && part.every((t, i) => all[at + i] === t);
}
