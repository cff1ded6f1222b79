import type { LayerTree } from './file-tree.js';
import type { LayerTreeNode } from './tree-node.js';

/** One visible line of a tree. */
export interface TreeRow {
  /** 0 for entries at the top of the layer. */
  depth: number;
  node: LayerTreeNode;
  /** Whether this is a directory whose contents follow (not collapsed). */
  expanded: boolean;
}

/** Options for {@link flatten}. */
export interface FlattenOptions {
  /** Paths of the directories whose contents are hidden; every other directory is open. */
  collapsed?: ReadonlySet<string>;
  /** `name`: ascending; `size`: largest first, ties by name. Default `name`. */
  sortBy?: 'name' | 'size';
  /**
   * Keeps the nodes that match, with the directories leading to them: a string matches
   * paths that contain it (ignoring case), a function decides per node (an fzf matcher, say).
   */
  filter?: string | ((node: LayerTreeNode) => boolean);
}

function bySize(a: LayerTreeNode, b: LayerTreeNode): number {
  return b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * The rows a virtualised list shows for `tree`, depth first. The cost is the number of
 * rows, plus one pass over the whole tree when filtering; nothing is cached, so call it
 * again after a snapshot, a fold, a sort or a filter change.
 */
export function flatten(tree: LayerTree | LayerTreeNode, opts: FlattenOptions = {}): TreeRow[] {
  const root = 'root' in tree ? tree.root : tree;
  const collapsed = opts.collapsed ?? new Set<string>();
  const order =
    opts.sortBy === 'size'
      ? (n: LayerTreeNode) => [...n.children].sort(bySize)
      : (n: LayerTreeNode) => n.children;
  const keep = opts.filter === undefined || opts.filter === '' ? undefined : matching(root, opts.filter);
  const rows: TreeRow[] = [];
  // An explicit stack: paths may be thousands of levels deep.
  const stack: { nodes: readonly LayerTreeNode[]; i: number; depth: number }[] = [
    { nodes: order(root), i: 0, depth: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.nodes[top.i++];
    if (!node) {
      stack.pop();
      continue;
    }
    if (keep && !keep.has(node)) continue;
    const expanded = node.type === 'dir' && !collapsed.has(node.path);
    rows.push({ depth: top.depth, node, expanded });
    if (expanded && node.children.length > 0) stack.push({ nodes: order(node), i: 0, depth: top.depth + 1 });
  }
  return rows;
}

/** The nodes that match, and every directory above one that does. */
function matching(
  root: LayerTreeNode,
  filter: string | ((node: LayerTreeNode) => boolean),
): Set<LayerTreeNode> {
  const needle = typeof filter === 'string' ? filter.toLowerCase() : '';
  const matches =
    typeof filter === 'string' ? (n: LayerTreeNode) => n.path.toLowerCase().includes(needle) : filter;
  const keep = new Set<LayerTreeNode>();
  /** The directories leading to the node being looked at, by depth. */
  const chain: LayerTreeNode[] = [];
  const stack: { node: LayerTreeNode; depth: number }[] = root.children.map((node) => ({ node, depth: 0 }));
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    chain.length = depth;
    chain.push(node);
    if (matches(node)) {
      // Stop at the first kept ancestor: everything above it is kept already.
      for (let d = depth; d >= 0 && !keep.has(chain[d]!); d--) keep.add(chain[d]!);
    }
    for (const child of node.children) stack.push({ node: child, depth: depth + 1 });
  }
  return keep;
}
