/**
 * Placeholder for the repositories screen (a later change replaces it with search, the
 * "enter a repository" fallback and bookmarks): the catalog of the open registry, loaded
 * page by page as the cursor nears the end. Enter opens a repository's tags.
 */
import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { useBerth, useBerthStore } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { ErrorPanel } from '../components/ErrorPanel.js';
import { List } from '../components/List.js';
import { theme } from '../components/theme.js';
import { listNavigation } from '../keys/list-navigation.js';
import { useKeymap } from '../keys/use-keymap.js';
import { type Route, routeKey } from '../store/index.js';
import { selectCursor } from '../store/selectors.js';

/** Rows from the end at which the next page is asked for. */
const PREFETCH_ROWS = 50;

/** The repositories of one registry. */
export function Repositories({
  route,
  height,
  active,
}: ScreenProps<Extract<Route, { screen: 'repositories' }>>) {
  const store = useBerthStore();
  const listId = routeKey(route);
  const list = useBerth((s) => s.repositories);
  const cursor = useBerth(selectCursor(listId));
  const rows = Math.max(1, height - 1);
  const s = () => store.getState();
  const ours = list.source === route.registry;
  const items = ours ? list.items : [];

  // Reached without `openRegistry` (`:` go to a reference): start the list here.
  useEffect(() => {
    if (store.getState().repositories.source !== route.registry)
      void store.getState().loadRepositories(route.registry);
  }, [store, route.registry]);

  useKeymap(
    'repositories',
    {
      ...listNavigation({
        index: () => s().cursors[listId] ?? 0,
        count: () => items.length,
        page: () => rows,
        setIndex: (i) => {
          s().setCursor(listId, i);
          if (i >= items.length - PREFETCH_ROWS) void s().loadMoreRepositories();
        },
      }),
      open: () => {
        const repository = items[cursor];
        if (repository)
          s().pushScreen({
            screen: 'tags',
            image: { transport: 'docker', ref: { registry: route.registry, repository } },
          });
      },
      back: () => void s().popScreen(),
      refresh: () => void s().loadRepositories(route.registry),
    },
    { isActive: active },
  );

  return (
    <Box flexDirection="column" height={height}>
      <Text>
        <Text bold>Repositories</Text>
        <Text color={theme.muted}>
          {' '}
          {items.length}
          {ours && !list.complete ? '+' : ''}
          {ours && list.status === 'loading' ? ' (loading…)' : ''}
        </Text>
      </Text>
      {ours && list.status === 'error' && list.error ? (
        <ErrorPanel
          error={list.error}
          title={`Cannot list the repositories of ${route.registry}`}
          hint="r tries again, : goes to a repository"
        />
      ) : (
        <List
          count={items.length}
          cursor={cursor}
          height={rows}
          renderRow={(i) => items[i] ?? ''}
          empty="no repositories"
        />
      )}
    </Box>
  );
}
