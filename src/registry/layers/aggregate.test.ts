import { describe, expect, it } from 'vitest';
import { type AggregateOptions, buildAggregatedTree } from './aggregate.js';
import type { LayerEntry } from './layer-entry.js';
import { d, f, opq, wh } from './testing/entries.js';
import type { LayerTreeNode } from './tree-node.js';

/** `path type size change [flags]` per node, depth first; `*` marks changes below. */
function shape(root: LayerTreeNode): string[] {
  const out: string[] = [];
  const walk = (n: LayerTreeNode): void => {
    for (const c of n.children) {
      const flags = [c.deleted && 'deleted', c.opaque && 'opaque', c.changedBelow && '*'].filter(Boolean);
      out.push(
        `${c.path} ${c.type} ${c.size} ${c.change ?? '-'}${flags.length ? ` ${flags.join(' ')}` : ''}`,
      );
      walk(c);
    }
  };
  walk(root);
  return out;
}

const IMAGE: LayerEntry[][] = [
  [
    d('etc'),
    f('etc/hosts', 10),
    f('etc/passwd', 20),
    d('var'),
    d('var/cache'),
    f('var/cache/a', 5),
    f('var/cache/b', 5),
    d('usr'),
    f('usr/bin/sh', 100),
  ],
  [
    d('etc'),
    f('etc/hosts', 12),
    wh('etc/passwd'),
    f('etc/new', 1),
    opq('var/cache'),
    f('var/cache/c', 3),
    d('usr', { mode: 0o700 }),
  ],
  [wh('usr'), f('etc/new', 2), f('etc/passwd', 21)],
];

describe('buildAggregatedTree', () => {
  it.each<{ name: string; opts: AggregateOptions; want: string[]; rootSize: number }>([
    {
      name: 'the base layer: everything added',
      opts: { layers: IMAGE, upTo: 0 },
      rootSize: 140,
      want: [
        'etc dir 30 added *',
        'etc/hosts file 10 added',
        'etc/passwd file 20 added',
        'usr dir 100 added *',
        'usr/bin dir 100 added *',
        'usr/bin/sh file 100 added',
        'var dir 10 added *',
        'var/cache dir 10 added *',
        'var/cache/a file 5 added',
        'var/cache/b file 5 added',
      ],
    },
    {
      name: 'layer 1 against layer 0: rewrite, whiteout, opaque directory, new mode',
      opts: { layers: IMAGE, upTo: 1 },
      rootSize: 116,
      want: [
        'etc dir 13 - *',
        'etc/hosts file 12 modified',
        'etc/new file 1 added',
        'etc/passwd file 20 removed deleted',
        'usr dir 100 modified',
        'usr/bin dir 100 -',
        'usr/bin/sh file 100 -',
        'var dir 3 - *',
        'var/cache dir 3 - opaque *',
        'var/cache/a file 5 removed deleted',
        'var/cache/b file 5 removed deleted',
        'var/cache/c file 3 added',
      ],
    },
    {
      name: 'layer 2 against layers 0–1: a removed subtree, a re-created file',
      opts: { layers: IMAGE, upTo: 2 },
      rootSize: 38,
      want: [
        'etc dir 35 - *',
        'etc/hosts file 12 -',
        'etc/new file 2 modified',
        'etc/passwd file 21 added',
        'usr dir 100 removed deleted *',
        'usr/bin dir 100 removed deleted *',
        'usr/bin/sh file 100 removed deleted',
        'var dir 3 -',
        'var/cache dir 3 -',
        'var/cache/c file 3 -',
      ],
    },
    {
      name: 'layers 1–2 against the base layer',
      opts: { layers: IMAGE, upTo: 2, since: 1 },
      rootSize: 38,
      want: [
        'etc dir 35 - *',
        'etc/hosts file 12 modified',
        'etc/new file 2 added',
        'etc/passwd file 21 modified',
        'usr dir 100 removed deleted *',
        'usr/bin dir 100 removed deleted *',
        'usr/bin/sh file 100 removed deleted',
        'var dir 3 - *',
        'var/cache dir 3 - opaque *',
        'var/cache/a file 5 removed deleted',
        'var/cache/b file 5 removed deleted',
        'var/cache/c file 3 added',
      ],
    },
    {
      name: 'added and removed again within the marked layers: simply absent',
      opts: { layers: [[d('a', {})], [f('a/x', 4)], [wh('a/x')]], upTo: 2, since: 1 },
      rootSize: 0,
      want: ['a dir 0 -'],
    },
    {
      name: 'a whiteout only hides lower layers, not its own',
      opts: { layers: [[f('x', 1)], [f('x', 2), wh('x')]], upTo: 1 },
      rootSize: 2,
      want: ['x file 2 modified'],
    },
    {
      name: 'an opaque directory re-filled by its own layer',
      opts: {
        layers: [
          [f('c/a', 1), f('c/b', 1)],
          [opq('c'), f('c/a', 9)],
        ],
        upTo: 1,
      },
      rootSize: 9,
      want: ['c dir 9 - opaque *', 'c/a file 9 modified', 'c/b file 1 removed deleted'],
    },
    {
      name: 'a file that becomes a directory',
      opts: { layers: [[f('x', 5)], [f('x/y', 1)]], upTo: 1 },
      rootSize: 1,
      want: ['x dir 1 modified *', 'x/y file 1 added'],
    },
    {
      name: 'a removed directory needed again',
      opts: { layers: [[f('a/b', 1), f('a/c', 2)], [wh('a')], [f('a/d', 4)]], upTo: 2, since: 1 },
      rootSize: 4,
      want: [
        'a dir 4 modified *',
        'a/b file 1 removed deleted',
        'a/c file 2 removed deleted',
        'a/d file 4 added',
      ],
    },
    {
      name: 'directories re-listed unchanged are not marked',
      opts: {
        layers: [
          [d('etc'), d('etc/ssl'), f('etc/ssl/x', 1)],
          [d('etc'), d('etc/ssl'), f('etc/ssl/y', 1)],
        ],
        upTo: 1,
      },
      rootSize: 2,
      want: ['etc dir 2 - *', 'etc/ssl dir 2 - *', 'etc/ssl/x file 1 -', 'etc/ssl/y file 1 added'],
    },
    {
      name: 'whiteouts of paths that never existed change nothing',
      opts: { layers: [[f('a', 1)], [wh('b'), wh('a/x'), opq('nope')]], upTo: 1 },
      rootSize: 1,
      want: ['a file 1 -'],
    },
  ])('$name', ({ opts, want, rootSize }) => {
    const tree = buildAggregatedTree(opts);
    expect(shape(tree.root)).toEqual(want);
    expect(tree.root.size).toBe(rootSize);
  });

  it('counts the entries of the layers it applied', () => {
    expect(buildAggregatedTree({ layers: IMAGE, upTo: 1 }).entryCount).toBe(
      IMAGE[0]!.length + IMAGE[1]!.length,
    );
  });

  it.each([
    { name: 'upTo past the last layer', opts: { layers: IMAGE, upTo: 3 } },
    { name: 'a negative upTo', opts: { layers: IMAGE, upTo: -1 } },
    { name: 'since after upTo', opts: { layers: IMAGE, upTo: 1, since: 2 } },
    { name: 'a fractional since', opts: { layers: IMAGE, upTo: 1, since: 0.5 } },
    { name: 'no layers', opts: { layers: [], upTo: 0 } },
  ])('refuses $name', ({ opts }) => {
    expect(() => buildAggregatedTree(opts)).toThrow(RangeError);
  });
});
