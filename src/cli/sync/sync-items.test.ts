import { describe, expect, it } from 'vitest';
import { formatImageName, type ImageName, parseImageName } from '../../registry/ref/index.js';
import { planItems } from './sync-items.js';
import type { SourceRepo } from './sync-sources.js';

const docker = (s: string): ImageName => parseImageName(`docker://${s}`);
const access = { noCreds: false };
const repo = (...refs: string[]): SourceRepo => ({ refs: refs.map(docker), access });

describe('planItems', () => {
  it('numbers images within each source repository', async () => {
    const items = await planItems({
      repos: [repo('a.io/x:1', 'a.io/x:2'), repo('b.io/y:1')],
      destination: 'm.io/mirror',
      kind: 'docker',
      scoped: false,
      appendSuffix: '',
    });
    expect(items.map((i) => [formatImageName(i.destination), i.position, i.count, i.order])).toEqual([
      ['docker://m.io/mirror/x:1', 1, 2, 0],
      ['docker://m.io/mirror/x:2', 2, 2, 1],
      ['docker://m.io/mirror/y:1', 1, 1, 2],
    ]);
  });

  it.each([
    { name: 'registry destination', kind: 'docker' as const, destination: 'm.io/mirror' },
    { name: 'dir destination', kind: 'dir' as const, destination: '/media/usb' },
  ])('refuses two sources that map to one name ($name)', async ({ kind, destination }) => {
    await expect(
      planItems({
        repos: [repo('a.io/app:1'), repo('b.io/app:1')],
        destination,
        kind,
        scoped: false,
        appendSuffix: '',
      }),
    ).rejects.toThrow(
      /Refusing to sync docker:\/\/a\.io\/app:1 and docker:\/\/b\.io\/app:1 to the same destination .*use --scoped/,
    );
  });

  it('keeps them apart with --scoped', async () => {
    const items = await planItems({
      repos: [repo('a.io/app:1'), repo('b.io/app:1')],
      destination: '/media/usb',
      kind: 'dir',
      scoped: true,
      appendSuffix: '',
    });
    expect(items.map((i) => formatImageName(i.destination))).toEqual([
      'dir:/media/usb/a.io/app:1',
      'dir:/media/usb/b.io/app:1',
    ]);
  });

  it('copies a source listed twice once', async () => {
    const items = await planItems({
      repos: [repo('a.io/app:1', 'a.io/app:1')],
      destination: 'm.io/x',
      kind: 'docker',
      scoped: false,
      appendSuffix: '',
    });
    expect(items).toHaveLength(1);
  });
});
