import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BlobRef, CopyEvent } from '../../../registry/copy/index.js';
import type { Digest } from '../../../registry/digest/index.js';
import { createProgressView } from './index.js';
import { LogView } from './log-view.js';
import { SILENT_VIEW } from './progress-view.js';
import { FakeTerminal } from './testing/fake-terminal.js';
import { TtyView } from './tty-view.js';

const hex = `f18232174bc9${'1'.repeat(52)}`;
const layer: BlobRef = { digest: `sha256:${hex}` as Digest, size: 27_158_000, mediaType: 'x', kind: 'layer' };
const config: BlobRef = { ...layer, size: 1500, kind: 'config' };

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return { stream, text: () => out };
}

describe('LogView', () => {
  it.each<{ name: string; event: CopyEvent; want: string }>([
    {
      name: 'done, with the size',
      event: { type: 'done', blob: layer },
      want: `Copying blob sha256:${hex} done 25.9MiB`,
    },
    {
      name: 'config',
      event: { type: 'done', blob: config },
      want: `Copying config sha256:${hex} done 1.5KiB`,
    },
    {
      name: 'skipped',
      event: { type: 'skipped', blob: layer, reason: 'already exists' },
      want: `Copying blob sha256:${hex} skipped: already exists`,
    },
    {
      name: 'mounted',
      event: { type: 'mounted', blob: layer, from: 'reg/base' },
      want: `Copying blob sha256:${hex} mounted from reg/base`,
    },
    {
      name: 'retrying',
      event: { type: 'retrying', blob: layer, attempt: 2, error: 'reset', delayMs: 1 },
      want: `Copying blob sha256:${hex} retrying (attempt 2): reset`,
    },
    {
      name: 'failed',
      event: { type: 'failed', blob: layer, error: 'boom' },
      want: `Copying blob sha256:${hex} failed: boom`,
    },
  ])('$name', ({ event, want }) => {
    const { stream, text } = capture();
    new LogView(stream).event(event);
    expect(text()).toBe(`${want}\n`);
  });

  it.each<CopyEvent>([
    { type: 'queued', blob: layer },
    { type: 'progress', blob: layer, bytes: 1, total: 2 },
    { type: 'overall', bytes: 1, total: 2, blobs: 0, blobsTotal: 1, bytesPerSecond: 1, etaSeconds: 1 },
    { type: 'plan', images: 1, listed: 1, blobs: 1, bytes: 1 },
  ])('prints nothing for $type (no animation off a terminal)', (event) => {
    const { stream, text } = capture();
    new LogView(stream).event(event);
    expect(text()).toBe('');
  });
});

describe('createProgressView', () => {
  it.each([
    { name: 'quiet wins over a terminal', tty: true, quiet: true, want: SILENT_VIEW.constructor },
    { name: 'terminal', tty: true, quiet: false, want: TtyView },
    { name: 'pipe', tty: false, quiet: false, want: LogView },
  ])('$name', ({ tty, quiet, want }) => {
    const stream = tty ? new FakeTerminal(80) : new PassThrough();
    expect(createProgressView({ stream, quiet }).constructor).toBe(want);
  });
});
