/**
 * Rendering the TUI in tests: ink-testing-library's fake terminal, sized as asked (its stdout
 * is 100 columns and has no rows; berth's layout reads both, so they are set on the instance
 * and a resize is emitted, as a real terminal does), with services that record what would go
 * to the clipboard and a spinner that does not animate, so frames change only with state.
 *
 * Nothing here sleeps: `press` writes one key at a time and waits until the frame changes (or
 * contains what the caller waits for), polling the last frame once per turn of the event loop
 * until a deadline.
 */
import { render } from 'ink-testing-library';
import { App } from '../../src/app/App.js';
import type { BerthStore } from '../../src/store/index.js';

/** What keys send. */
export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  backspace: '\x7f',
  space: ' ',
  ctrlC: '\x03',
} as const;

/** How long a wait may take: long enough for a bcrypt login check on a busy two-core machine. */
export const WAIT_MS = 20_000;

/** What a wait waits for: text in the frame, a pattern, or a predicate over the frame. */
export type FrameCondition = string | RegExp | ((frame: string) => boolean);

const matches = (frame: string, cond: FrameCondition): boolean =>
  typeof cond === 'string' ? frame.includes(cond) : cond instanceof RegExp ? cond.test(frame) : cond(frame);

const describe = (cond: FrameCondition): string =>
  typeof cond === 'string' ? JSON.stringify(cond) : cond instanceof RegExp ? String(cond) : 'a condition';

/** Polls `check` once per event-loop turn until it holds. */
export async function waitUntil(
  check: () => boolean,
  what: () => string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A rendered app. */
export interface RenderedApp {
  lastFrame(): string;
  /** Writes each key in turn, waiting after each for the frame to change; resolves with the last frame. */
  press(...keys: string[]): Promise<string>;
  /** Writes the keys, then waits for the frame to match `cond`. */
  pressUntil(keys: string | readonly string[], cond: FrameCondition): Promise<string>;
  /** Types text one character at a time (each changes the input it goes to). */
  type(text: string): Promise<string>;
  /** Waits for the frame to match `cond`. */
  waitFor(cond: FrameCondition, timeoutMs?: number): Promise<string>;
  /** Writes a key without waiting (for keys expected to change nothing). */
  write(key: string): void;
  /** Resizes the fake terminal. */
  resize(columns: number, rows: number): void;
  /** Frames written so far (Ink writes one per render), to bound the renders a key costs. */
  frameCount(): number;
  /** Texts sent to the clipboard. */
  copied: string[];
  unmount(): void;
}

/** Options for {@link renderApp}. */
export interface RenderAppOptions {
  columns?: number;
  rows?: number;
}

/** Renders `<App>` for `store` on a fake terminal of the given size (default 100×30). */
export async function renderApp(store: BerthStore, opts: RenderAppOptions = {}): Promise<RenderedApp> {
  const copied: string[] = [];
  const services = {
    copyText(text: string) {
      copied.push(text);
      return true;
    },
    animate: false,
  };
  const instance = render(<App store={store} services={services} />);
  const { stdin, stdout } = instance;
  const frame = (): string => instance.lastFrame() ?? '';
  const resize = (columns: number, rows: number): void => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
    stdout.emit('resize');
  };
  const waitFor = async (cond: FrameCondition, timeoutMs = WAIT_MS): Promise<string> => {
    await waitUntil(
      () => matches(frame(), cond),
      () => `${describe(cond)} in the frame:\n${frame()}`,
      timeoutMs,
    );
    return frame();
  };
  const pressOne = async (key: string): Promise<void> => {
    const before = frame();
    stdin.write(key);
    await waitUntil(
      () => frame() !== before,
      () => `the frame to change after ${JSON.stringify(key)}; it is still:\n${before}`,
    );
  };
  const rows = opts.rows ?? 30;
  resize(opts.columns ?? 100, rows);
  // The frame is rows − 1 lines once the resize is drawn.
  await waitUntil(
    () => frame().split('\n').length === rows - 1,
    () => `a frame of ${rows - 1} lines:\n${frame()}`,
  );
  return {
    lastFrame: frame,
    async press(...keys) {
      for (const k of keys) await pressOne(k);
      return frame();
    },
    async pressUntil(keys, cond) {
      for (const k of typeof keys === 'string' ? [keys] : keys) stdin.write(k);
      return waitFor(cond);
    },
    async type(text) {
      for (const ch of text) await pressOne(ch);
      return frame();
    },
    waitFor,
    write: (key) => stdin.write(key),
    resize,
    frameCount: () => instance.frames.length,
    copied,
    unmount: () => instance.unmount(),
  };
}
