import { describe, expect, it } from 'vitest';
import type { BlobRef, CopyEvent } from '../registry/copy/index.js';
import { digestOf } from '../registry/digest/index.js';
import { CopyTracker } from './copy-progress.js';

const blob = (name: string, size: number, kind: BlobRef['kind'] = 'layer'): BlobRef => ({
  digest: digestOf(name),
  size,
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  kind,
});
const A = blob('a', 1000);
const B = blob('b', 500);
const C = blob('c', 10, 'config');
const D = blob('d', 20);

describe('CopyTracker', () => {
  it('folds events into one row per blob and the overall figures', () => {
    let now = 1_000;
    const t = new CopyTracker(() => now);
    const events: CopyEvent[] = [
      { type: 'plan', images: 1, listed: 1, blobs: 4, bytes: 1530 },
      ...[A, B, C, D].map((b): CopyEvent => ({ type: 'queued', blob: b })),
      { type: 'progress', blob: A, bytes: 0, total: 1000 },
    ];
    for (const e of events) t.onEvent(e);
    now += 2_000;
    t.onEvent({ type: 'progress', blob: A, bytes: 400, total: 1000 });
    t.onEvent({ type: 'skipped', blob: B, reason: 'already exists' });
    t.onEvent({ type: 'mounted', blob: D, from: 'reg/team/base' });
    t.onEvent({ type: 'retrying', blob: C, attempt: 2, error: 'reset', delayMs: 10 });
    t.onEvent({
      type: 'overall',
      bytes: 920,
      total: 1530,
      blobs: 2,
      blobsTotal: 4,
      bytesPerSecond: 200,
      etaSeconds: 3,
    });
    const p = t.snapshot();
    expect(p).toMatchObject({
      images: 1,
      bytes: 920,
      total: 1530,
      blobsDone: 2,
      blobsTotal: 4,
      bytesPerSecond: 200,
      etaSeconds: 3,
      manifestsWritten: 0,
    });
    expect(p.blobs.map((b) => [b.kind, b.status, b.bytes, Math.round(b.bytesPerSecond)])).toEqual([
      ['layer', 'copying', 400, 200],
      ['layer', 'skipped', 500, 0],
      ['config', 'retrying', 0, 0],
      ['layer', 'mounted', 20, 0],
    ]);
    expect(p.blobs[2]).toMatchObject({ attempt: 2, error: 'reset' });
    expect(p.blobs[3]?.from).toBe('reg/team/base');

    t.onEvent({ type: 'done', blob: A });
    t.onEvent({ type: 'failed', blob: C, error: 'digest mismatch' });
    t.onEvent({ type: 'manifest-written', digest: digestOf('m'), mediaType: 'x', size: 1, role: 'top' });
    const q = t.snapshot();
    expect(q.blobs.map((b) => b.status)).toEqual(['done', 'skipped', 'failed', 'mounted']);
    expect(q.blobs[0]?.bytes).toBe(1000);
    expect(q.manifestsWritten).toBe(1);
    // Snapshots are copies: the earlier one still shows what it showed.
    expect(p.blobs[0]?.status).toBe('copying');
  });
});
