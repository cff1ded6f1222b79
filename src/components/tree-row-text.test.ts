import { describe, expect, it } from 'vitest';
import { buildAggregatedTree, buildLayerTree, flatten, type LayerEntry } from '../registry/layers/index.js';
import { treeRowText } from './tree-row-text.js';

const entry = (path: string, more: Partial<LayerEntry> = {}): LayerEntry => ({
  path,
  type: 'file',
  size: 0,
  mode: 0o644,
  uid: 0,
  gid: 0,
  ...more,
});

describe('treeRowText', () => {
  it('prints a layer with folds, modes, sizes, links and whiteouts', () => {
    const tree = buildLayerTree([
      entry('bin', { type: 'dir', mode: 0o755 }),
      entry('bin/sh', { type: 'symlink', mode: 0o777, linkname: '/bin/busybox' }),
      entry('bin/busybox', { size: 2048, mode: 0o755 }),
      entry('bin/ash', { type: 'hardlink', linkname: 'bin/busybox', mode: 0o755 }),
      entry('etc/old.conf', { whiteout: 'file' }),
      entry('var', { whiteout: 'opaque' }),
    ]);
    expect(flatten(tree, { collapsed: new Set(['var']) }).map(treeRowText)).toEqual([
      '  drwxr-xr-x    2.0 KiB  ▾ bin',
      '  -rwxr-xr-x        0 B      ash link to bin/busybox',
      '  -rwxr-xr-x    2.0 KiB      busybox',
      '  lrwxrwxrwx        0 B      sh -> /bin/busybox',
      '  drwxr-xr-x        0 B  ▾ etc',
      '- -rw-r--r--        0 B      old.conf  [deleted]',
      '  drwxr-xr-x        0 B  ▸ var  [opaque]',
    ]);
  });

  it('marks what a layer added, modified and removed in the image view', () => {
    const base = [entry('a', { size: 1 }), entry('b', { size: 2 })];
    const top = [entry('a', { size: 3 }), entry('b', { whiteout: 'file' }), entry('c', { size: 4 })];
    const tree = buildAggregatedTree({ layers: [base, top], upTo: 1 });
    expect(flatten(tree).map((r) => treeRowText(r).slice(0, 1))).toEqual(['~', '-', '+']);
  });
});
