import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatImageName } from '../../registry/ref/index.js';
import type { RegistryClient } from '../../registry/remote/index.js';
import type { ImageAccess } from '../image-flags.js';
import { findDirImages } from './dir-images.js';
import { SyncLog } from './logrus-line.js';
import { collectSources } from './sync-sources.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'berth-sync-sources-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Registry clients that answer tag lists from a table and record who asked with what access. */
function fakeClients(tags: Record<string, string[]>) {
  const asked: Array<{ repo: string; access: ImageAccess }> = [];
  const clients = (registry: string, access: ImageAccess) =>
    ({
      listTags: async ({ repository }: { repository: string }) => {
        const key = `${registry}/${repository}`;
        asked.push({ repo: key, access });
        const list = tags[key];
        if (!list) throw new Error(`404 NAME_UNKNOWN ${key}`);
        return list;
      },
    }) as unknown as RegistryClient;
  return { clients, asked };
}

function collect(kind: 'docker' | 'dir' | 'yaml', source: string, tags: Record<string, string[]> = {}) {
  const lines: string[] = [];
  const log = new SyncLog({
    emit: (l) => lines.push(l.replace(/^time="[^"]*" /, '')),
    now: () => new Date(0),
  });
  const { clients, asked } = fakeClients(tags);
  const access: ImageAccess = { noCreds: false, tlsVerify: true };
  const run = collectSources({ kind, source, access, clients, log, signal: new AbortController().signal });
  return { run, lines, asked };
}

const names = (repos: Awaited<ReturnType<typeof collectSources>>) =>
  repos.map((r) => r.refs.map(formatImageName));

describe('collectSources: docker', () => {
  it('lists a repository’s tags, leaving out invalid ones', async () => {
    const { run, lines } = collect('docker', 'r.io/app', { 'r.io/app': ['1', 'bad tag', '2'] });
    expect(names(await run)).toEqual([['docker://r.io/app:1', 'docker://r.io/app:2']]);
    expect(lines).toEqual([
      'level=info msg="Tag presence check" imagename=r.io/app tagged=false',
      'level=info msg="Getting tags" image=r.io/app',
      'level=error msg="Error creating a tagged reference from registry tag list" repo=r.io/app tag="bad tag"',
    ]);
  });

  it.each([
    { source: 'r.io/app:1', want: 'docker://r.io/app:1' },
    { source: `r.io/app@sha256:${'a'.repeat(64)}`, want: `docker://r.io/app@sha256:${'a'.repeat(64)}` },
  ])('takes $source as one image', async ({ source, want }) => {
    expect(names(await collect('docker', source).run)).toEqual([[want]]);
  });

  it.each<{ name: string; source: string; tags: Record<string, string[]>; want: string | RegExp }>([
    {
      name: 'no tags',
      source: 'r.io/app',
      tags: { 'r.io/app': [] },
      want: 'No images to sync found in "r.io/app"',
    },
    { name: 'bad reference', source: 'R.io/App', tags: {}, want: /Cannot obtain a valid image reference/ },
    {
      name: 'listing fails',
      source: 'r.io/none',
      tags: {},
      want: /Error determining repository tags for repo r.io\/none/,
    },
  ])('fails: $name', async ({ source, tags, want }) => {
    await expect(collect('docker', source, tags).run).rejects.toThrow(want);
  });
});

describe('collectSources: yaml', () => {
  it('applies each registry’s settings, keeps file order, and skips what skopeo skips', async () => {
    const file = join(root, 'sync.yml');
    await writeFile(
      file,
      `
a.io:
  credentials: { username: u, password: p }
  tls-verify: false
  images:
    app: ["1", "sha256:${'b'.repeat(64)}", "not a tag"]
    Bad/Name: ["1"]
    gone:
  images-by-tag-regex:
    app: "^2"
    other: "("
  images-by-semver:
    app: ">= 1.1, < 2"
b.io:
  images: {}
`,
    );
    const { run, lines, asked } = collect('yaml', file, {
      'a.io/app': ['1', '1.1', '1.5.0', '2', '2.1', 'latest'],
    });
    expect(names(await run)).toEqual([
      ['docker://a.io/app:1', `docker://a.io/app@sha256:${'b'.repeat(64)}`],
      ['docker://a.io/app:2', 'docker://a.io/app:2.1'],
      ['docker://a.io/app:1.1', 'docker://a.io/app:1.5.0'],
    ]);
    for (const { access } of asked) {
      expect(access).toMatchObject({
        credential: { username: 'u', password: 'p' },
        tlsVerify: false,
        noCreds: false,
      });
    }
    const problems = lines.filter((l) => !l.startsWith('level=info'));
    expect(problems).toEqual([
      'level=error msg="Error parsing ref, skipping" ref="not a tag"',
      'level=error msg="Error parsing repository name, skipping" registry=a.io repo=Bad/Name',
      expect.stringMatching(/^level=error msg=/),
      'level=error msg="Error processing repo, skipping" registry=a.io repo=gone',
      expect.stringContaining('Error determining repository tags for repo a.io/gone'),
      'level=error msg="Error parsing filter, skipping" registry=a.io repo=other',
      expect.stringContaining('invalid tag regex'),
      'level=warning msg="No images specified for registry" registry=b.io',
    ]);
  });
});

describe('findDirImages (filepath.WalkDir order)', () => {
  it('finds image directories in lexical order and does not look inside them', async () => {
    const base = join(root, 'walk');
    for (const dir of ['b/img:1', 'a/img:2', 'a/img:2/nested', 'c'])
      await mkdir(join(base, dir), { recursive: true });
    for (const dir of ['b/img:1', 'a/img:2', 'a/img:2/nested'])
      await writeFile(join(base, dir, 'manifest.json'), '{}');
    await symlink(join(base, 'b'), join(base, 'link'));
    expect(await findDirImages(base)).toEqual([join(base, 'a/img:2'), join(base, 'b/img:1')]);
  });

  it('a directory that is itself an image', async () => {
    const base = join(root, 'single');
    await mkdir(base, { recursive: true });
    await writeFile(join(base, 'manifest.json'), '{}');
    expect(await findDirImages(base)).toEqual([base]);
  });
});
