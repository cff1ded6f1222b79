import type { LayerTree } from './file-tree.js';
import type { LayerEntry } from './layer-entry.js';
import { type LayerChange, splitPath, TreeNode } from './tree-node.js';

/** Options for {@link buildAggregatedTree}. */
export interface AggregateOptions {
  /** Every layer's entries, base layer first (as `readLayerEntries` gave them). */
  layers: readonly (readonly LayerEntry[])[];
  /** The selected layer: the tree is the filesystem after layers `0..upTo`. */
  upTo: number;
  /**
   * The first layer whose changes are marked, relative to the filesystem of the layers
   * before it. Default `upTo`: only what the selected layer did. `1` marks everything the
   * image changed on top of its base layer; `0` marks everything `added`.
   */
  since?: number;
}

/**
 * The image's filesystem as it is after the selected layer (dive's aggregated view):
 * layers applied in order, whiteouts deleting whole subtrees, opaque directories dropping
 * what lower layers put in them. Paths the marked layers (`since..upTo`) touched carry a
 * `change`: `added` (absent before), `modified` (rewritten: any file entry, since contents
 * are not compared, or a directory whose mode or owner changed), or `removed` (deleted,
 * kept in the tree with `deleted` so it can be shown struck out). Something added and
 * removed again within the marked layers is simply absent. Directories with a change
 * somewhere below them have `changedBelow`.
 *
 * Within a layer, whiteouts go first: they only ever hide lower layers (image-spec).
 */
export function buildAggregatedTree(opts: AggregateOptions): LayerTree {
  const { layers, upTo } = opts;
  const since = opts.since ?? upTo;
  if (!Number.isInteger(upTo) || upTo < 0 || upTo >= layers.length) {
    throw new RangeError(`upTo must be a layer index below ${layers.length}, got ${upTo}`);
  }
  if (!Number.isInteger(since) || since < 0 || since > upTo) {
    throw new RangeError(`since must be between 0 and upTo (${upTo}), got ${since}`);
  }
  const root = new TreeNode('', '');
  let entryCount = 0;
  for (let i = 0; i <= upTo; i++) {
    const marking = i >= since;
    const entries = layers[i]!;
    for (const e of entries) if (e.whiteout) whiteout(root, e, marking);
    for (const e of entries) if (!e.whiteout) put(root, e, marking);
    entryCount += entries.length;
  }
  summarise(root);
  return { root, entryCount };
}

function lookup(root: TreeNode, path: string): TreeNode | undefined {
  if (path === '') return root;
  let node: TreeNode | undefined = root;
  for (const name of path.split('/')) {
    if (!node?.isDir) return undefined;
    node = node.child(name);
  }
  return node;
}

function whiteout(root: TreeNode, e: LayerEntry, marking: boolean): void {
  const node = lookup(root, e.path);
  if (!node || node.deleted) return;
  if (e.whiteout === 'file') {
    if (node !== root) remove(node, marking);
    return;
  }
  if (!node.isDir) return;
  for (const child of node.children) if (!child.deleted) remove(child, marking);
  if (marking) node.opaque = true;
}

/** Deletes a subtree: gone if nothing before the marked layers had it, else marked `removed`. */
function remove(node: TreeNode, marking: boolean): void {
  if (!marking || node.change === 'added') {
    node.parent?.detach(node);
    return;
  }
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.change === 'added') {
      n.parent?.detach(n);
      continue;
    }
    n.deleted = true;
    n.change = 'removed';
    for (const c of n.children) stack.push(c);
  }
}

function put(root: TreeNode, e: LayerEntry, marking: boolean): void {
  if (e.path === '') {
    if (e.type === 'dir') root.describe(e);
    return;
  }
  const { dir, name } = splitPath(e.path);
  const parent = ensureDir(root, dir, marking);
  const existing = parent.child(name);
  if (existing?.isDir && e.type === 'dir') {
    const changed = existing.deleted || (!existing.implicit && metadataDiffers(existing, e));
    existing.describe(e);
    existing.deleted = false;
    if (marking && changed && existing.change !== 'added') existing.change = 'modified';
    return;
  }
  const node = parent.makeChild(name);
  node.describe(e);
  parent.attach(node);
  if (marking) node.change = changeFor(existing);
}

/** The directory at `path`, made or revived where a marked layer needs it. */
function ensureDir(root: TreeNode, path: string, marking: boolean): TreeNode {
  let node = root;
  if (path === '') return node;
  for (const name of path.split('/')) {
    const existing = node.child(name);
    if (existing?.isDir && !existing.deleted) {
      node = existing;
      continue;
    }
    if (existing?.isDir) {
      // Deleted by a marked layer, needed again: it exists before and after, so it was modified.
      existing.deleted = false;
      existing.change = 'modified';
      node = existing;
      continue;
    }
    const dir = node.makeChild(name);
    node.attach(dir);
    if (marking) dir.change = changeFor(existing);
    node = dir;
  }
  return node;
}

/** A path written by a marked layer: new, unless something before the marked layers had it. */
function changeFor(previous: TreeNode | undefined): LayerChange {
  return previous === undefined || previous.change === 'added' ? 'added' : 'modified';
}

function metadataDiffers(node: TreeNode, e: LayerEntry): boolean {
  return node.mode !== e.mode || node.uid !== e.uid || node.gid !== e.gid;
}

/** Directory sizes and `changedBelow`, children before parents. */
function summarise(root: TreeNode): void {
  const order: TreeNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    order.push(n);
    // A loop, not a spread: a directory may hold more children than a call takes arguments.
    for (const c of n.children) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    if (!n.isDir) continue;
    let size = 0;
    let below = false;
    for (const c of n.children) {
      // A removed directory shows how much it took with it.
      size += n.deleted ? c.size : c.contribution;
      below ||= c.change !== undefined || c.changedBelow;
    }
    n.size = size;
    n.changedBelow = below;
  }
}
