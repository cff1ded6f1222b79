/**
 * The tags screen: every tag of a repository, or every image of a local OCI layout.
 *
 * The list can be 100 000 tags long, so this component never walks it: the store keeps the
 * rows (`tagRows`: indices, sorted and filtered when the sort, the filter or a page changes)
 * and the table renders the visible rows only. The visible tags are handed to the store to
 * be enriched (digest, platforms, size, created; `tag-enrichment.ts`), which cancels the
 * work for rows scrolled away. Tags sharing a digest show each other as aliases.
 *
 * Date order needs dates the visible rows alone do not give: while the screen is shown, the
 * store looks up the dates of the other tags in the background (`tag-dates.ts`) and the
 * title says how many rows have one until all do.
 *
 * Keys: Enter inspects the image, `/` filters (fzf matching, in the chosen order), `s` cycles
 * name / version / date order (keeping the cursor on its tag), Space marks (copy and delete
 * take the marked tags), `y` copies the reference, `c` copies, `d` deletes, `r` reloads.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo, useRef } from 'react';
import { useBerth, useBerthStore, useServices } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { useFilterKeys } from '../app/use-filter-keys.js';
import { useTextInput } from '../app/use-text-input.js';
import { ErrorPanel } from '../components/ErrorPanel.js';
import { FilterInput } from '../components/FilterInput.js';
import { scrollOffset } from '../components/List.js';
import { Table } from '../components/Table.js';
import { theme } from '../components/theme.js';
import { listNavigation } from '../keys/list-navigation.js';
import { useKeymap } from '../keys/use-keymap.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import { fuzzyPositions } from '../store/fuzzy-match.js';
import { type Route, routeKey, taggedImage, tagListName, tagListSource } from '../store/index.js';
import { selectCursor, selectEditingFilter } from '../store/selectors.js';
import { tagCells, tagColumns } from './tag-columns.js';
import { datesNote } from './tag-title.js';
import { yank } from './yank.js';

/** Rows from the end at which loading resumes after a cancellation. */
const PREFETCH_ROWS = 50;

type TagsRoute = Extract<Route, { screen: 'tags' }>;

/** The text `y` copies: the full reference (`registry/repo:tag`), or the layout image's name. */
export function referenceText(image: ImageName): string {
  if (image.transport !== 'docker') return formatImageName(image);
  const { registry, repository, tag } = image.ref;
  return `${registry}/${repository}${tag ? `:${tag}` : ''}`;
}

/** The tags of one repository or layout. */
export function Tags({ route, width, height, active }: ScreenProps<TagsRoute>) {
  const store = useBerthStore();
  const services = useServices();
  const listId = routeKey(route);
  const source = tagListSource(route.image);
  const list = useMemo(() => tagListName(route.image), [route.image]);
  const tags = useBerth((s) => s.tags);
  const rows = useBerth((s) => s.tagRows);
  const sort = useBerth((s) => s.tagSort);
  const dates = useBerth((s) => s.tagDates);
  const filter = useBerth((s) => s.tagFilter);
  const enrichment = useBerth((s) => s.tagEnrichment);
  const marked = useBerth((s) => s.markedTags);
  const editing = useBerth(selectEditingFilter(listId));
  const cursor = useBerth(selectCursor(listId));
  const s = () => store.getState();
  const filterInput = useTextInput(filter, (v) => {
    s().setTagFilter(v);
    s().setCursor(listId, 0);
  });

  const ours = tags.source === source;
  const items = ours ? tags.items : [];
  const shown = ours ? rows : [];
  const count = shown.length;
  const index = Math.min(cursor, Math.max(0, count - 1));
  const tagAt = (i: number): string | undefined => items[shown[i] ?? -1];
  const selected = tagAt(index);

  // Reached by Enter, `:` or the command line; coming back from the image keeps the list.
  useEffect(() => {
    if (store.getState().tags.source !== source) void store.getState().loadTags(route.image);
  }, [store, source, route.image]);

  const showFilter = editing || filter !== '';
  const tableHeight = Math.max(2, height - 1 - (showFilter ? 1 : 0));
  const bodyRows = tableHeight - 1;
  // The rows the table shows: the same window the list computes from the same inputs.
  const offsetRef = useRef(0);
  const offset = scrollOffset(offsetRef.current, index, count, bodyRows);
  offsetRef.current = offset;
  const visible: string[] = [];
  for (let i = offset; i < Math.min(count, offset + bodyRows); i++) visible.push(tagAt(i) ?? '');
  const visibleKey = visible.join('\n');
  useEffect(() => {
    if (visibleKey !== '') store.getState().enrichTags(visibleKey.split('\n'));
  }, [store, visibleKey]);
  // Off screen (the image opened, or back), no row is visible: its work stops, and so do
  // date order's lookups until the screen is back.
  useEffect(() => {
    store.getState().fetchTagDates();
    return () => {
      store.getState().enrichTags([]);
      store.getState().stopTagDates();
    };
  }, [store]);

  const imageOf = (tag: string): ImageName => taggedImage(list, tag);
  const chosen = (): ImageName[] => {
    const m = s().markedTags;
    if (m.size > 0) return [...m].map(imageOf);
    return selected ? [imageOf(selected)] : [];
  };
  const resume = () => {
    const t = s().tags;
    if (t.source === source && !t.complete && t.status === 'ready') void s().loadMoreTags();
  };

  useKeymap(
    'tags',
    {
      ...listNavigation({
        index: () => Math.min(s().cursors[listId] ?? 0, Math.max(0, count - 1)),
        count: () => count,
        page: () => bodyRows,
        setIndex: (i) => {
          s().setCursor(listId, i);
          if (i >= count - PREFETCH_ROWS) resume();
        },
      }),
      open: () => {
        if (selected) s().pushScreen({ screen: 'image', image: imageOf(selected) });
      },
      filter: () => s().editFilter(listId),
      back: () => {
        if (filter === '') return void s().popScreen();
        s().setTagFilter('');
        s().setCursor(listId, 0);
      },
      sort: () => {
        const at = shown[index];
        const next = s().cycleTagSort();
        const moved = at === undefined ? -1 : s().tagRows.indexOf(at);
        s().setCursor(listId, Math.max(0, moved));
        s().showMessage(`sorted by ${next}`);
      },
      mark: () => {
        if (!selected) return;
        s().toggleTagMark(selected);
        s().setCursor(listId, Math.min(index + 1, Math.max(0, count - 1)));
      },
      yank: () => {
        if (!selected) return;
        const text = referenceText(imageOf(selected));
        yank({ copyText: (t) => services.copyText(t), showMessage: s().showMessage, text });
      },
      copyImage: () => {
        const images = chosen();
        const [first] = images;
        if (first) s().pushScreen({ screen: 'copy', image: first, ...(images.length > 1 ? { images } : {}) });
      },
      delete: () => {
        const images = chosen();
        if (images.length > 0) s().requestDelete(images);
      },
      refresh: () => void s().loadTags(route.image),
    },
    { isActive: active && !editing },
  );

  useFilterKeys({
    isActive: active && editing,
    handleKey: filterInput.handleKey,
    clear: () => {
      s().setTagFilter('');
      s().setCursor(listId, 0);
    },
  });

  const { columns, digest } = tagColumns(width);
  // Each visible row's cells, computed once per render for all its columns.
  const rowCells = new Map<string, string[]>();
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate-end">
        <Text bold>Tags</Text>
        <Text color={theme.muted}>
          {' '}
          {items.length}
          {ours && !tags.complete ? '+' : ''}
          {` by ${sort}`}
          {ours && sort === 'date' ? datesNote(dates) : ''}
          {ours && tags.status === 'loading' ? ' (loading…)' : ''}
          {marked.size > 0 ? ` · ${marked.size} marked` : ''}
        </Text>
      </Text>
      {showFilter ? (
        <FilterInput
          value={filter}
          cursor={filterInput.cursor}
          editing={editing}
          matches={count}
          total={items.length}
        />
      ) : null}
      {ours && tags.status === 'error' && tags.error ? (
        <ErrorPanel error={tags.error} title={`Cannot list the tags of ${source}`} hint="r tries again" />
      ) : (
        <Table
          columns={columns}
          count={count}
          cursor={index}
          height={tableHeight}
          width={width}
          cell={(row, col) => {
            const tag = tagAt(row) ?? '';
            if (col === 0) return tag;
            let cells = rowCells.get(tag);
            if (!cells) {
              cells = tagCells(tag, enrichment, digest);
              rowCells.set(tag, cells);
            }
            return cells[col - 1] ?? '';
          }}
          highlight={filter === '' ? undefined : (row) => fuzzyPositions(tagAt(row) ?? '', filter)}
          isMarked={(row) => marked.has(tagAt(row) ?? '')}
          empty={emptyText(ours ? tags.status : 'loading', filter)}
        />
      )}
    </Box>
  );
}

function emptyText(status: string, filter: string): string {
  if (status === 'loading' || status === 'idle') return 'loading…';
  return filter ? 'no tag matches the filter' : 'no tags';
}
