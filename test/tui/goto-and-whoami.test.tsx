/**
 * Who you are, wherever you got to (issue #5): the status bar names the registry, the user and
 * where the credential came from (or `anonymous`), whether the registry was reached with `:`
 * (driven by keys) or named on the command line. Against two real registries: one with Basic
 * auth whose login is in the sandbox's auth.json, one plain with no login anywhere. Where you
 * got to, registry or local layout, is remembered for the next run's registries screen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKeychain } from '../../src/registry/auth/index.js';
import { parseImageName } from '../../src/registry/ref/index.js';
import { type BerthOptions, type BerthStore, createBerthStore } from '../../src/store/index.js';
import { pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';
import { copyToNewLayout } from './layout-copy.js';
import { KEYS, type RenderedApp, renderApp, waitUntil } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

const USER = 'tester';
const PASSWORD = 'right-pass';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let basic: RegistryInstance;
let plain: RegistryInstance;
/** A layout holding plain's lib/tool:2 as `2`. */
let layoutDir: string;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

beforeAll(async () => {
  [basic, plain] = await Promise.all([
    startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } }),
    startRegistry({ mode: 'plain' }),
  ]);
  await Promise.all([
    pushImage(basic, { repository: 'team/app', tag: '1', layers: [{ size: 32, seed: 1 }] }),
    pushImage(plain, { repository: 'lib/tool', tag: '2', layers: [{ size: 32, seed: 2 }] }),
  ]);
  layoutDir = await copyToNewLayout({ registry: plain.host, image: 'lib/tool:2', name: '2' });
});
afterAll(async () => {
  await Promise.all([basic?.stop(), plain?.stop()]);
  if (layoutDir) await rm(layoutDir, { recursive: true, force: true });
});
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

/** A sandbox whose auth.json holds the login for `basic` only. */
async function sandbox(): Promise<TuiSandbox> {
  sb = await makeTuiSandbox({ insecure: [basic.host, plain.host] });
  await mkdir(dirname(sb.authFile), { recursive: true, mode: 0o700 });
  await writeFile(
    sb.authFile,
    JSON.stringify({ auths: { [basic.host]: { auth: b64(`${USER}:${PASSWORD}`) } } }),
  );
  return sb;
}

/**
 * Renders the registries and opens `host` by keys (`:` adds a registry there, so going to a
 * reference starts from a registry's screen, as a user would).
 */
async function openRegistry(store: BerthStore, host: string): Promise<RenderedApp> {
  const shown = await renderApp(store, { columns: 100, rows: 30 });
  app = shown;
  await shown.waitFor(host);
  await shown.press('/');
  await shown.type(host);
  await shown.press(KEYS.enter);
  await shown.pressUntil(KEYS.enter, (f) => titleLine(f) === `berth › registries › ${host}`);
  return shown;
}

const lines = (frame: string): string[] => frame.split('\n').map((l) => l.trimEnd());
const titleLine = (frame: string): string => lines(frame)[0] ?? '';
/** The status bar is the line above the key hints. */
const statusLine = (frame: string): string => lines(frame).at(-2) ?? '';
const screens = (store: BerthStore): string[] => store.getState().stack.map((r) => r.screen);

/** The registries: who you are at each, as the status bar says it. */
const AT = {
  basic: { reg: () => basic, who: `${USER} (auth.json)` },
  plain: { reg: () => plain, who: 'anonymous' },
} as const;

describe(': go to a reference, by keys', () => {
  it.each([
    {
      name: 'a repository at a registry with a login in auth.json',
      from: AT.plain,
      at: AT.basic,
      text: (host: string) => `${host}/team/app`,
      crumbs: (host: string) => `berth › registries › ${host} › team/app`,
      stack: ['registries', 'repositories', 'tags'],
      shows: () => ['\nTags 1 by name\n', '\n> 1 '],
    },
    {
      name: 'an image with a tag at a registry without a login',
      from: AT.basic,
      at: AT.plain,
      text: (host: string) => `${host}/lib/tool:2`,
      crumbs: (host: string) => `berth › registries › ${host} › lib/tool › 2`,
      stack: ['registries', 'repositories', 'tags', 'image'],
      shows: (host: string) => [`\nImage docker://${host}/lib/tool:2\ndigest sha256:`],
    },
    {
      name: 'a docker:// image at the registry already open',
      from: AT.basic,
      at: AT.basic,
      text: (host: string) => `docker://${host}/team/app:1`,
      crumbs: (host: string) => `berth › registries › ${host} › team/app › 1`,
      stack: ['registries', 'repositories', 'tags', 'image'],
      shows: (host: string) => [`\nImage docker://${host}/team/app:1\ndigest sha256:`],
    },
  ])('$name', async ({ from, at, text, crumbs, stack, shows }) => {
    const { host } = at.reg();
    const store = createBerthStore((await sandbox()).deps);
    const tui = await openRegistry(store, from.reg().host);

    const dialog = await tui.press(':');
    expect(dialog).toContain('Go to a reference');
    await tui.type(text(host));
    const status = `${host} │ ${at.who}`;
    // The top of the screen, once loaded.
    const screen = shows(host);
    const frame = await tui.pressUntil(
      KEYS.enter,
      (f) => statusLine(f).includes(status) && screen.every((s) => f.includes(s)),
    );

    expect(store.getState().modal).toBeUndefined();
    expect(screens(store)).toEqual(stack);
    expect(titleLine(frame)).toBe(crumbs(host));
    expect(frame).not.toContain('Go to a reference');
    expect(statusLine(frame)).toContain(status);
    expect(store.getState().currentRegistry).toBe(host);
  });

  it('says who you are at the new registry when going from one to another', async () => {
    const store = createBerthStore((await sandbox()).deps);
    const tui = await openRegistry(store, basic.host);
    await tui.waitFor((f) => statusLine(f).includes(`${basic.host} │ ${AT.basic.who}`));
    for (const at of [AT.plain, AT.basic, AT.plain]) {
      const { host } = at.reg();
      expect(await tui.press(':')).toContain('Go to a reference');
      await tui.type(host === basic.host ? `${host}/team/app` : `${host}/lib/tool`);
      const frame = await tui.pressUntil(KEYS.enter, (f) => statusLine(f).includes(`${host} │ ${at.who}`));
      expect(titleLine(frame)).toContain(` › ${host} › `);
    }
    // Each registry's lookup ended (none left loading, none in flight).
    const s = await untilState(store, (x) => Object.keys(x.busy).length === 0, 'nothing in flight');
    expect(s.whoami[basic.host]).toMatchObject({ status: 'ready', username: USER });
    expect(s.whoami[plain.host]).toMatchObject({ status: 'ready', source: { kind: 'anonymous' } });
  });
});

describe(': to a local layout', () => {
  it('leaves the registry it came from: the status bar names none', async () => {
    const store = createBerthStore((await sandbox()).deps);
    const tui = await openRegistry(store, basic.host);
    await tui.waitFor((f) => statusLine(f).includes(`${basic.host} │ ${AT.basic.who}`));

    expect(await tui.press(':')).toContain('Go to a reference');
    await tui.type(`oci:${layoutDir}`);
    const frame = await tui.pressUntil(KEYS.enter, (f) => f.includes('\n> 2 '));

    expect(screens(store)).toEqual(['registries', 'tags']);
    expect(store.getState().currentRegistry).toBeUndefined();
    expect(statusLine(frame)).not.toContain(basic.host);
    expect(statusLine(frame)).not.toContain(AT.basic.who);
  });
});

describe('the command line’s image', () => {
  it.each([
    { name: 'at a registry with a login in auth.json', at: AT.basic, repository: 'team/app', tag: '1' },
    { name: 'at a registry without a login', at: AT.plain, repository: 'lib/tool', tag: '2' },
  ])('says who you are $name', async ({ at, repository, tag }) => {
    const { host } = at.reg();
    // As `berth docker://host/repo` builds its store (src/cli/tui.ts).
    const image = parseImageName(`docker://${host}/${repository}`);
    const store = createBerthStore((await sandbox()).deps, { image });
    // The lookup starts with the store, before anything is drawn.
    expect(store.getState().currentRegistry).toBe(host);
    expect(store.getState().whoami[host]?.status).toBe('loading');

    app = await renderApp(store, { columns: 100, rows: 30 });
    const status = `${host} │ ${at.who}`;
    const frame = await app.waitFor(
      (f) => statusLine(f).includes(status) && f.includes(`\nTags 1 by name\n`) && f.includes(`\n> ${tag} `),
    );
    expect(titleLine(frame)).toBe(`berth › registries › ${repository}`);
    expect(screens(store)).toEqual(['registries', 'tags']);
    expect(statusLine(frame)).toContain(status);
  });

  it('names no registry for a layout', async () => {
    const store = createBerthStore((await sandbox()).deps, { image: parseImageName('oci:/nonexistent') });
    expect(store.getState().currentRegistry).toBeUndefined();
    expect(store.getState().whoami).toEqual({});
  });
});

describe('remembered for the registries screen of the next run (issue #5)', () => {
  it.each([
    {
      name: 'a registry reached with :',
      options: (): BerthOptions => ({}),
      go: (store: BerthStore) => store.getState().goTo(`${plain.host}/lib/tool`),
      id: () => plain.host,
      kind: 'registry',
    },
    {
      name: 'a layout reached with : (an image in it)',
      options: (): BerthOptions => ({}),
      go: (store: BerthStore) => store.getState().goTo(`oci:${layoutDir}:2`),
      id: () => `oci:${layoutDir}`,
      kind: 'layout',
    },
    {
      name: "the command line's registry",
      options: (): BerthOptions => ({ image: parseImageName(`docker://${plain.host}/lib/tool`) }),
      go: undefined,
      id: () => plain.host,
      kind: 'registry',
    },
    {
      name: "the command line's layout",
      options: (): BerthOptions => ({ image: parseImageName(`oci:${layoutDir}`) }),
      go: undefined,
      id: () => `oci:${layoutDir}`,
      kind: 'layout',
    },
  ])('$name', async ({ options, go, id, kind }) => {
    const { deps, recentFile } = await sandbox();
    const store = createBerthStore(deps, options());
    expect(go?.(store)).toBeUndefined();
    // The use is written in the background; the file is replaced whole, never half written.
    const named = kind === 'layout' ? JSON.stringify(layoutDir) : JSON.stringify(plain.host);
    await waitUntil(
      () => existsSync(recentFile) && readFileSync(recentFile, 'utf8').includes(named),
      () => `${named} in ${recentFile}`,
    );

    const next = createBerthStore(deps);
    await next.getState().loadRegistries();
    const list = next.getState().registries;
    const entry = list.find((e) => e.id === id());
    expect(entry).toMatchObject({ kind, sources: expect.arrayContaining(['recent']) });
    if (kind === 'layout') {
      expect(entry).toMatchObject({ image: { transport: 'oci', path: layoutDir }, sources: ['recent'] });
      expect(entry?.missing).toBeUndefined();
      // Below the registries.
      expect(list.at(-1)).toBe(entry);
      expect(list.filter((e) => e.kind === 'layout')).toHaveLength(1);
    }
  });
});

describe('the lookup is a request like the others', () => {
  it('Ctrl-C stops a credential helper that hangs, and forgets the half-done lookup', async () => {
    const { deps, dir, env } = await sandbox();
    // A helper on the keychain's PATH that never answers, named for the plain registry.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const helper = join(bin, 'docker-credential-hang');
    await writeFile(helper, '#!/bin/sh\nexec sleep 60\n');
    await chmod(helper, 0o755);
    const home = join(dir, 'home');
    await mkdir(join(home, '.docker'));
    await writeFile(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ credHelpers: { [plain.host]: 'hang' } }),
    );
    const keychain = createKeychain({ env: { ...env, PATH: `${bin}:${env.PATH}` }, homeDir: home });
    const store = createBerthStore({ ...deps, keychain });

    expect(store.getState().goTo(`${plain.host}/lib/tool`)).toBeUndefined();
    const key = `whoami ${plain.host}`;
    expect(store.getState().whoami[plain.host]?.status).toBe('loading');
    expect(store.getState().busy[key]).toBe(`reading credentials for ${plain.host}`);

    expect(store.getState().interrupt()).toBe('cancelled');
    // The helper is killed, so the lookup ends well before its minute of sleep.
    const s = await untilState(store, (x) => x.whoami[plain.host] === undefined, 'the lookup to end');
    expect(s.busy).toEqual({});
    expect(s.currentRegistry).toBe(plain.host);
    expect(s.quitRequested).toBe(false);
  });
});
