/**
 * The Image screen: one manifest or index, from a registry or a local layout. An index lists
 * its platforms (Enter opens one); an image shows its config, history (each step's layer
 * size, empty steps marked), layers (Enter lists a layer's files), the manifest and config
 * as JSON, and the referrers pointing at it. Tab / Shift-Tab and 1–6 switch sections; `y`
 * copies the row under the cursor, or the `berth inspect` command line where a row has
 * nothing of its own. State lives in the inspect slice, so coming back never reloads.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { useBerth, useBerthStore, useServices } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { ErrorPanel, errorLines } from '../components/ErrorPanel.js';
import { imageHeader, imageSections, type RowTarget, type Section } from '../components/image-sections.js';
import { List } from '../components/List.js';
import { SectionTabs } from '../components/SectionTabs.js';
import { Table } from '../components/Table.js';
import { theme } from '../components/theme.js';
import { listNavigation } from '../keys/list-navigation.js';
import { useKeymap } from '../keys/use-keymap.js';
import type { Digest } from '../registry/digest/index.js';
import { formatImageName, withDigest } from '../registry/ref/index.js';
import {
  type ImageCommands,
  type InspectedImage,
  imageCommands,
  inspectKey,
  type Route,
  routeKey,
} from '../store/index.js';
import { selectCursor } from '../store/selectors.js';
import { yank } from './yank.js';

type ImageRoute = Extract<Route, { screen: 'image' }>;

/** The route of a manifest named by `digest` within the image of `route`. */
export function childRoute(route: ImageRoute, digest: Digest): ImageRoute {
  const { image } = route;
  if (image.transport === 'docker')
    return { screen: 'image', image: { transport: 'docker', ref: withDigest(image.ref, digest) } };
  return { screen: 'image', image, digest };
}

/** The command lines for the image of `route`. */
function commandsFor(route: ImageRoute, image: InspectedImage | undefined): ImageCommands {
  const c = image?.config;
  const platform = c
    ? { os: c.os, architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) }
    : undefined;
  return imageCommands({
    name: route.image,
    ...(route.digest ? { digest: route.digest } : {}),
    ...(platform ? { platform } : {}),
    isIndex: image?.manifest?.kind === 'index',
  });
}

/** The Image screen. */
export function Image({ route, width, height, active }: ScreenProps<ImageRoute>) {
  const store = useBerthStore();
  const services = useServices();
  const key = inspectKey(route.image, route.digest);
  const image = useBerth((s) => s.inspected[key]);
  const base = routeKey(route);
  const sectionIndex = useBerth(selectCursor(`${base}#section`));
  const s = () => store.getState();

  // Loads when missing (or dropped by a newer load); a loaded image is kept.
  const status = image?.status;
  useEffect(() => {
    if (status === undefined || status === 'idle')
      void store
        .getState()
        .loadImage({ image: route.image, ...(route.digest ? { digest: route.digest } : {}) });
  }, [store, route.image, route.digest, status]);
  useEffect(() => () => void store.getState().releaseInspect(), [store]);

  const commands = commandsFor(route, image);
  const sections = useMemo(
    () => (image ? imageSections(image, commandsFor(route, image)) : []),
    [image, route],
  );
  const current = Math.min(sectionIndex, Math.max(0, sections.length - 1));
  const section: Section | undefined = sections[current];
  const listId = `${base}#${section?.id ?? ''}`;
  const cursor = useBerth(selectCursor(listId));
  const rows = section?.rows ?? [];
  // From the store, not this render: keys may come faster than renders.
  const rowNow = () => rows[Math.min(s().cursors[listId] ?? 0, Math.max(0, rows.length - 1))];
  const header = image ? imageHeader(image) : [];
  const configWarning = image?.configError && (section?.id === 'overview' || section?.id === 'config');
  const bodyHeight = Math.max(2, height - 2 - header.length - (configWarning ? 1 : 0));

  const openTarget = (target: RowTarget): void => {
    if (target.kind === 'child') s().pushScreen(childRoute(route, target.digest));
    else if (target.kind === 'referrer') {
      if (route.image.transport === 'docker')
        s().pushScreen(childRoute({ screen: 'image', image: route.image }, target.digest));
    } else {
      const layer = image?.manifest?.kind === 'image' ? image.manifest.doc.layers[target.index] : undefined;
      if (!layer) return;
      const digest = route.digest ? { digest: route.digest } : {};
      // Started here, so the screen knows which of two equal digests was chosen.
      void s().openLayerFiles({ image: route.image, ...digest, layer: target.index });
      s().pushScreen({ screen: 'layer-files', image: route.image, ...digest, layer: layer.digest });
    }
  };
  const showSection = (i: number) => () => {
    if (i < sections.length) s().setCursor(`${base}#section`, i);
  };

  useKeymap(
    'image',
    {
      ...listNavigation({
        index: () => s().cursors[listId] ?? 0,
        count: () => rows.length,
        page: () => bodyHeight - 1,
        setIndex: (i) => s().setCursor(listId, i),
      }),
      open: () => {
        const target = rowNow()?.open;
        if (target) openTarget(target);
      },
      back: () => void s().popScreen(),
      nextSection: () => s().setCursor(`${base}#section`, (current + 1) % Math.max(1, sections.length)),
      prevSection: () =>
        s().setCursor(`${base}#section`, (current + sections.length - 1) % Math.max(1, sections.length)),
      section1: showSection(0),
      section2: showSection(1),
      section3: showSection(2),
      section4: showSection(3),
      section5: showSection(4),
      section6: showSection(5),
      yank: () => {
        const text = rowNow()?.copy ?? commands.inspect;
        yank({ copyText: (t) => services.copyText(t), showMessage: s().showMessage, text });
      },
      // A manifest inside a local index cannot be named: the Copy screen offers the platforms.
      copyImage: () => s().pushScreen({ screen: 'copy', image: route.image }),
      // The dialog (drawn by the shell) says why a local image cannot be deleted.
      delete: () => s().requestDelete([route.image]),
      refresh: () =>
        void s().loadImage({
          image: route.image,
          ...(route.digest ? { digest: route.digest } : {}),
          force: true,
        }),
    },
    { isActive: active },
  );

  const title = (
    <Text wrap="truncate-end">
      <Text bold>Image</Text> {formatImageName(route.image)}
      {route.digest ? <Text color={theme.muted}> @{route.digest.slice(0, 19)}</Text> : null}
      {status === 'loading' ? <Text color={theme.muted}> (reading…)</Text> : null}
    </Text>
  );
  if (!image || status === 'loading' || status === 'idle' || !image.manifest) {
    return (
      <Box flexDirection="column" height={height}>
        {title}
        {status === 'error' && image?.error ? (
          <ErrorPanel error={image.error} title="Cannot read the image" hint="r tries again, Esc goes back" />
        ) : (
          <Text color={theme.muted}>reading the manifest…</Text>
        )}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      {title}
      {header.map((line) => (
        <Text
          key={line}
          wrap="truncate-end"
          color={line.startsWith('digest') || line.startsWith('type') ? theme.muted : undefined}
        >
          {line}
        </Text>
      ))}
      <SectionTabs titles={sections.map((x) => x.title)} current={current} width={width} />
      {configWarning && image.configError ? (
        <Text color={theme.error} wrap="truncate-end">
          error: {errorLines(image.configError).join(': ')}
        </Text>
      ) : null}
      {section?.columns ? (
        <Table
          columns={section.columns}
          count={rows.length}
          cursor={Math.min(cursor, Math.max(0, rows.length - 1))}
          height={bodyHeight}
          width={width}
          cell={(r, c) => rows[r]?.cells[c] ?? ''}
          empty={section.empty}
        />
      ) : (
        <List
          count={rows.length}
          cursor={Math.min(cursor, Math.max(0, rows.length - 1))}
          height={bodyHeight}
          renderRow={(r) => rows[r]?.cells[0] ?? ''}
          empty={section?.empty ?? ''}
        />
      )}
    </Box>
  );
}
