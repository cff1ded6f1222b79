/**
 * `berth sync` against skopeo 1.9.3 on real registries: the same sync with both tools into
 * separate destinations, then the resulting tags and digests compared (read back through
 * the registry or the file system), and the log lines compared without their times.
 *
 * Directories (`--dest dir`, `--src dir`) are in sync-dir.test.ts.
 *
 * Known, deliberate differences (asserted, not hidden):
 * - berth copies images in parallel (`-j`, default 4), so its log lines can come in another
 *   order; they are compared as sets;
 * - an image already at the destination is skipped after two HEAD requests (logged, and
 *   `unchanged=N` on the summary line); a second run into a `dir:` destination therefore
 *   succeeds where skopeo 1.9.3 refuses any existing directory;
 * - two sources that would land on one destination name are refused before anything is
 *   copied; skopeo copies the first and then fails;
 * - copy progress is on stderr (skopeo: stdout); `images-by-semver` is beyond 1.9.3.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../harness/index.js';
import { logLines } from './copy-sync-helpers.js';
import { normalised, PASSWORD, setupSyncFixtures, TAGS, tagsOf, tree, USER } from './sync-fixtures.js';

const { f, berth, skopeo, wantTags } = setupSyncFixtures('sync');
const plain = ['--src-tls-verify=false', '--dest-tls-verify=false'];

/** `sync` of a YAML file into `destination` (plain http), with `extra` flags first. */
function yamlSync(file: string, destination: string, ...extra: string[]): string[] {
  return ['--dest-tls-verify=false', ...extra, '--src', 'yaml', '--dest', 'docker', file, destination];
}

describe('repository to repository', () => {
  it('copies every tag with the digests skopeo gets, logging what skopeo logs', async () => {
    const b = await berth([
      ...plain,
      '--src',
      'docker',
      '--dest',
      'docker',
      `${f.src.host}/fixtures/tags`,
      `${f.dst.host}/b-mirror`,
    ]);
    const s = await skopeo([
      ...plain,
      '--src',
      'docker',
      '--dest',
      'docker',
      `${f.src.host}/fixtures/tags`,
      `${f.dst.host}/s-mirror`,
    ]);
    expect({ berth: b.code, skopeo: s.code, stdout: b.stdout }).toEqual({ berth: 0, skopeo: 0, stdout: '' });
    expect(await tagsOf(f.dst, 'b-mirror/tags')).toEqual(wantTags(TAGS));
    expect(await tagsOf(f.dst, 's-mirror/tags')).toEqual(wantTags(TAGS));
    expect(normalised(b.stderr, `${f.dst.host}/b-mirror`)).toEqual(
      normalised(s.stderr, `${f.dst.host}/s-mirror`),
    );
    expect(logLines(b.stderr).at(-1)).toBe('level=info msg="Synced 10 images from 1 sources"');
  });

  describe('run again', () => {
    let srcProxy: FaultProxy;
    let dstProxy: FaultProxy;
    beforeAll(async () => {
      [srcProxy, dstProxy] = await Promise.all([
        startFaultProxy({ target: f.src.url }),
        startFaultProxy({ target: f.dst.url }),
      ]);
    });
    afterAll(() => Promise.all([srcProxy?.stop(), dstProxy?.stop()]));

    it('skips unchanged tags with HEAD requests only: no manifest GET at the source, nothing written', async () => {
      const args = [
        '--src',
        'docker',
        '--dest',
        'docker',
        `${srcProxy.host}/fixtures/tags`,
        `${dstProxy.host}/b-again`,
      ];
      const first = await berth([...plain, ...args]);
      expect(first.code).toBe(0);
      srcProxy.reset();
      dstProxy.reset();

      const again = await berth([...plain, ...args]);
      expect(again.code).toBe(0);
      const lines = logLines(again.stderr);
      expect(lines.at(-1)).toBe('level=info msg="Synced 10 images from 1 sources" unchanged=10');
      expect(lines.filter((l) => l.includes('already present at destination'))).toHaveLength(10);
      const calls = (p: FaultProxy) => p.requests.map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')}`);
      expect(calls(srcProxy).filter((c) => /^GET .*\/manifests\//.test(c))).toEqual([]);
      expect(calls(srcProxy).filter((c) => c.includes('/blobs/'))).toEqual([]);
      expect(calls(srcProxy).filter((c) => c.startsWith('HEAD') && c.includes('/manifests/'))).toHaveLength(
        10,
      );
      expect(calls(dstProxy).filter((c) => !c.startsWith('HEAD') && !c.startsWith('GET /v2/'))).toEqual([]);
      expect(calls(dstProxy).filter((c) => /^(PUT|POST|PATCH|DELETE) /.test(c))).toEqual([]);
    });
  });

  it('--dry-run says what it would copy, copies nothing, as skopeo', async () => {
    const b = await berth([
      ...plain,
      '--dry-run',
      '--src',
      'docker',
      '--dest',
      'docker',
      `${f.src.host}/fixtures/tags`,
      `${f.dst.host}/b-dry`,
    ]);
    const s = await skopeo([
      ...plain,
      '--dry-run',
      '--src',
      'docker',
      '--dest',
      'docker',
      `${f.src.host}/fixtures/tags`,
      `${f.dst.host}/s-dry`,
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    expect(normalised(b.stderr, `${f.dst.host}/b-dry`)).toEqual(normalised(s.stderr, `${f.dst.host}/s-dry`));
    expect(logLines(b.stderr)).toContain('level=info msg="Would have synced 10 images from 1 sources"');
    expect(await tagsOf(f.dst, 'b-dry/tags')).toEqual({});
  });

  it('one tagged image', async () => {
    const b = await berth([
      ...plain,
      '--src',
      'docker',
      '--dest',
      'docker',
      `${f.src.host}/fixtures/tags:1.2.0`,
      `${f.dst.host}/b-one`,
    ]);
    const s = await skopeo([
      ...plain,
      '--src',
      'docker',
      '--dest',
      'docker',
      `${f.src.host}/fixtures/tags:1.2.0`,
      `${f.dst.host}/s-one`,
    ]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    expect(await tagsOf(f.dst, 'b-one/tags')).toEqual(wantTags(['1.2.0']));
    expect(normalised(b.stderr, `${f.dst.host}/b-one`)).toEqual(normalised(s.stderr, `${f.dst.host}/s-one`));
  });

  it.each([
    { name: 'a missing repository', source: () => `${f.src.host}/no/such`, berth: 1, skopeo: 1 },
    {
      name: 'a bad --src',
      args: ['--src', 'ftp'],
      source: () => `${f.src.host}/fixtures/tags`,
      berth: 1,
      skopeo: 1,
    },
    {
      // host:port cannot be a repository path component, in either tool.
      name: '--scoped from a registry with a port into a registry',
      args: ['--src', 'docker', '--scoped'],
      source: () => `${f.src.host}/fixtures/tags`,
      berth: 1,
      skopeo: 1,
    },
    {
      name: 'a missing tag without --keep-going',
      source: () => `${f.src.host}/fixtures/tags:missing`,
      berth: 1,
      skopeo: 1,
    },
  ])('fails for $name', async ({ source, args = ['--src', 'docker'], berth: want, skopeo: theirs }) => {
    const b = await berth([...plain, ...args, '--dest', 'docker', source(), `${f.dst.host}/b-fail`]);
    const s = await skopeo([...plain, ...args, '--dest', 'docker', source(), `${f.dst.host}/s-fail`]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: want, skopeo: theirs });
    expect(b.stderr.trim().split('\n').at(-1)).toMatch(/^Error: /);
  });
});

describe('YAML source', () => {
  let n = 0;
  async function yamlFile(text: string): Promise<string> {
    const file = join(f.tmp, `sync-${++n}.yml`);
    await writeFile(file, text);
    return file;
  }

  it('images, images-by-tag-regex, credentials and tls-verify on a Basic-auth registry', async () => {
    const file = await yamlFile(`
${f.auth.host}:
  tls-verify: false
  credentials:
    username: ${USER}
    password: ${PASSWORD}
  images:
    fixtures/tags:
      - "1.0.0"
      - latest
  images-by-tag-regex:
    fixtures/tags: ^1\\.[3-4]\\.
`);
    const b = await berth(yamlSync(file, `${f.dst.host}/b-yaml`));
    const s = await skopeo(yamlSync(file, `${f.dst.host}/s-yaml`));
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
    const want = wantTags(['1.0.0', '1.3.0', '1.4.0', 'latest']);
    expect(await tagsOf(f.dst, 'b-yaml/tags')).toEqual(want);
    expect(await tagsOf(f.dst, 's-yaml/tags')).toEqual(want);
    expect(normalised(b.stderr, `${f.dst.host}/b-yaml`)).toEqual(
      normalised(s.stderr, `${f.dst.host}/s-yaml`),
    );
    expect(logLines(b.stderr).at(-1)).toBe('level=info msg="Synced 4 images from 2 sources"');
    expect(b.stderr + b.stdout).not.toContain(PASSWORD);
  });

  it('images-by-semver (beyond skopeo 1.9.3): commas mean AND, prereleases only when asked', async () => {
    const file = await yamlFile(`
${f.auth.host}:
  tls-verify: false
  credentials: { username: ${USER}, password: ${PASSWORD} }
  images-by-semver:
    fixtures/tags: ">= 1.4, < 2.1"
`);
    const b = await berth(yamlSync(file, `${f.dst.host}/b-semver`));
    expect(b.code).toBe(0);
    expect(await tagsOf(f.dst, 'b-semver/tags')).toEqual(wantTags(['1.4.0', '1.5.0', '1.6.0', '2.0.0']));
    expect(logLines(b.stderr)).toContain(
      `level=info msg="Start filtering using the semver constraint: >= 1.4, < 2.1" registry="${f.auth.host}" repo=fixtures/tags`,
    );
  });

  it('--keep-going logs a missing tag, syncs the rest and fails at the end, as skopeo', async () => {
    const file = await yamlFile(`
${f.src.host}:
  tls-verify: false
  images:
    fixtures/tags: ["1.0.0", "missing", "1.1.0"]
`);
    const b = await berth(yamlSync(file, `${f.dst.host}/b-kg`, '--keep-going'));
    const s = await skopeo(yamlSync(file, `${f.dst.host}/s-kg`, '--keep-going'));
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 1, skopeo: 1 });
    expect(await tagsOf(f.dst, 'b-kg/tags')).toEqual(wantTags(['1.0.0', '1.1.0']));
    expect(await tagsOf(f.dst, 's-kg/tags')).toEqual(wantTags(['1.0.0', '1.1.0']));
    const failed = (text: string) => logLines(text).filter((l) => l.startsWith('level=error'));
    expect(failed(b.stderr)).toEqual([
      expect.stringContaining(`msg="Error copying ref \\"docker://${f.src.host}/fixtures/tags:missing\\""`),
    ]);
    expect(failed(s.stderr)).toEqual([
      expect.stringContaining(`msg="Error copying ref \\"docker://${f.src.host}/fixtures/tags:missing\\""`),
    ]);
    expect(logLines(b.stderr)).toContain('level=info msg="Synced 2 images from 1 sources"');
    expect(b.stderr.trim().split('\n').at(-1)).toBe(
      'Error: Sync failed due to previous reported error(s) for one or more images',
    );
  });

  it('refuses two sources that map to one destination before copying anything (skopeo fails halfway)', async () => {
    const file = await yamlFile(`
${f.src.host}:
  tls-verify: false
  images: { fixtures/tags: ["1.0.0"] }
${f.auth.host}:
  tls-verify: false
  credentials: { username: ${USER}, password: ${PASSWORD} }
  images: { fixtures/tags: ["1.0.0"] }
`);
    const [bDir, sDir] = [join(f.tmp, 'b-clash'), join(f.tmp, 's-clash')];
    const b = await berth(['--src', 'yaml', '--dest', 'dir', file, bDir]);
    const s = await skopeo(['--src', 'yaml', '--dest', 'dir', file, sDir]);
    expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 1, skopeo: 1 });
    expect(b.stderr).toContain(
      `to the same destination dir:${bDir}/tags:1.0.0 (use --scoped to keep them apart)`,
    );
    expect(s.stderr).toContain('Refusing to overwrite destination directory');
    expect(await tree(bDir)).toEqual([]);
  });
});
