import type { LayerEntry } from './layer-entry.js';
import { type LayerTreeNode, splitPath, TreeNode } from './tree-node.js';

/** A file tree and how many entries went into it. */
export interface LayerTree {
  readonly root: LayerTreeNode;
  /** Entries added so far (for a progress line while a layer streams). */
  readonly entryCount: number;
}

/**
 * Builds one layer's file tree entry by entry, so a screen can show it while the layer
 * streams: call {@link TreeBuilder.add} per entry and {@link TreeBuilder.snapshot} when it
 * is time to draw. Sizes are kept up to date on every add (each costs its path's depth).
 *
 * Within one layer, later entries for a path replace earlier ones (as extracting would);
 * whiteouts become `deleted` nodes and opaque markers set `opaque` on their directory.
 * A whiteout never hides an entry of its own layer (image-spec: whiteouts apply to lower
 * layers only).
 */
export class TreeBuilder {
  private readonly root = new TreeNode('', '');
  private count = 0;
  /** Entries usually come directory by directory, so the last parent is worth keeping. */
  private lastDir: TreeNode = this.root;

  add(entry: LayerEntry): void {
    this.count++;
    if (entry.path === '') {
      // The archive's root (`./`), or an opaque marker at the top level.
      if (entry.whiteout === 'opaque') this.root.opaque = true;
      else if (!entry.whiteout && entry.type === 'dir') this.root.describe(entry);
      return;
    }
    const { dir, name } = splitPath(entry.path);
    const parent =
      this.lastDir.path === dir && this.lastDir.parent !== undefined ? this.lastDir : this.dir(dir);
    this.lastDir = parent;
    const existing = parent.child(name);
    if (entry.whiteout === 'opaque') {
      const target = existing?.isDir && !existing.deleted ? existing : this.replace(parent, name, existing);
      target.opaque = true;
      return;
    }
    if (entry.whiteout === 'file') {
      if (existing && !existing.deleted) return;
      const node = this.replace(parent, name, existing);
      node.describe(entry);
      node.deleted = true;
      return;
    }
    if (existing && !existing.deleted && existing.isDir && entry.type === 'dir') {
      existing.describe(entry);
      return;
    }
    const node = this.replace(parent, name, existing);
    node.describe(entry);
    node.grow(node.size);
  }

  /** The tree so far. A new object each call, over the same (still growing) nodes. */
  snapshot(): LayerTree {
    return { root: this.root, entryCount: this.count };
  }

  /** The directory at `path`, made (as implicit directories) where missing. */
  private dir(path: string): TreeNode {
    let node = this.root;
    if (path === '') return node;
    for (const name of path.split('/')) {
      const existing = node.child(name);
      node = existing?.isDir && !existing.deleted ? existing : this.replace(node, name, existing);
    }
    return node;
  }

  /** A fresh implicit directory named `name` in `parent`, in place of `old`. */
  private replace(parent: TreeNode, name: string, old: TreeNode | undefined): TreeNode {
    if (old) {
      old.grow(-old.contribution);
      parent.detach(old);
      if (this.lastDir === old || isBelow(this.lastDir, old)) this.lastDir = this.root;
    }
    const node = parent.makeChild(name);
    parent.attach(node);
    return node;
  }
}

function isBelow(node: TreeNode, ancestor: TreeNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The file tree of one layer's entries (see {@link TreeBuilder} for the rules). */
export function buildLayerTree(entries: Iterable<LayerEntry>): LayerTree {
  const builder = new TreeBuilder();
  for (const entry of entries) builder.add(entry);
  return builder.snapshot();
}
