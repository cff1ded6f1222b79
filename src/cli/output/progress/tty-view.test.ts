import { describe, expect, it } from 'vitest';
import type { BlobRef, CopyEvent } from '../../../registry/copy/index.js';
import type { Digest } from '../../../registry/digest/index.js';
import { FakeTerminal, ManualClock } from './testing/fake-terminal.js';
import { TtyView } from './tty-view.js';

const KiB = 1024;

function blob(hexStart: string, size: number, kind: BlobRef['kind'] = 'layer'): BlobRef {
  return {
    digest: `sha256:${hexStart.padEnd(64, '0')}` as Digest,
    size,
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    kind,
  };
}

const A = blob('1b8871edb4de', 100 * KiB);
const B = blob('a330b6cecb98', 200 * KiB);
const CONFIG = blob('f535e67342aa', 2 * KiB, 'config');

function setup(columns = 100, rows = 24) {
  const term = new FakeTerminal(columns, rows);
  const clock = new ManualClock();
  const view = new TtyView({ stream: term, clock, intervalMs: 100 });
  return { term, clock, view };
}

const progress = (b: BlobRef, bytes: number): CopyEvent => ({
  type: 'progress',
  blob: b,
  bytes,
  total: b.size,
});
const overall = (bytes: number, total: number, blobs: number, blobsTotal: number, bps = 0): CopyEvent => ({
  type: 'overall',
  bytes,
  total,
  blobs,
  blobsTotal,
  bytesPerSecond: bps,
  etaSeconds: bps > 0 ? (total - bytes) / bps : undefined,
});

describe('TtyView', () => {
  it('draws one row per blob in flight and a total, collapsing finished blobs to permanent lines', () => {
    const { term, clock, view } = setup();
    view.line('Getting image source signatures');
    view.event(progress(A, 50 * KiB));
    view.event(overall(50 * KiB, 302 * KiB, 0, 3));
    clock.advance(100);
    expect(term.screen()).toEqual([
      'Getting image source signatures',
      'Copying blob 1b8871edb4de [==================>-------------------] 50.0KiB / 100.0KiB',
      'Total 50.0KiB / 302.0KiB | 0/3 blobs',
    ]);

    clock.advance(100);
    view.event(progress(A, 100 * KiB));
    view.event({ type: 'done', blob: A });
    view.event(progress(B, 20 * KiB));
    view.event({ type: 'skipped', blob: CONFIG, reason: 'already exists' });
    view.event(overall(122 * KiB, 302 * KiB, 2, 3, 100 * KiB));
    clock.advance(100);
    expect(term.screen()).toEqual([
      'Getting image source signatures',
      'Copying blob 1b8871edb4de done',
      'Copying config f535e67342 skipped: already exists',
      'Copying blob a330b6cecb98 [==>-----------------------------------] 20.0KiB / 200.0KiB',
      'Total 122.0KiB / 302.0KiB | 2/3 blobs | 100.0 KiB/s | ETA 2s',
    ]);

    view.event({ type: 'mounted', blob: B, from: '127.0.0.1:5000/base' });
    view.event(overall(302 * KiB, 302 * KiB, 3, 3));
    view.line('Writing manifest to image destination');
    view.close();
    view.line('Storing signatures');
    expect(term.screen()).toEqual([
      'Getting image source signatures',
      'Copying blob 1b8871edb4de done',
      'Copying config f535e67342 skipped: already exists',
      'Copying blob a330b6cecb98 mounted from 127.0.0.1:5000/base',
      'Writing manifest to image destination',
      'Storing signatures',
    ]);
    expect(clock.pending).toBe(0);
  });

  it('redraws at most every 100 ms however many events arrive (≤ 10 fps)', () => {
    const { term, clock, view } = setup();
    for (let ms = 0; ms < 1000; ms += 10) {
      view.event(progress(B, ms * 100));
      clock.advance(10);
    }
    expect(term.frames.length).toBeGreaterThanOrEqual(9);
    expect(term.frames.length).toBeLessThanOrEqual(11);
    // The last frame shows the last count: nothing is lost to the throttle.
    expect(term.screen().at(-1)).toContain(`${((990 * 100) / KiB).toFixed(1)}KiB / 200.0KiB`);
  });

  it('moves up over exactly the previous live area and clears below it', () => {
    const { term, clock, view } = setup();
    view.event(progress(A, 1));
    clock.advance(100);
    view.event(progress(B, 1));
    clock.advance(100);
    view.event(progress(A, 2));
    clock.advance(100);
    expect(term.frames[0]).not.toContain('\x1b[');
    expect(term.frames[1]?.startsWith('\x1b[1A\x1b[J')).toBe(true);
    expect(term.frames[2]?.startsWith('\x1b[2A\x1b[J')).toBe(true);
  });

  it.each([30, 45, 60, 80])('fits every live line into %i columns', (columns) => {
    const { term, clock, view } = setup(columns);
    view.event(progress(A, 10 * KiB));
    view.event({
      type: 'retrying',
      blob: B,
      attempt: 2,
      error: 'connection reset by peer while reading the body',
      delayMs: 250,
    });
    view.event(overall(10 * KiB, 1024 * 1024 * 1024, 0, 40, 3 * 1024 * 1024));
    clock.advance(200);
    view.event(progress(A, 30 * KiB));
    clock.advance(200);
    const screen = term.screen();
    expect(screen).toHaveLength(3);
    for (const line of screen) expect(line.length).toBeLessThan(columns);
  });

  it('shows a retry in the row until the blob moves again', () => {
    const { term, clock, view } = setup();
    view.event(progress(A, 10));
    view.event({ type: 'retrying', blob: A, attempt: 2, error: '503 Service Unavailable', delayMs: 250 });
    clock.advance(100);
    expect(term.screen()).toEqual([
      'Copying blob 1b8871edb4de retrying (attempt 2): 503 Service Unavailable',
    ]);
    view.event(progress(A, 0));
    clock.advance(100);
    expect(term.screen()[0]).toMatch(/^Copying blob 1b8871edb4de \[-+\] 0\.0b \/ 100\.0KiB$/);
  });

  it('never grows taller than the screen: extra blobs are counted', () => {
    const { term, clock, view } = setup(100, 6);
    for (let i = 0; i < 9; i++) view.event(progress(blob(`ab${i}`, 1000), 10));
    clock.advance(100);
    const screen = term.screen();
    expect(screen).toHaveLength(4);
    expect(screen.at(-1)).toBe('… and 6 more blobs in flight');
  });

  it('keeps rows of concurrent copies apart even for the same blob, and sums their totals', () => {
    const { term, clock, view } = setup();
    view.event(progress(A, 10 * KiB), 1);
    view.event(progress(A, 20 * KiB), 2);
    view.event(overall(10 * KiB, 100 * KiB, 0, 1), 1);
    view.event(overall(20 * KiB, 100 * KiB, 0, 1), 2);
    clock.advance(100);
    expect(term.screen()).toEqual([
      expect.stringContaining('10.0KiB / 100.0KiB'),
      expect.stringContaining('20.0KiB / 100.0KiB'),
      'Total 30.0KiB / 200.0KiB | 0/2 blobs',
    ]);
    view.event({ type: 'done', blob: A }, 2);
    view.event(overall(100 * KiB, 100 * KiB, 1, 1), 2);
    clock.advance(100);
    expect(term.screen()).toEqual([
      'Copying blob 1b8871edb4de done',
      expect.stringContaining('10.0KiB / 100.0KiB'),
      'Total 10.0KiB / 100.0KiB | 0/1 blobs',
    ]);
  });

  it('smooths a row’s speed from its own samples', () => {
    const { term, clock, view } = setup();
    view.event(progress(B, 0));
    clock.advance(1000);
    view.event(progress(B, 100 * KiB));
    clock.advance(100);
    expect(term.screen()[0]).toMatch(/\| 100\.0 KiB\/s$/);
  });

  it('ignores events after close and leaves no timer behind', () => {
    const { term, clock, view } = setup();
    view.event(progress(A, 1));
    view.event(progress(A, 2));
    view.close();
    const frames = term.frames.length;
    view.event(progress(A, 3));
    clock.advance(1000);
    expect(term.frames.length).toBe(frames);
    expect(term.screen()).toEqual([]);
  });
});
