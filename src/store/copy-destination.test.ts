import { describe, expect, it } from 'vitest';
import { formatImageName, type ImageName, parseImageName } from '../registry/ref/index.js';
import { initialDestination, planCopyTargets } from './copy-destination.js';

const src = (s: string): ImageName => parseImageName(s);
const ONE = [src('docker://src.example:5000/team/app:1')];
const MANY = [src('docker://src.example:5000/team/app:1'), src('docker://src.example:5000/team/app:2')];

describe('planCopyTargets', () => {
  it.each<{ name: string; text: string; sources: ImageName[]; want: string[] }>([
    {
      name: 'one image goes where the name says',
      text: 'docker://dst.example/team/app:1',
      sources: ONE,
      want: ['docker://dst.example/team/app:1'],
    },
    { name: 'a layout with an image name', text: ' oci:./out:v1 ', sources: ONE, want: ['oci:./out:v1'] },
    {
      name: 'several images go into one repository under their own tags',
      text: 'docker://dst.example/mirror/app',
      sources: MANY,
      want: ['docker://dst.example/mirror/app:1', 'docker://dst.example/mirror/app:2'],
    },
    {
      name: 'several images go into one layout under their own tags',
      text: 'oci:./out',
      sources: MANY,
      want: ['oci:./out:1', 'oci:./out:2'],
    },
  ])('$name', ({ text, sources, want }) => {
    const plan = planCopyTargets(text, sources);
    expect('targets' in plan && plan.targets.map((t) => formatImageName(t.destination))).toEqual(want);
    expect('targets' in plan && plan.targets.map((t) => t.source)).toEqual(sources);
  });

  it.each<{ name: string; text: string; sources: ImageName[]; want: string | RegExp }>([
    { name: 'empty', text: '  ', sources: ONE, want: /^enter a destination, e\.g\. docker:\/\// },
    {
      name: 'no transport',
      text: 'dst.example/team/app:1',
      sources: ONE,
      want: '"dst.example/team/app:1" has no transport: start with one, e.g. docker://host/repo:tag, oci:./dir:tag, dir:./dir',
    },
    {
      name: 'a docker name without //',
      text: 'docker:dst.example/app',
      sources: ONE,
      want: /does not start with \/\//,
    },
    { name: 'a bad reference', text: 'docker://dst.example/UPPER', sources: ONE, want: /Invalid image name/ },
    {
      name: 'the source itself',
      text: 'docker://src.example:5000/team/app:1',
      sources: ONE,
      want: 'docker://src.example:5000/team/app:1 is the source itself',
    },
    {
      name: 'several images to a tag',
      text: 'docker://dst.example/app:latest',
      sources: MANY,
      want: 'copying 2 images: name a repository without a tag; each image keeps its own tag',
    },
    {
      name: 'several images to a dir',
      text: 'dir:./x',
      sources: MANY,
      want: /^copying 2 images: dir: holds one image/,
    },
    {
      name: 'several images to a named layout image',
      text: 'oci:./out:v1',
      sources: MANY,
      want: 'copying 2 images: name the layout without an image (oci:./out)',
    },
    {
      name: 'an image without a tag in a bulk copy',
      text: 'oci:./out',
      sources: [MANY[0] as ImageName, src(`docker://src.example:5000/team/app@sha256:${'a'.repeat(64)}`)],
      want: /has no tag to copy it under$/,
    },
  ])('refuses $name', ({ text, sources, want }) => {
    const plan = planCopyTargets(text, sources);
    expect('error' in plan).toBe(true);
    if ('error' in plan) expect(plan.error).toMatch(want);
  });
});

describe('initialDestination', () => {
  it.each([
    { name: 'one docker image: its name', sources: ONE, want: 'docker://src.example:5000/team/app:1' },
    { name: 'several: their repository', sources: MANY, want: 'docker://src.example:5000/team/app' },
    { name: 'a layout: nothing to edit', sources: [src('oci:./layout:1')], want: '' },
    { name: 'nothing', sources: [], want: 'docker://' },
  ])('$name', ({ sources, want }) => {
    expect(initialDestination(sources)).toBe(want);
  });
});
