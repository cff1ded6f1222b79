import { join } from 'node:path';
import { type FaultProxy, startFaultProxy, startRegistry } from '../test/harness/index.js';
import type { BenchContext, Tool } from './context.js';
import { note } from './context.js';
import { measure } from './measure.js';
import { rotate } from './stats.js';
import { registryTags } from './verify.js';

/** Repository of the sync fixture in the source registry. */
export const SYNC_REPOSITORY = 'bench/sync';

/** Record case of the remote-registry variant: both registries behind a delaying proxy. */
export const SYNC_LATENCY_CASE = 'sync-latency';

/** `v1.0.0`, `v1.0.1`, … */
export function syncTag(i: number): string {
  return `v1.0.${i}`;
}

/** One timed sync: who, between which hosts. */
interface SyncRun {
  tool: Tool;
  srcHost: string;
  dstHost: string;
}

function syncArgv(ctx: BenchContext, run: SyncRun): string[] {
  const { tool } = run;
  const prefix = tool === 'skopeo' ? ['skopeo'] : ctx.berth();
  const jobs = tool === 'berth' ? ['-j', String(ctx.opts.syncJobs)] : tool === 'berth-j1' ? ['-j', '1'] : [];
  return [
    ...prefix,
    'sync',
    '--src',
    'docker',
    '--dest',
    'docker',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    ...jobs,
    `${run.srcHost}/${SYNC_REPOSITORY}`,
    `${run.dstHost}/mirror`,
  ];
}

/**
 * `sync` of the tagged repository (issue 4): per round and tool, a fresh destination registry, a
 * first sync (everything copied) and a second one (nothing changed: berth should only HEAD).
 * skopeo sync has no parallelism; berth runs with `-j N` (the target) and `-j 1` (for scale).
 *
 * On loopback the registries' own CPU bounds the runs, which hides what `-j` buys against a remote
 * registry, where every request waits a round trip. So with `--sync-latency MS` each round also
 * runs every tool with both registries behind a fault proxy that delays each request by MS ms.
 */
export async function runSyncCase(ctx: BenchContext): Promise<void> {
  if (!ctx.berthCommands.has('sync'))
    note(ctx, 'sync', '`berth sync` is not registered in this build: berth was not timed.');
  const tools: Tool[] = ctx.berthCommands.has('sync') ? ['berth', 'berth-j1', 'skopeo'] : ['skopeo'];
  const latencyMs = ctx.opts.syncLatencyMs;
  const srcProxy = latencyMs > 0 ? await delayingProxy(ctx, ctx.src.url) : undefined;
  try {
    for (let round = 1; round <= ctx.opts.rounds; round++) {
      for (const tool of rotate(tools, round)) await syncRound(ctx, { tool, round });
      if (!srcProxy) continue;
      for (const tool of rotate(tools, round)) await syncRound(ctx, { tool, round, srcProxy });
    }
  } finally {
    await srcProxy?.stop();
  }
}

/** A fault proxy in front of `target` that holds every request `--sync-latency` ms. */
async function delayingProxy(ctx: BenchContext, target: string): Promise<FaultProxy> {
  const proxy = await startFaultProxy({ target, signal: ctx.signal });
  proxy.add({ fault: { kind: 'delay', ms: ctx.opts.syncLatencyMs }, times: Infinity });
  return proxy;
}

/**
 * One tool's first sync and re-sync into a fresh destination registry; through `srcProxy` and a
 * fresh delaying proxy in front of the destination when given (the latency variant).
 */
async function syncRound(
  ctx: BenchContext,
  opts: { tool: Tool; round: number; srcProxy?: FaultProxy },
): Promise<void> {
  const { tool, round, srcProxy } = opts;
  const caseName = srcProxy ? SYNC_LATENCY_CASE : 'sync';
  const expected = ctx.syncImages.length;
  const dst = await startRegistry({ mode: 'plain', signal: ctx.signal });
  let dstProxy: FaultProxy | undefined;
  try {
    if (srcProxy) dstProxy = await delayingProxy(ctx, dst.url);
    const run: SyncRun = {
      tool,
      srcHost: srcProxy?.host ?? ctx.src.host,
      dstHost: dstProxy?.host ?? dst.host,
    };
    const proxies = [srcProxy, dstProxy].filter((p) => p !== undefined);
    for (const subject of ['sync', 're-sync']) {
      for (const proxy of proxies) proxy.requests.length = 0; // the log would grow all run long
      const sample = await measure({
        time: ctx.tools.time,
        argv: syncArgv(ctx, run),
        logFile: join(ctx.logDir, `${caseName}-${tool}.log`),
        env: ctx.env,
        signal: ctx.signal,
      });
      const tags = await registryTags(dst, 'mirror/sync');
      if (tags.length !== expected)
        throw new Error(`${tool} ${caseName} ${subject} left ${tags.length} tags, expected ${expected}`);
      ctx.records.push({ case: caseName, subject, tool, round, ...sample });
      const requests = proxies.reduce((sum, p) => sum + p.requests.length, 0);
      ctx.log(
        `[${round}/${ctx.opts.rounds}] ${caseName} ${subject} ${tool}: ${(sample.wallMs / 1000).toFixed(2)} s, peak RSS ${(sample.maxRssKiB / 1024).toFixed(0)} MiB${srcProxy ? `, ${requests} delayed requests` : ''}`,
      );
    }
  } finally {
    await dstProxy?.stop();
    await dst.stop();
  }
}
