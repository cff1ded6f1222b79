/**
 * Where the user is: the screen stack holds routes, one per screen, with just enough to
 * name what the screen shows. Screens read their data from the slices, not from the route.
 * A screen added later adds its route here and its component to `src/app/ScreenSwitch.tsx`.
 */
import type { Digest } from '../registry/digest/index.js';
import type { ImageName } from '../registry/ref/index.js';

/** One screen on the stack. */
export type Route =
  | { screen: 'registries' }
  /** The repositories of one registry (`host[:port]`). */
  | { screen: 'repositories'; registry: string }
  /** The tags of a repository (a docker:// name, tag ignored) or of a local layout. */
  | { screen: 'tags'; image: ImageName }
  /**
   * One image: a manifest or an index. `digest` picks a manifest of the index `image` names,
   * for transports whose names cannot point at one (`oci:`, archives); docker:// names use a
   * digest reference instead.
   */
  | { screen: 'image'; image: ImageName; digest?: Digest }
  /** The files of one layer of an image (`digest` as for `image`), or of all its layers. */
  | { screen: 'layer-files'; image: ImageName; digest?: Digest; layer?: Digest }
  /**
   * Copying an image somewhere; `images`, when set, are the marked tags of a bulk copy
   * (`image` is then the first of them).
   */
  | { screen: 'copy'; image: ImageName; images?: readonly ImageName[] }
  /** The copy and delete jobs, with the progress of the selected one. */
  | { screen: 'jobs' };

/** The screens there are. */
export type ScreenName = Route['screen'];

/** A stable identity for a route, for per-screen state (cursor, filter) kept in the ui slice. */
export function routeKey(route: Route): string {
  return JSON.stringify(route);
}
