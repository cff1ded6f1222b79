/**
 * A terminal for renderer tests: a writable with `isTTY`, fixed `columns` and `rows`, that
 * keeps every write (a frame) and replays them onto a screen understanding the only
 * controls the renderer sends — newline, cursor up (`ESC[nA`) and clear to end of screen
 * (`ESC[J`) — plus a clock whose timers run only when the test advances it.
 */
import { Writable } from 'node:stream';
import type { ViewClock } from '../tty-view.js';

// `ESC[nA` (cursor up) and `ESC[J` (clear to end of screen), the renderer's only controls.
const ESCAPE = new RegExp(`^${String.fromCharCode(27)}\\[(\\d*)([AJ])`);

export class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly frames: string[] = [];

  constructor(
    readonly columns: number,
    readonly rows = 24,
  ) {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.frames.push(String(chunk));
    done();
  }

  /** What the screen shows after every frame so far (lines, without the cursor's empty last one). */
  screen(): string[] {
    const lines: string[] = [''];
    let row = 0;
    let col = 0;
    const text = this.frames.join('');
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (ch === '\x1b') {
        const m = ESCAPE.exec(text.slice(i));
        if (!m) throw new Error(`unexpected escape at ${i}: ${JSON.stringify(text.slice(i, i + 8))}`);
        if (m[2] === 'A') row = Math.max(0, row - Number(m[1] || 1));
        else {
          lines.length = row + 1;
          lines[row] = (lines[row] ?? '').slice(0, col);
        }
        i += m[0].length - 1;
      } else if (ch === '\n') {
        row++;
        col = 0;
        if (lines.length <= row) lines.push('');
      } else {
        const line = (lines[row] ?? '').padEnd(col);
        lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
        col++;
      }
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }
}

/** A clock that moves only when told; due timers run inside `advance`. */
export class ManualClock implements ViewClock {
  #now = 0;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  advance(ms: number): void {
    this.#now += ms;
    for (const [id, t] of [...this.#timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.#now) continue;
      this.#timers.delete(id);
      t.fn();
    }
  }
}
