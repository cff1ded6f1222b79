import type { LayerEntry, LayerEntryType } from './layer-entry.js';

/** What the compared layers did to a path in an aggregated tree. */
export type LayerChange = 'added' | 'modified' | 'removed';

/**
 * One path of a layer's (or an image's) file tree. Nodes are shared with the builder that
 * made them and may still grow while a layer streams in: treat them as read-only.
 */
export interface LayerTreeNode {
  /** The last path segment; `''` for the root. */
  readonly name: string;
  /** The full path, as in {@link LayerEntry.path}; `''` for the root. */
  readonly path: string;
  readonly type: LayerEntryType;
  /** A file's bytes; for a directory, the sum over what is below it (and not deleted). */
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly linkname: string | undefined;
  /** A directory's contents sorted by name (by UTF-16 code unit, as `ls` in the C locale); empty otherwise. */
  readonly children: readonly LayerTreeNode[];
  /** A whiteout: the layer deletes this path from the layers below it. */
  readonly deleted: boolean;
  /** An opaque directory: the layer hides everything the layers below put in it. */
  readonly opaque: boolean;
  /** A directory no entry described, present because something inside it was. */
  readonly implicit: boolean;
  /** In an aggregated tree: what the compared layers did to this path. */
  readonly change: LayerChange | undefined;
  /** In an aggregated tree: whether anything below this directory changed. */
  readonly changedBelow: boolean;
}

const NO_CHILDREN: readonly TreeNode[] = Object.freeze([]);

function byName(a: TreeNode, b: TreeNode): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The mutable node behind {@link LayerTreeNode}, shared by the layer and aggregated builders. */
export class TreeNode implements LayerTreeNode {
  type: LayerEntryType = 'dir';
  size = 0;
  mode = 0o755;
  uid = 0;
  gid = 0;
  linkname: string | undefined = undefined;
  deleted = false;
  opaque = false;
  implicit = true;
  change: LayerChange | undefined = undefined;
  changedBelow = false;
  parent: TreeNode | undefined = undefined;
  private kids: Map<string, TreeNode> | undefined = undefined;
  private sorted: TreeNode[] | undefined = undefined;

  constructor(
    readonly name: string,
    readonly path: string,
  ) {}

  get children(): readonly TreeNode[] {
    if (!this.kids || this.kids.size === 0) return NO_CHILDREN;
    this.sorted ??= [...this.kids.values()].sort(byName);
    return this.sorted;
  }

  /** What this node adds to its directory's size. */
  get contribution(): number {
    return this.deleted ? 0 : this.size;
  }

  get isDir(): boolean {
    return this.type === 'dir';
  }

  child(name: string): TreeNode | undefined {
    return this.kids?.get(name);
  }

  /** Puts `node` under this directory, replacing any child of the same name. */
  attach(node: TreeNode): void {
    this.kids ??= new Map();
    node.parent = this;
    this.kids.set(node.name, node);
    this.sorted = undefined;
  }

  detach(node: TreeNode): void {
    if (this.kids?.get(node.name) !== node) return;
    this.kids.delete(node.name);
    node.parent = undefined;
    this.sorted = undefined;
  }

  /** A new node for `name` below this directory (not yet attached). */
  makeChild(name: string): TreeNode {
    return new TreeNode(name, this.path === '' ? name : `${this.path}/${name}`);
  }

  /** Copies an entry's metadata; a non-directory loses whatever was below it. */
  describe(entry: LayerEntry): void {
    this.type = entry.type;
    this.mode = entry.mode;
    this.uid = entry.uid;
    this.gid = entry.gid;
    this.linkname = entry.linkname;
    this.implicit = false;
    if (entry.type !== 'dir') {
      this.kids = undefined;
      this.sorted = undefined;
      this.size = entry.size;
    }
  }

  /** Adds `delta` to the size of every directory above this node. */
  grow(delta: number): void {
    if (delta === 0) return;
    for (let n = this.parent; n; n = n.parent) n.size += delta;
  }
}

/** Splits a cleaned path into its directory and its last segment. */
export function splitPath(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? { dir: '', name: path } : { dir: path.slice(0, slash), name: path.slice(slash + 1) };
}
