/**
 * What the `berth sync` compatibility suites share: a plain source registry and a
 * Basic-auth one, each holding `fixtures/tags` with the same ten tags (one small tar.gz
 * image each), a plain destination registry, a sandbox and a temp dir; and helpers to run
 * both tools and read results. `setupSyncFixtures` registers the suite's hooks.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/cleanup.js';
import {
  ACCEPT_ALL_MANIFESTS,
  harnessFetch,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startRegistry,
} from '../harness/index.js';
import { makeSandbox, runBerth, runSkopeo, type Sandbox, skopeoVersion } from './auth-sandbox.js';
import { gzLayer, logLines } from './copy-sync-helpers.js';

export const USER = 'syncer';
export const PASSWORD = 'Sync-pa55-w0rd';
export const TAGS = [
  '1.0.0',
  '1.1.0',
  '1.2.0',
  '1.3.0',
  '1.4.0',
  '1.5.0',
  '1.6.0',
  '2.0.0',
  '2.1.0-rc.1',
  'latest',
];

export interface SyncFixtures {
  sandbox: Sandbox;
  src: RegistryInstance;
  auth: RegistryInstance;
  dst: RegistryInstance;
  tmp: string;
  /** Tag → what was pushed under it (the same in both source registries). */
  pushed: Map<string, PushedImage>;
}

/** Tags of a repository and their digests, read through the registry. */
export async function tagsOf(reg: RegistryInstance, repository: string): Promise<Record<string, string>> {
  const res = await harnessFetch(reg, `/v2/${repository}/tags/list`);
  if (res.status === 404) return {};
  const { tags } = (await res.json()) as { tags: string[] | null };
  const out: Record<string, string> = {};
  for (const tag of (tags ?? []).sort()) {
    const head = await harnessFetch(reg, `/v2/${repository}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: ACCEPT_ALL_MANIFESTS },
    });
    out[tag] = head.headers.get('docker-content-digest') ?? '';
  }
  return out;
}

/** Every path under `root`, relative, sorted; empty when `root` does not exist. */
export async function tree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  return entries.map((e) => relative(root, join(root, e))).sort();
}

/** Log lines of one tool with its own destination name replaced, sorted (berth runs images in parallel). */
export function normalised(text: string, own: string): string[] {
  return logLines(text)
    .map((l) => l.split(own).join('DEST'))
    .sort();
}

/** Starts the fixtures for the calling suite; see the module comment. */
export function setupSyncFixtures(name: string) {
  const f = { pushed: new Map() } as SyncFixtures;
  beforeAll(async () => {
    expect(await skopeoVersion()).toContain('1.9.3');
    f.sandbox = await makeSandbox(name);
    f.tmp = makeTempDir(`${name}-compat`);
    [f.src, f.auth, f.dst] = await Promise.all([
      startRegistry({ mode: 'plain' }),
      startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } }),
      startRegistry({ mode: 'plain' }),
    ]);
    for (const tag of TAGS) {
      const layers = [gzLayer(1500)];
      f.pushed.set(tag, await pushImage(f.src, { repository: 'fixtures/tags', tag, layers }));
      await pushImage(f.auth, {
        repository: 'fixtures/tags',
        tag,
        layers,
        auth: { user: USER, password: PASSWORD },
      });
    }
  });
  afterAll(async () => {
    await Promise.all([f.src?.stop(), f.auth?.stop(), f.dst?.stop()]);
    await f.sandbox?.remove();
    if (f.tmp) removeTempDir(f.tmp);
  });
  const opts = () => ({ env: f.sandbox.env });
  return {
    f,
    berth: (args: string[]) => runBerth(['--insecure-policy', 'sync', ...args], opts()),
    skopeo: (args: string[]) => runSkopeo(['--insecure-policy', 'sync', ...args], opts()),
    /** Digests the named tags should have. */
    wantTags: (tags: string[]) => Object.fromEntries(tags.map((t) => [t, f.pushed.get(t)?.digest])),
  };
}
