import { describe, expect, it } from 'vitest';
import { digestOf } from '../../digest/index.js';
import type { Descriptor } from '../../manifest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import { REF_NAME_ANNOTATION } from './layout-paths.js';
import { LayoutImageNotFoundError, selectIndexEntry } from './select-entry.js';

const entry = (seed: string, name?: string, mediaType: string = MEDIA_TYPES.ociManifest): Descriptor => ({
  mediaType,
  digest: digestOf(seed),
  size: 10,
  ...(name !== undefined ? { annotations: { [REF_NAME_ANNOTATION]: name } } : {}),
});
const index = (...manifests: Descriptor[]) => ({ schemaVersion: 2 as const, manifests });

describe('selectIndexEntry', () => {
  it.each([
    { name: 'the only entry without a name', manifests: [entry('a')], opts: {}, position: 0 },
    { name: 'by name', manifests: [entry('a', 'v1'), entry('b', 'v2')], opts: { image: 'v2' }, position: 1 },
    {
      name: 'by name, skipping an entry of that name with another media type',
      manifests: [
        entry('a', 'v1', 'application/vnd.example+json'),
        entry('b', 'v1', MEDIA_TYPES.dockerManifestList),
      ],
      opts: { image: 'v1' },
      position: 1,
    },
    {
      name: 'by position',
      manifests: [entry('a', 'v1'), entry('b', 'v2')],
      opts: { position: 1 },
      position: 1,
    },
  ])('selects $name', ({ manifests, opts, position }) => {
    const got = selectIndexEntry({ path: '/l', index: index(...manifests), ...opts });
    expect(got.position).toBe(position);
    expect(got.descriptor).toBe(manifests[position]);
  });

  it.each([
    {
      name: 'several entries and no name, listing the names',
      manifests: [entry('a', 'v1'), entry('b', 'v2')],
      opts: {},
      message: '/l holds 2 images; choose one with oci:/l:NAME or oci:/l:@N (names: "v1", "v2")',
    },
    { name: 'an empty index', manifests: [], opts: {}, message: '/l holds no images' },
    {
      name: 'an unknown name',
      manifests: [entry('a', 'v1')],
      opts: { image: 'v9' },
      message: 'no image named "v9" in /l (names: "v1")',
    },
    {
      name: 'a name whose only entry is not a manifest',
      manifests: [entry('a', 'v1', 'application/vnd.example+json')],
      opts: { image: 'v1' },
      message: 'unsupported media type "application/vnd.example+json"',
    },
    {
      name: 'a position past the end',
      manifests: [entry('a')],
      opts: { position: 1 },
      message: 'index @1 is out of range: /l lists 1 manifest',
    },
    {
      name: 'a hostile name, escaped in the message',
      manifests: [entry('a', 'v1\u001b[2J')],
      opts: { image: 'x' },
      message: '(names: "v1\\u001b[2J")',
    },
  ])('refuses $name', ({ manifests, opts, message }) => {
    const run = () => selectIndexEntry({ path: '/l', index: index(...manifests), ...opts });
    expect(run).toThrow(LayoutImageNotFoundError);
    expect(run).toThrow(message);
  });
});
