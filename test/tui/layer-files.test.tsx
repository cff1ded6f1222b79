/**
 * The Layer files screen and its store actions against a real registry: layers streamed
 * into trees (whiteouts as deletions, an opaque directory), the image view with what a
 * layer added, modified and removed, folding, sorting and filtering at 80×24; a fault proxy
 * flips a byte after a layer's tar so every entry lists and then the digest check fails;
 * leaving the screen while a slow layer streams aborts the read; and quitting then lets the
 * read stop and the source close before the TUI closes its HTTP layer.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { releaseTui } from '../../src/cli/tui-release.js';
import { DigestMismatchError } from '../../src/registry/digest/index.js';
import { flatten } from '../../src/registry/layers/index.js';
import { type ImageName, parseImageName } from '../../src/registry/ref/index.js';
import { type BerthDeps, type BerthStore, createBerthStore } from '../../src/store/index.js';
import { type FaultProxy, type RegistryInstance, startFaultProxy, startRegistry } from '../harness/index.js';
import { type InspectFixtures, pushInspectFixtures } from './inspect-fixtures.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

let reg: RegistryInstance;
let proxy: FaultProxy;
let fx: InspectFixtures;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

const image = (host: string, name: string): ImageName => parseImageName(`docker://${host}/${name}`);

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  proxy = await startFaultProxy({ target: reg.url });
  fx = await pushInspectFixtures(reg);
});
afterAll(async () => {
  await proxy?.stop();
  await reg?.stop();
});
beforeEach(() => proxy.reset());
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

/** The signals the sources' blob reads were given, by digest, to see that leaving aborts them. */
interface Watched {
  deps: BerthDeps;
  blobSignals: { digest: string; signal: AbortSignal }[];
  /** In order: `end <digest>` when a blob's stream is done with, `close` when a source closes. */
  events: string[];
}

async function setUp(): Promise<{ store: BerthStore; watched: Watched }> {
  sb = await makeTuiSandbox({ insecure: [reg.host, proxy.host] });
  const base = sb.deps;
  const blobSignals: Watched['blobSignals'] = [];
  const events: string[] = [];
  const deps: BerthDeps = {
    ...base,
    clientFor: (r, o) => base.clientFor(r, o),
    async openSource(name, opts) {
      const source = await base.openSource(name, opts);
      return {
        name: source.name,
        getManifest: (o) => source.getManifest(o),
        async getBlob(o) {
          if (o.signal) blobSignals.push({ digest: o.descriptor.digest, signal: o.signal });
          const stream = await source.getBlob(o);
          return (async function* () {
            try {
              yield* stream;
            } finally {
              events.push(`end ${o.descriptor.digest}`);
            }
          })();
        },
        async close() {
          await source.close();
          events.push('close');
        },
      };
    },
  };
  return { store: createBerthStore(deps), watched: { deps, blobSignals, events } };
}

const paths = (store: BerthStore): string[] => {
  const tree = store.getState().layerFiles?.tree;
  return tree
    ? flatten(tree).map(
        (r) => `${r.node.path}${r.node.deleted ? ' deleted' : ''}${r.node.change ? ` ${r.node.change}` : ''}`,
      )
    : [];
};

describe('layer files in the store', () => {
  it.each([
    {
      name: 'a layer of its own: a whiteout is a deletion',
      layer: 1,
      view: 'layer' as const,
      want: ['app', 'app/config.json', 'app/old.log deleted', 'app/run.sh'],
    },
    {
      name: 'a layer with an opaque directory',
      layer: 2,
      view: 'layer' as const,
      want: ['usr', 'usr/bin', 'usr/bin/tool', 'var', 'var/cache', 'var/cache/new.bin'],
    },
    {
      name: 'the image after layer 2: what layer 2 changed',
      layer: 1,
      view: 'image' as const,
      want: [
        'app',
        'app/config.json modified',
        'app/old.log deleted removed',
        'app/run.sh added',
        'etc',
        'etc/hostname',
        'var',
        'var/cache',
        'var/cache/a.bin',
      ],
    },
    {
      name: 'the image after layer 3: the opaque directory hides what was below',
      layer: 2,
      view: 'image' as const,
      want: [
        'app',
        'app/config.json',
        'app/run.sh',
        'etc',
        'etc/hostname',
        'usr added',
        'usr/bin added',
        'usr/bin/tool added',
        'var',
        'var/cache',
        'var/cache/a.bin deleted removed',
        'var/cache/new.bin added',
      ],
    },
  ])('$name', async ({ layer, view, want }) => {
    const { store } = await setUp();
    await store.getState().openLayerFiles({ image: image(reg.host, 'files/app:v1'), layer, view });
    const lf = store.getState().layerFiles;
    expect(lf?.status).toBe('ready');
    expect(paths(store)).toEqual(want);
    // The last layer read was read to its end.
    expect(lf?.progress.bytesRead).toBe(fx.app.layers[layer]?.size);
  });

  it('lists every entry of a layer corrupted after its tar, then fails on the digest', async () => {
    const { store } = await setUp();
    const layer = fx.padded.layers[0];
    // Only the layer: the config is read through the proxy too.
    proxy.add({
      path: new RegExp(`/blobs/${layer?.digest}`),
      fault: { kind: 'flip-byte', offset: (layer?.size ?? 0) - 40 },
    });
    await store.getState().openLayerFiles({ image: image(proxy.host, 'files/padded:v1'), layer: 0 });
    const lf = store.getState().layerFiles;
    expect(lf?.status).toBe('error');
    expect(lf?.error).toBeInstanceOf(DigestMismatchError);
    expect(paths(store)).toEqual([
      'app',
      'app/config.json',
      'app/old.log',
      'etc',
      'etc/hostname',
      'var',
      'var/cache',
      'var/cache/a.bin',
    ]);
    expect(proxy.requests.filter((r) => r.fault === 'flip-byte')).toHaveLength(1);
  });
});

describe('Layer files screen', () => {
  async function openLayer(store: BerthStore, host: string, name: string, row: number): Promise<RenderedApp> {
    store.getState().goTo(`${host}/${name}`);
    const rendered = await renderApp(store, { columns: 80, rows: 24 });
    app = rendered;
    await rendered.waitFor('Entrypoint');
    await rendered.press('3');
    for (let i = 0; i < row; i++) await rendered.press(KEYS.down);
    await rendered.press(KEYS.enter);
    return rendered;
  }

  it('folds, goes up, sorts and filters a layer’s tree', async () => {
    const { store } = await setUp();
    const ui = await openLayer(store, reg.host, 'files/app:v1', 1);
    const tree = await ui.waitFor('verified');
    const body = (f: string) => f.split('\n').slice(1, 7).join('\n');
    expect(body(tree)).toBe(
      [
        `Layer 2 of 3 ${fx.app.layers[1]?.digest.slice(0, 19)} 199 B [layer] sort: name`,
        '4 entries · 4 shown · verified · - deleted (whiteout)',
        '>   drwxr-xr-x       34 B  ▾ app',
        '    -rw-r--r--       15 B      config.json',
        '  - -rw-r--r--        0 B      old.log  [deleted]',
        '    -rwxr-xr-x       19 B      run.sh',
      ].join('\n'),
    );
    expect(tree).toContain(`files/app › v1 › files ${fx.app.layers[1]?.digest.slice(7, 19)}`);

    expect(await ui.press(KEYS.enter)).toContain('>   drwxr-xr-x       34 B  ▸ app');
    expect(await ui.press('l')).toContain('▾ app');
    await ui.press('j', 'j');
    expect(await ui.press('h')).toContain('>   drwxr-xr-x       34 B  ▾ app');
    expect(await ui.press('h')).toContain('▸ app');
    await ui.press(KEYS.space);

    const bySize = await ui.press('s');
    expect(bySize).toContain('sort: size');
    expect(body(bySize).split('\n').slice(2, 6)).toEqual([
      '>   drwxr-xr-x       34 B  ▾ app',
      '    -rwxr-xr-x       19 B      run.sh',
      '    -rw-r--r--       15 B      config.json',
      '  - -rw-r--r--        0 B      old.log  [deleted]',
    ]);

    await ui.press('/');
    const filtered = await ui.type('run');
    expect(filtered).toContain('/run');
    expect(filtered).toContain('2/4');
    expect(filtered).not.toContain('config.json');
    await ui.press(KEYS.enter);
    const cleared = await ui.press(KEYS.escape);
    expect(cleared).toContain('config.json');

    await ui.press('G');
    await ui.press('y');
    expect(ui.copied).toEqual(['/app/old.log']);

    const image = await ui.pressUntil(KEYS.escape, '[3 Layers]');
    expect(image).toMatch(/> +2 sha256:/);
    // Effects of an unmounted screen may run just after the frame is drawn.
    await untilState(store, (x) => x.layerFiles === undefined, 'the layer files to be forgotten');
  });

  it('marks what a layer changed in the image view, and moves between layers', async () => {
    const { store } = await setUp();
    const ui = await openLayer(store, reg.host, 'files/app:v1', 1);
    await ui.waitFor('verified');
    await ui.press('a');
    const view = await ui.waitFor((f) => f.includes('image after layer 2') && f.includes('verified'));
    expect(view).toContain('+ added  ~ modified  - removed');
    expect(view).toContain('  ~ -rw-r--r--       15 B      config.json');
    expect(view).toContain('  - -rw-r--r--    2.0 KiB      old.log  [deleted]');
    expect(view).toContain('  + -rwxr-xr-x       19 B      run.sh');
    expect(view).toContain('    -rw-r--r--        6 B      hostname');

    await ui.press(']');
    const next = await ui.waitFor((f) => f.includes('image after layer 3') && f.includes('verified'));
    expect(next).toContain(`files ${fx.app.layers[2]?.digest.slice(7, 19)}`);
    expect(next).toContain('  + drwxr-xr-x    4.9 KiB  ▾ usr');
    expect(next).toContain('  - -rw-r--r--      300 B        a.bin  [deleted]');
    expect(next).toContain('  + -rw-r--r--      100 B        new.bin');

    // Back to the layer's own files of layer 3.
    await ui.press('a');
    const own = await ui.waitFor((f) => f.includes('[layer]') && f.includes('verified'));
    expect(own).toContain('Layer 3 of 3');
    expect(own).toContain('  ▾ cache  [opaque]');
  });

  it('shows every entry of a tampered layer under an error banner', async () => {
    const { store } = await setUp();
    const layer = fx.padded.layers[0];
    // Only the layer: the config is read through the proxy too.
    proxy.add({
      path: new RegExp(`/blobs/${layer?.digest}`),
      fault: { kind: 'flip-byte', offset: (layer?.size ?? 0) - 40 },
    });
    store.getState().goTo(`${proxy.host}/files/padded:v1`);
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('1 layer');
    await app.press('3');
    const frame = await app.pressUntil(KEYS.enter, 'failed verification');
    expect(frame).toContain('error: layer 1 failed verification: do not trust the files listed');
    expect(frame).toContain('digest mismatch');
    expect(frame).toContain('      hostname');
    expect(frame).not.toContain('verified ·');
  });

  /** Opens the padded image's only layer through a slow proxy; returns once it streams. */
  async function openSlowLayer(streaming: RegExp) {
    const { store, watched } = await setUp();
    const layer = fx.padded.layers[0]?.digest;
    proxy.add({ path: new RegExp(`/blobs/${layer}`), fault: { kind: 'slow', bytesPerSecond: 4096 } });
    store.getState().goTo(`${proxy.host}/files/padded:v1`);
    const shown = await renderApp(store, { columns: 80, rows: 24 });
    app = shown;
    await shown.waitFor('1 layer');
    await shown.press('3');
    const frame = await shown.pressUntil(KEYS.enter, streaming);
    return { store, watched, layer, frame, shown };
  }

  it('aborts the read when the screen is left while the layer streams', async () => {
    const {
      store,
      watched,
      layer,
      frame: streaming,
      shown,
    } = await openSlowLayer(/reading [1-9][\d.]* (B|KiB) of 6\d\.\d KiB \(\d+%\)/);
    expect(streaming).toContain('reading layer 1 of 1');
    const reads = watched.blobSignals.filter((b) => b.digest === layer);
    expect(reads.map((b) => b.signal.aborted)).toEqual([false]);
    await shown.pressUntil(KEYS.escape, '[3 Layers]');
    // Effects of an unmounted screen may run just after the frame is drawn.
    const after = await untilState(
      store,
      (x) => x.layerFiles === undefined,
      'the layer files to be forgotten',
    );
    expect(reads.map((b) => b.signal.aborted)).toEqual([true]);
    expect(Object.keys(after.busy)).not.toContain('layer-files');
  });

  it('quitting while the layer streams: the read stops and the source closes before HTTP does', async () => {
    const { store, watched, layer, shown } = await openSlowLayer(/reading [1-9]/);
    // What `q` and the TUI's exit do: quit, the screens unmount (releasing their images,
    // not awaited), then the entry releases what is left and closes the HTTP layer.
    store.getState().quit();
    shown.unmount();
    app = undefined;
    await releaseTui({ store, deps: { close: async () => void watched.events.push('http closed') } });
    const config = `end ${fx.padded.config.digest}`;
    expect(watched.events.filter((e) => e !== config)).toEqual([`end ${layer}`, 'close', 'http closed']);
    expect(store.getState().busy).toEqual({});
  });

  it('stops a slow read with Ctrl-C, and r reads the layer again', async () => {
    const { store } = await setUp();
    const layer = fx.padded.layers[0]?.digest;
    proxy.add({ path: new RegExp(`/blobs/${layer}`), fault: { kind: 'slow', bytesPerSecond: 4096 } });
    store.getState().goTo(`${proxy.host}/files/padded:v1`);
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('1 layer');
    await app.press('3');
    await app.pressUntil(KEYS.enter, /reading [1-9]/);
    const stopped = await app.pressUntil(KEYS.ctrlC, 'error: cannot read layer 1');
    expect(stopped).toContain('  cancelled');
    proxy.reset();
    const again = await app.pressUntil('r', 'verified');
    expect(again).toContain('      hostname');
    expect(again).not.toContain('error:');
  });
});
