/**
 * Which messages outlive moving on. A `copy` message (what `y` put on the clipboard) may take the
 * whole status line, hiding who you are (StatusBar), so it goes as soon as the user moves on —
 * another row, another screen; other messages stay until replaced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BerthStore, createBerthStore } from '../../src/store/index.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';

let sb: TuiSandbox | undefined;
afterEach(async () => {
  await sb?.remove();
  sb = undefined;
});

const MOVES: Array<{ name: string; move: (store: BerthStore) => void }> = [
  { name: 'a cursor move', move: (st) => st.getState().setCursor('registries', 3) },
  { name: 'a screen pushed', move: (st) => st.getState().pushScreen({ screen: 'jobs' }) },
  {
    name: 'a screen popped',
    move: (st) => {
      st.setState({ stack: [{ screen: 'registries' }, { screen: 'jobs' }] });
      st.getState().popScreen();
    },
  },
  { name: 'the screens reset', move: (st) => st.getState().resetScreens([{ screen: 'registries' }]) },
  { name: ': to a reference', move: (st) => st.getState().goTo('quay.io/org/app') },
];

describe('status messages when the user moves on', () => {
  it.each(
    MOVES.flatMap(({ name, move }) => [
      { name, move, kind: 'copy' as const, kept: false },
      { name, move, kind: 'info' as const, kept: true },
      { name, move, kind: 'error' as const, kept: true },
    ]),
  )('$kind message after $name: kept $kept', async ({ move, kind, kept }) => {
    sb = await makeTuiSandbox();
    const store = createBerthStore(sb.deps);
    store.getState().showMessage('copied: quay.io/org/app:1', kind);
    move(store);
    expect(store.getState().message?.text).toBe(kept ? 'copied: quay.io/org/app:1' : undefined);
  });
});
