import type { BenchContext, Tool } from './context.js';
import { mark, mib, ok, sec, summarise, TARGETS, times } from './report-format.js';
import { FLOOR_NAMES } from './startup-floors.js';
import { ratio } from './stats.js';
import { SYNC_LATENCY_CASE } from './sync-case.js';

/**
 * The sync tables (issue 4): first sync and re-sync, berth -j N and -j 1 against skopeo, on
 * loopback and, when the run had `--sync-latency`, with every request delayed as to a remote registry.
 */
export function renderSync(ctx: BenchContext, out: string[]): void {
  const tags = ctx.syncImages.length;
  if (ctx.records.some((r) => r.case === 'sync')) {
    out.push(`### sync of a ${tags}-tag repository (\`sync\`)`, '');
    renderSyncTable(ctx, out, 'sync');
  }
  if (ctx.records.some((r) => r.case === SYNC_LATENCY_CASE)) {
    const ms = ctx.opts.syncLatencyMs;
    out.push(
      `### sync of a ${tags}-tag repository, each request delayed by ${ms} ms (a remote registry) (\`sync\`, \`--sync-latency ${ms}\`)`,
      '',
      `Both registries behind the harness's fault proxy, which holds every request ${ms} ms before forwarding it: one extra round trip per request. The proxy runs in the bench's Node process; its CPU is not in the tools' CPU column.`,
      '',
    );
    renderSyncTable(ctx, out, SYNC_LATENCY_CASE);
  }
  for (const n of ctx.notes.sync ?? []) out.push(n, '');
}

function renderSyncTable(ctx: BenchContext, out: string[], caseName: string): void {
  const j = ctx.opts.syncJobs;
  out.push(
    `| run | berth -j ${j} s | berth -j 1 s | skopeo s | skopeo/berth -j ${j} (≥ 3) | CPU s berth -j ${j} / skopeo | berth RSS MiB | skopeo RSS MiB |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const subject of ['sync', 're-sync']) {
    const s = (tool: Tool) => summarise(ctx.records, caseName, subject, tool);
    const [berth, berth1, skopeo] = [s('berth'), s('berth-j1'), s('skopeo')];
    const speedup = ratio(skopeo.wallMs, berth.wallMs);
    const cells = [
      subject === 'sync' ? 'first sync (everything copied)' : 're-sync (nothing changed)',
      sec(berth.wallMs),
      sec(berth1.wallMs),
      sec(skopeo.wallMs),
      `${times(speedup)}${mark(speedup, (v) => v >= TARGETS.syncSpeedup)}`,
      `${sec(berth.cpuMs)} / ${sec(skopeo.cpuMs)}`,
      mib(berth.maxRssKiB),
      mib(skopeo.maxRssKiB),
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');
}

/** The whole-process table (issue 4): each command against a bare `node -e 0`. */
export function renderStartup(ctx: BenchContext, out: string[]): void {
  if (ctx.startup.length === 0) return;
  out.push('### Whole-process time (`startup`)', '', `Measured with ${ctx.startupMethod}.`, '');
  out.push(
    '| command | median ms | min ms | max ms | CPU ms | over `node -e 0` | berth ≤ node + 30 ms |',
    '|---|---:|---:|---:|---:|---:|---|',
  );
  const node = ctx.startup.find((r) => r.name === 'node -e 0')?.medianMs ?? Number.NaN;
  for (const r of ctx.startup) {
    const over = r.medianMs - node;
    const judged = r.name.startsWith('berth ') && r.name !== 'berth --version';
    const cells = [
      `\`${r.name}\``,
      r.medianMs.toFixed(1),
      r.minMs.toFixed(1),
      r.maxMs.toFixed(1),
      r.cpuMs === undefined ? '—' : r.cpuMs.toFixed(0),
      r.name === 'node -e 0' ? '' : `${over >= 0 ? '+' : ''}${over.toFixed(1)} ms`,
      judged ? ok(over <= TARGETS.startupOverNodeMs) : '',
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');
  if (ctx.startup.some((r) => FLOOR_NAMES.includes(r.name)))
    out.push(
      "The floors (bench/floor-*.mjs) do only `inspect`'s requests — https tried first, the ping, the manifest, then config and tags together — with node:http or with undici, bundled as berth is: what any Node program doing this work pays.",
      '',
    );
  for (const n of ctx.notes.startup ?? []) out.push(n, '');
}
