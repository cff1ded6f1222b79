/**
 * Looking inside layers without unpacking them: what the TUI's "Layer files" screen shows.
 *
 * `readLayerEntries` takes a layer blob as any transport streams it, decompresses it in
 * memory (gzip through node:zlib; zstd through node:zlib where Node has it, else fzstd),
 * parses the tar with tar-stream and yields one `LayerEntry` per path: file contents are
 * skipped, nothing touches the disk. The blob is still read to its very end, past the
 * tar's end-of-archive marker, so the transport's digest check always runs and a corrupt
 * layer fails even after its last entry was shown. Everything is bounded (`LayerLimits`):
 * decompressed bytes, the compression ratio (bombs, padding), zstd windows, entry count,
 * path length; and names are escaped so a hostile file name cannot drive the terminal.
 *
 * `TreeBuilder` turns entries into a file tree as they arrive (sizes summed up the tree,
 * whiteouts as deleted nodes, opaque directories flagged); `flatten` gives the visible rows
 * for a virtualised list (folding, sorting by name or size, filtering); `formatMode` prints
 * modes as `ls -l` does. `buildAggregatedTree` applies several layers in order, as a
 * container runtime would, and marks what the selected layers added, modified or removed.
 */

export { type AggregateOptions, buildAggregatedTree } from './aggregate.js';
export {
  compressionFromMediaType,
  detectCompression,
  hasNodeZstd,
  type LayerCompression,
  type ZstdEngine,
} from './compression.js';
export { type DecompressedLayer, type DecompressOptions, decompressLayer } from './decompress.js';
export { displayName } from './display-name.js';
export { InvalidLayerError, LayerLimitError, UnsupportedCompressionError } from './errors.js';
export { buildLayerTree, type LayerTree, TreeBuilder } from './file-tree.js';
export { type FlattenOptions, flatten, type TreeRow } from './flatten.js';
export { formatMode } from './format-mode.js';
export { cleanLayerPath, type LayerEntry, type LayerEntryType, toLayerEntry } from './layer-entry.js';
export { DEFAULT_LAYER_LIMITS, type LayerLimits } from './limits.js';
export { type ReadLayerOptions, readLayerEntries } from './read-layer.js';
export type { LayerChange, LayerTreeNode } from './tree-node.js';
