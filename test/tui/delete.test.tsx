/**
 * Deleting with the TUI against real registries: the confirmation lists every tag on the
 * same digest (found with a HEAD per tag), "this tag only" removes the named tags and keeps
 * the digest and its siblings, "delete the digest" removes the manifest with every tag on
 * it, marked tags go together, a registry that refuses deletes says so, and read-only mode
 * offers none of it. Then the dialog at 80×24, driven by its keys.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hintsFor } from '../../src/keys/keymap.js';
import { type ImageName, parseImageName } from '../../src/registry/ref/index.js';
import { type BerthStore, createBerthStore, type Job, tagsGoing } from '../../src/store/index.js';
import {
  type PushedImage,
  pushImage,
  pushTags,
  type RegistryInstance,
  startRegistry,
} from '../harness/index.js';
import { type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

let reg: RegistryInstance;
let noDeletes: RegistryInstance;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;
let seq = 0;

beforeAll(async () => {
  [reg, noDeletes] = await Promise.all([
    startRegistry({ mode: 'plain' }),
    startRegistry({ mode: 'plain', deleteEnabled: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([reg?.stop(), noDeletes?.stop()]);
});
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

interface Fixture {
  repository: string;
  /** Tagged 1, 1.0 and latest. */
  one: PushedImage;
  /** Tagged 2. */
  two: PushedImage;
}

/** A fresh repository: `1`, `1.0` and `latest` on one digest, `2` on another. */
async function fixture(on: RegistryInstance = reg): Promise<Fixture> {
  const repository = `team/app${++seq}`;
  const one = await pushImage(on, { repository, tag: '1', layers: [{ size: 64, seed: seq }] });
  await pushTags(on, { repository, tags: ['1.0', 'latest'], digest: one.digest });
  const two = await pushImage(on, { repository, tag: '2', layers: [{ size: 64, seed: 100 + seq }] });
  return { repository, one, two };
}

async function setUp(readOnly = false): Promise<BerthStore> {
  sb = await makeTuiSandbox({ insecure: [reg.host, noDeletes.host] });
  return createBerthStore(sb.deps, { readOnly });
}

const image = (f: Fixture, tag: string, on: RegistryInstance = reg): ImageName =>
  parseImageName(`docker://${on.host}/${f.repository}:${tag}`);

/** What each tag of the fixture points at now (undefined: gone). */
async function tagsNow(f: Fixture, on: RegistryInstance = reg): Promise<Record<string, string | undefined>> {
  const client = (sb as TuiSandbox).deps.clientFor(on.host, { tlsVerify: false });
  const out: Record<string, string | undefined> = {};
  for (const tag of ['1', '1.0', 'latest', '2'])
    out[tag] = (await client.headManifest({ repository: f.repository, reference: tag }))?.digest;
  return out;
}

async function untilFound(store: BerthStore): Promise<void> {
  await untilState(
    store,
    (s) => s.deletePlan?.siblings.status !== 'loading' || s.deletePlan.status === 'error',
    'the other tags to be looked up',
  );
}

async function untilEnded(store: BerthStore, id: string): Promise<Job> {
  const s = await untilState(
    store,
    (st) => st.jobs.find((j) => j.id === id)?.status !== 'running',
    'the job',
  );
  return s.jobs.find((j) => j.id === id) as Job;
}

describe('delete actions', () => {
  it('lists every tag on the same digest before asking', async () => {
    const f = await fixture();
    const store = await setUp();
    store.getState().requestDelete([image(f, '1')]);
    expect(store.getState().modal).toEqual({ kind: 'delete' });
    // Nothing can be deleted before the tag is resolved and its siblings are known.
    expect(store.getState().confirmDelete('digest')).toBeUndefined();
    await untilFound(store);
    const plan = store.getState().deletePlan;
    expect(plan).toMatchObject({
      registry: reg.host,
      repository: f.repository,
      status: 'ready',
      targets: [{ tag: '1', digest: f.one.digest }],
      siblings: { status: 'found', tags: ['1.0', 'latest'] },
    });
    expect(plan && tagsGoing(plan)).toEqual(['1', '1.0', 'latest']);
  });

  it('"this tag only" removes the tag and keeps the digest and its other tags', async () => {
    const f = await fixture();
    const store = await setUp();
    store.getState().requestDelete([image(f, '1')]);
    await untilFound(store);
    const id = store.getState().confirmDelete('tags') as string;
    expect(store.getState().modal).toBeUndefined();
    expect(store.getState().deletePlan).toBeUndefined();
    const job = await untilEnded(store, id);
    expect([job.kind, job.status, job.result]).toEqual(['delete', 'done', 'removed the tag 1']);
    expect(await tagsNow(f)).toEqual({
      1: undefined,
      '1.0': f.one.digest,
      latest: f.one.digest,
      2: f.two.digest,
    });
  });

  it('"delete the digest" removes the manifest with every tag on it', async () => {
    const f = await fixture();
    const store = await setUp();
    store.getState().requestDelete([image(f, '1.0')]);
    await untilFound(store);
    const job = await untilEnded(store, store.getState().confirmDelete('digest') as string);
    expect([job.status, job.digest, job.result]).toEqual([
      'done',
      f.one.digest,
      `${f.one.digest} deleted, with the tags 1, 1.0, latest`,
    ]);
    expect(await tagsNow(f)).toEqual({ 1: undefined, '1.0': undefined, latest: undefined, 2: f.two.digest });
  });

  it('deletes marked tags together', async () => {
    const f = await fixture();
    const store = await setUp();
    store.getState().requestDelete([image(f, '1'), image(f, '2')]);
    await untilFound(store);
    expect(store.getState().deletePlan).toMatchObject({
      targets: [
        { tag: '1', digest: f.one.digest },
        { tag: '2', digest: f.two.digest },
      ],
      siblings: { status: 'found', tags: ['1.0', 'latest'] },
    });
    const job = await untilEnded(store, store.getState().confirmDelete('tags') as string);
    expect([job.status, job.result]).toEqual(['done', 'removed the tags 1, 2']);
    expect(await tagsNow(f)).toEqual({
      1: undefined,
      '1.0': f.one.digest,
      latest: f.one.digest,
      2: undefined,
    });
  });

  it('says when the registry does not allow deletes, and changes nothing', async () => {
    const f = await fixture(noDeletes);
    const store = await setUp();
    store.getState().requestDelete([image(f, '1', noDeletes)]);
    await untilFound(store);
    const job = await untilEnded(store, store.getState().confirmDelete('digest') as string);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toBe(`deleting ${f.one.digest}: registry does not allow deletes`);
    expect(await tagsNow(f, noDeletes)).toEqual({
      1: f.one.digest,
      '1.0': f.one.digest,
      latest: f.one.digest,
      2: f.two.digest,
    });
  });

  it('refuses in read-only mode', async () => {
    const f = await fixture();
    const store = await setUp(true);
    store.getState().requestDelete([image(f, '1')]);
    expect(store.getState().modal).toBeUndefined();
    expect(store.getState().deletePlan).toBeUndefined();
    expect(store.getState().message?.text).toBe('deleting is not available in read-only mode');
  });

  it('refuses what is not in one registry repository', async () => {
    const f = await fixture();
    const store = await setUp();
    store.getState().requestDelete([parseImageName('oci:./layout:1')]);
    expect(store.getState().message?.text).toBe(
      'deleting is only possible in a registry, not in oci: images',
    );
    store.getState().requestDelete([image(f, '1'), parseImageName(`docker://${reg.host}/other/repo:1`)]);
    expect(store.getState().message?.text).toBe('the images to delete must be in one repository');
    expect(store.getState().modal).toBeUndefined();
  });
});

describe('delete dialog at 80×24', () => {
  async function open(f: Fixture, tag: string): Promise<{ store: BerthStore; frame: string }> {
    const store = await setUp();
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('Registries');
    store.getState().requestDelete([image(f, tag)]);
    return { store, frame: await app.waitFor('also tagged:') };
  }

  it('shows the digest, its other tags and what each answer removes; t keeps the siblings', async () => {
    const f = await fixture();
    const { store, frame } = await open(f, '1');
    expect(frame).toContain(`Delete ${reg.host}/${f.repository}:1?`);
    expect(frame).toContain(`│ 1 → ${f.one.digest}`);
    expect(frame).toContain('│ also tagged: 1.0, latest');
    expect(frame).toContain('│ this tag only: removes 1; the digest and other tags stay');
    expect(frame).toContain('│ delete the digest: removes the manifest and all 3 tags: 1, 1.0, latest');
    expect(frame).toContain('│ t this tag only  y delete digest  n no');
    expect(frame.split('\n').at(-1)).toBe('t this tag only  y delete digest  n no');

    await app?.pressUntil('t', (fr) => !fr.includes('also tagged:'));
    const jobs = await app?.pressUntil('J', 'removed the tag 1');
    expect(jobs).toContain('Jobs 1 · 0 running');
    expect(jobs).toMatch(/^done after \d+\.\ds$/m);
    expect(store.getState().jobs[0]?.status).toBe('done');
    expect(await tagsNow(f)).toEqual({
      1: undefined,
      '1.0': f.one.digest,
      latest: f.one.digest,
      2: f.two.digest,
    });
  });

  it('y deletes the digest; n keeps everything', async () => {
    const f = await fixture();
    const { store } = await open(f, 'latest');
    const kept = await app?.pressUntil('n', (fr) => !fr.includes('also tagged:'));
    expect(kept).toContain('Registries');
    expect(store.getState().jobs).toEqual([]);
    expect(await tagsNow(f)).toEqual({
      1: f.one.digest,
      '1.0': f.one.digest,
      latest: f.one.digest,
      2: f.two.digest,
    });

    store.getState().requestDelete([image(f, 'latest')]);
    await app?.waitFor('also tagged: 1, 1.0');
    await app?.pressUntil('y', (fr) => !fr.includes('also tagged:'));
    const jobs = await app?.pressUntil('J', `result: ${f.one.digest}`);
    expect(jobs).toContain(`delete ${reg.host}/${f.repository}:latest`);
    expect(jobs).toContain('deleted, with the tags 1, 1.0, latest');
    expect(await tagsNow(f)).toEqual({ 1: undefined, '1.0': undefined, latest: undefined, 2: f.two.digest });
  });

  it('hides deleting in read-only mode', () => {
    expect(hintsFor('tags', { readOnly: true }).map((h) => h.action)).not.toContain('delete');
    expect(hintsFor('delete-dialog', { readOnly: true }).map((h) => h.action)).toEqual(['cancel']);
    expect(hintsFor('delete-dialog').map((h) => h.action)).toEqual([
      'deleteTagOnly',
      'deleteDigest',
      'cancel',
    ]);
  });
});
