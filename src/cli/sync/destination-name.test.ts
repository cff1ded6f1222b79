import { describe, expect, it } from 'vitest';
import { formatImageName, type ImageName, parseImageName } from '../../registry/ref/index.js';
import { type DestinationNameOptions, destinationName } from './destination-name.js';

const docker = (s: string): ImageName => parseImageName(`docker://${s}`);

describe('destinationName (skopeo sync naming)', () => {
  it.each<{
    name: string;
    o: Omit<DestinationNameOptions, 'appendSuffix' | 'scoped'> & Partial<DestinationNameOptions>;
    want: string;
  }>([
    {
      name: 'docker → docker, unscoped: last component',
      o: { source: docker('quay.io/org/app:v1'), destination: 'mirror.io/copies', kind: 'docker' },
      want: 'docker://mirror.io/copies/app:v1',
    },
    {
      name: 'docker → docker, scoped: full source reference',
      o: {
        source: docker('quay.io/org/app:v1'),
        destination: 'mirror.io/copies',
        kind: 'docker',
        scoped: true,
      },
      want: 'docker://mirror.io/copies/quay.io/org/app:v1',
    },
    {
      name: 'Docker Hub source, scoped, keeps docker.io/library',
      o: { source: docker('busybox:latest'), destination: 'mirror.io', kind: 'docker', scoped: true },
      want: 'docker://mirror.io/docker.io/library/busybox:latest',
    },
    {
      name: 'docker → dir, unscoped',
      o: { source: docker('127.0.0.1:5000/app:v1'), destination: '/media/usb', kind: 'dir' },
      want: 'dir:/media/usb/app:v1',
    },
    {
      name: 'docker → dir, scoped keeps the registry with its port',
      o: {
        source: docker('127.0.0.1:5000/ns/app:v1'),
        destination: '/media/usb/',
        kind: 'dir',
        scoped: true,
      },
      want: 'dir:/media/usb/127.0.0.1:5000/ns/app:v1',
    },
    {
      name: 'by digest',
      o: { source: docker(`r.io/app@sha256:${'a'.repeat(64)}`), destination: 'm.io/x', kind: 'docker' },
      want: `docker://m.io/x/app@sha256:${'a'.repeat(64)}`,
    },
    {
      name: '--append-suffix goes after the tag',
      o: { source: docker('r.io/app:v1'), destination: 'm.io/x', kind: 'docker', appendSuffix: '-mirror' },
      want: 'docker://m.io/x/app:v1-mirror',
    },
    {
      name: 'dir → docker, unscoped',
      o: {
        source: { transport: 'dir', path: '/src/ns/app:v1' },
        dirBase: { given: '/src', resolved: '/src' },
        destination: 'm.io/x',
        kind: 'docker',
      },
      want: 'docker://m.io/x/app:v1',
    },
    {
      name: 'dir → docker, scoped: path below the source',
      o: {
        source: { transport: 'dir', path: '/src/ns/app:v1' },
        dirBase: { given: '/src', resolved: '/src' },
        destination: 'm.io/x',
        kind: 'docker',
        scoped: true,
      },
      want: 'docker://m.io/x/ns/app:v1',
    },
    {
      name: 'dir source that is itself the image: its own name',
      o: {
        source: { transport: 'dir', path: '/src/app:v2' },
        dirBase: { given: '/src/app:v2', resolved: '/src/app:v2' },
        destination: 'm.io/x',
        kind: 'docker',
        scoped: true,
      },
      want: 'docker://m.io/x/app:v2',
    },
  ])('$name', ({ o, want }) => {
    const got = destinationName({ scoped: false, appendSuffix: '', ...o });
    expect(formatImageName(got)).toBe(want);
  });

  it('fails like skopeo when --scoped puts host:port into a repository path', () => {
    expect(() =>
      destinationName({
        source: docker('127.0.0.1:5000/app:v1'),
        destination: '127.0.0.1:5001/mirror',
        kind: 'docker',
        scoped: true,
        appendSuffix: '',
      }),
    ).toThrow(
      'Cannot obtain a valid image reference for transport "docker" and reference "//127.0.0.1:5001/mirror/127.0.0.1:5000/app:v1"',
    );
  });
});
