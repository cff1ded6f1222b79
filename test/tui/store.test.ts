/**
 * The store without React: actions called, state read, against real registries from the
 * harness (plain and Basic) and the real dependencies in a sandbox. Login must behave as
 * `berth login`: nothing is written unless the registry accepted the credentials.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BerthStore, createBerthStore } from '../../src/store/index.js';
import { parseGoTo } from '../../src/store/ui-slice.js';
import { pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

const USER = 'tester';
const PASSWORD = 'right-pass';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let plain: RegistryInstance;
let basic: RegistryInstance;
let hanging: Server;
let hangingHost: string;
let sb: TuiSandbox | undefined;

beforeAll(async () => {
  [plain, basic] = await Promise.all([
    startRegistry({ mode: 'plain' }),
    startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } }),
  ]);
  for (const repository of ['alpha/one', 'beta/two']) {
    await pushImage(plain, { repository, tag: '1', layers: [{ size: 64, seed: 1 }] });
  }
  // A registry that accepts connections and never answers: requests stay in flight.
  hanging = createServer(() => {});
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingHost = `127.0.0.1:${(hanging.address() as AddressInfo).port}`;
});
afterAll(async () => {
  hanging?.closeAllConnections();
  await new Promise((resolve) => hanging?.close(resolve));
  await Promise.all([plain?.stop(), basic?.stop()]);
});
afterEach(async () => {
  await sb?.remove();
  sb = undefined;
});

async function setUp(files: Record<string, string> = {}, readOnly = false): Promise<BerthStore> {
  sb = await makeTuiSandbox({ insecure: [plain.host, basic.host], files });
  return createBerthStore(sb.deps, { readOnly });
}

describe('session', () => {
  it('lists the registries of the credential files, registries.conf, recents and Docker Hub', async () => {
    const store = await setUp({
      '.docker/config.json': JSON.stringify({ auths: { 'ghcr.io': { auth: b64('bob:x') } } }),
      '.local/state/berth/recent.json': JSON.stringify({ registries: [{ registry: 'quay.io', usedAt: 7 }] }),
    });
    await store.getState().loadRegistries();
    const s = store.getState();
    expect(s.registriesStatus).toBe('ready');
    const byId = Object.fromEntries(s.registries.map((e) => [e.id, e.sources]));
    expect(byId).toEqual({
      'quay.io': ['recent'],
      'docker.io': ['default'],
      'ghcr.io': ['docker-config'],
      [plain.host]: ['registries-conf'],
      [basic.host]: ['registries-conf'],
    });
    expect(s.registries[0]?.id).toBe('quay.io');
  });

  it('opens a registry: screen, recent use, who berth is, the first page of repositories', async () => {
    const store = await setUp();
    await store.getState().loadRegistries();
    store.getState().openRegistry(plain.host);
    expect(store.getState().stack).toEqual([
      { screen: 'registries' },
      { screen: 'repositories', registry: plain.host },
    ]);
    expect(store.getState().currentRegistry).toBe(plain.host);
    const s = await untilState(store, (x) => x.repositories.status === 'ready', 'the repositories');
    expect(s.repositories.items).toEqual(['alpha/one', 'beta/two']);
    expect(s.repositories.source).toBe(plain.host);
    expect(s.whoami[plain.host]).toMatchObject({ status: 'ready', source: { kind: 'anonymous' } });
    await untilState(store, () => existsSync(sb?.recentFile ?? ''), 'the recent file');
    const recent = JSON.parse(await readFile(sb?.recentFile ?? '', 'utf8'));
    expect(recent.registries.map((r: { registry: string }) => r.registry)).toEqual([plain.host]);
    // The last page says "no more"; asking again changes nothing.
    await store.getState().loadMoreRepositories();
    expect(store.getState().repositories).toMatchObject({ complete: true, items: ['alpha/one', 'beta/two'] });
  });

  it('adds a registry typed by the user, refusing what is not a host', async () => {
    const store = await setUp();
    expect(store.getState().addRegistry({ registry: '', tlsVerify: true })).toMatch(/enter a registry host/);
    expect(store.getState().addRegistry({ registry: 'quay.io/org/app', tlsVerify: true })).toMatch(
      /repository/,
    );
    expect(store.getState().addRegistry({ registry: 'Bad Host!', tlsVerify: true })).toBeDefined();
    expect(
      store.getState().addRegistry({ registry: 'https://Quay.IO/v2/', tlsVerify: false }),
    ).toBeUndefined();
    const s = await untilState(store, (x) => x.registries.some((e) => e.id === 'quay.io'), 'quay.io listed');
    // Adding it is a use too: the list, loaded once that is recorded, says both.
    expect(s.registries.find((e) => e.id === 'quay.io')).toMatchObject({
      sources: ['added', 'recent'],
      tlsVerify: false,
    });
    expect(s.tlsOff['quay.io']).toBe(true);
  });
});

describe('login', () => {
  it('stores nothing when the registry refuses the password, and the login when it accepts it', async () => {
    const store = await setUp();
    const authFile = sb?.authFile ?? '';
    const wrong = await store
      .getState()
      .logIn({ registry: basic.host, username: USER, password: 'wrong', tlsVerify: false });
    expect(wrong).toBe(false);
    expect(store.getState().login).toEqual({
      registry: basic.host,
      status: 'failed',
      error: `logging into ${JSON.stringify(basic.host)}: invalid username/password`,
    });
    expect(existsSync(authFile)).toBe(false);

    const right = await store
      .getState()
      .logIn({ registry: basic.host, username: USER, password: PASSWORD, tlsVerify: false });
    expect(right).toBe(true);
    expect(store.getState().login).toEqual({ registry: basic.host, status: 'done' });
    const stored = JSON.parse(await readFile(authFile, 'utf8'));
    expect(stored).toEqual({ auths: { [basic.host]: { auth: b64(`${USER}:${PASSWORD}`) } } });
    expect(store.getState().message?.text).toContain('Login Succeeded!');
    expect(JSON.stringify(store.getState())).not.toContain(PASSWORD);

    // The new login is used: the catalog needs it.
    store.getState().openRegistry(basic.host);
    const s = await untilState(
      store,
      (x) => x.repositories.status !== 'loading' && x.whoami[basic.host]?.status === 'ready',
      'the repositories and who berth is',
    );
    expect(s.repositories.status).toBe('ready');
    expect(s.whoami[basic.host]).toMatchObject({
      username: USER,
      source: { kind: 'auth-file', path: authFile },
    });

    await store.getState().logOut(basic.host);
    expect(store.getState().message?.text).toBe(`Removed login credentials for ${basic.host}`);
    expect(JSON.parse(await readFile(authFile, 'utf8'))).toEqual({ auths: {} });
  });

  it('refuses a login without a user name or with a bad registry before any request', async () => {
    const store = await setUp();
    expect(
      await store.getState().logIn({ registry: basic.host, username: ' ', password: 'x', tlsVerify: false }),
    ).toBe(false);
    expect(store.getState().login?.error).toBe('no username given');
    expect(
      await store.getState().logIn({ registry: 'a/b:c', username: 'u', password: 'x', tlsVerify: true }),
    ).toBe(false);
    expect(store.getState().login?.status).toBe('failed');
    expect(store.getState().busy).toEqual({});
  });

  it('says so when logging out of a registry with no stored login', async () => {
    const store = await setUp();
    await store.getState().logOut(plain.host);
    expect(store.getState().message).toMatchObject({
      kind: 'error',
      text: expect.stringContaining(`not logged into ${plain.host}`),
    });
  });
});

describe('Ctrl-C and quitting', () => {
  it('cancels the request in flight first, then quits', async () => {
    const store = await setUp();
    expect(store.getState().addRegistry({ registry: hangingHost, tlsVerify: false })).toBeUndefined();
    store.getState().openRegistry(hangingHost);
    await untilState(store, (x) => x.busy.repositories !== undefined, 'the catalog request in flight');
    expect(store.getState().repositories.status).toBe('loading');

    expect(store.getState().interrupt()).toBe('cancelled');
    const s = await untilState(store, (x) => x.repositories.status !== 'loading', 'the list to stop loading');
    expect(s.repositories.status).toBe('ready');
    expect(s.busy).toEqual({});
    expect(s.message?.text).toBe('cancelled');
    expect(s.quitRequested).toBe(false);

    expect(store.getState().interrupt()).toBe('quit');
    expect(store.getState().quitRequested).toBe(true);
  });

  it('asks before quitting while a job runs; a second Ctrl-C quits and cancels it', async () => {
    const store = await setUp();
    const id = store.getState().startJob({
      kind: 'copy',
      label: 'copy a → b',
      run: ({ signal, report }) =>
        new Promise((_, reject) => {
          report({ bytesDone: 10, bytesTotal: 100 });
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    });
    expect(store.getState().jobs[0]).toMatchObject({
      id,
      status: 'running',
      progress: { bytesDone: 10, bytesTotal: 100 },
    });
    expect(store.getState().requestQuit()).toBe('asked');
    expect(store.getState().modal).toEqual({ kind: 'confirm-quit' });
    expect(store.getState().quitRequested).toBe(false);
    expect(store.getState().interrupt()).toBe('quit');
    expect(store.getState().quitRequested).toBe(true);
    const s = await untilState(store, (x) => x.jobs[0]?.status !== 'running', 'the job to end');
    expect(s.jobs[0]?.status).toBe('cancelled');
  });

  it('q quits at once with nothing running', async () => {
    const store = await setUp();
    expect(store.getState().requestQuit()).toBe('quit');
    expect(store.getState().quitRequested).toBe(true);
  });

  it('refuses jobs in read-only mode', async () => {
    const store = await setUp({}, true);
    expect(store.getState().readOnly).toBe(true);
    expect(() =>
      store.getState().startJob({ kind: 'delete', label: 'x', run: async () => undefined }),
    ).toThrow(/read-only/);
  });
});

describe('screens', () => {
  it('back stops at the root', async () => {
    const store = await setUp();
    expect(store.getState().popScreen()).toBe(false);
    store.getState().pushScreen({ screen: 'repositories', registry: 'a.io' });
    expect(store.getState().popScreen()).toBe(true);
    expect(store.getState().stack).toEqual([{ screen: 'registries' }]);
  });

  it('go to a reference builds the stack under it', async () => {
    const store = await setUp();
    expect(store.getState().goTo('quay.io/org/app:1.2')).toBeUndefined();
    expect(store.getState().stack.map((r) => r.screen)).toEqual([
      'registries',
      'repositories',
      'tags',
      'image',
    ]);
    expect(store.getState().currentRegistry).toBe('quay.io');
    expect(store.getState().goTo('not a reference!')).toBeDefined();
    expect(store.getState().stack).toHaveLength(4);
  });

  it.each([
    {
      name: 'a repository',
      text: 'quay.io/org/app',
      out: { repository: { transport: 'docker', ref: { registry: 'quay.io', repository: 'org/app' } } },
    },
    {
      name: 'a Docker Hub short name with a tag',
      text: 'alpine:3',
      out: {
        repository: { transport: 'docker', ref: { registry: 'docker.io', repository: 'library/alpine' } },
        image: {
          transport: 'docker',
          ref: { registry: 'docker.io', repository: 'library/alpine', tag: '3' },
        },
      },
    },
    {
      name: 'a host with a port is not a transport',
      text: 'localhost:5000/app',
      out: { repository: { transport: 'docker', ref: { registry: 'localhost:5000', repository: 'app' } } },
    },
    {
      name: 'docker:// without a tag stays a repository',
      text: 'docker://ghcr.io/o/r',
      out: { repository: { transport: 'docker', ref: { registry: 'ghcr.io', repository: 'o/r' } } },
    },
    { name: 'a layout', text: 'oci:./layout', out: { repository: { transport: 'oci', path: './layout' } } },
  ])('parseGoTo: $name', ({ text, out }) => {
    expect(parseGoTo(text)).toEqual(out);
  });
});
