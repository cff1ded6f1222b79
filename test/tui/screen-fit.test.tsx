/**
 * What the README's 80×24 captures showed cut or stale, checked at 80×24 against a real
 * registry: the catalog's count once its only page is in, the registries' KNOWN FROM with
 * `TLS off` whole, an index's children told apart by type, the full digest in the delete
 * dialog, and the help overlay wrapping long descriptions (and still scrolling to its end).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { helpLines } from '../../src/components/HelpOverlay.js';
import { helpFor } from '../../src/keys/keymap.js';
import { parseImageName } from '../../src/registry/ref/index.js';
import { registryColumns } from '../../src/screens/registry-columns.js';
import { type BerthStore, createBerthStore, type RegistryEntry } from '../../src/store/index.js';
import {
  MEDIA_TYPES,
  type PushedImage,
  type PushedIndex,
  pushImage,
  pushIndex,
  pushTags,
  pushTarget,
  putManifest,
  type RegistryInstance,
  startRegistry,
} from '../harness/index.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';

const USER = 'tester';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

let reg: RegistryInstance;
let image: PushedImage;
let nested: PushedIndex;
let list: PushedIndex;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  image = await pushImage(reg, { repository: 'team/api', tag: '1', layers: [{ size: 64, seed: 1 }] });
  await pushTags(reg, { repository: 'team/api', tags: ['1.4', 'latest'], digest: image.digest });
  const arm = { os: 'linux', architecture: 'arm64', variant: 'v8' };
  nested = await pushIndex(reg, { repository: 'team/api', tag: 'nested', platforms: [arm] });
  list = await pushIndex(reg, { repository: 'team/api', tag: 'list', platforms: [arm], format: 'docker' });
  // An OCI index of an image, an OCI index and a Docker manifest list.
  const child = (m: { digest: string; mediaType: string; manifestBytes: Uint8Array }) => ({
    mediaType: m.mediaType,
    digest: m.digest,
    size: m.manifestBytes.length,
  });
  await putManifest(
    await pushTarget(reg, 'team/api', undefined, undefined),
    'multi',
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.oci.index,
      manifests: [
        { ...child(image), platform: { os: 'linux', architecture: 'amd64' } },
        child(nested),
        child(list),
      ],
    },
    MEDIA_TYPES.oci.index,
  );
  await pushImage(reg, { repository: 'team/web', tag: '1', layers: [{ size: 32, seed: 2 }] });
  await pushImage(reg, { repository: 'tools/debug', tag: '1', layers: [{ size: 32, seed: 3 }] });
});
afterAll(async () => {
  await reg?.stop();
});
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

/** A store whose files know the registry three ways (recent, auth.json, registries.conf with TLS off). */
async function setUp(): Promise<BerthStore> {
  sb = await makeTuiSandbox({
    insecure: [reg.host],
    files: {
      '.local/state/berth/recent.json': JSON.stringify({
        registries: [{ registry: reg.host, usedAt: Date.now() }],
      }),
    },
  });
  await mkdir(dirname(sb.authFile), { recursive: true });
  await writeFile(sb.authFile, JSON.stringify({ auths: { [reg.host]: { auth: b64(`${USER}:pw`) } } }));
  const store = createBerthStore(sb.deps);
  app = await renderApp(store, { columns: 80, rows: 24 });
  return store;
}

const tableLine = (frame: string, start: string): string | undefined =>
  frame.split('\n').find((l) => l.startsWith(start));

describe('registries at 80×24', () => {
  it('sizes the columns from their content and keeps TLS off in KNOWN FROM', async () => {
    await setUp();
    const frame = await app!.waitFor((f) => f.includes(reg.host) && !f.includes('reading'));
    expect(tableLine(frame, `> ${reg.host}`)?.trimEnd()).toMatch(
      new RegExp(
        `^> ${reg.host.replaceAll('.', '\\.')} +${USER} +TLS off, recent, auth\\.json, registries\\.conf$`,
      ),
    );
    expect(frame).not.toMatch(/registries…|TLS …/);
  });

  const entry = (id: string, login = ''): RegistryEntry => ({
    id,
    kind: 'registry',
    registry: id,
    sources: ['recent', 'auth-file', 'registries-conf'],
    logins: login ? [{ key: id, kind: 'auth-file', path: 'auth.json', username: login }] : [],
    insecure: true,
  });
  const long = 'registry.internal.example.corporation.com:5000';
  it.each([
    {
      name: 'short names: REGISTRY as wide as the longest, LOGIN as its title (and a space)',
      entries: [entry('quay.io'), entry('127.0.0.1:5000')],
      width: 80,
      widths: [15, 6, 'flex'],
    },
    {
      name: 'a long login is cut at 22',
      entries: [entry('ghcr.io', 'a-very-long-robot-account-name')],
      width: 80,
      widths: [9, 22, 'flex'],
    },
    {
      // KNOWN FROM keeps its 43 columns and a space: 80 − 4 (markers, gaps) − 6 (LOGIN) − 44.
      name: 'a long name gives way to KNOWN FROM',
      entries: [entry(long, 'bob')],
      width: 80,
      widths: [26, 6, 'flex'],
    },
    {
      name: 'narrower, a long name keeps 24 columns',
      entries: [entry(long, 'bob')],
      width: 60,
      widths: [24, 6, 'flex'],
    },
  ])('$name', ({ entries, width, widths }) => {
    expect(registryColumns(entries, width).map((c) => c.width)).toEqual(widths);
  });
});

describe('repositories at 80×24', () => {
  it('says the catalog is complete when its only page is in', async () => {
    const store = await setUp();
    store.getState().openRegistry(reg.host);
    const frame = await app!.waitFor('> team/api');
    expect(frame).toMatch(/^Repositories 3$/m);
    expect(store.getState().repositories).toMatchObject({ complete: true, status: 'ready' });
  });
});

describe('an index at 80×24', () => {
  it('tells an image, an index and a manifest list apart in the Platforms tab', async () => {
    const store = await setUp();
    store.getState().goTo(`${reg.host}/team/api:multi`);
    const frame = await app!.waitFor('index of 3 manifests');
    const short = (d: string) => d.slice(0, 19);
    expect(frame).toMatch(/ TYPE$/m);
    expect(frame).toMatch(new RegExp(`> linux/amd64 +${short(image.digest)} +.* oci manifest$`, 'm'));
    expect(frame).toMatch(new RegExp(`  unknown +${short(nested.digest)} +.* oci index$`, 'm'));
    expect(frame).toMatch(new RegExp(`  unknown +${short(list.digest)} +.* docker list$`, 'm'));

    await app!.press('G');
    const opened = await app!.pressUntil(KEYS.enter, 'index of 1 manifest');
    expect(opened).toMatch(
      new RegExp(`> linux/arm64/v8 +${short(list.images[0]!.digest)} +.* docker v2s2$`, 'm'),
    );
  });
});

describe('the delete dialog at 80×24', () => {
  it.each([
    { tag: '1', lines: [`1 → ${'DIGEST'}`] },
    { tag: '1.4', lines: ['1.4 →', `  ${'DIGEST'}`] },
    { tag: 'latest', lines: ['latest →', `  ${'DIGEST'}`] },
  ])('shows the full digest $tag points at', async ({ tag, lines }) => {
    const store = await setUp();
    await app!.waitFor('Registries');
    store.getState().requestDelete([parseImageName(`docker://${reg.host}/team/api:${tag}`)]);
    const frame = await app!.waitFor('also tagged:');
    for (const line of lines) {
      const text = line.replace('DIGEST', image.digest);
      expect(frame).toMatch(new RegExp(`^│ ${escapeRegExp(text)} *│$`, 'm'));
    }
    await app!.pressUntil('n', (f) => !f.includes('also tagged:'));
  });
});

describe('the help overlay at 80×24', () => {
  it('wraps long descriptions under themselves and scrolls to the last line', async () => {
    const store = await setUp();
    store.getState().goTo(`${reg.host}/team/api`);
    await app!.waitFor(/Tags \d+ by name/);
    const first = await app!.press('?');
    const mark = helpFor('tags')
      .flatMap((s) => s.lines)
      .find((l) => l.action === 'mark');
    expect(mark?.description.length).toBeGreaterThan(60);
    const rows = first.split('\n');
    const at = rows.findIndex((l) => /^ {2}Space +mark/.test(l));
    expect(at).toBeGreaterThan(0);
    // The description's words, in order, over this line and the indented ones under it.
    const column = rows[at]!.indexOf('mark');
    const wrapped = [rows[at]!];
    for (const l of rows.slice(at + 1)) {
      if (l.slice(0, column).trim() !== '' || l.trim() === '') break;
      wrapped.push(l);
    }
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.map((l) => l.slice(column).trim()).join(' ')).toBe(mark?.description);
    // Nothing in the overlay (between the title bar and the status line) is cut.
    expect(rows.slice(1, -2).join('\n')).not.toContain('…');

    // The scroll reaches the last wrapped line, not the last line unwrapped.
    const last = helpLines(helpFor('tags'), { width: 80 }).at(-1);
    expect(last?.kind).toBe('key');
    const end = await app!.press('G');
    expect(end).toMatch(
      new RegExp(
        `^ {2}${escapeRegExp(last?.kind === 'key' ? last.keys : '?')} +${escapeRegExp(last?.kind === 'key' ? last.description : '?')}$`,
        'm',
      ),
    );
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
