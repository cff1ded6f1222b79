import { describe, expect, it } from 'vitest';
import { parseImageName } from '../registry/ref/index.js';
import { type CompletionContext, completeDestination, type DirEntry } from './copy-completion.js';

const DIRS: Record<string, DirEntry[]> = {
  '.': [
    { name: 'layouts', directory: true },
    { name: 'layer.tar', directory: false },
    { name: '.hidden', directory: true },
  ],
  'layouts/': [
    { name: 'one', directory: true },
    { name: 'two', directory: true },
  ],
};

const ctx: CompletionContext = {
  registries: ['127.0.0.1:5001', 'quay.io', '127.0.0.1:5000'],
  sources: [parseImageName('docker://127.0.0.1:5000/team/app:1')],
  listDirectory: async (path) => {
    const entries = DIRS[path];
    if (!entries) throw new Error(`ENOENT: ${path}`);
    return entries;
  },
};

describe('completeDestination', () => {
  it.each<{ name: string; text: string; want: string; candidates?: string[] }>([
    {
      name: 'an empty field lists the transports',
      text: '',
      want: '',
      candidates: ['dir:', 'docker-archive:', 'docker://', 'oci-archive:', 'oci:'],
    },
    {
      name: 'what transports share is filled in',
      text: 'doc',
      want: 'docker',
      candidates: ['docker-archive:', 'docker://'],
    },
    { name: 'one transport is completed', text: 'docker:/', want: 'docker://' },
    {
      name: 'registries the session knows',
      text: 'docker://127',
      want: 'docker://127.0.0.1:500',
      candidates: ['docker://127.0.0.1:5000/', 'docker://127.0.0.1:5001/'],
    },
    { name: 'one registry', text: 'docker://q', want: 'docker://quay.io/' },
    {
      name: "the source's repository path and tag",
      text: 'docker://quay.io/',
      want: 'docker://quay.io/team/app',
      candidates: ['docker://quay.io/team/app', 'docker://quay.io/team/app:1'],
    },
    { name: 'then its tag', text: 'docker://quay.io/team/app', want: 'docker://quay.io/team/app:1' },
    {
      name: 'paths: directories end with a slash',
      text: 'oci:lay',
      want: 'oci:lay',
      candidates: ['oci:layer.tar', 'oci:layouts/'],
    },
    { name: 'one path', text: 'oci:layo', want: 'oci:layouts/' },
    {
      name: 'a directory',
      text: 'oci:layouts/',
      want: 'oci:layouts/',
      candidates: ['oci:layouts/one/', 'oci:layouts/two/'],
    },
    { name: 'hidden files only when asked for', text: 'dir:.h', want: 'dir:.hidden/' },
    {
      name: 'an unreadable directory offers nothing',
      text: 'oci:nope/x',
      want: 'oci:nope/x',
      candidates: [],
    },
    {
      name: 'nothing after the image name',
      text: 'oci:layouts/one:v',
      want: 'oci:layouts/one:v',
      candidates: [],
    },
  ])('$name', async ({ text, want, candidates = [] }) => {
    expect(await completeDestination(text, ctx)).toEqual({ text: want, candidates });
  });

  it('completes no paths without a directory lister', async () => {
    expect(await completeDestination('oci:lay', { registries: [], sources: [] })).toEqual({
      text: 'oci:lay',
      candidates: [],
    });
  });
});
