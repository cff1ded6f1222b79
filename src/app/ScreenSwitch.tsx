/**
 * Which component draws which route. A screen not built yet gets a placeholder that can
 * only go back, so every route is reachable from day one.
 */
import { Box, Text } from 'ink';
import type { ComponentType } from 'react';
import { theme } from '../components/theme.js';
import { useKeymap } from '../keys/use-keymap.js';
import { Copy } from '../screens/Copy.js';
import { Image } from '../screens/Image.js';
import { Jobs } from '../screens/Jobs.js';
import { LayerFiles } from '../screens/LayerFiles.js';
import { Registries } from '../screens/Registries.js';
import { Repositories } from '../screens/Repositories.js';
import { Tags } from '../screens/Tags.js';
import type { Route, ScreenName } from '../store/index.js';
import { routeLabel } from './crumbs.js';
import { useBerthStore } from './StoreProvider.js';
import type { ScreenProps } from './screen-props.js';

// Each screen is typed for its own route; the switch hands it the route of its name.
const SCREENS: Partial<Record<ScreenName, ComponentType<ScreenProps<never>>>> = {
  registries: Registries,
  repositories: Repositories,
  tags: Tags,
  image: Image,
  'layer-files': LayerFiles,
  copy: Copy,
  jobs: Jobs,
};

/** Draws the screen for `route`. */
export function ScreenSwitch(props: ScreenProps) {
  const Screen = SCREENS[props.route.screen] as ComponentType<ScreenProps<Route>> | undefined;
  if (!Screen) return <Placeholder {...props} />;
  return <Screen {...props} />;
}

function Placeholder({ route, active, height }: ScreenProps) {
  const store = useBerthStore();
  useKeymap(route.screen, { back: () => void store.getState().popScreen() }, { isActive: active });
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{routeLabel(route)}</Text>
      <Text color={theme.muted}>The {route.screen} screen is not available yet. Esc goes back.</Text>
    </Box>
  );
}
