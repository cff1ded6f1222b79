import type { Header } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { cleanLayerPath, type LayerEntry, toLayerEntry } from './layer-entry.js';

describe('cleanLayerPath', () => {
  it.each([
    { input: 'a/b', want: 'a/b' },
    { input: './a/b/', want: 'a/b' },
    { input: '/a//b/./c', want: 'a/b/c' },
    { input: './', want: '' },
    { input: '.', want: '' },
    { input: 'a/../b', want: 'b' },
    { input: '../../etc/passwd', want: 'etc/passwd' },
    { input: 'a/b/../../../c', want: 'c' },
    { input: '...', want: '...' },
  ])('$input → $want', ({ input, want }) => {
    expect(cleanLayerPath(input)).toBe(want);
  });
});

function header(h: Partial<Header> & Pick<Header, 'name'>): Header {
  return {
    size: 0,
    mode: 0o644,
    mtime: new Date(0),
    type: 'file',
    linkname: '',
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    devmajor: 0,
    devminor: 0,
    ...h,
  };
}

const base = { size: 0, mode: 0o644, uid: 0, gid: 0, mtime: new Date(0) };

describe('toLayerEntry', () => {
  it.each<{ name: string; header: Header; want: LayerEntry }>([
    {
      name: 'a file keeps its size and owner',
      header: header({ name: './usr/bin/x', size: 42, mode: 0o755, uid: 7, gid: 8, uname: 'u', gname: 'g' }),
      want: {
        ...base,
        path: 'usr/bin/x',
        type: 'file',
        size: 42,
        mode: 0o755,
        uid: 7,
        gid: 8,
        uname: 'u',
        gname: 'g',
      },
    },
    {
      name: 'the archive root is the empty path',
      header: header({ name: './', type: 'directory', mode: 0o755 }),
      want: { ...base, path: '', type: 'dir', mode: 0o755 },
    },
    {
      name: 'a whiteout deletes its target',
      header: header({ name: 'var/lib/.wh.dpkg' }),
      want: { ...base, path: 'var/lib/dpkg', type: 'file', whiteout: 'file' },
    },
    {
      name: 'a top-level whiteout',
      header: header({ name: '.wh.tmp' }),
      want: { ...base, path: 'tmp', type: 'file', whiteout: 'file' },
    },
    {
      name: 'the opaque marker flags its directory',
      header: header({ name: 'var/cache/.wh..wh..opq' }),
      want: { ...base, path: 'var/cache', type: 'file', whiteout: 'opaque' },
    },
    {
      name: 'the opaque marker at the top flags the root',
      header: header({ name: '.wh..wh..opq' }),
      want: { ...base, path: '', type: 'file', whiteout: 'opaque' },
    },
    {
      name: 'aufs bookkeeping names are ordinary entries',
      header: header({ name: '.wh..wh.plnk', type: 'directory', mode: 0o700 }),
      want: { ...base, path: '.wh..wh.plnk', type: 'dir', mode: 0o700 },
    },
    {
      name: 'a bare `.wh.` is an ordinary file',
      header: header({ name: 'a/.wh.' }),
      want: { ...base, path: 'a/.wh.', type: 'file' },
    },
    {
      name: 'a hard link points at a cleaned path',
      header: header({ name: 'b', type: 'link', linkname: './usr/../a', size: 99 }),
      want: { ...base, path: 'b', type: 'hardlink', linkname: 'a' },
    },
    {
      name: 'a symlink target stays as written',
      header: header({ name: 'lib', type: 'symlink', linkname: 'usr/../lib64', mode: 0o777 }),
      want: { ...base, path: 'lib', type: 'symlink', linkname: 'usr/../lib64', mode: 0o777 },
    },
    {
      name: 'control characters in names and targets are escaped',
      header: header({ name: 'x\u001b]0;pwned\u0007', type: 'symlink', linkname: '\r/etc' }),
      want: { ...base, path: 'x\\x1b]0;pwned\\x07', type: 'symlink', linkname: '\\x0d/etc' },
    },
    {
      name: 'devices and fifos have no size',
      header: header({ name: 'dev/null', type: 'character-device', size: 5, mode: 0o666 }),
      want: { ...base, path: 'dev/null', type: 'char', mode: 0o666 },
    },
    {
      name: 'an unknown type is read as a file, as POSIX asks',
      header: header({ name: 'sparse', type: null as unknown as Header['type'], size: 10 }),
      want: { ...base, path: 'sparse', type: 'file', size: 10 },
    },
    {
      name: 'mode keeps only permission and special bits',
      header: header({ name: 'f', mode: 0o100644 | 0o4000 }),
      want: { ...base, path: 'f', type: 'file', mode: 0o4644 },
    },
  ])('$name', ({ header: h, want }) => {
    expect(toLayerEntry(h)).toEqual(want);
  });

  it('cuts absurdly long user names', () => {
    const entry = toLayerEntry(header({ name: 'f', uname: 'u'.repeat(1000) }));
    expect(entry.uname).toBe(`${'u'.repeat(256)}…`);
  });
});
