/**
 * The whole journey through the TUI, by keys only, against real registries: a source that
 * needs a Basic-auth login and a plain destination. Registries → log in with the form →
 * the repository → its tags → the image → a layer's files → back → copy to the second
 * registry → the job completes; then the copy is read back with the core client and must
 * have the source's manifest digest and every blob, each verified as it is read.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBerthStore } from '../../src/store/index.js';
import {
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startRegistry,
  tarGz,
} from '../harness/index.js';
import { readBack } from './read-back.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';

const USER = 'tester';
const PASSWORD = 'journey-pass';

let src: RegistryInstance;
let dst: RegistryInstance;
let pushed: PushedImage;
let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

beforeAll(async () => {
  [src, dst] = await Promise.all([
    startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } }),
    startRegistry({ mode: 'plain' }),
  ]);
  pushed = await pushImage(src, {
    repository: 'team/app',
    tag: '1',
    layers: [
      tarGz([
        { name: 'etc/' },
        { name: 'etc/hostname', content: 'berth\n' },
        { name: 'app/' },
        { name: 'app/run.sh', content: '#!/bin/sh\necho hello\n', mode: 0o755 },
      ]),
      tarGz([{ name: 'app/config.json', content: '{"journey":true}\n' }]),
    ],
  });
});
afterAll(async () => {
  await Promise.all([src?.stop(), dst?.stop()]);
});
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

describe('journey', () => {
  it('logs in, browses down to a layer’s files, copies the image, and the copy verifies', async () => {
    sb = await makeTuiSandbox({ insecure: [src.host, dst.host] });
    const store = createBerthStore(sb.deps);
    app = await renderApp(store, { columns: 80, rows: 24 });

    // Registries: pick the source, log in with the form.
    await app.waitFor(src.host);
    await app.press('/');
    await app.type(src.host);
    await app.press(KEYS.enter);
    await app.press('L');
    await app.type(USER);
    await app.press(KEYS.tab);
    await app.type(PASSWORD);
    const loggedIn = await app.pressUntil(KEYS.enter, 'Login Succeeded!');
    expect(loggedIn).not.toContain(PASSWORD);

    // Repositories → Tags → Image.
    const repos = await app.pressUntil(KEYS.enter, '> team/app');
    expect(repos).toContain(`${src.host} │ ${USER} (auth.json)`);
    const tags = await app.pressUntil(KEYS.enter, /> 1\s+linux\/amd64/);
    expect(tags).toContain('Tags 1');
    const image = await app.pressUntil(KEYS.enter, 'linux/amd64 · 2 layers');
    expect(image).toContain(`Image docker://${src.host}/team/app:1`);

    // Layer files of the first layer, streamed and verified; then back to the image.
    await app.press('3');
    const files = await app.pressUntil(KEYS.enter, (f) => f.includes('verified') && f.includes('hostname'));
    expect(files).toContain('run.sh');
    expect(files).toContain(`files ${pushed.layers[0]?.digest.slice(7, 19)}`);
    await app.pressUntil(KEYS.escape, 'linux/amd64 · 2 layers');

    // Copy to the second registry; the job runs and shows the destination digest.
    const form = await app.pressUntil('c', '(•) keep');
    expect(form).toContain(`Copy docker://${src.host}/team/app:1`);
    await app.press('\x15'); // Ctrl-U: clear the prefilled source name
    await app.type(`docker://${dst.host}/mirror/app:1`);
    const done = await app.pressUntil(KEYS.enter, `result: ${pushed.digest}`);
    expect(done).toContain('Jobs 1 · 0 running');
    expect(done).toMatch(/overall █+ .* 3\/3 blobs/);
    expect(store.getState().jobs[0]).toMatchObject({ status: 'done', digest: pushed.digest });

    // Read back with the core client: same manifest, every blob there and verified.
    const back = await readBack(sb.deps.clientFor(dst.host, { tlsVerify: false }), 'mirror/app', '1');
    expect(back.digest).toBe(pushed.digest);
    expect(back.blobs.map((b) => b.descriptor.digest)).toEqual([
      pushed.config.digest,
      ...pushed.layers.map((l) => l.digest),
    ]);
    for (const b of back.blobs) expect(b.received).toBe(b.descriptor.digest);

    // Esc leaves the jobs screen for the image the copy started from.
    expect(await app.pressUntil(KEYS.escape, 'linux/amd64 · 2 layers')).toContain('Image');
  });
});
