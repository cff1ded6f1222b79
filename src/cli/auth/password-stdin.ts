/**
 * `--password-stdin`: the password is whatever a pipe or file feeds berth, read to the end.
 *
 * containers/common reads it with a line scanner and concatenates the lines, so every line
 * break goes (with one `\r` before it), not only the last one: `pw\n`, `pw\r\n`, `pw\n\n`
 * and `p\nw` all give `pw`. skopeo does exactly that, and a script that works with skopeo
 * must log in with berth too, so berth does the same (reliability.md G11). A password can
 * therefore not contain a line break, which no registry password does in practice.
 */
import { abortable } from '../../registry/digest/abortable.js';

/** Longest password read from stdin; containers/common's scanner stops at 64 KiB lines as well. */
export const PASSWORD_STDIN_LIMIT = 64 * 1024;

/** Options for {@link readPasswordStdin}. */
export interface ReadPasswordStdinOptions {
  stdin: NodeJS.ReadableStream;
  /** Default {@link PASSWORD_STDIN_LIMIT}. */
  limit?: number;
  signal?: AbortSignal;
}

/** containers/common's line joining: drop each `\n` and one `\r` right before it (or at the very end). */
export function joinStdinLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .join('');
}

/**
 * Reads stdin to its end and returns the password in it.
 * @throws when stdin holds more than `limit` bytes, or fails, or `signal` aborts.
 */
export async function readPasswordStdin(opts: ReadPasswordStdinOptions): Promise<string> {
  const limit = opts.limit ?? PASSWORD_STDIN_LIMIT;
  const chunks: Buffer[] = [];
  let size = 0;
  const input = opts.stdin as AsyncIterable<Buffer | string>;
  for await (const chunk of abortable(input, opts.signal)) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buf.length;
    // Never quoted or echoed: the bytes are a secret.
    if (size > limit) throw new Error(`the password on stdin is longer than ${limit} bytes`);
    chunks.push(buf);
  }
  return joinStdinLines(Buffer.concat(chunks).toString('utf8'));
}
