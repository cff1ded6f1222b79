/**
 * berth's TUI: the root of the Ink tree.
 *
 * Architecture (dependency direction: screens/components → app → store → registry):
 *
 * - `src/store/` holds all state in one zustand vanilla store made by `createBerthStore(deps)`;
 *   actions do the work (network through the registry core), and are tested without React.
 * - `src/app/` (this folder) connects Ink to the store: `StoreProvider` and `useBerth(selector)`
 *   (narrow subscriptions; `useBerthShallow` for arrays), `Shell` (the frame: title, screen,
 *   status line, key hints, global keys, the too-small notice, quitting), `ScreenSwitch`
 *   (route → screen component), `ModalLayer` (help, questions, go to), `FormDialog`, and this
 *   error boundary'd root.
 * - `src/keys/` is the one keymap (action → keys → description, by context) and `useKeymap`,
 *   which dispatches each key to layers by priority: dialogs over screens over global keys.
 *   Footer hints and the `?` overlay are generated from the keymap.
 * - `src/screens/` has one file per screen (`Registries.tsx`, …). A screen selects state,
 *   registers its keys with `useKeymap(context, handlers, {isActive})` and calls actions.
 * - `src/components/` is presentational: virtualized `List`/`Table`, `StatusBar`, `KeyHints`,
 *   `HelpOverlay`, `Form`, `ConfirmDialog`, `ErrorPanel`, `Spinner`, `TooSmall`. Components
 *   never call the registry or the store.
 *
 * The entry (`src/cli/tui.ts`) decides whether to run at all (TTYs, TERM), enters the
 * alternate screen, renders `<App>` and restores the terminal on every way out.
 */
import type { BerthStore } from '../store/index.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { Shell } from './Shell.js';
import { type AppServices, StoreProvider } from './StoreProvider.js';

/** Props of {@link App}. */
export interface AppProps {
  store: BerthStore;
  services: AppServices;
}

/** The TUI. */
export function App({ store, services }: AppProps) {
  return (
    <ErrorBoundary>
      <StoreProvider store={store} services={services}>
        <Shell />
      </StoreProvider>
    </ErrorBoundary>
  );
}
