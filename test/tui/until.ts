/** Waiting on store state without sleeping: polls once per event-loop turn until a deadline. */
import type { BerthState, BerthStore } from '../../src/store/index.js';
import { WAIT_MS, waitUntil } from './render.js';

/** Resolves with the state once `check(state)` holds. */
export async function untilState(
  store: BerthStore,
  check: (s: BerthState) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<BerthState> {
  await waitUntil(
    () => check(store.getState()),
    () => what,
    timeoutMs,
  );
  return store.getState();
}
