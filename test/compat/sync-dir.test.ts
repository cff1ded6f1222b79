/**
 * `berth sync` with directories against skopeo 1.9.3: registry → `dir:` (unscoped and
 * `--scoped`, compared file by file), a second run into the same directories (skopeo 1.9.3
 * refuses any existing directory; berth skips images that are unchanged and refuses only a
 * directory holding something else), and `dir:` → registry naming.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logLines, skopeoDigest } from './copy-sync-helpers.js';
import { normalised, setupSyncFixtures, tagsOf, tree } from './sync-fixtures.js';

const { f, berth, skopeo, wantTags } = setupSyncFixtures('sync-dir');

describe('directories', () => {
  it.each([
    { name: 'unscoped', flags: [] as string[] },
    { name: '--scoped', flags: ['--scoped'] },
  ])('docker → dir names and fills directories as skopeo ($name)', async ({ flags }) => {
    const toDir = (extra: string[], dir: string) => [
      '--src-tls-verify=false',
      ...extra,
      '--src',
      'docker',
      '--dest',
      'dir',
      `${f.src.host}/fixtures/tags`,
      dir,
    ];
    const [bDir, sDir] = [join(f.tmp, `b-dir${flags.join('')}`), join(f.tmp, `s-dir${flags.join('')}`)];
    const b = await berth(toDir(flags, bDir));
    const s = await skopeo(toDir(flags, sDir));
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    const files = await tree(bDir);
    expect(files).toEqual(await tree(sDir));
    const image = flags.length ? `${f.src.host}/fixtures/tags:1.2.0` : 'tags:1.2.0';
    expect(files).toContain(join(image, 'manifest.json'));
    expect(await skopeoDigest(`dir:${join(bDir, image)}`, [], f.sandbox.env)).toBe(
      f.pushed.get('1.2.0')?.digest,
    );
    expect(normalised(b.stderr, bDir)).toEqual(normalised(s.stderr, sDir));

    // A second run: skopeo 1.9.3 refuses the existing directories; berth finds them unchanged.
    const again = await berth(toDir(flags, bDir));
    const sAgain = await skopeo(toDir(flags, sDir));
    expect({ berth: again.code, skopeo: sAgain.code }).toEqual({ berth: 0, skopeo: 1 });
    expect(logLines(again.stderr).at(-1)).toBe(
      'level=info msg="Synced 10 images from 1 sources" unchanged=10',
    );
  });

  it('refuses to overwrite a directory holding another image, as skopeo', async () => {
    const bDir = join(f.tmp, 'b-other');
    await mkdir(join(bDir, 'tags:1.0.0'), { recursive: true });
    await writeFile(join(bDir, 'tags:1.0.0', 'note.txt'), 'mine');
    const b = await berth([
      '--src-tls-verify=false',
      '--src',
      'docker',
      '--dest',
      'dir',
      `${f.src.host}/fixtures/tags:1.0.0`,
      bDir,
    ]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`Refusing to overwrite destination directory "${join(bDir, 'tags:1.0.0')}"`);
    expect(await tree(bDir)).toEqual(['tags:1.0.0', join('tags:1.0.0', 'note.txt')]);
  });

  it('dir → docker, as skopeo names it', async () => {
    const from = join(f.tmp, 'dir-source');
    const made = await berth([
      '--src-tls-verify=false',
      '--src',
      'docker',
      '--dest',
      'dir',
      `${f.src.host}/fixtures/tags:1.1.0`,
      from,
    ]);
    expect(made.code).toBe(0);
    const b = await berth([
      '--dest-tls-verify=false',
      '--src',
      'dir',
      '--dest',
      'docker',
      from,
      `${f.dst.host}/b-fromdir`,
    ]);
    const s = await skopeo([
      '--dest-tls-verify=false',
      '--src',
      'dir',
      '--dest',
      'docker',
      from,
      `${f.dst.host}/s-fromdir`,
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    // The walk finds `tags:1.1.0` under the source directory: repository `tags`, tag `1.1.0`.
    const want = wantTags(['1.1.0']);
    expect(await tagsOf(f.dst, 'b-fromdir/tags')).toEqual(want);
    expect(await tagsOf(f.dst, 's-fromdir/tags')).toEqual(want);
    expect(normalised(b.stderr, `${f.dst.host}/b-fromdir`)).toEqual(
      normalised(s.stderr, `${f.dst.host}/s-fromdir`),
    );
  });
});
