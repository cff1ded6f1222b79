/**
 * Moving a cursor through a list by keymap action: one row, a page, the ends. Pure, so every
 * list (and its tests) moves the same way; `listNavigation` turns it into keymap handlers.
 */
import type { KeymapHandlers } from './use-keymap.js';

/** The actions that move a cursor. */
export type NavAction = 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom';

/** Where the cursor goes: clamped to the list, `page` rows per page. */
export function navigate(action: NavAction, at: { index: number; count: number; page: number }): number {
  const last = Math.max(0, at.count - 1);
  const page = Math.max(1, at.page);
  const next = {
    up: at.index - 1,
    down: at.index + 1,
    pageUp: at.index - page,
    pageDown: at.index + page,
    top: 0,
    bottom: last,
  }[action];
  return Math.max(0, Math.min(last, next));
}

/** Keymap handlers for the six moves over a list of `count()` rows with `page()` visible. */
export function listNavigation(opts: {
  index: () => number;
  count: () => number;
  page: () => number;
  setIndex: (index: number) => void;
}): KeymapHandlers {
  const move = (action: NavAction) => () => {
    opts.setIndex(navigate(action, { index: opts.index(), count: opts.count(), page: opts.page() }));
  };
  return {
    up: move('up'),
    down: move('down'),
    pageUp: move('pageUp'),
    pageDown: move('pageDown'),
    top: move('top'),
    bottom: move('bottom'),
  };
}
