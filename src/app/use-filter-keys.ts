/**
 * The keys of a list screen while its `/` filter is being typed: Enter keeps the filter,
 * Esc clears it (how, the screen says), Ctrl-C cancels the request in flight, and every
 * other key edits the filter text.
 */
import type { KeyEvent } from '../keys/use-keymap.js';
import { useKeymap } from '../keys/use-keymap.js';
import { useBerthStore } from './StoreProvider.js';

export interface FilterKeysOptions {
  /** The screen is on top and its filter is being edited. */
  isActive: boolean;
  /** Edits the filter text (useTextInput's handler). */
  handleKey: (event: KeyEvent) => boolean;
  /** Empties the filter (the screen's own store action). */
  clear: () => void;
}

export function useFilterKeys(opts: FilterKeysOptions): void {
  const store = useBerthStore();
  const s = () => store.getState();
  useKeymap(
    'filter',
    {
      acceptFilter: () => s().editFilter(undefined),
      clearFilter: () => {
        opts.clear();
        s().editFilter(undefined);
      },
      interrupt: () => void s().interrupt(),
    },
    { isActive: opts.isActive, onOtherKey: opts.handleKey },
  );
}
