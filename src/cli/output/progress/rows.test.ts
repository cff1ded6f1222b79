import { describe, expect, it } from 'vitest';
import type { BlobRef } from '../../../registry/copy/index.js';
import type { Digest } from '../../../registry/digest/index.js';
import { bar, blobRow, clip, totalRow } from './rows.js';

const MiB = 1024 * 1024;
const layer: BlobRef = {
  digest: `sha256:1b8871edb4de${'0'.repeat(52)}` as Digest,
  size: Math.round(25.9 * MiB),
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  kind: 'layer',
};

describe('bar', () => {
  it.each([
    { name: 'empty', bytes: 0, want: '[----------]' },
    { name: 'a tenth', bytes: 10, want: '[>---------]' },
    { name: 'half', bytes: 50, want: '[====>-----]' },
    { name: 'full', bytes: 100, want: '[==========]' },
    { name: 'more than the size stays full', bytes: 150, want: '[==========]' },
  ])('$name', ({ bytes, want }) => {
    expect(bar(bytes, 100, 10)).toBe(want);
  });

  it('a zero-byte blob is full', () => {
    expect(bar(0, 0, 4)).toBe('[====]');
  });
});

describe('blobRow', () => {
  const row = { blob: layer, bytes: Math.round(4.3 * MiB), total: layer.size, speed: 2.1 * MiB };

  it('has skopeo’s layout at full width: 25-character prefix, 40-column bar, counters, speed', () => {
    expect(blobRow(row, 119)).toBe(
      'Copying blob 1b8871edb4de [=====>--------------------------------] 4.3MiB / 25.9MiB | 2.1 MiB/s',
    );
  });

  it.each([60, 50, 40, 30, 20])('never exceeds %i columns', (width) => {
    expect(blobRow(row, width).length).toBeLessThanOrEqual(width);
  });

  it.each([
    { name: 'narrower bar, speed kept', width: 70, has: ['| 2.1 MiB/s', '4.3MiB / 25.9MiB', '['] },
    {
      name: 'speed dropped before the bar goes',
      width: 55,
      has: ['4.3MiB / 25.9MiB', '['],
      lacks: ['MiB/s'],
    },
    { name: 'bar dropped, counters kept', width: 50, has: ['4.3MiB / 25.9MiB'], lacks: ['['] },
  ])('$name', ({ width, has, lacks = [] }) => {
    const text = blobRow(row, width);
    for (const s of has) expect(text).toContain(s);
    for (const s of lacks) expect(text).not.toContain(s);
  });

  it('shows a retry instead of the bar', () => {
    const text = blobRow({ ...row, retry: { attempt: 2, error: 'connection reset' } }, 100);
    expect(text).toBe('Copying blob 1b8871edb4de retrying (attempt 2): connection reset');
  });

  it('leaves the speed out until there is one', () => {
    expect(blobRow({ blob: layer, bytes: 0, total: layer.size }, 119)).toMatch(/\] 0\.0b \/ 25\.9MiB$/);
  });
});

describe('totalRow', () => {
  const t = {
    bytes: 12.3 * MiB,
    total: 45.6 * MiB,
    blobs: 3,
    blobsTotal: 10,
    bytesPerSecond: 2.1 * MiB,
    etaSeconds: 15,
  };

  it.each([
    { name: 'everything', width: 100, want: 'Total 12.3MiB / 45.6MiB | 3/10 blobs | 2.1 MiB/s | ETA 15s' },
    { name: 'ETA dropped first', width: 50, want: 'Total 12.3MiB / 45.6MiB | 3/10 blobs | 2.1 MiB/s' },
    { name: 'then speed', width: 40, want: 'Total 12.3MiB / 45.6MiB | 3/10 blobs' },
    { name: 'then cut', width: 12, want: 'Total 12.3Mi' },
  ])('$name', ({ width, want }) => {
    expect(totalRow(t, width)).toBe(want);
  });

  it('says nothing of speed and ETA before there is a speed', () => {
    expect(totalRow({ ...t, bytesPerSecond: 0, etaSeconds: undefined }, 100)).toBe(
      'Total 12.3MiB / 45.6MiB | 3/10 blobs',
    );
  });
});

describe('clip', () => {
  it('cuts by characters, not UTF-16 units', () => {
    expect(clip('ab😀cd', 3)).toBe('ab😀');
  });
});
