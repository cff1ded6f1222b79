import { describe, expect, it } from 'vitest';
import type { BenchContext, RunRecord, Tool } from '../../bench/context.js';
import { parseOptions } from '../../bench/options.js';
import { renderSync } from '../../bench/report-cli.js';
import { SYNC_LATENCY_CASE } from '../../bench/sync-case.js';

/** The cells of each markdown table row in `out`, header first, the `|---|` line left out. */
function tableRows(out: readonly string[]): string[][] {
  return out
    .filter((line) => line.startsWith('|') && !line.startsWith('|---'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

/** One round of each tool's first sync and re-sync; re-syncs take a tenth of the first. */
function records(caseName: string, wallMs: Record<'berth' | 'berth-j1' | 'skopeo', number>): RunRecord[] {
  return (Object.entries(wallMs) as Array<[Tool, number]>).flatMap(([tool, ms]) =>
    (['sync', 're-sync'] as const).map((subject) => ({
      case: caseName,
      subject,
      tool,
      round: 1,
      wallMs: subject === 'sync' ? ms : ms / 10,
      cpuMs: 500,
      maxRssKiB: 80 * 1024,
    })),
  );
}

function context(runs: RunRecord[], syncLatencyMs: number): BenchContext {
  const opts = { ...parseOptions([], '/tmp/out'), syncLatencyMs };
  return { opts, records: runs, syncImages: new Array(50), notes: {} } as unknown as BenchContext;
}

const LOOPBACK = records('sync', { berth: 1100, 'berth-j1': 2000, skopeo: 2200 });
const REMOTE = records(SYNC_LATENCY_CASE, { berth: 4000, 'berth-j1': 14_000, skopeo: 16_000 });

describe('renderSync', () => {
  it('loopback only: one table, as before', () => {
    const out: string[] = [];
    renderSync(context(LOOPBACK, 0), out);
    expect(out.filter((l) => l.startsWith('### '))).toEqual(['### sync of a 50-tag repository (`sync`)']);
    expect(tableRows(out).map((r) => r.slice(0, 5))).toEqual([
      ['run', 'berth -j 4 s', 'berth -j 1 s', 'skopeo s', 'skopeo/berth -j 4 (≥ 3)'],
      ['first sync (everything copied)', '1.10', '2.00', '2.20', '2.00× ❌'],
      ['re-sync (nothing changed)', '0.11', '0.20', '0.22', '2.00× ❌'],
    ]);
  });

  it('with --sync-latency: a second table under its own title, same columns', () => {
    const out: string[] = [];
    renderSync(context([...LOOPBACK, ...REMOTE], 20), out);
    expect(out.filter((l) => l.startsWith('### '))).toEqual([
      '### sync of a 50-tag repository (`sync`)',
      '### sync of a 50-tag repository, each request delayed by 20 ms (a remote registry) (`sync`, `--sync-latency 20`)',
    ]);
    const rows = tableRows(out);
    expect(rows).toHaveLength(6);
    expect(rows[3]).toEqual(rows[0]);
    expect(rows.slice(4).map((r) => r.slice(0, 5))).toEqual([
      ['first sync (everything copied)', '4.00', '14.00', '16.00', '4.00× ✅'],
      ['re-sync (nothing changed)', '0.40', '1.40', '1.60', '4.00× ✅'],
    ]);
  });
});
