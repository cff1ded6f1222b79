/**
 * The platform the user was looking at when they opened the Copy screen, which is what the
 * form's "this one" copies. It is there when the screen under the Copy screen is the Image
 * screen of the same index, and either its cursor is on a platform row, or it shows one
 * image of a local index (a layout's image has no name of its own, so `c` there copies
 * from the index). Otherwise "this one" is this machine's platform.
 *
 * The Copy route does not carry the platform, so it is read from the state the Image screen
 * left: its route under the Copy screen, the index it inspected (kept while its route is on
 * the stack), and its section and row cursors.
 */
import { imageSections } from '../components/image-sections.js';
import type { Platform } from '../registry/manifest/index.js';
import { formatImageName } from '../registry/ref/index.js';
import { isAttestation } from '../store/copy-platforms.js';
import { type BerthState, inspectKey, type Route, routeKey } from '../store/index.js';

type CopyRoute = Extract<Route, { screen: 'copy' }>;

/** The platform of the index entry the Image screen under `copy` shows or points at. */
export function viewedPlatform(state: BerthState, copy: CopyRoute): Platform | undefined {
  if (copy.images && copy.images.length > 1) return undefined;
  const at = state.stack.lastIndexOf(copy);
  const below = state.stack[(at === -1 ? state.stack.length - 1 : at) - 1];
  if (below?.screen !== 'image') return undefined;
  if (formatImageName(below.image) !== formatImageName(copy.image)) return undefined;
  const index = state.inspected[inspectKey(below.image)];
  const manifest = index?.manifest;
  if (!index || manifest?.kind !== 'index') return undefined;
  const digest = below.digest ?? rowChild(state, below, index);
  const entry = manifest.doc.manifests.find((d) => d.digest === digest);
  return entry && !isAttestation(entry) ? entry.platform : undefined;
}

/** The digest of the index entry under the Image screen's cursor, clamped as that screen clamps it. */
function rowChild(
  state: BerthState,
  route: Extract<Route, { screen: 'image' }>,
  image: BerthState['inspected'][string],
): string | undefined {
  // The commands are only shown in a section of their own; they do not decide the rows.
  const sections = imageSections(image, { inspect: '', copy: '' });
  const base = routeKey(route);
  const current = Math.min(state.cursors[`${base}#section`] ?? 0, Math.max(0, sections.length - 1));
  const section = sections[current];
  if (!section) return undefined;
  const rows = section.rows;
  const row = rows[Math.min(state.cursors[`${base}#${section.id}`] ?? 0, Math.max(0, rows.length - 1))];
  return row?.open?.kind === 'child' ? row.open.digest : undefined;
}
