import { describe, expect, it } from 'vitest';
import { buildLayerTree } from './file-tree.js';
import { type FlattenOptions, flatten } from './flatten.js';
import { d, f } from './testing/entries.js';

const tree = buildLayerTree([
  d('usr'),
  d('usr/bin'),
  f('usr/bin/tool', 300),
  f('usr/bin/env', 20),
  d('usr/share'),
  f('usr/share/README', 5),
  d('etc'),
  f('etc/hosts', 50),
  f('big.iso', 1000),
  d('empty'),
]);

/** Rows as `  name` with two spaces per level, and `+`/`-` marking open and closed directories. */
function rows(opts: FlattenOptions): string[] {
  return flatten(tree, opts).map(({ depth, node, expanded }) => {
    const mark = node.type === 'dir' ? (expanded ? '-' : '+') : ' ';
    return `${'  '.repeat(depth)}${mark}${node.name}`;
  });
}

describe('flatten', () => {
  it.each<{ name: string; opts: FlattenOptions; want: string[] }>([
    {
      name: 'everything open, by name',
      opts: {},
      want: [
        ' big.iso',
        '-empty',
        '-etc',
        '   hosts',
        '-usr',
        '  -bin',
        '     env',
        '     tool',
        '  -share',
        '     README',
      ],
    },
    {
      name: 'collapsed directories hide their contents',
      opts: { collapsed: new Set(['usr/bin', 'etc']) },
      want: [' big.iso', '-empty', '+etc', '-usr', '  +bin', '  -share', '     README'],
    },
    {
      name: 'by size, largest first at every level',
      opts: { sortBy: 'size' },
      want: [
        ' big.iso',
        '-usr',
        '  -bin',
        '     tool',
        '     env',
        '  -share',
        '     README',
        '-etc',
        '   hosts',
        '-empty',
      ],
    },
    {
      name: 'a filter keeps matches and the directories leading to them',
      opts: { filter: 'ENV' },
      want: ['-usr', '  -bin', '     env'],
    },
    {
      name: 'a filter matching a directory keeps all of it (paths below contain it)',
      opts: { filter: 'share' },
      want: ['-usr', '  -share', '     README'],
    },
    {
      name: 'a filter respects collapsed directories',
      opts: { filter: 'env', collapsed: new Set(['usr']) },
      want: ['+usr'],
    },
    {
      name: 'a predicate filter',
      opts: { filter: (n) => n.type === 'file' && n.size >= 50 },
      want: [' big.iso', '-etc', '   hosts', '-usr', '  -bin', '     tool'],
    },
    { name: 'a filter that matches nothing', opts: { filter: 'zzz' }, want: [] },
    { name: 'an empty filter is no filter', opts: { filter: '' }, want: rowsAll() },
  ])('$name', ({ opts, want }) => {
    expect(rows(opts)).toEqual(want);
  });

  it('accepts a node as the root', () => {
    const usr = tree.root.children.find((n) => n.name === 'usr')!;
    expect(flatten(usr).map((r) => `${r.depth}:${r.node.path}`)).toEqual([
      '0:usr/bin',
      '1:usr/bin/env',
      '1:usr/bin/tool',
      '0:usr/share',
      '1:usr/share/README',
    ]);
  });
});

function rowsAll(): string[] {
  return [
    ' big.iso',
    '-empty',
    '-etc',
    '   hosts',
    '-usr',
    '  -bin',
    '     env',
    '     tool',
    '  -share',
    '     README',
  ];
}
