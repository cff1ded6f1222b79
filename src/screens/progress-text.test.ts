import { describe, expect, it } from 'vitest';
import { digestOf } from '../registry/digest/index.js';
import type { BlobRow } from '../store/index.js';
import {
  bar,
  blobLine,
  formatEta,
  formatSize,
  formatSpeed,
  orderBlobs,
  overallLine,
} from './progress-text.js';

const D = digestOf('layer');
const HEX = D.slice(7, 19);
const row = (patch: Partial<BlobRow>): BlobRow => ({
  digest: D,
  kind: 'layer',
  size: 2 * 1024 * 1024,
  bytes: 0,
  status: 'queued',
  bytesPerSecond: 0,
  ...patch,
});

describe('progress text', () => {
  it.each<{ name: string; blob: BlobRow; want: string }>([
    { name: 'queued', blob: row({}), want: `blob   ${HEX}  queued 2.0MiB` },
    {
      name: 'copying',
      blob: row({ status: 'copying', bytes: 1024 * 1024, bytesPerSecond: 512 * 1024 }),
      want: `blob   ${HEX}  █████░░░░░ 1.0MiB / 2.0MiB  512.0 KiB/s`,
    },
    {
      name: 'done',
      blob: row({ status: 'done', kind: 'config', size: 300 }),
      want: `config ${HEX}  done 300.0b`,
    },
    { name: 'skipped', blob: row({ status: 'skipped' }), want: `blob   ${HEX}  skipped: already exists` },
    {
      name: 'mounted',
      blob: row({ status: 'mounted', from: 'r/x' }),
      want: `blob   ${HEX}  mounted from r/x`,
    },
    {
      name: 'retrying',
      blob: row({ status: 'retrying', attempt: 3, error: 'reset' }),
      want: `blob   ${HEX}  retrying (attempt 3): reset`,
    },
    { name: 'failed', blob: row({ status: 'failed', error: 'boom' }), want: `blob   ${HEX}  failed: boom` },
  ])('a blob line: $name', ({ blob, want }) => {
    expect(blobLine(blob, 10)).toBe(want);
  });

  it('writes sizes, speeds, times and bars', () => {
    expect([formatSize(237), formatSize(4.3 * 1024 * 1024), formatSpeed(2.1 * 1024 * 1024)]).toEqual([
      '237.0b',
      '4.3MiB',
      '2.1 MiB/s',
    ]);
    expect([formatEta(0.2), formatEta(187), formatEta(7500)]).toEqual(['1s', '3m07s', '2h05m']);
    expect([bar(0, 0, 4), bar(1, 4, 4), bar(9, 4, 4)]).toEqual(['░░░░', '█░░░', '████']);
    expect(
      overallLine(
        {
          images: 1,
          blobs: [],
          bytes: 1024,
          total: 4096,
          blobsDone: 1,
          blobsTotal: 3,
          bytesPerSecond: 1024,
          etaSeconds: 3,
          manifestsWritten: 0,
        },
        4,
      ),
    ).toBe('overall █░░░ 1.0KiB / 4.0KiB  1/3 blobs  1.0 KiB/s  ETA 3s');
  });

  it('puts failed and moving blobs first, finished ones last', () => {
    const blobs = (['done', 'queued', 'copying', 'skipped', 'failed'] as const).map((status, i) =>
      row({ status, digest: digestOf(String(i)) }),
    );
    expect(orderBlobs(blobs).map((b) => b.status)).toEqual([
      'failed',
      'copying',
      'queued',
      'done',
      'skipped',
    ]);
  });
});
