import { describe, expect, it } from 'vitest';
import { type Digest, digestOf } from '../../digest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import { mergeIndexEntry } from './index-entry.js';
import { REF_NAME_ANNOTATION } from './layout-paths.js';

const D = (s: string): Digest => digestOf(s);
const entry = (digest: Digest, name?: string, extra: object = {}) => ({
  mediaType: MEDIA_TYPES.ociManifest,
  digest,
  size: 100,
  ...(name !== undefined ? { annotations: { [REF_NAME_ANNOTATION]: name } } : {}),
  ...extra,
});
const NEW = { mediaType: MEDIA_TYPES.ociManifest, digest: D('new'), size: 100 };

describe('mergeIndexEntry', () => {
  it.each([
    {
      name: 'adds a named image to an empty index',
      before: [],
      refName: 'v1',
      after: [entry(D('new'), 'v1')],
    },
    {
      name: 'replaces the entry with the same name in place and keeps the others untouched',
      before: [entry(D('a'), 'v0', { platform: { os: 'linux' } }), entry(D('b'), 'v1'), entry(D('c'), 'v2')],
      refName: 'v1',
      after: [entry(D('a'), 'v0', { platform: { os: 'linux' } }), entry(D('new'), 'v1'), entry(D('c'), 'v2')],
    },
    {
      name: 'drops duplicates of the name left by other tools',
      before: [entry(D('a'), 'v1'), entry(D('b'), 'v1')],
      refName: 'v1',
      after: [entry(D('new'), 'v1')],
    },
    {
      name: 'names an unnamed entry of the same manifest instead of duplicating it',
      before: [entry(D('a'), 'v0'), entry(D('new'))],
      refName: 'v1',
      after: [entry(D('a'), 'v0'), entry(D('new'), 'v1')],
    },
    {
      name: 'keeps an entry of the same manifest under another name',
      before: [entry(D('new'), 'v0')],
      refName: 'v1',
      after: [entry(D('new'), 'v0'), entry(D('new'), 'v1')],
    },
    {
      name: 'appends an unnamed image',
      before: [entry(D('a'), 'v0')],
      refName: undefined,
      after: [entry(D('a'), 'v0'), entry(D('new'))],
    },
    {
      name: 'replaces an unnamed entry of the same manifest when writing it unnamed again',
      before: [entry(D('new'), undefined, { annotations: { other: 'x' } }), entry(D('a'))],
      refName: undefined,
      after: [entry(D('new')), entry(D('a'))],
    },
    {
      name: 'does not take over a named entry when writing unnamed',
      before: [entry(D('new'), 'v1')],
      refName: undefined,
      after: [entry(D('new'), 'v1'), entry(D('new'))],
    },
  ])('$name', ({ before, refName, after }) => {
    const frozen = structuredClone(before);
    expect(mergeIndexEntry(before, NEW, refName)).toEqual(after);
    expect(before).toEqual(frozen);
  });
});
