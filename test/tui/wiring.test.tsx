/**
 * TUI features that are wired end to end but that no other suite drives, at 80×24 against
 * real registries: Docker Hub's pull limit in the status line (the fault proxy adds the
 * `ratelimit-*` headers Hub sends on manifest responses), the running-job count there while
 * copies run, the Copy form's format choice (the destination's manifest read back from the
 * registry), the login form's TLS-verification switch against a TLS registry whose CA is not
 * trusted, and `npm start` off a terminal.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImageName } from '../../src/registry/ref/index.js';
import { type BerthStore, createBerthStore } from '../../src/store/index.js';
import {
  ACCEPT_ALL_MANIFESTS,
  harnessFetch,
  MEDIA_TYPES,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startRegistry,
} from '../harness/index.js';
import { copyFixture, KiB, name } from './copy-kit.js';
import { runPiped } from './piped.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

const fx = copyFixture();
/** `team/docker:1` on the source, pushed as a Docker schema 2 image. */
let dockerImage: PushedImage;

beforeAll(async () => {
  dockerImage = await pushImage(fx.src, {
    repository: 'team/docker',
    tag: '1',
    mediaType: 'docker',
    layers: [{ size: 64 * KiB, seed: 5 }],
  });
});

/** The status line: the frame's last line but one (the key hints are the last). */
const statusLine = (frame: string): string => frame.split('\n').at(-2) ?? '';

/** The status line's parts (registry, who, pulls, jobs…), without the message after them. */
const statusParts = (frame: string): string[] =>
  (statusLine(frame).slice(1).split('  ')[0] ?? '').trimEnd().split(' │ ');

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Selects `host` on the registries screen by filtering for it. */
async function selectRegistry(app: RenderedApp, host: string): Promise<void> {
  await app.waitFor(host);
  await app.press('/');
  await app.type(host);
  await app.press(KEYS.enter);
  expect(app.lastFrame()).toContain(`> ${host} `);
}

/** Opens the Copy form on `source`, types `destination`, and returns the form once drawn. */
async function copyForm(app: RenderedApp, store: BerthStore, source: ImageName, destination: string) {
  store.getState().openCopy([source]);
  await app.waitFor((f) => f.includes('(•) keep') && !f.includes('reading the source'));
  await app.press('\x15'); // Ctrl-U: clear the field
  return app.type(destination);
}

describe('status line', () => {
  it('shows Docker Hub’s pull limit for the open registry only', async () => {
    const store = await fx.setUp();
    // As Docker Hub sends them: on manifest responses.
    fx.proxy.add({
      path: /\/manifests\//,
      fault: {
        kind: 'headers',
        headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' },
      },
      times: Infinity,
    });
    const app = await fx.open80(store);
    await selectRegistry(app, fx.proxy.host);
    const repos = await app.pressUntil(
      KEYS.enter,
      (f) => f.includes('> team/app') && f.includes('anonymous'),
    );
    expect(statusLine(repos)).not.toContain('pulls');

    // The tags' rows are enriched with manifest requests, which carry the headers.
    await app.press(KEYS.enter);
    const tags = await app.waitFor((f) => statusLine(f).includes('pulls'));
    expect(statusParts(tags)).toEqual([fx.proxy.host, 'anonymous', 'pulls 76/100']);
    expect(store.getState().rateLimit).toMatchObject({
      registry: fx.proxy.host,
      limit: { limit: 100, remaining: 76, windowSeconds: 21600 },
    });

    // Another registry has no limit of its own: none is shown there.
    await app.press(KEYS.escape);
    await app.pressUntil(KEYS.escape, 'Registries');
    await app.press(KEYS.escape); // clears the filter
    await selectRegistry(app, fx.src.host);
    const other = await app.pressUntil(KEYS.enter, (f) =>
      statusLine(f).includes(`${fx.src.host} │ anonymous`),
    );
    expect(statusParts(other)).toEqual([fx.src.host, 'anonymous']);
  });

  it('counts the running jobs while copies run', async () => {
    const store = await fx.setUp();
    fx.slowBlobs(64 * KiB);
    const app = await fx.open80(store);
    expect(statusParts(app.lastFrame())).toEqual(['berth']);

    await copyForm(app, store, name(fx.proxy.host, 'team/app:1'), `docker://${fx.dst.host}/jobs/app:1`);
    const one = await app.pressUntil(KEYS.enter, (f) => statusParts(f)[0] === '1 job');
    expect(one).toContain('Jobs 1 · 1 running');
    // Off the jobs screen the status line is where the running copy shows.
    const away = await app.pressUntil(KEYS.escape, 'Registries');
    expect(statusParts(away)).toEqual(['1 job']);

    await copyForm(app, store, name(fx.proxy.host, 'team/app:2'), `docker://${fx.dst.host}/jobs/app:2`);
    const two = await app.pressUntil(KEYS.enter, (f) => statusParts(f)[0] === '2 jobs');
    expect(two).toContain('Jobs 2 · 2 running');

    for (const job of store.getState().jobs) store.getState().cancelJob(job.id);
    const none = await app.waitFor('Jobs 2 · 0 running');
    expect(statusParts(none)).toEqual(['berth']);
    expect(store.getState().jobs.map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
  });
});

describe('copy form format', () => {
  it.each([
    {
      name: 'Docker v2s2 turns an OCI image into a Docker schema 2 manifest',
      source: 'team/app:1',
      image: () => fx.app1,
      rights: 2,
      label: '(•) Docker v2s2',
      want: MEDIA_TYPES.docker,
    },
    {
      name: 'OCI turns a Docker schema 2 image into an OCI manifest',
      source: 'team/docker:1',
      image: () => dockerImage,
      rights: 1,
      label: '(•) OCI',
      want: MEDIA_TYPES.oci,
    },
  ])('$name', async ({ source, image, rights, label, want }) => {
    const store = await fx.setUp();
    const app = await fx.open80(store);
    const repository = `format/${want === MEDIA_TYPES.oci ? 'oci' : 'docker'}`;
    await copyForm(app, store, name(fx.src.host, source), `docker://${fx.dst.host}/${repository}:1`);
    await app.press(KEYS.down);
    for (let i = 0; i < rights; i++) await app.press(KEYS.right);
    expect(app.lastFrame()).toContain(label);
    const done = await app.pressUntil(KEYS.enter, /result: sha256:[0-9a-f]{64}/);
    const shown = /result: (sha256:[0-9a-f]{64})/.exec(done)?.[1];

    // What the registry holds, asked for every manifest type it could be.
    const res = await harnessFetch(fx.dst, `/v2/${repository}/manifests/1`, {
      headers: { accept: ACCEPT_ALL_MANIFESTS },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(want.manifest);
    expect(res.headers.get('docker-content-digest')).toBe(shown);
    expect(shown).not.toBe(image().digest);
    const manifest = (await res.json()) as {
      mediaType: string;
      config: { mediaType: string; digest: string };
      layers: { mediaType: string; digest: string }[];
    };
    // The same blobs under the other format's media types.
    expect(manifest.mediaType).toBe(want.manifest);
    expect([manifest.config.mediaType, manifest.config.digest]).toEqual([want.config, image().config.digest]);
    expect(manifest.layers.map((l) => [l.mediaType, l.digest])).toEqual(
      image().layers.map((l) => [want.layer, l.digest]),
    );
  });
});

describe('login form TLS verification', () => {
  let tls: RegistryInstance;
  let sb: TuiSandbox | undefined;
  let app: RenderedApp | undefined;
  const USER = 'tester';
  const PASSWORD = 'tester-password';

  beforeAll(async () => {
    tls = await startRegistry({ mode: 'tls-basic', users: { [USER]: PASSWORD } });
    await pushImage(tls, { repository: 'secure/app', tag: '1', layers: [{ size: 32, seed: 9 }] });
  });
  afterAll(async () => {
    await tls?.stop();
  });
  afterEach(async () => {
    app?.unmount();
    app = undefined;
    await sb?.remove();
    sb = undefined;
  });

  it('switched off, logs in to a registry whose CA is not trusted, and is remembered', async () => {
    // Known from registries.conf, not insecure there, and no certs.d trusts its CA.
    sb = await makeTuiSandbox({ conf: `[[registry]]\nlocation = "${tls.host}"\n` });
    const store = createBerthStore(sb.deps);
    app = await renderApp(store, { columns: 80, rows: 24 });
    await selectRegistry(app, tls.host);

    const form = await app.press('L');
    expect(form).toContain('verify TLS  [x]');
    await app.type(USER);
    await app.press(KEYS.tab);
    await app.type(PASSWORD);
    // Verified, the certificate is refused and nothing is written.
    const refused = await app.pressUntil(KEYS.enter, 'error: ');
    expect(refused).toContain(`authenticating creds for "${tls.host}"`);
    expect(refused).toContain('TLS failure');
    expect(existsSync(sb.authFile)).toBe(false);

    await app.press(KEYS.tab);
    expect(await app.press(KEYS.space)).toContain('verify TLS  [ ]');
    const done = await app.pressUntil(KEYS.enter, 'Login Succeeded!');
    expect(done).not.toContain(`Log in to ${tls.host}`);
    // The list reloaded after the login shows the choice at once, not after a refresh.
    await app.waitFor(new RegExp(`${escapeRegExp(tls.host)}\\s+${USER}\\s+TLS off, recent, auth\\.json`));
    expect(JSON.parse(await readFile(sb.authFile, 'utf8'))).toEqual({
      auths: { [tls.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
    });
    // Recorded for this session and in the recent-registries file.
    expect(store.getState().tlsOff).toEqual({ [tls.host]: true });
    const recentFile = sb.recentFile;
    const recent = () =>
      existsSync(recentFile) ? JSON.parse(readFileSync(recentFile, 'utf8')).registries[0] : undefined;
    await untilState(store, () => recent()?.tlsVerify === false, 'tlsVerify: false in the recent file');
    expect(recent()?.registry).toBe(tls.host);

    // Browsing it goes on without verification, with the stored login.
    const repos = await app.pressUntil(KEYS.enter, '> secure/app');
    expect(statusParts(repos)).toEqual([tls.host, `${USER} (auth.json)`]);

    // The next session lists it first (used last) as TLS off, and browses it so.
    app.unmount();
    const next = createBerthStore(sb.deps);
    app = await renderApp(next, { columns: 80, rows: 24 });
    const listed = await app.waitFor(new RegExp(`^> ${escapeRegExp(tls.host)}\\s+${USER}\\s+TLS off, `, 'm'));
    expect(listed).toMatch(/TLS off, recent, auth\.json, registries\.conf$/m);
    await selectRegistry(app, tls.host);
    expect(await app.pressUntil(KEYS.enter, '> secure/app')).toContain(`berth › registries › ${tls.host}`);
  });
});

describe('npm start', () => {
  const root = resolve(import.meta.dirname, '../..');
  let home: string;
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
    home = await mkdtemp(join(tmpdir(), 'berth-npm-start-'));
  }, 120_000);
  afterAll(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('off a terminal prints the usage to stderr and exits 2', async () => {
    // Pipes, not a terminal; no update check (it would go to the network).
    const env = { PATH: process.env.PATH, HOME: home, npm_config_update_notifier: 'false' };
    const { code, stdout, stderr } = await runPiped({ command: 'npm', args: ['start'], env, cwd: root });
    expect(code, stderr).toBe(2);
    // npm's own banner is all that goes to stdout.
    expect(stdout.trim().split('\n').at(-1)).toBe('> node dist/berth.mjs');
    expect(stdout).not.toContain('berth:');
    expect(stderr).toContain(
      'berth: the interactive interface needs a terminal (stdin and stdout must be terminals).',
    );
    expect(stderr).toContain('berth [IMAGE-NAME] [--read-only] [--no-color]');
    expect(stderr).toContain('berth COMMAND [FLAGS]');
  }, 60_000);
});
