import { describe, expect, it } from 'vitest';
import type { Digest } from '../digest/index.js';
import { InvalidImageNameError, InvalidReferenceError } from './errors.js';
import { formatImageName, type ImageName, parseImageName } from './image-name.js';
import { DOCKER_HUB } from './reference.js';

const D256 = `sha256:${'f'.repeat(64)}` as Digest;
const busybox = { registry: DOCKER_HUB, repository: 'library/busybox', tag: 'latest' };
const POSIX = { windows: false };

type Case =
  | { name: string; input: string; windows?: boolean; want: ImageName }
  | { name: string; input: string; windows?: boolean; reason: RegExp | string };

/** reliability.md §5 rows T1–T10 (containers/image and skopeo semantics), then the other transports. */
const cases: Case[] = [
  { name: 'T1 default tag', input: 'docker://busybox', want: { transport: 'docker', ref: busybox } },
  {
    name: 'T2 missing //',
    input: 'docker:busybox',
    reason: 'docker: image reference busybox does not start with //',
  },
  {
    name: 'T3 tag and digest',
    input: `docker://busybox:latest@${D256}`,
    reason: 'Docker references with both a tag and digest are currently not supported',
  },
  { name: 'T4 uppercase', input: 'docker://UPPERCASEISINVALID', reason: /repository name must be lowercase/ },
  {
    name: 'T5 layout with image',
    input: 'oci:/srv/layout:tag',
    want: { transport: 'oci', path: '/srv/layout', image: 'tag' },
  },
  { name: 'T6 layout alone', input: 'oci:/srv/layout', want: { transport: 'oci', path: '/srv/layout' } },
  {
    name: 'T7 colon inside the image name',
    input: 'oci:/srv/a:b:c',
    want: { transport: 'oci', path: '/srv/a', image: 'b:c' },
  },
  {
    name: 'T8 Windows drive',
    input: 'oci:C:\\x\\y:tag',
    windows: true,
    want: { transport: 'oci', path: 'C:\\x\\y', image: 'tag' },
  },
  {
    name: 'T8 Windows drive, no image',
    input: 'oci:C:\\x\\y',
    windows: true,
    want: { transport: 'oci', path: 'C:\\x\\y' },
  },
  {
    name: 'T8 Windows path with two colons',
    input: 'oci:a:b:c',
    windows: true,
    reason: /more than one colon/,
  },
  { name: 'T8 drive syntax on POSIX', input: 'oci:C:\\x\\y:tag', reason: /^Invalid image / },
  {
    name: 'T9 a path with : cannot be expressed',
    input: 'oci:/srv/la:yout',
    want: { transport: 'oci', path: '/srv/la', image: 'yout' },
  },
  { name: 'T10 dir', input: 'dir:/srv/x', want: { transport: 'dir', path: '/srv/x' } },

  {
    name: 'docker with registry and digest',
    input: `docker://ghcr.io/org/app@${D256}`,
    want: { transport: 'docker', ref: { registry: 'ghcr.io', repository: 'org/app', digest: D256 } },
  },
  { name: 'docker with one slash', input: 'docker:/busybox', reason: /does not start with \/\// },
  { name: 'docker with nothing', input: 'docker://', reason: /at least one component/ },
  { name: 'oci empty path', input: 'oci:', reason: /empty path/ },
  { name: 'oci empty path with image', input: 'oci::tag', reason: /empty path/ },
  { name: 'oci source index', input: 'oci:/srv/l:@2', want: { transport: 'oci', path: '/srv/l', index: 2 } },
  {
    name: 'oci negative index',
    input: 'oci:/srv/l:@-1',
    reason: 'Invalid source index @-1: must not be negative',
  },
  {
    name: 'oci index not a number',
    input: 'oci:/srv/l:@x',
    reason: /Invalid source index @x: not an integer/,
  },
  { name: 'oci invalid image name', input: 'oci:/srv/l:bad name!', reason: 'Invalid image bad name!' },
  {
    name: 'oci image name with path and separators',
    input: 'oci:./l:org/app:v1.0+build--2',
    want: { transport: 'oci', path: './l', image: 'org/app:v1.0+build--2' },
  },
  { name: 'oci trailing colon', input: 'oci:/srv/l:', want: { transport: 'oci', path: '/srv/l' } },
  {
    name: 'oci-archive with image',
    input: 'oci-archive:/tmp/a.tar:img',
    want: { transport: 'oci-archive', path: '/tmp/a.tar', image: 'img' },
  },
  {
    name: 'oci-archive alone',
    input: 'oci-archive:a.tar',
    want: { transport: 'oci-archive', path: 'a.tar' },
  },
  { name: 'oci-archive has no index', input: 'oci-archive:a.tar:@0', reason: 'Invalid image @0' },
  { name: 'dir empty path', input: 'dir:', reason: /empty path/ },
  { name: 'dir path may hold colons', input: 'dir:/a:b', want: { transport: 'dir', path: '/a:b' } },
  {
    name: 'docker-archive path only',
    input: 'docker-archive:x.tar',
    want: { transport: 'docker-archive', path: 'x.tar' },
  },
  {
    name: 'docker-archive with reference',
    input: 'docker-archive:x.tar:busybox:latest',
    want: { transport: 'docker-archive', path: 'x.tar', ref: busybox },
  },
  {
    name: 'docker-archive reference gets latest',
    input: 'docker-archive:x.tar:busybox',
    want: { transport: 'docker-archive', path: 'x.tar', ref: busybox },
  },
  {
    name: 'docker-archive source index',
    input: 'docker-archive:x.tar:@1',
    want: { transport: 'docker-archive', path: 'x.tar', index: 1 },
  },
  {
    name: 'docker-archive negative index',
    input: 'docker-archive:x.tar:@-3',
    reason: /must not be negative/,
  },
  {
    name: 'docker-archive digest',
    input: `docker-archive:x.tar:busybox@${D256}`,
    reason: `docker-archive doesn't support digest references: busybox@${D256}`,
  },
  {
    name: 'docker-archive bad reference',
    input: 'docker-archive:x.tar:Bad',
    reason: /^docker-archive parsing reference: /,
  },
  {
    name: 'docker-archive empty',
    input: 'docker-archive:',
    reason: "docker-archive reference  isn't of the form <path>[:<reference>]",
  },
  { name: 'docker-archive empty path', input: 'docker-archive::busybox', reason: /empty path/ },
  {
    name: 'no colon',
    input: 'busybox',
    reason: 'Invalid image name "busybox", expected colon-separated transport:reference',
  },
  {
    name: 'unknown transport',
    input: 'foo:bar',
    reason: 'Invalid image name "foo:bar", unknown transport "foo"',
  },
  {
    name: 'transport berth does not implement',
    input: 'containers-storage:alpine',
    reason: 'Invalid image name "containers-storage:alpine", unknown transport "containers-storage"',
  },
  {
    name: 'transport names are case-sensitive',
    input: 'DOCKER://busybox',
    reason: /unknown transport "DOCKER"/,
  },
  { name: 'empty', input: '', reason: /expected colon-separated/ },
  { name: 'too long', input: `dir:${'a'.repeat(10_000)}`, reason: /too long/ },
];

describe('parseImageName', () => {
  it.each(cases)('$name: $input', (c) => {
    const opts = { windows: c.windows ?? false };
    if ('want' in c) {
      expect(parseImageName(c.input, opts)).toStrictEqual(c.want);
      return;
    }
    let caught: unknown;
    try {
      parseImageName(c.input, opts);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidImageNameError);
    const err = caught as InvalidImageNameError;
    expect(err.name).toBe('InvalidImageNameError');
    if (typeof c.reason === 'string') expect(err.reason).toBe(c.reason);
    else expect(err.reason).toMatch(c.reason);
    expect(err.message).not.toMatch(/[\n\r]/);
  });

  it('lists the known transports for an unknown one', () => {
    expect(() => parseImageName('foo:bar')).toThrow(
      'Invalid image name "foo:bar", unknown transport "foo" (berth knows: docker, oci, dir, oci-archive, docker-archive)',
    );
  });

  it('quotes the input when the reason does not name it', () => {
    expect(() => parseImageName('docker:busybox')).toThrow(
      'Invalid image name "docker:busybox": docker: image reference busybox does not start with //',
    );
  });

  it('keeps the reference error as the cause', () => {
    let caught: unknown;
    try {
      parseImageName('docker://UPPER');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidImageNameError);
    expect((caught as Error).cause).toBeInstanceOf(InvalidReferenceError);
  });

  const hostile = [
    { name: 'newline', input: 'docker:busy\nbox' },
    { name: 'terminal escape', input: 'evil\u001b[2J:x' },
    { name: 'escape without colon', input: 'evil\u001b]0;title\u0007' },
    { name: 'escape in an oci image', input: 'oci:/l:\u001b[31m' },
  ];
  it.each(hostile)('never puts control characters in messages: $name', ({ input }) => {
    let caught: unknown;
    try {
      parseImageName(input, POSIX);
    } catch (err) {
      caught = err;
    }
    const err = caught as InvalidImageNameError;
    expect(err).toBeInstanceOf(InvalidImageNameError);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
    const control = /[\u0000-\u001f\u007f-\u009f]/;
    expect(err.message).not.toMatch(control);
    expect(err.reason).not.toMatch(control);
  });
});

describe('formatImageName', () => {
  const formats = [
    { input: 'docker://busybox', want: 'docker://busybox:latest' },
    { input: 'docker://docker.io/library/alpine:3.20', want: 'docker://alpine:3.20' },
    { input: `docker://ghcr.io/org/app@${D256}`, want: `docker://ghcr.io/org/app@${D256}` },
    { input: 'docker://localhost:5000/x:1', want: 'docker://localhost:5000/x:1' },
    { input: 'oci:/srv/layout:tag', want: 'oci:/srv/layout:tag' },
    { input: 'oci:/srv/layout', want: 'oci:/srv/layout' },
    { input: 'oci:/srv/layout:', want: 'oci:/srv/layout' },
    { input: 'oci:/srv/a:b:c', want: 'oci:/srv/a:b:c' },
    { input: 'oci:/srv/l:@2', want: 'oci:/srv/l:@2' },
    { input: 'oci:C:\\x\\y:tag', want: 'oci:C:\\x\\y:tag', windows: true },
    { input: 'dir:/a:b', want: 'dir:/a:b' },
    { input: 'oci-archive:/a.tar:img', want: 'oci-archive:/a.tar:img' },
    { input: 'docker-archive:/a.tar', want: 'docker-archive:/a.tar' },
    {
      input: 'docker-archive:/a.tar:busybox',
      want: 'docker-archive:/a.tar:docker.io/library/busybox:latest',
    },
    { input: 'docker-archive:/a.tar:@3', want: 'docker-archive:/a.tar:@3' },
  ];
  it.each(formats)('$input → $want, and back', ({ input, want, windows }) => {
    const opts = { windows: windows ?? false };
    const parsed = parseImageName(input, opts);
    expect(formatImageName(parsed)).toBe(want);
    expect(parseImageName(want, opts)).toStrictEqual(parsed);
  });
});
