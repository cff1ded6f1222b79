import { describe, expect, it } from 'vitest';
import { buildLayerTree, TreeBuilder } from './file-tree.js';
import type { LayerEntry } from './layer-entry.js';
import { d, entry, f, opq, wh } from './testing/entries.js';
import type { LayerTreeNode } from './tree-node.js';

/** `path type size [flags]` per node, depth first, for compact assertions. */
function shape(root: LayerTreeNode): string[] {
  const out: string[] = [];
  const walk = (n: LayerTreeNode): void => {
    for (const c of n.children) {
      const flags = [c.deleted && 'deleted', c.opaque && 'opaque', c.implicit && 'implicit'].filter(Boolean);
      out.push(`${c.path} ${c.type} ${c.size}${flags.length ? ` [${flags.join(' ')}]` : ''}`);
      walk(c);
    }
  };
  walk(root);
  return out;
}

describe('buildLayerTree', () => {
  it.each<{ name: string; entries: LayerEntry[]; want: string[]; rootSize?: number }>([
    {
      name: 'nests paths and sums sizes up the tree',
      entries: [
        d('usr'),
        d('usr/bin'),
        f('usr/bin/a', 10),
        f('usr/bin/b', 5),
        f('usr/lib.so', 100),
        f('top', 1),
      ],
      want: [
        'top file 1',
        'usr dir 115',
        'usr/bin dir 15',
        'usr/bin/a file 10',
        'usr/bin/b file 5',
        'usr/lib.so file 100',
      ],
      rootSize: 116,
    },
    {
      name: 'makes implicit directories for paths listed without their parents',
      entries: [f('a/b/c', 3)],
      want: ['a dir 3 [implicit]', 'a/b dir 3 [implicit]', 'a/b/c file 3'],
    },
    {
      name: 'fills in an implicit directory when its entry comes later',
      entries: [f('a/x', 1), d('a', { mode: 0o700 })],
      want: ['a dir 1', 'a/x file 1'],
    },
    {
      name: 'sorts children by name, in code-unit order',
      entries: [f('b'), f('B'), f('a'), f('_'), f('é')],
      want: ['B file 0', '_ file 0', 'a file 0', 'b file 0', 'é file 0'],
    },
    {
      name: 'shows whiteouts as deleted nodes that weigh nothing',
      entries: [d('var'), wh('var/log'), f('var/x', 4)],
      want: ['var dir 4', 'var/log file 0 [deleted]', 'var/x file 4'],
    },
    {
      name: 'flags opaque directories and keeps what the layer puts in them',
      entries: [d('cache'), opq('cache'), f('cache/new', 2)],
      want: ['cache dir 2 [opaque]', 'cache/new file 2'],
    },
    {
      name: 'flags an opaque directory that has no entry of its own',
      entries: [opq('a/b')],
      want: ['a dir 0 [implicit]', 'a/b dir 0 [opaque implicit]'],
    },
    {
      name: 'never lets a whiteout hide an entry of its own layer',
      entries: [f('a', 5), wh('a')],
      want: ['a file 5'],
    },
    {
      name: 'lets an entry replace a whiteout of the same layer',
      entries: [wh('a'), f('a', 5)],
      want: ['a file 5'],
    },
    {
      name: 'replaces a repeated path, as extracting would, without counting it twice',
      entries: [f('d/a', 5), f('d/a', 7)],
      want: ['d dir 7 [implicit]', 'd/a file 7'],
      rootSize: 7,
    },
    {
      name: 'turns a file into a directory when something is listed inside it',
      entries: [f('a', 9), f('a/b', 1)],
      want: ['a dir 1 [implicit]', 'a/b file 1'],
      rootSize: 1,
    },
    {
      name: 'drops what was below a directory replaced by a file',
      entries: [f('a/b', 4), f('a/c', 4), f('a', 1)],
      want: ['a file 1'],
      rootSize: 1,
    },
    {
      name: 'keeps link targets and does not count hard links',
      entries: [
        f('bin/x', 8),
        entry('bin/y', 'hardlink', { linkname: 'bin/x' }),
        entry('sh', 'symlink', { linkname: 'bin/x' }),
      ],
      want: ['bin dir 8 [implicit]', 'bin/x file 8', 'bin/y hardlink 0', 'sh symlink 0'],
    },
    {
      name: 'takes the archive root entry as the root’s own metadata',
      entries: [d('', { mode: 0o700 }), f('a', 1)],
      want: ['a file 1'],
    },
  ])('$name', ({ entries, want, rootSize }) => {
    const tree = buildLayerTree(entries);
    expect(shape(tree.root)).toEqual(want);
    expect(tree.entryCount).toBe(entries.length);
    if (rootSize !== undefined) expect(tree.root.size).toBe(rootSize);
  });

  it('keeps metadata on the nodes', () => {
    const tree = buildLayerTree([
      d('', { mode: 0o700 }),
      f('x', 3, { mode: 0o4755, uid: 5, gid: 6 }),
      entry('l', 'symlink', { linkname: '/x' }),
      opq(''),
    ]);
    const [l, x] = tree.root.children;
    expect(tree.root).toMatchObject({ mode: 0o700, implicit: false, opaque: true });
    expect(x).toMatchObject({ name: 'x', mode: 0o4755, uid: 5, gid: 6, size: 3, implicit: false });
    expect(l).toMatchObject({ name: 'l', type: 'symlink', linkname: '/x' });
  });
});

describe('TreeBuilder', () => {
  it('shows the tree growing while entries arrive', () => {
    const b = new TreeBuilder();
    b.add(f('a/x', 10));
    const first = b.snapshot();
    expect(shape(first.root)).toEqual(['a dir 10 [implicit]', 'a/x file 10']);
    b.add(f('a/y', 5));
    b.add(f('b', 1));
    const second = b.snapshot();
    expect(second).not.toBe(first);
    expect(second.entryCount).toBe(3);
    expect(second.root.size).toBe(16);
    expect(shape(second.root)).toEqual(['a dir 15 [implicit]', 'a/x file 10', 'a/y file 5', 'b file 1']);
  });

  it('handles a wide directory without recursion or quadratic cost', () => {
    const b = new TreeBuilder();
    for (let i = 0; i < 100_000; i++) b.add(f(`wide/f${i}`, 1));
    const tree = b.snapshot();
    expect(tree.root.size).toBe(100_000);
    expect(tree.root.children[0]!.children).toHaveLength(100_000);
  });

  it('handles deep paths', () => {
    const path = Array.from({ length: 2000 }, () => 'd').join('/');
    const tree = buildLayerTree([f(path, 7)]);
    let n: LayerTreeNode = tree.root;
    let depth = 0;
    while (n.children.length > 0) {
      n = n.children[0]!;
      depth++;
      expect(n.size).toBe(7);
    }
    expect(depth).toBe(2000);
  });
});
