/**
 * The Layer files screen: the files of one layer as it streams in (with the bytes read so
 * far), or with `a` the image's whole filesystem after that layer, what the layer added,
 * modified or removed marked. Enter/Space fold a directory, `l` unfolds, `h` folds or goes
 * up; `s` sorts by size; `/` filters by path; `[`/`]` move between layers. The layer is
 * read to its end and verified even though nothing is kept but the listing: a layer whose
 * digest does not match shows an error over the files it listed. Leaving stops the read.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { useBerth, useBerthStore, useServices } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { useFilterKeys } from '../app/use-filter-keys.js';
import { useTextInput } from '../app/use-text-input.js';
import { errorLines } from '../components/ErrorPanel.js';
import { FilterInput } from '../components/FilterInput.js';
import { formatProgress, formatSize } from '../components/format-size.js';
import { shortDigest } from '../components/image-sections.js';
import { List } from '../components/List.js';
import { theme } from '../components/theme.js';
import { treeRowText } from '../components/tree-row-text.js';
import { listNavigation } from '../keys/list-navigation.js';
import { useKeymap } from '../keys/use-keymap.js';
import { DigestMismatchError, SizeMismatchError } from '../registry/digest/index.js';
import { flatten, type TreeRow } from '../registry/layers/index.js';
import { inspectKey, type LayerFiles as LayerFilesState, type Route, routeKey } from '../store/index.js';
import { selectCursor, selectEditingFilter, selectFilter, selectRoute } from '../store/selectors.js';
import { yank } from './yank.js';

type LayerFilesRoute = Extract<Route, { screen: 'layer-files' }>;

const ERROR_LINES = 3;

/** Whether the state shows the layer the route names. */
function showsRoute(lf: LayerFilesState | undefined, route: LayerFilesRoute): boolean {
  return (
    lf !== undefined &&
    lf.imageKey === inspectKey(route.image, route.digest) &&
    (route.layer === undefined || lf.layers[lf.layer]?.digest === route.layer)
  );
}

/** The index of the directory above `rows[index]`, if any. */
function parentRow(rows: readonly TreeRow[], index: number): number | undefined {
  const depth = rows[index]?.depth ?? 0;
  for (let i = index - 1; i >= 0; i--) if ((rows[i]?.depth ?? 0) < depth) return i;
  return undefined;
}

/** The Layer files screen. */
export function LayerFiles({ route, height, active }: ScreenProps<LayerFilesRoute>) {
  const store = useBerthStore();
  const services = useServices();
  const lf = useBerth((s) => (showsRoute(s.layerFiles, route) ? s.layerFiles : undefined));
  const listId = routeKey(route);
  const cursor = useBerth(selectCursor(listId));
  const filter = useBerth(selectFilter(listId));
  const editing = useBerth(selectEditingFilter(listId));
  const filterInput = useTextInput(filter, (v) => store.getState().setFilter(listId, v));
  const s = () => store.getState();

  useEffect(() => {
    const st = store.getState();
    if (!showsRoute(st.layerFiles, route)) {
      const image = st.inspected[inspectKey(route.image, route.digest)];
      const layers = image?.manifest?.kind === 'image' ? image.manifest.doc.layers : [];
      const index = Math.max(
        0,
        layers.findIndex((l) => l.digest === route.layer),
      );
      void st.openLayerFiles({
        image: route.image,
        ...(route.digest ? { digest: route.digest } : {}),
        layer: index,
      });
    }
    return () => {
      // `[`/`]` replace this route with the next layer's: the read carries on there.
      if (selectRoute(store.getState()).screen !== 'layer-files') store.getState().closeLayerFiles();
    };
  }, [store, route]);

  const tree = lf?.tree;
  const collapsed = lf?.collapsed;
  const sortBy = lf?.sortBy;
  // Progress updates change `lf` without changing these: the rows are not rebuilt for them.
  const rows = useMemo(
    () => (tree && collapsed && sortBy ? flatten(tree, { collapsed, sortBy, filter }) : []),
    [tree, collapsed, sortBy, filter],
  );
  const index = Math.min(cursor, Math.max(0, rows.length - 1));
  // The cursor from the store, not this render: keys may come faster than renders.
  const at = () => Math.min(s().cursors[listId] ?? 0, Math.max(0, rows.length - 1));
  const showFilter = editing || filter !== '';
  const error = lf?.status === 'error' ? lf.error : undefined;
  const errorHeight = error ? ERROR_LINES : 0;
  const listHeight = Math.max(1, height - 2 - errorHeight - (showFilter ? 1 : 0));

  const moveToLayer = (layer: number): void => {
    const now = s().layerFiles;
    const descriptor = now?.layers[layer];
    if (!now || !descriptor || layer === now.layer) return;
    void s().selectLayer(layer);
    const next: LayerFilesRoute = { ...route, layer: descriptor.digest };
    s().resetScreens([...s().stack.slice(0, -1), next]);
  };

  useKeymap(
    'layer-files',
    {
      ...listNavigation({
        index: () => s().cursors[listId] ?? 0,
        count: () => rows.length,
        page: () => listHeight,
        setIndex: (i) => s().setCursor(listId, i),
      }),
      fold: () => {
        const node = rows[at()]?.node;
        if (node?.type === 'dir') s().foldDirectory(node.path);
      },
      unfold: () => {
        const node = rows[at()]?.node;
        if (node?.type === 'dir') s().foldDirectory(node.path, false);
      },
      foldUp: () => {
        const i = at();
        const row = rows[i];
        if (row?.node.type === 'dir' && row.expanded && row.node.children.length > 0) {
          s().foldDirectory(row.node.path, true);
          return;
        }
        const parent = parentRow(rows, i);
        if (parent !== undefined) s().setCursor(listId, parent);
      },
      leave: () => {
        if (filter !== '') s().setFilter(listId, '');
        else s().popScreen();
      },
      toggleImageView: () => {
        s().setCursor(listId, 0);
        void s().setLayerFilesView(s().layerFiles?.view === 'image' ? 'layer' : 'image');
      },
      prevLayer: () => moveToLayer((s().layerFiles?.layer ?? 0) - 1),
      nextLayer: () => moveToLayer((s().layerFiles?.layer ?? 0) + 1),
      sort: () => {
        s().setCursor(listId, 0);
        s().toggleLayerSort();
      },
      filter: () => s().editFilter(listId),
      yank: () => {
        const node = rows[at()]?.node;
        if (!node) return;
        const path = `/${node.path}`;
        yank({ copyText: (t) => services.copyText(t), showMessage: s().showMessage, text: path });
      },
      refresh: () => void s().reloadLayerFiles(),
    },
    { isActive: active && !editing },
  );

  useFilterKeys({
    isActive: active && editing,
    handleKey: filterInput.handleKey,
    clear: () => s().setFilter(listId, ''),
  });

  return (
    <Box flexDirection="column" height={height}>
      <Heading lf={lf} />
      <StatusLine lf={lf} rows={rows.length} />
      {error ? <ErrorBanner error={error} title={errorTitle(error, lf)} /> : null}
      {showFilter ? (
        <FilterInput
          value={filter}
          cursor={filterInput.cursor}
          editing={editing}
          matches={rows.length}
          total={tree?.entryCount ?? 0}
        />
      ) : null}
      <List
        count={rows.length}
        cursor={index}
        height={listHeight}
        renderRow={(i) => {
          const row = rows[i];
          return row ? treeRowText(row) : '';
        }}
        empty={filter ? 'no path matches the filter' : lf?.status === 'loading' ? '' : 'no files'}
      />
    </Box>
  );
}

/** Three lines at most, whatever the message's length: the tree stays in view under it. */
function ErrorBanner({ error, title }: { error: Error; title: string }) {
  return (
    <Box flexDirection="column" height={ERROR_LINES}>
      <Text bold color={theme.error} wrap="truncate-end">
        error: {title}
      </Text>
      <Text wrap="truncate-end"> {errorLines(error).join(' ← ')}</Text>
      <Text color={theme.muted}>r reads the layer again</Text>
    </Box>
  );
}

function errorTitle(error: Error, lf: LayerFilesState | undefined): string {
  const which = lf ? `layer ${lf.progress.reading + 1}` : 'the layer';
  if (error instanceof DigestMismatchError || error instanceof SizeMismatchError)
    return `${which} failed verification: do not trust the files listed`;
  return `cannot read ${which}`;
}

function Heading({ lf }: { lf: LayerFilesState | undefined }) {
  if (!lf) return <Text bold>Layer files</Text>;
  const d = lf.layers[lf.layer];
  const view = lf.view === 'image' ? `image after layer ${lf.layer + 1}` : 'layer';
  return (
    <Text wrap="truncate-end">
      <Text bold>
        Layer {lf.layer + 1} of {lf.layers.length}
      </Text>
      {d ? ` ${shortDigest(d.digest)} ${formatSize(d.size)}` : ''}
      <Text color={theme.muted}>
        {' '}
        [{view}] sort: {lf.sortBy}
      </Text>
    </Text>
  );
}

function StatusLine({ lf, rows }: { lf: LayerFilesState | undefined; rows: number }) {
  if (!lf) return <Text color={theme.muted}>opening the image…</Text>;
  const p = lf.progress;
  if (lf.status === 'loading') {
    const layer = p.layersNeeded > 1 ? `layer ${p.reading + 1} of ${p.layersNeeded}: ` : '';
    return (
      <Text color={theme.accent} wrap="truncate-end">
        reading {layer}
        {formatProgress(p.bytesRead, p.totalBytes)} · {p.entries} entries
      </Text>
    );
  }
  const legend = lf.view === 'image' ? ' · + added  ~ modified  - removed' : ' · - deleted (whiteout)';
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {lf.tree?.entryCount ?? 0} entries · {rows} shown{lf.status === 'ready' ? ' · verified' : ''}
      {legend}
    </Text>
  );
}
