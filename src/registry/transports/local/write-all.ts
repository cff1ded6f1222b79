import type { FileHandle } from 'node:fs/promises';

/** Writes every byte of `data` at the handle's position; `write` may write less than asked. */
export async function writeAll(fh: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await fh.write(data, offset, data.byteLength - offset, null);
    offset += bytesWritten;
  }
}
