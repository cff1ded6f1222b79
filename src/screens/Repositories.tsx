/**
 * The repositories screen: what is in one registry, found the way that registry allows.
 *
 * - A catalog (`_catalog`): the list, loaded page by page as the cursor nears the end of
 *   what is loaded (and while a filter leaves the screen short of matches); `/` filters
 *   with fzf, best match first, matched characters highlighted.
 * - Docker Hub: no catalog; `/` types a search for Hub's v1 search API (each keystroke
 *   searches again, replacing the search in flight), and results show stars and whether the
 *   image is official. With no search term, the bookmarks and recent repositories.
 * - A catalog refused or absent (401/403/404): `/` types a repository name; the bookmarks
 *   and recent repositories are listed, filtered by what is typed, under the typed name.
 *
 * Everywhere Enter opens the tags, `b` bookmarks (shown with `*`), `y` copies the name and
 * `r` loads again.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { useBerth, useBerthStore, useServices } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { useFilterKeys } from '../app/use-filter-keys.js';
import { useTextInput } from '../app/use-text-input.js';
import { ErrorPanel } from '../components/ErrorPanel.js';
import { FilterInput } from '../components/FilterInput.js';
import { type Column, Table } from '../components/Table.js';
import { TextField } from '../components/TextField.js';
import { theme } from '../components/theme.js';
import { listNavigation } from '../keys/list-navigation.js';
import { useKeymap } from '../keys/use-keymap.js';
import { fuzzyRank, type RankedMatch } from '../store/fuzzy-match.js';
import { type BerthState, parseRepositoryInput, type Route, routeKey } from '../store/index.js';
import { selectCursor, selectEditingFilter, selectFilter } from '../store/selectors.js';
import { yank } from './yank.js';

/** Rows from the end at which the next catalog page is asked for. */
const PREFETCH_ROWS = 50;

type RepositoriesRoute = Extract<Route, { screen: 'repositories' }>;

/** What the table shows, whatever the mode. */
interface Rows {
  columns: readonly Column[];
  count: number;
  /** The repository row `i` opens. */
  nameAt(i: number): string | undefined;
  cell(i: number, column: number): string;
  positions(i: number): ReadonlySet<number> | undefined;
}

const NAME_COLUMNS: readonly Column[] = [{ title: 'REPOSITORY', width: 'flex' }];
const SAVED_COLUMNS: readonly Column[] = [
  { title: 'REPOSITORY', width: 'flex' },
  { title: 'SAVED', width: 10 },
];
const HUB_COLUMNS: readonly Column[] = [
  { title: 'NAME', width: 'flex' },
  { title: 'STARS', width: 7, align: 'right' },
  { title: 'OFFICIAL', width: 8 },
  { title: 'DESCRIPTION', width: 'flex' },
];

/** A ranked list of names as table rows. */
function rankedRows(
  columns: readonly Column[],
  names: readonly string[],
  ranked: readonly RankedMatch[],
  extra: (name: string) => string[] = () => [],
): Rows {
  return {
    columns,
    count: ranked.length,
    nameAt: (i) => names[ranked[i]?.index ?? -1],
    cell: (i, c) => {
      const name = names[ranked[i]?.index ?? -1] ?? '';
      return c === 0 ? name : (extra(name)[c - 1] ?? '');
    },
    positions: (i) => ranked[i]?.positions,
  };
}

/** The bookmarks and recents of the registry (and the typed name first, in manual mode). */
function savedRows(s: SavedView, typed: string | undefined, filter: string): Rows {
  const names = [
    ...s.bookmarks,
    ...s.recent.filter((r) => !s.bookmarks.includes(r.repository)).map((r) => r.repository),
  ];
  const bookmarked = new Set(s.bookmarks);
  const ranked = fuzzyRank(names, filter);
  const rows = rankedRows(SAVED_COLUMNS, names, ranked, (n) => [bookmarked.has(n) ? 'bookmark' : 'recent']);
  if (typed === undefined || names.includes(typed)) return rows;
  // The typed name is the first row, so Enter after typing opens it.
  return {
    ...rows,
    count: rows.count + 1,
    nameAt: (i) => (i === 0 ? typed : rows.nameAt(i - 1)),
    cell: (i, c) => (i === 0 ? (c === 0 ? typed : 'open') : rows.cell(i - 1, c)),
    positions: (i) => (i === 0 ? undefined : rows.positions(i - 1)),
  };
}

type SavedView = Pick<BerthState['savedRepositories'], 'bookmarks' | 'recent'>;
const NOTHING_SAVED: SavedView = { bookmarks: [], recent: [] };

/** The repositories of one registry. */
export function Repositories({ route, width, height, active }: ScreenProps<RepositoriesRoute>) {
  const store = useBerthStore();
  const services = useServices();
  const { registry } = route;
  const listId = routeKey(route);
  const list = useBerth((s) => s.repositories);
  const modeState = useBerth((s) => s.repositoryMode);
  const hub = useBerth((s) => s.hubSearch);
  const saved = useBerth((s) => s.savedRepositories);
  const filter = useBerth(selectFilter(listId));
  const editing = useBerth(selectEditingFilter(listId));
  const cursor = useBerth(selectCursor(listId));
  const s = () => store.getState();
  const filterInput = useTextInput(filter, (v) => s().setFilter(listId, v));

  const ours = list.source === registry;
  const mode = modeState?.registry === registry ? modeState.mode : 'catalog';
  const items = ours ? list.items : [];
  const mine: SavedView = saved.registry === registry ? saved : NOTHING_SAVED;

  // Reached without `openRegistry` (`:` go to a reference, the command line): start here.
  useEffect(() => {
    if (store.getState().repositories.source !== registry) void store.getState().loadRepositories(registry);
  }, [store, registry]);

  // Hub search and typed names start with the keyboard in the input line.
  const nothingSaved = mine.bookmarks.length === 0 && mine.recent.length === 0;
  const wantsInput = mode === 'hub' || (mode === 'manual' && nothingSaved && saved.status !== 'loading');
  useEffect(() => {
    if (active && wantsInput && store.getState().filters[listId] === undefined) {
      store.getState().setFilter(listId, '');
      store.getState().editFilter(listId);
    }
  }, [active, wantsInput, store, listId]);

  // Docker Hub: every change of the term searches again (a newer search replaces the older).
  useEffect(() => {
    if (mode === 'hub' && store.getState().hubSearch.term !== filter) void store.getState().searchHub(filter);
  }, [mode, filter, store]);

  const ranked = useMemo(() => (mode === 'catalog' ? fuzzyRank(items, filter) : []), [mode, items, filter]);
  const rows: Rows = useMemo(() => {
    if (mode === 'catalog') return rankedRows(NAME_COLUMNS, items, ranked);
    if (mode === 'manual') return savedRows(mine, parseRepositoryInput(registry, filter), filter);
    if (hub.term.trim() === '') return savedRows(mine, undefined, '');
    const results = hub.results;
    return {
      columns: HUB_COLUMNS,
      count: results.length,
      nameAt: (i) => results[i]?.name,
      cell: (i, c) => {
        const r = results[i];
        if (!r) return '';
        return [r.name, String(r.stars), r.official ? 'official' : '', r.description][c] ?? '';
      },
      positions: () => undefined,
    };
  }, [mode, items, ranked, mine, registry, filter, hub]);

  const bookmarked = useMemo(() => new Set(mine.bookmarks), [mine.bookmarks]);
  const count = rows.count;
  const index = Math.min(cursor, Math.max(0, count - 1));
  const selected = rows.nameAt(index);
  const showInput = editing || filter !== '' || mode !== 'catalog';
  const tableHeight = Math.max(2, height - 1 - (showInput ? 1 : 0) - (mode === 'manual' ? 1 : 0));

  const loadMore = () => loadMoreIfReady(store.getState(), mode, registry);
  // A filter can leave the screen short of matches while the catalog has more: keep loading.
  // Only a new filter or a new page runs this, so after Ctrl-C loading stays stopped.
  useEffect(() => {
    if (filter !== '' && count < tableHeight + PREFETCH_ROWS)
      loadMoreIfReady(store.getState(), mode, registry);
  }, [store, mode, registry, filter, count, tableHeight]);

  useKeymap(
    'repositories',
    {
      ...listNavigation({
        index: () => Math.min(s().cursors[listId] ?? 0, Math.max(0, rows.count - 1)),
        count: () => rows.count,
        page: () => tableHeight - 1,
        setIndex: (i) => {
          s().setCursor(listId, i);
          if (i >= rows.count - PREFETCH_ROWS) loadMore();
        },
      }),
      open: () => {
        if (selected) s().openRepository(registry, selected);
      },
      filter: () => s().editFilter(listId),
      back: () => {
        if (filter !== '' && mode !== 'hub') s().setFilter(listId, '');
        else void s().popScreen();
      },
      bookmark: () => {
        if (selected) void s().toggleBookmark(registry, selected);
      },
      yank: () => {
        if (!selected) return;
        const text = `${registry}/${selected}`;
        yank({ copyText: (t) => services.copyText(t), showMessage: s().showMessage, text });
      },
      refresh: () => void s().loadRepositories(registry),
    },
    { isActive: active && !editing },
  );

  useFilterKeys({
    isActive: active && editing,
    handleKey: filterInput.handleKey,
    clear: () => s().setFilter(listId, ''),
  });

  const error = mode === 'catalog' && ours && list.status === 'error' ? list.error : undefined;
  const hubError = mode === 'hub' && hub.status === 'error' ? hub.error : undefined;
  return (
    <Box flexDirection="column" height={height}>
      <Header mode={mode} count={rows.count} list={ours ? list : undefined} hub={hub} registry={registry} />
      {mode === 'manual' ? (
        <Text color={theme.muted} wrap="truncate-end">
          no catalog ({modeState?.reason ?? 'refused'}): type a repository with /
        </Text>
      ) : null}
      {showInput ? (
        mode === 'catalog' ? (
          <FilterInput
            value={filter}
            cursor={filterInput.cursor}
            editing={editing}
            matches={rows.count}
            total={items.length}
          />
        ) : (
          <Box height={1}>
            <Text color={theme.accent}>{mode === 'hub' ? 'search Docker Hub: ' : 'repository: '}</Text>
            <TextFieldLine value={filter} cursor={filterInput.cursor} editing={editing} />
          </Box>
        )
      ) : null}
      {error || hubError ? (
        <ErrorPanel
          error={(error ?? hubError) as Error}
          title={error ? `Cannot list the repositories of ${registry}` : 'Cannot search Docker Hub'}
          hint="r tries again, : goes to a repository"
        />
      ) : (
        <Table
          columns={rows.columns}
          count={rows.count}
          cursor={index}
          height={tableHeight}
          width={width}
          cell={rows.cell}
          highlight={rows.positions}
          isMarked={(i) => bookmarked.has(rows.nameAt(i) ?? '')}
          empty={emptyText(mode, filter, hub.status)}
        />
      )}
    </Box>
  );
}

/** Asks for the next catalog page when the list is idle and incomplete. */
function loadMoreIfReady(state: BerthState, mode: string, registry: string): void {
  const l = state.repositories;
  if (mode === 'catalog' && l.source === registry && !l.complete && l.status === 'ready')
    void state.loadMoreRepositories();
}

function emptyText(mode: string, filter: string, hubStatus: string): string {
  if (mode === 'hub')
    return hubStatus === 'loading' ? 'searching…' : filter ? 'nothing found' : 'type a search term';
  if (mode === 'manual') return 'no bookmarks or recent repositories yet: type a repository name';
  return filter ? 'no repository matches the filter' : 'no repositories';
}

function Header(props: {
  mode: string;
  count: number;
  list: BerthState['repositories'] | undefined;
  hub: BerthState['hubSearch'];
  registry: string;
}) {
  const { mode, count, list, hub } = props;
  let note = '';
  if (mode === 'catalog' && list) {
    note = `${list.items.length}${list.complete ? '' : '+'}${list.status === 'loading' ? ' (loading…)' : ''}`;
  } else if (mode === 'hub') {
    note =
      hub.term.trim() === '' ? 'search' : `${count} found${hub.status === 'loading' ? ' (searching…)' : ''}`;
  } else {
    note = 'by name';
  }
  return (
    <Text wrap="truncate-end">
      <Text bold>{mode === 'hub' ? 'Docker Hub' : 'Repositories'}</Text>
      <Text color={theme.muted}> {note}</Text>
    </Text>
  );
}

function TextFieldLine({ value, cursor, editing }: { value: string; cursor: number; editing: boolean }) {
  return (
    <Box flexGrow={1}>
      <TextField
        value={value}
        cursor={cursor}
        focused={editing}
        placeholder={editing ? '' : 'press / to type'}
      />
    </Box>
  );
}
