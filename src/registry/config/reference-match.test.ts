import { describe, expect, it } from 'vitest';
import { parseDockerReference } from '../signature/index.js';
import { matchesSignedIdentity, type SignedIdentity } from './reference-match.js';

const D = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

const exact: SignedIdentity = { type: 'matchExact' };
const repoDigestOrExact: SignedIdentity = { type: 'matchRepoDigestOrExact' };
const repository: SignedIdentity = { type: 'matchRepository' };
const remap: SignedIdentity = {
  type: 'remapIdentity',
  prefix: 'mirror.local/hub',
  signedPrefix: 'docker.io/library',
};

describe('matchesSignedIdentity', () => {
  it.each([
    {
      name: 'matchExact: same tag',
      id: exact,
      image: 'busybox:1',
      signed: 'docker.io/library/busybox:1',
      want: true,
    },
    { name: 'matchExact: other tag', id: exact, image: 'busybox:1', signed: 'busybox:2', want: false },
    { name: 'matchExact: name only signed', id: exact, image: 'busybox:1', signed: 'busybox', want: false },
    { name: 'matchExact: same digest', id: exact, image: `busybox@${D}`, signed: `busybox@${D}`, want: true },
    {
      name: 'repoDigestOrExact: tag must match exactly',
      id: repoDigestOrExact,
      image: 'busybox:1',
      signed: 'busybox:1',
      want: true,
    },
    {
      name: 'repoDigestOrExact: other tag',
      id: repoDigestOrExact,
      image: 'busybox:1',
      signed: 'busybox:2',
      want: false,
    },
    {
      name: 'repoDigestOrExact: digest image, any tag of the repo',
      id: repoDigestOrExact,
      image: `busybox@${D}`,
      signed: 'busybox:whatever',
      want: true,
    },
    {
      name: 'repoDigestOrExact: digest image, other digest',
      id: repoDigestOrExact,
      image: `busybox@${D}`,
      signed: `busybox@${D2}`,
      want: true,
    },
    {
      name: 'repoDigestOrExact: digest image, other repo',
      id: repoDigestOrExact,
      image: `busybox@${D}`,
      signed: 'alpine:1',
      want: false,
    },
    {
      name: 'repoDigestOrExact: digest image, name only',
      id: repoDigestOrExact,
      image: `busybox@${D}`,
      signed: 'busybox',
      want: false,
    },
    { name: 'matchRepository: any tag', id: repository, image: 'busybox:1', signed: 'busybox:2', want: true },
    { name: 'matchRepository: name only', id: repository, image: 'busybox:1', signed: 'busybox', want: true },
    {
      name: 'matchRepository: other repo',
      id: repository,
      image: 'busybox:1',
      signed: 'quay.io/busybox:1',
      want: false,
    },
    {
      name: 'exactReference ignores the image',
      id: { type: 'exactReference', dockerReference: 'quay.io/a/b:1' } as SignedIdentity,
      image: 'busybox:1',
      signed: 'quay.io/a/b:1',
      want: true,
    },
    {
      name: 'exactReference: other tag',
      id: { type: 'exactReference', dockerReference: 'quay.io/a/b:1' } as SignedIdentity,
      image: 'busybox:1',
      signed: 'quay.io/a/b:2',
      want: false,
    },
    {
      name: 'exactRepository',
      id: { type: 'exactRepository', dockerRepository: 'quay.io/a/b' } as SignedIdentity,
      image: undefined,
      signed: 'quay.io/a/b:anything',
      want: true,
    },
    {
      name: 'remapIdentity: remapped',
      id: remap,
      image: 'mirror.local/hub/busybox:1',
      signed: 'busybox:1',
      want: true,
    },
    {
      name: 'remapIdentity: remapped, other tag',
      id: remap,
      image: 'mirror.local/hub/busybox:1',
      signed: 'busybox:2',
      want: false,
    },
    {
      name: 'remapIdentity: prefix must end at a /',
      id: remap,
      image: 'mirror.local/hubby/busybox:1',
      signed: 'busybox:1',
      want: false,
    },
    {
      name: 'remapIdentity: outside the prefix, unchanged',
      id: remap,
      image: 'quay.io/x:1',
      signed: 'quay.io/x:1',
      want: true,
    },
    {
      name: 'no docker reference for the image',
      id: repository,
      image: undefined,
      signed: 'busybox:1',
      want: false,
    },
    {
      name: 'an invalid signed reference',
      id: repository,
      image: 'busybox:1',
      signed: 'BusyBox',
      want: false,
    },
  ])('$name', ({ id, image, signed, want }) => {
    expect(
      matchesSignedIdentity(id, image === undefined ? undefined : parseDockerReference(image), signed),
    ).toBe(want);
  });
});
