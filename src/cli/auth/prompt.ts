/**
 * Asking for a user name and a password on the terminal, as `skopeo login` does: the prompts
 * go to stdout, the user name is read as a line (the terminal echoes it), and the password is
 * read in raw mode so it is never echoed. Raw mode is always switched back off — after Enter,
 * Ctrl-C, Ctrl-D, a failure, an abort, and when the process exits while a prompt is open —
 * because a terminal left in raw mode is unusable until `reset`.
 *
 * One {@link StdinPrompter} is used per command: bytes typed ahead of a prompt (or pasted as
 * `user\npassword\n`) stay buffered for the next read instead of being lost.
 */
import { StringDecoder } from 'node:string_decoder';

/** stdin as a prompt needs it; a TTY has `isTTY` and `setRawMode` (tests pass a fake). */
export interface PromptStdin extends NodeJS.ReadableStream {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
  readableEnded?: boolean;
}

/** The user pressed Ctrl-C at the password prompt (raw mode turns it into a key, not a signal). */
export class PromptInterruptedError extends Error {
  override readonly name = 'PromptInterruptedError';
  constructor() {
    super('interrupted');
  }
}

/** Process hooks a prompt uses to restore the terminal on exit; tests pass their own. */
export interface ExitHooks {
  on(event: 'exit', fn: () => void): unknown;
  off(event: 'exit', fn: () => void): unknown;
}

const KEY = {
  ctrlC: '\x03',
  ctrlD: '\x04',
  backspace: '\b',
  ctrlU: '\x15',
  del: '\x7f',
} as const;

/** Reads lines and secrets from one stdin, keeping unread input between reads. */
export class StdinPrompter {
  readonly #input: PromptStdin;
  readonly #exitHooks: ExitHooks;
  readonly #decoder = new StringDecoder('utf8');
  #buffer = '';
  #ended = false;

  constructor(input: PromptStdin, exitHooks: ExitHooks = process) {
    this.#input = input;
    this.#exitHooks = exitHooks;
  }

  /** Is stdin a terminal (so a password can be read without echo)? */
  get isTTY(): boolean {
    return this.#input.isTTY === true && typeof this.#input.setRawMode === 'function';
  }

  /**
   * The next line without its line break; undefined when stdin ends before a line break (even
   * with a partial line, as Go's `ReadString('\n')` reports `EOF`).
   */
  async readLine(opts: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    for (;;) {
      const nl = this.#buffer.indexOf('\n');
      if (nl >= 0) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        return line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      if (!(await this.#fill(opts.signal))) return undefined;
    }
  }

  /**
   * Reads a password from the terminal without echoing it: Enter ends it, Backspace deletes a
   * character, Ctrl-U the whole entry, Ctrl-D on an empty entry means end of input (undefined),
   * and Ctrl-C throws {@link PromptInterruptedError}. Other control characters are dropped.
   * @throws when stdin is not a terminal.
   */
  async readSecret(opts: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    if (!this.isTTY) throw new Error('stdin is not a terminal');
    const input = this.#input;
    const wasRaw = input.isRaw === true;
    const restore = (): void => {
      input.setRawMode?.(wasRaw);
    };
    input.setRawMode?.(true);
    this.#exitHooks.on('exit', restore);
    try {
      let secret: string[] = [];
      for (;;) {
        while (this.#buffer.length > 0) {
          const ch = String.fromCodePoint(this.#buffer.codePointAt(0) as number);
          this.#buffer = this.#buffer.slice(ch.length);
          if (ch === '\r' || ch === '\n') {
            // A pasted `\r\n` is one Enter.
            if (ch === '\r' && this.#buffer.startsWith('\n')) this.#buffer = this.#buffer.slice(1);
            return secret.join('');
          }
          if (ch === KEY.ctrlC) throw new PromptInterruptedError();
          if (ch === KEY.ctrlD) {
            if (secret.length === 0) return undefined;
          } else if (ch === KEY.del || ch === KEY.backspace) {
            secret.pop();
          } else if (ch === KEY.ctrlU) {
            secret = [];
          } else if (ch >= ' ') {
            secret.push(ch);
          }
        }
        if (!(await this.#fill(opts.signal))) return secret.length > 0 ? secret.join('') : undefined;
      }
    } finally {
      this.#exitHooks.off('exit', restore);
      restore();
    }
  }

  /** Waits for the next chunk of input; false at the end of input. */
  #fill(signal: AbortSignal | undefined): Promise<boolean> {
    if (this.#ended || this.#input.readableEnded) {
      this.#ended = true;
      return Promise.resolve(false);
    }
    signal?.throwIfAborted();
    const input = this.#input;
    return new Promise<boolean>((resolve, reject) => {
      const done = (): void => {
        input.off('data', onData);
        input.off('end', onEnd);
        input.off('error', onError);
        signal?.removeEventListener('abort', onAbort);
        // Paused between reads, so stdin does not keep the process alive or swallow input.
        input.pause();
      };
      const onData = (chunk: Buffer | string): void => {
        done();
        this.#buffer += typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
        resolve(true);
      };
      const onEnd = (): void => {
        done();
        this.#ended = true;
        this.#buffer += this.#decoder.end();
        resolve(this.#buffer.length > 0);
      };
      const onError = (err: unknown): void => {
        done();
        reject(err);
      };
      const onAbort = (): void => {
        done();
        reject(signal?.reason);
      };
      input.on('data', onData);
      input.on('end', onEnd);
      input.on('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      input.resume();
    });
  }
}
