/**
 * The Image screen and the inspect slice against a real registry (and an OCI layout copied
 * from it): an index's platforms with their sizes, a platform's manifest, an image's config,
 * history, layers, raw JSON and referrers (found through the tag-schema fallback), and the
 * equivalent `berth` command lines, copied with `y`. Frames at 80×24 unless said otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/registry/digest/index.js';
import { type ImageName, parseImageName } from '../../src/registry/ref/index.js';
import { type BerthStore, createBerthStore, inspectKey } from '../../src/store/index.js';
import { type RegistryInstance, startRegistry } from '../harness/index.js';
import { type InspectFixtures, pushInspectFixtures, SBOM, SIGNATURE } from './inspect-fixtures.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

let reg: RegistryInstance;
let fx: InspectFixtures;
let layoutDir: string;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

const docker = (name: string): ImageName => parseImageName(`docker://${reg.host}/${name}`);
const layout = (image: string): ImageName => parseImageName(`oci:${layoutDir}:${image}`);

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  fx = await pushInspectFixtures(reg);
  // The index copied, every platform, into a local layout.
  layoutDir = await mkdtemp(join(tmpdir(), 'berth-image-layout-'));
  const copier = await makeTuiSandbox({ insecure: [reg.host] });
  try {
    const { deps } = copier;
    const source = await deps.openSource(docker('files/multi:v1'), {
      registryClient: (r) => deps.clientFor(r),
    });
    const destination = await deps.openDestination(layout('multi'), {});
    await deps.copyImage({ source, destination, platforms: 'all' });
    await source.close();
  } finally {
    await copier.remove();
  }
});
afterAll(async () => {
  await reg?.stop();
  if (layoutDir) await rm(layoutDir, { recursive: true, force: true });
});
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

async function setUp(): Promise<BerthStore> {
  sb = await makeTuiSandbox({ insecure: [reg.host] });
  return createBerthStore(sb.deps);
}

describe('inspect slice', () => {
  it('reads a manifest, its verified config and its referrers', async () => {
    const store = await setUp();
    const image = docker('files/app:v1');
    await store.getState().loadImage({ image });
    const key = inspectKey(image);
    const s = await untilState(store, (x) => x.inspected[key]?.referrers.status === 'ready', 'the referrers');
    const got = s.inspected[key];
    expect(got?.status).toBe('ready');
    expect(got?.manifest?.digest).toBe(fx.app.digest);
    expect(got?.config?.config?.Entrypoint).toEqual(['/usr/bin/tool']);
    expect(got?.config?.history?.map((h) => h.empty_layer === true)).toEqual([false, true, false, false]);
    expect(Buffer.from(got?.configBytes ?? []).equals(Buffer.from(fx.app.config.bytes))).toBe(true);
    expect(got?.referrers.via).toBe('tag-schema');
    expect(got?.referrers.descriptors.map((d) => [d.artifactType, d.digest])).toEqual([
      [SBOM, fx.referrers[0]],
      [SIGNATURE, fx.referrers[1]],
    ]);
  });

  it('reads an index, then the compressed size of each platform image', async () => {
    const store = await setUp();
    const image = docker('files/multi:v1');
    await store.getState().loadImage({ image });
    const key = inspectKey(image);
    const s = await untilState(
      store,
      (x) => Object.keys(x.inspected[key]?.childSizes ?? {}).length === 2,
      'both sizes',
    );
    expect(s.inspected[key]?.manifest?.kind).toBe('index');
    expect(s.inspected[key]?.childSizes).toEqual(
      Object.fromEntries(fx.multi.images.map((i) => [i.digest, i.layers[0]?.size])),
    );
  });

  it.each([
    {
      name: 'a manifest of a local index, by digest',
      image: () => layout('multi'),
      digest: () => fx.multi.images[1]?.digest as Digest,
      want: { status: 'ready', arch: 'arm64', referrers: 'unsupported' },
    },
    {
      name: 'a tag the registry does not have',
      image: () => docker('files/app:nope'),
      digest: () => undefined,
      want: { status: 'error', arch: undefined, referrers: 'idle' },
    },
  ])('$name', async ({ image, digest, want }) => {
    const store = await setUp();
    const d = digest();
    await store.getState().loadImage({ image: image(), ...(d ? { digest: d } : {}) });
    const got = store.getState().inspected[inspectKey(image(), d)];
    expect({
      status: got?.status,
      arch: got?.config?.architecture,
      referrers: got?.referrers.status,
    }).toEqual(want);
  });

  it('forgets the images once no screen shows one', async () => {
    const store = await setUp();
    const image = docker('files/app:v1');
    store.getState().pushScreen({ screen: 'image', image });
    await store.getState().loadImage({ image });
    await store.getState().releaseInspect();
    expect(Object.keys(store.getState().inspected)).toEqual([inspectKey(image)]);
    store.getState().popScreen();
    await store.getState().releaseInspect();
    expect(store.getState().inspected).toEqual({});
  });
});

describe('Image screen', () => {
  it('lists an index’s platforms, opens one, and comes back to it', async () => {
    const store = await setUp();
    store.getState().goTo(`${reg.host}/files/multi:v1`);
    app = await renderApp(store, { columns: 80, rows: 24 });
    // The sizes arrive in any order.
    const index = await app.waitFor((f) => (f.match(/sha256:\w{12} +64 B/g) ?? []).length === 2);
    const [amd, arm] = fx.multi.images.map((i) => i.digest.slice(0, 19));
    expect(index).toContain(`digest ${fx.multi.digest}`);
    expect(index).toContain('index of 2 manifests');
    expect(index).toContain('[1 Platforms]  2 Commands   3 Manifest   4 Referrers');
    expect(index).toMatch(new RegExp(`> linux/amd64 +${amd} +64 B oci manifest$`, 'm'));
    expect(index).toMatch(new RegExp(`  linux/arm64/v8 +${arm} +64 B`));

    const kept = store.getState().inspected[inspectKey(docker('files/multi:v1'))]?.manifest;
    expect(kept?.kind).toBe('index');
    await app.press(KEYS.down);
    const child = await app.pressUntil(KEYS.enter, 'linux/arm64/v8 · 1 layer · 64 B');
    expect(child).toContain(`files/multi › v1 › ${arm}`);
    expect(child).toContain(`digest ${fx.multi.images[1]?.digest}`);
    expect(child).toContain('[1 Overview]  2 History   3 Layers   4 Manifest   5 Config   6 Referrers');

    const back = await app.pressUntil(KEYS.escape, 'index of 2 manifests');
    expect(back).toMatch(/> linux\/arm64\/v8/);
    // The index was kept, not read again.
    expect(store.getState().inspected[inspectKey(docker('files/multi:v1'))]?.manifest).toBe(kept);
  });

  it('shows config, history, layers, JSON and referrers, and copies the command line', async () => {
    const store = await setUp();
    store.getState().goTo(`${reg.host}/files/app:v1`);
    app = await renderApp(store, { columns: 80, rows: 24 });
    const overview = await app.waitFor('Entrypoint');
    expect(overview).toContain('linux/amd64 · 3 layers · 684 B · created 2024-05-01 10:00:00');
    const rows = overview.split('\n').slice(6, 17).join('\n');
    expect(rows).toBe(
      [
        '  FIELD        VALUE',
        '> Entrypoint   ["/usr/bin/tool"]',
        '  Cmd          ["serve","--port","8080"]',
        '  WorkingDir   /app',
        '  User         app',
        '  ExposedPorts 8080/tcp',
        '  Env          PATH=/usr/bin',
        '               MODE=test',
        '  Labels       org.opencontainers.image.title=files-app',
        `  Inspect      berth inspect docker://${reg.host}/files/app:v1`,
        `  Copy         berth copy docker://${reg.host}/files/app:v1 DESTINATION`,
      ].join('\n'),
    );
    await app.press('G');
    const copied = await app.pressUntil('y', 'copied: berth copy');
    expect(app.copied).toEqual([`berth copy docker://${reg.host}/files/app:v1 DESTINATION`]);
    // Too long to fit beside who you are at 80 columns: the copied text takes the status line,
    // whole, so it can be selected by hand where the terminal ignores OSC 52.
    const status = copied.split('\n').at(-2) ?? '';
    expect(status.trim()).toBe(`copied: berth copy docker://${reg.host}/files/app:v1 DESTINATION`);

    const history = await app.press('2');
    expect(history).toMatch(/2024-05-01 09:00:00 +267 B ADD base\.tar \//);
    expect(history).toMatch(/2024-05-01 09:30:00 +empty ENV MODE=test/);
    expect(history).toMatch(/2024-05-01 10:00:00 +218 B RUN install-tool/);

    const layers = await app.press(KEYS.tab);
    expect(layers).toContain('[3 Layers]');
    fx.app.layers.forEach((l, i) => {
      expect(layers).toMatch(
        new RegExp(
          `${i + 1} ${l.digest.slice(0, 19)} +${l.size} B application/vnd\\.oci\\.image\\.layer\\.v1\\.tar\\+gzip`,
        ),
      );
    });

    const manifest = await app.press('4');
    expect(manifest).toContain('> {');
    expect(manifest).toContain('    "schemaVersion": 2,');
    const config = await app.press('5');
    expect(config).toContain('    "created": "2024-05-01T10:00:00Z",');

    const referrers = await app.waitFor('6 Referrers 2');
    expect(referrers).toContain('6 Referrers 2');
    const listed = await app.press('6');
    expect(listed).toMatch(
      new RegExp(`> application/vnd\\.example\\.sbom\\.v1\\+json +${fx.referrers[0]?.slice(0, 19)}`),
    );
    expect(listed).toMatch(
      new RegExp(`  application/vnd\\.example\\.signature\\.v1 +${fx.referrers[1]?.slice(0, 19)}`),
    );

    const artifact = await app.pressUntil(KEYS.enter, 'artifact application/vnd.example.sbom.v1+json');
    expect(artifact).toContain('Config       application/vnd.oci.empty.v1+json');
  });

  it('opens a platform of a local layout and names it by platform in the commands (120 columns)', async () => {
    const store = await setUp();
    store.getState().pushScreen({ screen: 'image', image: layout('multi') });
    app = await renderApp(store, { columns: 120, rows: 30 });
    const index = await app.waitFor(/linux\/arm64\/v8 +sha256:\w{12} +64 B/);
    expect(index).toContain('4 Referrers');
    await app.press(KEYS.down);
    await app.pressUntil(KEYS.enter, 'linux/arm64/v8 · 1 layer · 64 B');
    const referrers = await app.press('6');
    expect(referrers).toContain('referrers are listed for images in registries');
    await app.press('1');
    await app.press('y');
    expect(app.copied).toEqual([
      `berth --override-os linux --override-arch arm64 --override-variant v8 inspect oci:${layoutDir}:multi`,
    ]);
  });

  it('shows why an image cannot be read', async () => {
    const store = await setUp();
    store.getState().goTo(`${reg.host}/files/app:nope`);
    app = await renderApp(store, { columns: 80, rows: 24 });
    const frame = await app.waitFor('error: Cannot read the image');
    expect(frame).toContain('r tries again, Esc goes back');
  });
});
