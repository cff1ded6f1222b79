import { describe, expect, it } from 'vitest';
import type { Digest } from '../registry/digest/index.js';
import { parseImageName } from '../registry/ref/index.js';
import { imageCommands, shellQuote } from './image-commands.js';

const CHILD = `sha256:${'a'.repeat(64)}` as Digest;

describe('imageCommands', () => {
  it.each([
    {
      name: 'a tagged image',
      input: { name: parseImageName('docker://quay.io/org/app:1.2') },
      inspect: 'berth inspect docker://quay.io/org/app:1.2',
      copy: 'berth copy docker://quay.io/org/app:1.2 DESTINATION',
    },
    {
      name: 'an index copies every platform',
      input: { name: parseImageName('docker://alpine:3.20'), isIndex: true },
      inspect: 'berth inspect docker://alpine:3.20',
      copy: 'berth copy --all docker://alpine:3.20 DESTINATION',
    },
    {
      name: 'a manifest of an index on a registry, by digest',
      input: {
        name: parseImageName('docker://quay.io/org/app:1.2'),
        digest: CHILD,
        platform: { os: 'linux', architecture: 'arm64' },
      },
      inspect: `berth inspect docker://quay.io/org/app@${CHILD}`,
      copy: `berth copy docker://quay.io/org/app@${CHILD} DESTINATION`,
    },
    {
      name: 'a manifest of a local index, by platform',
      input: {
        name: parseImageName('oci:./lay out:v1'),
        digest: CHILD,
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      },
      inspect:
        "berth --override-os linux --override-arch arm64 --override-variant v8 inspect 'oci:./lay out:v1'",
      copy: "berth --override-os linux --override-arch arm64 --override-variant v8 copy 'oci:./lay out:v1' DESTINATION",
    },
  ])('$name', ({ input, inspect, copy }) => {
    expect(imageCommands(input)).toEqual({ inspect, copy });
  });
});

describe('shellQuote', () => {
  it.each([
    { name: 'plain words stay', input: 'docker://a/b:1', want: 'docker://a/b:1' },
    { name: 'spaces are quoted', input: 'a b', want: "'a b'" },
    { name: 'quotes are escaped', input: "it's", want: "'it'\\''s'" },
    { name: 'the empty string is quoted', input: '', want: "''" },
    { name: 'shell syntax is quoted', input: 'x;rm -rf $HOME', want: "'x;rm -rf $HOME'" },
  ])('$name', ({ input, want }) => {
    expect(shellQuote(input)).toBe(want);
  });
});
