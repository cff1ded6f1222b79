/**
 * The registries screen against a real registry with Basic auth: the login form checks the
 * password with the registry before writing auth.json (a wrong one writes nothing), the
 * stored login is then used to browse, and logout removes it — all through keys and frames.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BerthStore, createBerthStore } from '../../src/store/index.js';
import { pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

const USER = 'tester';
const PASSWORD = 'right-pass';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let reg: RegistryInstance;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } });
  await pushImage(reg, { repository: 'team/app', tag: '1', layers: [{ size: 32, seed: 2 }] });
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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
