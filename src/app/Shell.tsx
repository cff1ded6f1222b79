/**
 * The frame around every screen: the title trail, the screen (or the shell's dialog over
 * it), the status line and the key hints, in at most rows − 1 lines (a full-height frame
 * makes Ink clear the terminal on every render). Global keys (help, quit, Ctrl-C, `:`) live
 * here at the lowest priority. Below 80×24 the frame is replaced by a notice and keys are
 * ignored; the screens stay mounted (hidden) so nothing typed so far is lost.
 */
import { Box, useApp } from 'ink';
import { useEffect } from 'react';
import { KeyHints } from '../components/KeyHints.js';
import { Spinner } from '../components/Spinner.js';
import { StatusBar } from '../components/StatusBar.js';
import { TitleBar } from '../components/TitleBar.js';
import { isTooSmall, TooSmall } from '../components/TooSmall.js';
import { hintsFor } from '../keys/keymap.js';
import { KeypressProvider, Priority, useKeymap } from '../keys/use-keymap.js';
import { routeKey } from '../store/index.js';
import {
  selectBusyLabel,
  selectCurrentRateLimit,
  selectCurrentRegistry,
  selectCurrentWhoami,
  selectMessage,
  selectModal,
  selectQuitRequested,
  selectReadOnly,
  selectRoute,
  selectRunningJobCount,
} from '../store/selectors.js';
import { activeContext } from './active-context.js';
import { crumbsOf } from './crumbs.js';
import { isShellModal, ModalLayer } from './ModalLayer.js';
import { ScreenSwitch } from './ScreenSwitch.js';
import { useBerth, useBerthStore, useServices } from './StoreProvider.js';
import { useTerminalSize } from './use-terminal-size.js';

/** Lines the frame uses besides the screen: title, status, hints. */
const CHROME_LINES = 3;

/** The frame, with the keyboard. */
export function Shell() {
  const { columns, rows } = useTerminalSize();
  const readOnly = useBerth(selectReadOnly);
  const tooSmall = isTooSmall(columns, rows);
  return (
    <KeypressProvider enabled={!tooSmall} filter={{ readOnly }}>
      <Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)}>
        {tooSmall ? <TooSmall columns={columns} rows={rows} /> : null}
        <Frame columns={columns} rows={rows} hidden={tooSmall} />
      </Box>
    </KeypressProvider>
  );
}

function Frame({ columns, rows, hidden }: { columns: number; rows: number; hidden: boolean }) {
  const store = useBerthStore();
  const { exit } = useApp();
  const route = useBerth(selectRoute);
  const stack = useBerth((s) => s.stack);
  const modal = useBerth(selectModal);
  const editingFilter = useBerth((s) => s.filterEditing !== undefined);
  const readOnly = useBerth(selectReadOnly);
  const quitRequested = useBerth(selectQuitRequested);

  useEffect(() => {
    if (quitRequested) exit();
  }, [quitRequested, exit]);

  useKeymap(
    'global',
    {
      help: () => store.getState().toggleHelp(),
      quit: () => void store.getState().requestQuit(),
      interrupt: () => void store.getState().interrupt(),
      goto: () => store.getState().openModal({ kind: 'goto' }),
      jobs: () => store.getState().showJobs(),
    },
    { priority: Priority.Low },
  );

  const bodyHeight = Math.max(1, rows - 1 - CHROME_LINES);
  const shellModal = isShellModal(modal) ? modal : undefined;
  const context = activeContext(route, modal, editingFilter);
  return (
    <Box flexDirection="column" display={hidden ? 'none' : 'flex'} height={Math.max(1, rows - 1)}>
      <TitleBar crumbs={crumbsOf(stack)} />
      <Box flexDirection="column" height={bodyHeight}>
        {shellModal ? (
          <ModalLayer modal={shellModal} screenContext={route.screen} width={columns} height={bodyHeight} />
        ) : null}
        <Box display={shellModal ? 'none' : 'flex'} flexDirection="column" height={bodyHeight}>
          <ScreenSwitch
            key={`${stack.length} ${routeKey(route)}`}
            route={route}
            width={columns}
            height={bodyHeight}
            active={!shellModal && !hidden}
          />
        </Box>
      </Box>
      <StatusLine width={columns} />
      <KeyHints hints={hintsFor(context, { readOnly })} width={columns} />
    </Box>
  );
}

function StatusLine({ width }: { width: number }) {
  const { animate } = useServices();
  const registry = useBerth(selectCurrentRegistry);
  const who = useBerth(selectCurrentWhoami);
  const rate = useBerth(selectCurrentRateLimit);
  const runningJobs = useBerth(selectRunningJobCount);
  const busy = useBerth(selectBusyLabel);
  const message = useBerth(selectMessage);
  const readOnly = useBerth(selectReadOnly);
  return (
    <StatusBar
      runningJobs={runningJobs}
      readOnly={readOnly}
      {...(registry ? { registry } : {})}
      {...(who
        ? {
            who: {
              loading: who.status === 'loading',
              ...(who.username ? { username: who.username } : {}),
              ...(who.source ? { source: who.source } : {}),
              ...(who.error ? { error: who.error.message } : {}),
            },
          }
        : {})}
      {...(rate ? { rateLimit: { remaining: rate.limit.remaining, limit: rate.limit.limit } } : {})}
      {...(busy ? { busy, spinner: <Spinner animate={animate} /> } : {})}
      {...(message ? { message } : {})}
      width={width}
    />
  );
}
