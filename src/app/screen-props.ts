/** What every screen component receives from the shell. */
import type { Route } from '../store/index.js';

/** Props of a screen. */
export interface ScreenProps<R extends Route = Route> {
  route: R;
  /** The body's size: the frame minus the title, status and hint lines. */
  width: number;
  height: number;
  /** The screen is on top and no dialog of the shell is over it: it may take keys. */
  active: boolean;
}
