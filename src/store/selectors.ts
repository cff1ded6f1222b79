/**
 * Narrow selectors: each returns one value (or a stable reference from the state), so a
 * component re-renders only when what it shows changes. Selectors that build a new array or
 * object must be used with `useShallow` (the app's `useBerthShallow`).
 */
import { countRunningJobs } from './jobs-slice.js';
import type { RegistryEntry } from './registry-list.js';
import { type Route, routeKey } from './routes.js';
import type { WhoamiState } from './session-slice.js';
import type { BerthState } from './types.js';
import type { Modal, StatusMessage } from './ui-slice.js';

/** The screen on top of the stack. */
export const selectRoute = (s: BerthState): Route => s.stack[s.stack.length - 1] ?? { screen: 'registries' };

/** How deep the stack is (1 at the root). */
export const selectDepth = (s: BerthState): number => s.stack.length;

export const selectModal = (s: BerthState): Modal | undefined => s.modal;
export const selectMessage = (s: BerthState): StatusMessage | undefined => s.message;
export const selectQuitRequested = (s: BerthState): boolean => s.quitRequested;
export const selectReadOnly = (s: BerthState): boolean => s.readOnly;

/** Jobs still running, for the status bar and the quit question. */
export const selectRunningJobCount = (s: BerthState): number => countRunningJobs(s.jobs);

/** The label of one request in flight (the newest), for the one spinner; undefined when idle. */
export const selectBusyLabel = (s: BerthState): string | undefined => {
  const labels = Object.values(s.busy);
  return labels[labels.length - 1];
};

/** The registry the status bar names: the open one. */
export const selectCurrentRegistry = (s: BerthState): string | undefined => s.currentRegistry;

/** Who berth is at the open registry. */
export const selectCurrentWhoami = (s: BerthState): WhoamiState | undefined =>
  s.currentRegistry ? s.whoami[s.currentRegistry] : undefined;

/** Docker Hub's rate limit, when one was seen for the open registry. */
export const selectCurrentRateLimit = (s: BerthState): BerthState['rateLimit'] =>
  s.rateLimit && s.rateLimit.registry === s.currentRegistry ? s.rateLimit : undefined;

/** A list's cursor (0 when never moved). */
export const selectCursor =
  (listId: string) =>
  (s: BerthState): number =>
    s.cursors[listId] ?? 0;

/** A list's filter text ('' when none). */
export const selectFilter =
  (listId: string) =>
  (s: BerthState): string =>
    s.filters[listId] ?? '';

/** Whether a list's filter input has the keyboard. */
export const selectEditingFilter =
  (listId: string) =>
  (s: BerthState): boolean =>
    s.filterEditing === listId;

/** The list id of the registries screen (its cursor and filter). */
export const REGISTRIES_LIST = routeKey({ screen: 'registries' });

export const selectRegistries = (s: BerthState): readonly RegistryEntry[] => s.registries;
export const selectRegistriesStatus = (s: BerthState): BerthState['registriesStatus'] => s.registriesStatus;
export const selectRegistriesError = (s: BerthState): Error | undefined => s.registriesError;
export const selectLogin = (s: BerthState): BerthState['login'] => s.login;
