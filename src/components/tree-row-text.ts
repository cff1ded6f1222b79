/**
 * One line of a layer's file tree, as the Layer files screen prints it:
 *
 *     + drwxr-xr-x   1.2 KiB  ▾ app
 *       -rwxr-xr-x      19 B      run.sh
 *     - -rw-r--r--   2.0 KiB      old.log  [deleted]
 *       lrwxrwxrwx       0 B    sh -> /bin/busybox
 *
 * The first column marks changes without colour: in the image view `+` added, `~` modified,
 * `-` removed; in a layer's own view `-` is a whiteout (the layer deletes the path from the
 * layers below). Directories show `▾` open and `▸` folded, and the size of what is in them.
 */
import { formatMode, type LayerChange, type TreeRow } from '../registry/layers/index.js';
import { formatSize } from './format-size.js';
import { fitText } from './theme.js';

const CHANGE_MARKS: Readonly<Record<LayerChange, string>> = { added: '+', modified: '~', removed: '-' };

/** The mark of a row: a change in the image view, a deletion in a layer's. */
export function changeMark(row: TreeRow): string {
  const { node } = row;
  if (node.change) return CHANGE_MARKS[node.change];
  return node.deleted ? '-' : ' ';
}

/** The text of one row. */
export function treeRowText(row: TreeRow): string {
  const { node, depth, expanded } = row;
  const isDir = node.type === 'dir';
  const fold = isDir ? (expanded ? '▾ ' : '▸ ') : '  ';
  let name = node.name;
  if (node.type === 'symlink' && node.linkname !== undefined) name += ` -> ${node.linkname}`;
  if (node.type === 'hardlink' && node.linkname !== undefined) name += ` link to ${node.linkname}`;
  const notes: string[] = [];
  if (node.deleted) notes.push('deleted');
  if (node.opaque) notes.push('opaque');
  const suffix = notes.length > 0 ? `  [${notes.join(', ')}]` : '';
  return `${changeMark(row)} ${formatMode(node.mode, node.type)} ${fitText(formatSize(node.size), 10, 'right')}  ${'  '.repeat(depth)}${fold}${name}${suffix}`;
}
