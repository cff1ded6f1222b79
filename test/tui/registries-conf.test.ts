/**
 * registries.conf in the TUI's store, as the command line applies it (see
 * test/compat/registries-mirrors.test.ts), against real registries: a blocked registry or
 * repository is refused with containers/image's message (on the screen too), `insecure`
 * may be set for one repository, and one image is read through the mirrors — one that is
 * down is passed over, digest-only mirrors serve digests only — while tags still come from
 * the registry named.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flatten } from '../../src/registry/layers/index.js';
import { type ImageName, parseImageName } from '../../src/registry/ref/index.js';
import { type BerthState, type BerthStore, createBerthStore, describeChain } from '../../src/store/index.js';
import {
  getFreePort,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startRegistry,
  tarGz,
} from '../harness/index.js';
import { untilEnded } from './copy-kit.js';
import { renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

let primary: RegistryInstance;
let mirror: RegistryInstance;
/** Nothing listens there: a registry that is down. */
let down: string;
let here: PushedImage;
let mirrored: PushedImage;
let sb: TuiSandbox | undefined;
let layout: string;

beforeAll(async () => {
  [primary, mirror] = await Promise.all([startRegistry({ mode: 'plain' }), startRegistry({ mode: 'plain' })]);
  down = `127.0.0.1:${await getFreePort()}`;
  const layer = (text: string) => [tarGz([{ name: 'hello.txt', content: text }])];
  // The registry has `app/here` and `app/open`; only the mirror has `app/mirrored`.
  here = await pushImage(primary, { repository: 'app/here', tag: '1', layers: layer('here') });
  await pushImage(primary, { repository: 'app/open', tag: '1', layers: layer('open') });
  mirrored = await pushImage(mirror, {
    repository: 'cache/app/mirrored',
    tag: '1',
    layers: layer('from the mirror'),
  });
  layout = await mkdtemp(join(tmpdir(), 'berth-tui-conf-'));
});
afterAll(async () => {
  await Promise.all([primary?.stop(), mirror?.stop()]);
  await rm(layout, { recursive: true, force: true });
});
afterEach(async () => {
  await sb?.remove();
  sb = undefined;
});

/** A `[[registry]]` entry; `more` adds lines (blocked, mirrors). */
const entry = (location: string, more = '', prefix?: string) =>
  `[[registry]]\n${prefix ? `prefix = "${prefix}"\n` : ''}location = "${location}"\ninsecure = true\n${more}\n`;
const mirrorOf = (location: string, more = '') =>
  `[[registry.mirror]]\nlocation = "${location}"\ninsecure = true\n${more}\n`;

async function setUp(conf: string): Promise<BerthStore> {
  sb = await makeTuiSandbox({ conf });
  return createBerthStore(sb.deps);
}

const docker = (name: string): ImageName => parseImageName(`docker://${name}`);
/** containers/image's message for `prefix`, naming the sandbox's file. */
const blockedMessage = (prefix: string) => `registry ${prefix} is blocked in ${sb?.conf} or `;

async function imageLoaded(
  store: BerthStore,
  image: ImageName,
): Promise<BerthState['inspected'][string] | undefined> {
  await store.getState().loadImage({ image });
  const key = Object.keys(store.getState().inspected)[0] as string;
  return store.getState().inspected[key];
}

describe('blocked registries and repositories', () => {
  const blockedRepo = () =>
    entry(primary.host) + entry(`${primary.host}/app/here`, 'blocked = true', `${primary.host}/app/here`);

  it.each([
    {
      name: 'the catalog of a blocked registry',
      conf: () => entry(primary.host, 'blocked = true'),
      blocked: () => primary.host,
      run: async (store: BerthStore) => {
        store.getState().openRegistry(primary.host);
        const s = await untilState(store, (x) => x.repositories.status === 'error', 'the catalog to fail');
        return s.repositories.error;
      },
    },
    {
      name: 'the tags of a blocked repository',
      conf: blockedRepo,
      blocked: () => `${primary.host}/app/here`,
      run: async (store: BerthStore) => {
        await store.getState().loadTags(docker(`${primary.host}/app/here`));
        return store.getState().tags.error;
      },
    },
    {
      name: 'an image of a blocked repository',
      conf: blockedRepo,
      blocked: () => `${primary.host}/app/here`,
      run: async (store: BerthStore) =>
        (await imageLoaded(store, docker(`${primary.host}/app/here:1`)))?.error,
    },
    {
      name: 'a copy into a blocked repository',
      conf: () => blockedRepo() + entry(mirror.host),
      blocked: () => `${primary.host}/app/here`,
      run: async (store: BerthStore) => {
        const id = store.getState().startCopy({
          source: docker(`${mirror.host}/cache/app/mirrored:1`),
          destination: docker(`${primary.host}/app/here:2`),
        });
        return (await untilEnded(store, id)).error;
      },
    },
  ])('refuses $name with containers/image’s message', async ({ conf, blocked, run }) => {
    const store = await setUp(conf());
    const error = await run(store);
    expect(error && describeChain(error)).toContain(blockedMessage(blocked()));
  });

  it('refuses every request while registries.conf cannot be read, as the command line does', async () => {
    const store = await setUp('[[registry]\nlocation = "unterminated');
    await store.getState().loadTags(docker(`${primary.host}/app/open`));
    const tags = store.getState().tags;
    expect(tags.status).toBe('error');
    expect(tags.error && describeChain(tags.error)).toContain(sb?.conf);
    expect((await imageLoaded(store, docker(`${primary.host}/app/open:1`)))?.error).toBeDefined();
  });

  it('lists the other repositories of that registry', async () => {
    const store = await setUp(blockedRepo());
    await store.getState().loadTags(docker(`${primary.host}/app/open`));
    expect(store.getState().tags).toMatchObject({ status: 'ready', items: ['1'] });
  });

  it('says so on the Tags screen', async () => {
    const store = await setUp(blockedRepo());
    store.getState().goTo(`${primary.host}/app/here`);
    const app = await renderApp(store, { columns: 300, rows: 24 });
    try {
      const frame = await app.waitFor(blockedMessage(`${primary.host}/app/here`));
      expect(frame).toContain(`error: Cannot list the tags of docker://${primary.host}/app/here`);
    } finally {
      app.unmount();
    }
  });
});

describe('insecure', () => {
  it('is decided per repository, as the command line decides it', async () => {
    // Plain HTTP is allowed for `app/…` only: the rest of the registry is asked over TLS.
    const store = await setUp(
      `[[registry]]\nprefix = "${primary.host}/app"\nlocation = "${primary.host}/app"\ninsecure = true\n`,
    );
    await store.getState().loadTags(docker(`${primary.host}/app/open`));
    expect(store.getState().tags).toMatchObject({ status: 'ready', items: ['1'] });
    await store.getState().loadTags(docker(`${primary.host}/other/app`));
    expect(store.getState().tags.status).toBe('error');
  });
});

describe('one image is read through the mirrors', () => {
  it('reads from the mirror while the registry is down: the image, its layer files, a copy', async () => {
    const store = await setUp(entry(down, '') + mirrorOf(`${mirror.host}/cache`));
    const image = docker(`${down}/app/mirrored:1`);
    const inspected = await imageLoaded(store, image);
    expect(inspected?.status).toBe('ready');
    expect(inspected?.manifest?.digest).toBe(mirrored.digest);

    await store.getState().openLayerFiles({ image, layer: 0 });
    const lf = store.getState().layerFiles;
    expect(lf?.status).toBe('ready');
    expect(lf?.tree && flatten(lf.tree).map((r) => r.node.path)).toEqual(['hello.txt']);

    const id = store.getState().startCopy({
      source: image,
      destination: { transport: 'oci', path: layout, image: 'mirrored' },
    });
    const job = await untilEnded(store, id);
    expect(job.status, job.error?.message).toBe('done');
    expect(job.digest).toBe(mirrored.digest);

    // Tags come from the registry named, never a mirror.
    await store.getState().loadTags(image);
    expect(store.getState().tags.status).toBe('error');
  });

  it.each([
    {
      name: 'a mirror that is down is passed over for the registry',
      conf: () => entry(primary.host) + mirrorOf(down),
      image: () => `${primary.host}/app/here:1`,
      want: () => here.digest,
    },
    {
      name: 'a blocked registry is still read through its mirror',
      conf: () => entry(down, 'blocked = true') + mirrorOf(`${mirror.host}/cache`),
      image: () => `${down}/app/mirrored:1`,
      want: () => mirrored.digest,
    },
    {
      name: 'a digest-only mirror serves a digest',
      conf: () => entry(down) + mirrorOf(`${mirror.host}/cache`, 'pull-from-mirror = "digest-only"'),
      image: () => `${down}/app/mirrored@${mirrored.digest}`,
      want: () => mirrored.digest,
    },
    {
      name: 'a digest-only mirror is not asked for a tag',
      conf: () => entry(down) + mirrorOf(`${mirror.host}/cache`, 'pull-from-mirror = "digest-only"'),
      image: () => `${down}/app/mirrored:1`,
      want: () => undefined,
    },
    {
      name: 'a tag-only mirror is not asked for a digest',
      conf: () => entry(down) + mirrorOf(`${mirror.host}/cache`, 'pull-from-mirror = "tag-only"'),
      image: () => `${down}/app/mirrored@${mirrored.digest}`,
      want: () => undefined,
    },
  ])('$name', async ({ conf, image, want }) => {
    const store = await setUp(conf());
    const inspected = await imageLoaded(store, docker(image()));
    const digest = want();
    if (digest) {
      expect(inspected?.status, inspected?.error?.message).toBe('ready');
      expect(inspected?.manifest?.digest).toBe(digest);
    } else {
      // Only the registry was asked, and it is down: its own error, no mirror in it.
      expect(inspected?.status).toBe('error');
      expect(inspected?.error?.message).not.toContain('Mirrors also failed');
    }
  });

  it('opens the image anew when it is read again (r), so a moved tag is seen', async () => {
    const store = await setUp(entry(down) + mirrorOf(`${mirror.host}/cache`));
    const push = (text: string) =>
      pushImage(mirror, { repository: 'cache/app/moving', tag: '1', layers: [tarGz([{ name: text }])] });
    const first = await push('first');
    const image = docker(`${down}/app/moving:1`);
    expect((await imageLoaded(store, image))?.manifest?.digest).toBe(first.digest);
    const second = await push('second');
    await store.getState().loadImage({ image, force: true });
    expect(Object.values(store.getState().inspected)[0]?.manifest?.digest).toBe(second.digest);
  });

  it('reports every place that failed', async () => {
    const store = await setUp(entry(primary.host) + mirrorOf(down) + mirrorOf(`${mirror.host}/cache`));
    const inspected = await imageLoaded(store, docker(`${primary.host}/app/missing:1`));
    expect(inspected?.status).toBe('error');
    const message = inspected?.error?.message ?? '';
    expect(message).toMatch(/^\(Mirrors also failed: \[127\.0\.0\.1:\d+\/app\/missing:1: /);
    expect(message).toContain(`[${mirror.host}/cache/app/missing:1: `);
    expect(message.endsWith(`): ${primary.host}/app/missing:1`)).toBe(true);
  });
});
