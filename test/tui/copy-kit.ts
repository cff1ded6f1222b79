/**
 * What the copy suites share: a plain source registry with a three-layer image (`team/app:1`),
 * a second image sharing a layer (`team/app:2`), a two-platform index (`team/multi:1`) and an
 * index as wide as Docker Hub's (`team/wide:1`: 14 platforms, 2 attestation manifests); a
 * plain destination; a fault proxy in front of the source, to slow blobs down where a copy
 * must still be running when a test looks; a sandboxed store per test. `copyFixture()`
 * registers the hooks that start and stop all of it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ImageName, parseImageName } from '../../src/registry/ref/index.js';
import type { RegistryClient } from '../../src/registry/remote/index.js';
import { type BerthDeps, type BerthStore, createBerthStore, type Job } from '../../src/store/index.js';
import {
  type FaultProxy,
  type IndexEntry,
  type PushedImage,
  type PushedIndex,
  pushImage,
  pushIndex,
  type RegistryInstance,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

/**
 * `team/wide:1`'s entries, as a Docker Hub index lists them once buildx's attestations are
 * counted: 14 platforms (the 14th is entry 14), and 2 `unknown/unknown` attestation
 * manifests, one of them among the platforms so that a checklist row is not an entry index.
 */
export const WIDE_ENTRIES: readonly IndexEntry[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm', variant: 'v5' },
  { os: 'unknown', architecture: 'unknown', attests: 0 },
  { os: 'linux', architecture: 'arm', variant: 'v6' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
  { os: 'linux', architecture: '386' },
  { os: 'linux', architecture: 'mips64le' },
  { os: 'linux', architecture: 'ppc64le' },
  { os: 'linux', architecture: 'riscv64' },
  { os: 'linux', architecture: 's390x' },
  { os: 'linux', architecture: 'amd64', variant: 'v2' },
  { os: 'linux', architecture: 'amd64', variant: 'v3' },
  { os: 'linux', architecture: 'loong64' },
  { os: 'windows', architecture: 'amd64' },
  { os: 'unknown', architecture: 'unknown', attests: 5 },
];

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** The registries, images and per-test sandbox of a copy suite (filled in by its hooks). */
export interface CopyFixture {
  src: RegistryInstance;
  dst: RegistryInstance;
  proxy: FaultProxy;
  app1: PushedImage;
  app2: PushedImage;
  multi: PushedIndex;
  /** `team/wide:1`, {@link WIDE_ENTRIES}. */
  wide: PushedIndex;
  /** The running test's sandbox and app (cleaned up after each test). */
  sb?: TuiSandbox;
  app?: RenderedApp;
  /** A store over real deps in a fresh sandbox; `deps` may wrap them. */
  setUp(opts?: { readOnly?: boolean; deps?: (d: BerthDeps) => BerthDeps }): Promise<BerthStore>;
  /** A client for the destination, to read copies back. */
  dstClient(): RegistryClient;
  /** The source is served through the proxy at `bytesPerSecond` per blob. */
  slowBlobs(bytesPerSecond: number): void;
  /**
   * Renders at 80×24 on the registries screen, for the test to navigate from: the fake
   * terminal draws a first frame at its own 100 columns before the resize, and a screen
   * whose content is ready at once would match a wait in that frame.
   */
  open80(store: BerthStore): Promise<RenderedApp>;
}

/** A docker:// name on `registry`. */
export const name = (registry: string, ref: string): ImageName =>
  parseImageName(`docker://${registry}/${ref}`);

/** Resolves with the job once it is no longer running. */
export async function untilEnded(store: BerthStore, id: string): Promise<Job> {
  const s = await untilState(
    store,
    (st) => st.jobs.find((j) => j.id === id)?.status !== 'running',
    `job ${id} to end`,
  );
  return s.jobs.find((j) => j.id === id) as Job;
}

/** Registers the suite's hooks; the fixture's fields are set once `beforeAll` has run. */
export function copyFixture(): CopyFixture {
  const fx = {
    async setUp(opts: { readOnly?: boolean; deps?: (d: BerthDeps) => BerthDeps } = {}) {
      const sb = await makeTuiSandbox({ insecure: [fx.src.host, fx.dst.host, fx.proxy.host] });
      fx.sb = sb;
      return createBerthStore(opts.deps ? opts.deps(sb.deps) : sb.deps, { readOnly: opts.readOnly ?? false });
    },
    dstClient: () => (fx.sb as TuiSandbox).deps.clientFor(fx.dst.host, { tlsVerify: false }),
    slowBlobs(bytesPerSecond: number) {
      fx.proxy.add({
        method: 'GET',
        path: /\/blobs\/sha256:/,
        fault: { kind: 'slow', bytesPerSecond },
        times: Infinity,
      });
    },
    async open80(store: BerthStore) {
      const rendered = await renderApp(store, { columns: 80, rows: 24 });
      fx.app = rendered;
      await rendered.waitFor('Registries');
      return rendered;
    },
  } as CopyFixture;

  beforeAll(async () => {
    const [src, dst] = await Promise.all([
      startRegistry({ mode: 'plain' }),
      startRegistry({ mode: 'plain' }),
    ]);
    fx.src = src;
    fx.dst = dst;
    fx.app1 = await pushImage(src, {
      repository: 'team/app',
      tag: '1',
      layers: [
        { size: MiB, seed: 1 },
        { size: MiB, seed: 2 },
        { size: 512 * KiB, seed: 3 },
      ],
    });
    fx.app2 = await pushImage(src, {
      repository: 'team/app',
      tag: '2',
      layers: [
        { size: MiB, seed: 1 },
        { size: 64 * KiB, seed: 4 },
      ],
    });
    fx.multi = await pushIndex(src, {
      repository: 'team/multi',
      tag: '1',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    fx.wide = await pushIndex(src, { repository: 'team/wide', tag: '1', platforms: [...WIDE_ENTRIES] });
    fx.proxy = await startFaultProxy({ target: src.url });
  });
  afterAll(async () => {
    await fx.proxy?.stop();
    await Promise.all([fx.src?.stop(), fx.dst?.stop()]);
  });
  afterEach(async () => {
    fx.app?.unmount();
    fx.app = undefined;
    fx.proxy?.reset();
    await fx.sb?.remove();
    fx.sb = undefined;
  });
  return fx;
}
