/**
 * Copying with the store's actions against real registries: progress lands in the jobs
 * slice throttled (never a store update per chunk), cancelling publishes nothing, the
 * result carries the destination digest, marked tags copy as one job each, an index's
 * platforms can be chosen (its attestation manifests only go with all of them), and
 * read-only mode refuses. Copies are read back with the core
 * client. The screens are in `copy-screens.test.tsx`.
 */
import { describe, expect, it } from 'vitest';
import { formatPlatform } from '../../src/registry/manifest/index.js';
import { COPY_PROGRESS_INTERVAL_MS, planCopyTargets } from '../../src/store/index.js';
import { copyFixture, KiB, MiB, name, untilEnded, WIDE_ENTRIES } from './copy-kit.js';
import { readBack } from './read-back.js';
import { untilState } from './until.js';

const fx = copyFixture();

describe('copy actions', () => {
  it('lands throttled progress in the jobs slice and ends with the destination digest', async () => {
    let events = 0;
    // Every chunk is an event here, so only the store's throttle stands between chunks and renders.
    const store = await fx.setUp({
      deps: (d) => ({
        ...d,
        copyImage: (o) =>
          d.copyImage({
            ...o,
            progressIntervalMs: 0,
            onEvent: (e) => {
              events++;
              o.onEvent?.(e);
            },
          }),
      }),
    });
    fx.slowBlobs(4 * MiB);
    const updates: number[] = [];
    let seen: unknown;
    store.subscribe((s) => {
      const job = s.jobs[0];
      if (job?.status === 'running' && job.progress.copy && job.progress.copy !== seen) {
        seen = job.progress.copy;
        updates.push(Date.now());
      }
    });
    const id = store.getState().startCopy({
      source: name(fx.proxy.host, 'team/app:1'),
      destination: name(fx.dst.host, 'copied/app:1'),
    });
    const job = await untilEnded(store, id);

    expect(job.status).toBe('done');
    expect(job.digest).toBe(fx.app1.digest);
    expect(job.result).toBe(`${fx.app1.digest} (4 blobs copied)`);
    expect(job.progress.copy?.blobs.map((b) => [b.kind, b.status, b.bytes])).toEqual([
      ...fx.app1.layers.map((l) => ['layer', 'done', l.size]),
      ['config', 'done', fx.app1.config.size],
    ]);
    expect(job.progress.copy).toMatchObject({
      bytes: 2.5 * MiB + fx.app1.config.size,
      blobsDone: 4,
      blobsTotal: 4,
    });
    // Far fewer renders than events, and never two within the interval (the last, final
    // figures are shown at once).
    expect(updates.length).toBeGreaterThan(0);
    expect(events).toBeGreaterThan(4 * updates.length);
    for (let i = 1; i < updates.length - 1; i++)
      expect((updates[i] as number) - (updates[i - 1] as number)).toBeGreaterThanOrEqual(
        COPY_PROGRESS_INTERVAL_MS - 5,
      );

    const back = await readBack(fx.dstClient(), 'copied/app', '1');
    expect(back.digest).toBe(fx.app1.digest);
    expect(back.blobs.map((b) => b.received)).toEqual([
      fx.app1.config.digest,
      ...fx.app1.layers.map((l) => l.digest),
    ]);
  });

  it('cancels a running copy, and nothing is published', async () => {
    const store = await fx.setUp();
    fx.slowBlobs(64 * KiB);
    const id = store.getState().startCopy({
      source: name(fx.proxy.host, 'team/app:1'),
      destination: name(fx.dst.host, 'cancelled/app:1'),
    });
    await untilState(store, (s) => (s.jobs[0]?.progress.bytesDone ?? 0) > 0, 'bytes to move');
    store.getState().cancelJob(id);
    const job = await untilEnded(store, id);
    expect(job.status).toBe('cancelled');
    expect(job.digest).toBeUndefined();
    expect(
      await fx.dstClient().headManifest({ repository: 'cancelled/app', reference: '1' }),
    ).toBeUndefined();
  });

  it('copies marked tags as one job each, each keeping its tag', async () => {
    const store = await fx.setUp();
    const plan = planCopyTargets(`docker://${fx.dst.host}/bulk/app`, [
      name(fx.src.host, 'team/app:1'),
      name(fx.src.host, 'team/app:2'),
    ]);
    if ('error' in plan) throw new Error(plan.error);
    const ids = store.getState().startCopies(plan.targets);
    expect(ids).toHaveLength(2);
    const jobs = [await untilEnded(store, ids[0] as string), await untilEnded(store, ids[1] as string)];
    expect(jobs.map((j) => [j.status, j.digest])).toEqual([
      ['done', fx.app1.digest],
      ['done', fx.app2.digest],
    ]);
    for (const [tag, image] of [
      ['1', fx.app1],
      ['2', fx.app2],
    ] as const) {
      const back = await readBack(fx.dstClient(), 'bulk/app', tag);
      expect(back.digest).toBe(image.digest);
      for (const b of back.blobs) expect(b.received).toBe(b.descriptor.digest);
    }
  });

  it("offers an index's platforms and copies a chosen set", async () => {
    const store = await fx.setUp();
    const source = name(fx.src.host, 'team/multi:1');
    await store.getState().loadCopySource(source);
    expect(store.getState().copySource).toEqual({
      name: `docker://${fx.src.host}/team/multi:1`,
      status: 'ready',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    const arm = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const id = store.getState().startCopy({
      source,
      destination: name(fx.dst.host, 'multi/app:arm'),
      platforms: [arm],
    });
    const job = await untilEnded(store, id);
    expect(job.status).toBe('done');
    const back = await readBack(fx.dstClient(), 'multi/app', 'arm');
    expect(back.digest).toBe(job.digest);
    expect(back.digest).not.toBe(fx.multi.digest);
    const index = await fx.dstClient().getManifest({ repository: 'multi/app', reference: 'arm' });
    expect(index.kind === 'index' && index.doc.manifests.map((m) => [m.digest, m.platform])).toEqual([
      [fx.multi.images[1]?.digest, arm],
    ]);
  });

  it('offers no attestation manifest as a platform, and copies them with all', async () => {
    const store = await fx.setUp();
    const source = name(fx.src.host, 'team/wide:1');
    await store.getState().loadCopySource(source);
    const info = store.getState().copySource;
    expect(info?.platforms?.map(formatPlatform)).toEqual(
      WIDE_ENTRIES.filter((e) => e.attests === undefined).map(formatPlatform),
    );
    expect(info?.attestations).toBe(2);
    const id = store.getState().startCopy({
      source,
      destination: name(fx.dst.host, 'wide/app:all'),
      platforms: 'all',
    });
    expect((await untilEnded(store, id)).status).toBe('done');
    // The index as it is, attestations and all.
    expect((await readBack(fx.dstClient(), 'wide/app', 'all')).digest).toBe(fx.wide.digest);
  });

  it('refuses to copy in read-only mode', async () => {
    const store = await fx.setUp({ readOnly: true });
    store.getState().openCopy([name(fx.src.host, 'team/app:1')]);
    expect(store.getState().stack).toEqual([{ screen: 'registries' }]);
    expect(store.getState().message?.text).toBe('copying is not available in read-only mode');
    expect(() =>
      store
        .getState()
        .startCopy({ source: name(fx.src.host, 'team/app:1'), destination: name(fx.dst.host, 'x/y:1') }),
    ).toThrow('copy is not available in read-only mode');
    expect(store.getState().jobs).toEqual([]);
  });
});
