/**
 * The registries screen against a real registry with Basic auth: the login form checks the
 * password with the registry before writing auth.json (a wrong one writes nothing), the
 * stored login is then used to browse, and logout removes it — all through keys and frames.
 * Recently opened layouts are listed below the registries and open on their tags.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BerthStore, createBerthStore } from '../../src/store/index.js';
import { pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';
import { copyToNewLayout } from './layout-copy.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

const USER = 'tester';
const PASSWORD = 'right-pass';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let reg: RegistryInstance;
/** A layout holding team/app:1 as `1`. */
let layoutDir: string;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } });
  await pushImage(reg, { repository: 'team/app', tag: '1', layers: [{ size: 32, seed: 2 }] });
  layoutDir = await copyToNewLayout({
    registry: reg.host,
    image: 'team/app:1',
    name: '1',
    credential: { username: USER, password: PASSWORD },
  });
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

async function open(): Promise<{ store: BerthStore; app: RenderedApp; authFile: string }> {
  sb = await makeTuiSandbox({ insecure: [reg.host] });
  const store = createBerthStore(sb.deps);
  app = await renderApp(store, { columns: 100, rows: 30 });
  await app.waitFor(reg.host);
  // Select the registry by filtering for it.
  await app.press('/');
  await app.type(reg.host);
  await app.press(KEYS.enter);
  expect(app.lastFrame()).toContain(`> ${reg.host}`);
  return { store, app, authFile: sb.authFile };
}

describe('registries screen', () => {
  it('logs in only with the right password, browses with it, and logs out', async () => {
    const { store, app, authFile } = await open();

    const form = await app.press('L');
    expect(form).toContain(`Log in to ${reg.host}`);
    expect(form).toContain('verify TLS  [ ]');
    await app.type(USER);
    await app.press(KEYS.tab);
    const typed = await app.type('wrong');
    expect(typed).toContain('*****');
    expect(typed).not.toContain('wrong');

    const refused = await app.pressUntil(KEYS.enter, 'invalid username/password');
    expect(refused).toContain(`error: logging into "${reg.host}": invalid username/password`);
    expect(existsSync(authFile)).toBe(false);

    // Still on the password field: clear it and type the right one.
    for (let i = 0; i < 'wrong'.length; i++) await app.press(KEYS.backspace);
    await app.type(PASSWORD);
    const done = await app.pressUntil(KEYS.enter, 'Login Succeeded!');
    expect(done).not.toContain(`Log in to ${reg.host}`);
    expect(JSON.parse(await readFile(authFile, 'utf8'))).toEqual({
      auths: { [reg.host]: { auth: b64(`${USER}:${PASSWORD}`) } },
    });
    // The registry is insecure in the sandbox's registries.conf: that note comes first.
    const listed = await app.waitFor(
      new RegExp(`> ${escapeRegExp(reg.host)}\\s+${USER}\\s+TLS off, .*auth\\.json`),
    );
    expect(listed).not.toContain(PASSWORD);

    // Enter browses with the stored login: the status line says who berth is and from where.
    const repos = await app.pressUntil(KEYS.enter, '> team/app');
    expect(repos).toContain(`berth › registries › ${reg.host}`);
    expect(repos).toContain(`${reg.host} │ ${USER} (auth.json)`);

    await app.press(KEYS.escape);
    await app.waitFor(`> ${reg.host}`);
    const out = await app.pressUntil('O', `Removed login credentials for ${reg.host}`);
    expect(out).toContain(`Removed login credentials for ${reg.host}`);
    expect(JSON.parse(await readFile(authFile, 'utf8'))).toEqual({ auths: {} });
    await untilState(store, (s) => s.registriesStatus === 'ready', 'the list to be read again');
  });

  it('Esc closes the login form without writing anything', async () => {
    const { app, authFile } = await open();
    await app.press('L');
    await app.type(USER);
    const closed = await app.press(KEYS.escape);
    expect(closed).not.toContain('Log in to');
    expect(closed).toContain(`> ${reg.host}`);
    expect(existsSync(authFile)).toBe(false);
  });

  it('adds a registry with a, refusing a repository name', async () => {
    sb = await makeTuiSandbox();
    const store = createBerthStore(sb.deps);
    app = await renderApp(store, { columns: 100, rows: 30 });
    await app.waitFor('docker.io');
    await app.press('a');
    await app.type('quay.io/org/app');
    expect(await app.press(KEYS.enter)).toContain('"quay.io/org/app" is a repository');
    for (let i = 0; i < '/org/app'.length; i++) await app.press(KEYS.backspace);
    await app.press(KEYS.enter);
    const frame = await app.waitFor(/quay\.io\s+added/);
    expect(frame).toContain('added quay.io');
    await untilState(store, () => existsSync(sb?.recentFile ?? ''), 'the recent file');
  });
});

describe('recent layouts', () => {
  /** A sandbox whose recents name `layoutDir` and a layout that has since gone. */
  async function withRecentLayouts(): Promise<{ store: BerthStore; app: RenderedApp; gone: string }> {
    const gone = join(layoutDir, 'deleted-since');
    const recent = {
      version: 1,
      registries: [{ registry: 'quay.io', usedAt: 1 }],
      layouts: [
        { transport: 'oci', path: gone, usedAt: 2 },
        { transport: 'oci', path: layoutDir, usedAt: 3 },
        // Not trusted: a relative path is dropped, the rest of the file still reads.
        { transport: 'oci', path: 'relative/layout', usedAt: 4 },
      ],
    };
    sb = await makeTuiSandbox({
      insecure: [reg.host],
      files: { '.local/state/berth/recent.json': JSON.stringify(recent) },
    });
    const store = createBerthStore(sb.deps);
    app = await renderApp(store, { columns: 100, rows: 30 });
    await app.waitFor(`oci:${gone}`);
    return { store, app, gone };
  }

  it('lists them below the registries, a missing one marked', async () => {
    const { store, app, gone } = await withRecentLayouts();
    expect(store.getState().registries.map((e) => e.id)).toEqual([
      'quay.io',
      ...['docker.io', reg.host].sort(),
      `oci:${layoutDir}`,
      `oci:${gone}`,
    ]);
    const frame = app.lastFrame();
    expect(frame).toMatch(new RegExp(`  oci:${escapeRegExp(layoutDir)}\\s+-\\s+recent\\n`));
    expect(frame).toMatch(new RegExp(`  oci:${escapeRegExp(gone)}\\s+-\\s+missing, recent\\n`));
    expect(frame).not.toContain('relative/layout');
  });

  it('Enter opens its tags, and its use is remembered again', async () => {
    const { store, app } = await withRecentLayouts();
    await app.press('/');
    await app.type(layoutDir);
    await app.press(KEYS.enter);
    expect(app.lastFrame()).toContain(`> oci:${layoutDir} `);
    const tags = await app.pressUntil(
      KEYS.enter,
      (f) => f.includes('\nTags 1 by name\n') && f.includes('\n> 1 '),
    );
    expect(tags).toContain(`berth › registries › oci:${layoutDir}`);
    expect(store.getState().stack).toEqual([
      { screen: 'registries' },
      { screen: 'tags', image: { transport: 'oci', path: layoutDir } },
    ]);
    // Opened now: first in the file, its use moved on from 3; the missing one is kept.
    const first = () => JSON.parse(readFileSync(sb?.recentFile ?? '', 'utf8')).layouts[0];
    await untilState(store, () => (first()?.usedAt ?? 0) > 3, 'the use in the recent file');
    expect(first()?.path).toBe(layoutDir);
    expect(JSON.parse(readFileSync(sb?.recentFile ?? '', 'utf8')).layouts).toHaveLength(2);
  });

  it('Enter on a missing one says why on its Tags screen', async () => {
    const { app, gone } = await withRecentLayouts();
    await app.press('/');
    await app.type(gone);
    await app.press(KEYS.enter);
    const frame = await app.pressUntil(KEYS.enter, `error: Cannot list the tags of oci:${gone}`);
    expect(frame).toContain(`berth › registries › oci:${gone}`);
    expect(frame).toContain('is not an OCI image layout');
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
