/**
 * Big tag lists for the Tags screen's tests and for `bench/` (filter keystroke → frame on a
 * 100 000-tag repository): realistic tag names, a repository holding them in a harness
 * registry (tags written straight into storage, so 100 000 take seconds, not minutes), the
 * Tags screen opened on a store, and the time from one keystroke to the frame that shows it.
 */
import type { ImageName } from '../../src/registry/ref/index.js';
import type { BerthStore } from '../../src/store/index.js';
import { pushImage, pushTags, type RegistryInstance } from '../harness/index.js';
import { type FrameCondition, type RenderedApp, renderApp, waitUntil } from './render.js';
import { untilState } from './until.js';

const VARIANTS = [
  '',
  '-slim',
  '-alpine',
  '-slim-bookworm',
  '-bookworm',
  '-windowsservercore',
  '-rc1',
  '-alpine3.19',
];

/**
 * `count` distinct tags shaped like a busy repository's (`3.12.1`, `3.12.1-slim-bookworm`,
 * `v2.0.0-rc1`, `latest`), in a scrambled order, as registries return them.
 */
export function versionTags(count: number): string[] {
  const out: string[] = count > 0 ? ['latest'] : [];
  for (let i = 0; out.length < count; i++) {
    const variant = VARIANTS[i % VARIANTS.length] ?? '';
    const n = Math.floor(i / VARIANTS.length);
    const prefix = n % 5 === 0 ? 'v' : '';
    out.push(`${prefix}${Math.floor(n / 400)}.${Math.floor(n / 20) % 20}.${n % 20}${variant}`);
  }
  // A fixed shuffle (an LCG), so the list is not already in any order the screen sorts by.
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

/** Pushes one small image to `repository` and points `tags` at it; returns its digest. */
export async function pushManyTags(
  reg: RegistryInstance,
  opts: { repository: string; tags: readonly string[] },
): Promise<string> {
  const image = await pushImage(reg, { repository: opts.repository, layers: [{ size: 64, seed: 77 }] });
  await pushTags(reg, {
    repository: opts.repository,
    tags: opts.tags,
    digest: image.digest,
    method: 'storage',
  });
  return image.digest;
}

/** The repository `registry/repository` as the Tags screen's route names it. */
export function repositoryImage(registry: string, repository: string): ImageName {
  return { transport: 'docker', ref: { registry, repository } };
}

/**
 * Renders the app on the Tags screen of `image` and waits until every tag is listed. With
 * `tags`, the store is filled with them directly (no registry listing); otherwise the
 * registry is listed.
 */
export async function openTagsScreen(
  store: BerthStore,
  image: ImageName,
  opts: { columns?: number; rows?: number; tags?: readonly string[] } = {},
): Promise<RenderedApp> {
  if (opts.tags) store.getState().setTagList(image, opts.tags);
  store.getState().resetScreens([{ screen: 'registries' }, { screen: 'tags', image }]);
  const app = await renderApp(store, { columns: opts.columns ?? 80, rows: opts.rows ?? 24 });
  await untilState(
    store,
    (s) => s.tags.complete && s.tags.status === 'ready',
    'every tag to be listed',
    120_000,
  );
  await app.waitFor(/Tags \d+ by/);
  return app;
}

/** How long one keystroke took to show, and how many frames (renders) it cost. */
export interface KeystrokeTiming {
  ms: number;
  frames: number;
  frame: string;
}

/** Writes `key` and times it until the frame matches `cond`. */
export async function timeKeystroke(
  app: RenderedApp,
  key: string,
  cond: FrameCondition,
): Promise<KeystrokeTiming> {
  const frames = app.frameCount();
  const matches = (f: string): boolean =>
    typeof cond === 'string' ? f.includes(cond) : cond instanceof RegExp ? cond.test(f) : cond(f);
  const start = performance.now();
  app.write(key);
  await waitUntil(
    () => matches(app.lastFrame()),
    () => `the frame after ${JSON.stringify(key)}:\n${app.lastFrame()}`,
  );
  return { ms: performance.now() - start, frames: app.frameCount() - frames, frame: app.lastFrame() };
}
