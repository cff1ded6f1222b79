/**
 * The Copy and Jobs screens at 80×24 against real registries: the form's inline error and
 * Tab completion, an index's platform checklist (windowed when a Docker Hub-sized index does
 * not fit), "this one" as the platform row the copy started from, per-blob rows with bars while bytes move,
 * `mounted` and `skipped: already exists`, the overall line, the quit and cancel questions,
 * the result line, and nothing of it in read-only mode. A fault proxy slows the source
 * where a copy must still be running when the test looks.
 */
import { describe, expect, it } from 'vitest';
import { hintsFor } from '../../src/keys/keymap.js';
import { formatPlatform, hostPlatform } from '../../src/registry/manifest/index.js';
import { key } from '../../src/screens/CopyFormView.js';
import { copyFixture, KiB, name, untilEnded, WIDE_ENTRIES } from './copy-kit.js';
import { readBack } from './read-back.js';
import { KEYS } from './render.js';

const fx = copyFixture();

describe('copy screens at 80×24', () => {
  it('checks the destination inline, completes it, and shows the finished copy', async () => {
    const store = await fx.setUp();
    await store.getState().loadRegistries();
    const app = await fx.open80(store);
    store.getState().openCopy([name(fx.src.host, 'team/app:1')]);
    // The source is read first; nothing else redraws the form after that.
    const form = await app.waitFor((f) => f.includes('(•) keep') && !f.includes('reading the source'));
    expect(form).toContain(`Copy docker://${fx.src.host}/team/app:1`);
    expect(form).toContain(`> destination   docker://${fx.src.host}/team/app:1`);
    expect(form).toContain('Enter copy  Tab complete  ↓ next  → choose  Esc close');

    expect(await app.press(KEYS.enter)).toContain(
      `error: docker://${fx.src.host}/team/app:1 is the source itself`,
    );
    await app.press('\x15'); // Ctrl-U: clear the field
    await app.type(`${fx.dst.host}/x`);
    expect(await app.press(KEYS.enter)).toContain(
      `error: "${fx.dst.host}/x" has no transport: start with one`,
    );

    // Tab completes: the transport, then the registry, then the source's repository and tag.
    await app.press('\x15');
    await app.type('dock');
    expect(await app.pressUntil(KEYS.tab, 'docker-archive:  docker://')).toContain('> destination   docker');
    await app.type(':');
    await app.pressUntil(KEYS.tab, 'destination   docker://');
    await app.type(fx.dst.host);
    await app.pressUntil(KEYS.tab, `docker://${fx.dst.host}/`);
    // Candidates are listed as a shell lists them: after the last slash typed.
    const both = await app.pressUntil(KEYS.tab, /^ {16}app {2}app:1$/m);
    expect(both).toContain(`> destination   docker://${fx.dst.host}/team/app`);
    await app.pressUntil(
      KEYS.tab,
      (f) => f.includes(`destination   docker://${fx.dst.host}/team/app:1`) && !/^ {16}app/m.test(f),
    );

    const done = await app.pressUntil(KEYS.enter, `result: ${fx.app1.digest}`);
    expect(done).toContain('Jobs 1 · 0 running');
    // The row is cut to fit 80 columns; the detail under the list names both ends in full.
    expect(done).toMatch(new RegExp(`^> copy ${fx.src.host}/team/app:1 → docker://.*… +done$`, 'm'));
    expect(done).toContain(`\ncopy ${fx.src.host}/team/app:1 → docker://${fx.dst.host}/team/app:1\n`);
    expect(done).toMatch(/^done after \d+\.\ds$/m);
    expect(done).toContain(`config ${fx.app1.config.digest.slice(7, 19)}  done`);
    for (const [l, size] of fx.app1.layers.map((l, i) => [l, ['1.0MiB', '1.0MiB', '512.0KiB'][i]] as const))
      expect(done).toContain(`blob   ${l.digest.slice(7, 19)}  done ${size}`);
    expect(done).toMatch(/overall █{20} 2\.5MiB \/ 2\.5MiB {2}4\/4 blobs/);
    expect(done).toContain('(4 blobs copied)');
    expect((await readBack(fx.dstClient(), 'team/app', '1')).digest).toBe(fx.app1.digest);
  });

  it('draws per-blob bars while bytes move, and a cancel asks first', async () => {
    const store = await fx.setUp();
    fx.slowBlobs(64 * KiB);
    store.getState().startCopy({
      source: name(fx.proxy.host, 'team/app:1'),
      destination: name(fx.dst.host, 'slow/app:1'),
    });
    const app = await fx.open80(store);
    store.getState().showJobs();
    const moving = await app.waitFor(
      (f) =>
        /blob {3}[0-9a-f]{12} {2}[█░]{20} [\d.]+KiB \/ 1\.0MiB {2}[\d.]+ KiB\/s/.test(f) && /ETA \d/.test(f),
    );
    expect(moving).toContain('Jobs 1 · 1 running');
    expect(moving).toContain('running: copying blobs');
    expect(moving).toMatch(/overall [█░]{20} [\d.]+KiB \/ 2\.5MiB {2}\d\/4 blobs {2}[\d.]+ KiB\/s {2}ETA \d/);

    // q asks while a transfer runs; n keeps berth (and the copy) going.
    // Progress keeps redrawing the screen: wait for what each key shows, not for any change.
    const quit = await app.pressUntil('q', 'Quit berth?');
    expect(quit).toContain('Quit berth?');
    expect(quit).toContain('1 transfer is still running and will be cancelled.');
    expect(await app.pressUntil('n', (f) => !f.includes('Quit berth?'))).toContain('Jobs 1 · 1 running');

    const asked = await app.pressUntil('x', 'Stop the copy?');
    expect(asked).toContain('Stop the copy?');
    expect(asked).toContain('Nothing is published: the destination stays as it was.');
    expect(asked).toContain('y stop the copy  n cancel');
    const cancelled = await app.pressUntil('y', 'nothing was published');
    expect(cancelled).toMatch(/cancelled after \d+\.\ds: nothing was published/);
    expect(cancelled).toContain('Jobs 1 · 0 running');
    expect(await fx.dstClient().headManifest({ repository: 'slow/app', reference: '1' })).toBeUndefined();
  });

  it('chooses platforms of an index from a checklist', async () => {
    const store = await fx.setUp();
    const app = await fx.open80(store);
    store.getState().openCopy([name(fx.src.host, 'team/multi:1')]);
    const form = await app.waitFor('platforms');
    expect(form).toMatch(/ {2}platforms {5}\(•\) this machine \([^)]+\) {2}\( \) all {2}\( \) choose/);
    await app.press('\x15');
    await app.type(`docker://${fx.dst.host}/multi/app:chosen`);
    await app.press(KEYS.down);
    await app.press(KEYS.right);
    const list = await app.press(KEYS.right);
    expect(list).toContain('(•) choose');
    expect(list).toContain('[ ] linux/amd64');
    expect(list).toContain('[ ] linux/arm64/v8');
    expect(await app.press(KEYS.enter)).toContain('error: choose at least one platform (Space marks one)');
    await app.press(KEYS.down, KEYS.down);
    expect(await app.press(KEYS.space)).toMatch(/> +\[x\] linux\/arm64\/v8/);

    const done = await app.pressUntil(KEYS.enter, 'result: sha256:');
    expect(done).toContain('(2 blobs copied)');
    const index = await fx.dstClient().getManifest({ repository: 'multi/app', reference: 'chosen' });
    expect(index.kind === 'index' && index.doc.manifests.map((m) => m.digest)).toEqual([
      fx.multi.images[1]?.digest,
    ]);
  });

  it('fits a 16-entry index into 80×24, scrolls to its last platform and copies that one alone', async () => {
    const store = await fx.setUp();
    const app = await fx.open80(store);
    store.getState().openCopy([name(fx.src.host, 'team/wide:1')]);
    await app.waitFor((f) => f.includes('(•) keep') && !f.includes('reading the source'));
    await app.press('\x15');
    await app.type(`docker://${fx.dst.host}/wide/app:last`);
    await app.press(KEYS.down, KEYS.right);
    // The body: 20 rows, each as the form draws it (nothing squeezed, merged or cut).
    const body = (frame: string) => {
      const lines = frame.split('\n');
      expect(lines).toHaveLength(23);
      return lines.slice(1, 21).map((l) => l.trimEnd());
    };
    const platforms = WIDE_ENTRIES.filter((e) => e.os !== 'unknown').map(formatPlatform);
    const form = (o: { focus?: string; summary: string; rows: string[]; ticked?: string }) => [
      `Copy docker://${fx.src.host}/team/wide:1`,
      '',
      `  destination   docker://${fx.dst.host}/wide/app:last`,
      `${o.focus ? ' ' : '>'} platforms     ( ) this machine (${formatPlatform(hostPlatform())})  ( ) all  (•) choose`,
      `                ${o.summary} (+2 attestations, copied with all)`,
      ...o.rows.map((p) => `${p === o.focus ? '>' : ' '}               [${p === o.ticked ? 'x' : ' '}] ${p}`),
      '  format        (•) keep  ( ) OCI  ( ) Docker v2s2',
      '',
      `${key('startCopy')} starts the copy; it runs as a job (${key('jobs')} shows the jobs).`,
    ];
    expect(platforms).toHaveLength(14);
    expect(body(await app.press(KEYS.right))).toEqual(
      form({ summary: '1–12 of 14 platforms', rows: platforms.slice(0, 12) }),
    );

    // The window moves only when the cursor leaves it, a row at a time.
    for (let i = 0; i < 12; i++) await app.press(KEYS.down);
    expect(app.lastFrame()).toContain('1–12 of 14 platforms');
    expect(await app.press(KEYS.down)).toContain('2–13 of 14 platforms');
    const last = platforms[13] as string;
    expect(last).toBe('windows/amd64');
    expect(body(await app.press(KEYS.down))).toEqual(
      form({ focus: last, summary: '3–14 of 14 platforms', rows: platforms.slice(2) }),
    );
    expect(body(await app.press(KEYS.space))).toEqual(
      form({ focus: last, summary: '3–14 of 14 platforms', rows: platforms.slice(2), ticked: last }),
    );

    await app.pressUntil(KEYS.enter, 'result: sha256:');
    const index = await fx.dstClient().getManifest({ repository: 'wide/app', reference: 'last' });
    expect(index.kind === 'index' && index.doc.manifests.map((m) => [m.digest, m.platform])).toEqual([
      [fx.wide.images[14]?.digest, { os: 'windows', architecture: 'amd64' }],
    ]);
  });

  it('copies the platform row the copy started from as "this one"', async () => {
    const store = await fx.setUp();
    const app = await fx.open80(store);
    store.getState().pushScreen({ screen: 'image', image: name(fx.src.host, 'team/wide:1') });
    await app.waitFor((f) => f.includes('linux/loong64') && !f.includes('reading'));
    // The cursor on entry `entry` of the PLATFORM column (20 wide, attestations cut).
    const rowOf = (entry: number) => {
      const e = WIDE_ENTRIES[entry] as (typeof WIDE_ENTRIES)[number];
      return `\n> ${e.os === 'unknown' ? 'unknown/unknown (at…' : formatPlatform(e).padEnd(20)} `;
    };
    let row = 0;
    const thisMachine = `(•) this machine (${formatPlatform(hostPlatform())})`;
    for (const { name: what, entry, label } of [
      { name: 'an attestation row is no platform', entry: 2, label: thisMachine },
      { name: 'a platform row is', entry: 5, label: '(•) this one (linux/arm64/v8)  ( ) all  ( ) choose' },
    ]) {
      while (row < entry) await app.pressUntil(KEYS.down, rowOf(++row));
      const opened = await app.pressUntil('c', 'platforms ');
      expect(opened, what).toContain(label);
      if (entry === 2) await app.pressUntil(KEYS.escape, rowOf(2));
    }
    await app.press('\x15');
    await app.type(`docker://${fx.dst.host}/wide/app:arm64`);
    const done = await app.pressUntil(KEYS.enter, 'result: sha256:');
    expect(done).toContain(`result: ${fx.wide.images[5]?.digest}`);
    // The one image, as "this machine" copies one: no index around it.
    const back = await fx.dstClient().getManifest({ repository: 'wide/app', reference: 'arm64' });
    expect([back.kind, back.digest]).toEqual(['image', fx.wide.images[5]?.digest]);
  });

  it('shows mounted blobs, then skipped ones on a second copy', async () => {
    const store = await fx.setUp();
    const request = {
      source: name(fx.src.host, 'team/app:1'),
      destination: name(fx.src.host, 'mirror/app:1'),
    };
    const first = store.getState().startCopy(request);
    await untilEnded(store, first);
    const app = await fx.open80(store);
    store.getState().showJobs();
    const mounted = await app.waitFor('result:');
    for (const l of fx.app1.layers)
      expect(mounted).toContain(`blob   ${l.digest.slice(7, 19)}  mounted from ${fx.src.host}/team/app`);
    expect(mounted).toMatch(new RegExp(`result: ${fx.app1.digest}\\s+\\(0 blobs copied, 4 mounted\\)`));
    expect(mounted).toMatch(/^overall █{20} 2\.5MiB \/ 2\.5MiB {2}4\/4 blobs$/m);

    const second = store.getState().startCopy(request);
    await untilEnded(store, second);
    const skipped = await app.pressUntil('j', '4 skipped)');
    for (const l of fx.app1.layers)
      expect(skipped).toContain(`blob   ${l.digest.slice(7, 19)}  skipped: already exists`);
    expect(skipped).toMatch(new RegExp(`result: ${fx.app1.digest}\\s+\\(0 blobs copied, 4 skipped\\)`));
    // C clears the finished jobs.
    await app.pressUntil('C', 'no jobs yet: c copies an image, d deletes one');
    expect(store.getState().jobs).toEqual([]);
  });

  it('hides copying in read-only mode', async () => {
    const store = await fx.setUp({ readOnly: true });
    expect(hintsFor('image', { readOnly: true }).map((h) => h.action)).not.toContain('copyImage');
    const app = await fx.open80(store);
    store
      .getState()
      .resetScreens([{ screen: 'registries' }, { screen: 'copy', image: name(fx.src.host, 'team/app:1') }]);
    const frame = await app.waitFor('Copying is not available in read-only mode.');
    expect(frame).not.toContain('Enter copy');
    // Enter does nothing here; Esc still goes back.
    app.write(KEYS.enter);
    await app.press(KEYS.escape);
    expect(store.getState().stack).toEqual([{ screen: 'registries' }]);
    expect(store.getState().jobs).toEqual([]);
  });
});
