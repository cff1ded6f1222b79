import type { Extract } from 'tar-stream';

const BLOCK = 512;

/**
 * Writes a layer's decompressed bytes into tar-stream and watches where headers fall, so
 * the reader can stop at the end-of-archive marker.
 *
 * tar-stream itself reads on past that marker: it decodes every following zero block as a
 * header (slowly: gigabytes of padding take minutes, reliability F08) and fails on other
 * trailing bytes that Go's reader, and so containerd, ignore. The reader knows where each
 * header should start (after the previous entry's data); {@link zeroBlockAt} looks at the
 * bytes there before tar-stream is allowed on, and a zero block ends the archive. Only
 * the bytes from that position on are kept, and tar-stream's own backpressure keeps those
 * to a few chunks.
 *
 * When the input fails, the parser is ended rather than destroyed, so the entries it
 * already holds are still listed before the failure is reported.
 */
export class TarFeed {
  /** What ended the input early (the source's verdict, a limit, an abort), if anything did. */
  failure: { error: unknown } | undefined;
  /** Whether the input was read to its end without failing (so a verifying source passed). */
  ended = false;
  private readonly it: AsyncIterator<Uint8Array>;
  private mode: 'tar' | 'drain' | 'stopped' = 'tar';
  private finished = false;
  private written = 0;
  private from = 0;
  private kept: { at: number; chunk: Uint8Array }[] = [];
  private wake: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    data: AsyncIterable<Uint8Array>,
    private readonly tar: Extract,
  ) {
    this.it = data[Symbol.asyncIterator]();
    this.done = this.pump();
  }

  /**
   * Whether the 512 bytes at `pos` (where a header should start) are all zeros, waiting
   * until they have been read. False when the input ends or fails first: tar-stream then
   * reports the short archive, or the failure is.
   */
  async zeroBlockAt(pos: number): Promise<boolean> {
    this.forget(pos);
    while (this.written < pos + BLOCK && !this.finished) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.written < pos + BLOCK) return false;
    for (const { at, chunk } of this.kept) {
      const start = Math.max(pos, at) - at;
      const end = Math.min(pos + BLOCK, at + chunk.length) - at;
      for (let i = start; i < end; i++) if (chunk[i] !== 0) return false;
    }
    return true;
  }

  /** Nothing before `pos` will be asked about again. */
  forget(pos: number): void {
    this.from = pos;
    this.kept = this.kept.filter(({ at, chunk }) => at + chunk.length > pos);
  }

  /**
   * The archive has ended: reads (and decompresses) the rest of the input without parsing
   * it, so the source reaches its end and checks its digest. Rejects with the input's failure.
   */
  async drainRest(): Promise<void> {
    this.mode = 'drain';
    this.kept = [];
    this.tar.destroy();
    await this.done;
    if (this.failure) throw this.failure.error;
  }

  /** Stops reading (an early stop, an error): the input is released by its owner. */
  stop(): void {
    if (this.mode === 'stopped') return;
    this.mode = 'stopped';
    this.kept = [];
    // Not awaited: the decompressor may be waiting on the source, and returning waits for that.
    Promise.resolve()
      .then(() => this.it.return?.())
      .catch(() => {});
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const r = await this.it.next();
        if (this.mode === 'stopped') return;
        if (r.done) break;
        if (this.mode === 'drain') continue;
        const at = this.written;
        this.written += r.value.length;
        if (this.written > this.from) this.kept.push({ at, chunk: r.value });
        // Before waiting for the parser: it may be waiting for the reader, which waits for this.
        this.wake?.();
        if (!this.tar.write(r.value)) await drainedOrClosed(this.tar);
      }
      this.ended = true;
      // streamx types `end` as taking data; undefined writes nothing.
      if (this.mode === 'tar') this.tar.end(undefined);
    } catch (error) {
      if (this.mode === 'stopped') return;
      this.failure = { error };
      if (this.mode === 'tar') this.tar.end(undefined);
    } finally {
      this.finished = true;
      this.wake?.();
    }
  }
}

/** Bytes an entry's data takes after its header, padding included, as tar-stream reads them. */
export function dataBlocks(header: { size: number; type: string | null }): number {
  // tar-stream reads no data for directories, whatever their size field says.
  if (header.size <= 0 || header.type === 'directory') return 0;
  return Math.ceil(header.size / BLOCK) * BLOCK;
}

function drainedOrClosed(tar: Extract): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      tar.off('drain', done);
      tar.off('close', done);
      resolve();
    };
    tar.on('drain', done);
    tar.on('close', done);
  });
}
