import { join } from 'node:path';
import { startRegistry } from '../test/harness/index.js';
import type { BenchContext, Tool } from './context.js';
import { note } from './context.js';
import { measure } from './measure.js';
import { rotate } from './stats.js';
import { registryTags } from './verify.js';

/** Repository of the sync fixture in the source registry. */
export const SYNC_REPOSITORY = 'bench/sync';

/** `v1.0.0`, `v1.0.1`, … */
export function syncTag(i: number): string {
  return `v1.0.${i}`;
}

function syncArgv(ctx: BenchContext, tool: Tool, dstHost: string): string[] {
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
    `${ctx.src.host}/${SYNC_REPOSITORY}`,
    `${dstHost}/mirror`,
  ];
}

/**
 * `sync` of the tagged repository (issue 4): per round and tool, a fresh destination registry, a
 * first sync (everything copied) and a second one (nothing changed: berth should only HEAD).
 * skopeo sync has no parallelism; berth runs with `-j N` (the target) and `-j 1` (for scale).
 */
export async function runSyncCase(ctx: BenchContext): Promise<void> {
  if (!ctx.berthCommands.has('sync'))
    note(ctx, 'sync', '`berth sync` is not registered in this build: berth was not timed.');
  const tools: Tool[] = ctx.berthCommands.has('sync') ? ['berth', 'berth-j1', 'skopeo'] : ['skopeo'];
  const expected = ctx.syncImages.length;
  for (let round = 1; round <= ctx.opts.rounds; round++) {
    for (const tool of rotate(tools, round)) {
      const dst = await startRegistry({ mode: 'plain', signal: ctx.signal });
      try {
        for (const subject of ['sync', 're-sync']) {
          const sample = await measure({
            time: ctx.tools.time,
            argv: syncArgv(ctx, tool, dst.host),
            logFile: join(ctx.logDir, `sync-${tool}.log`),
            env: ctx.env,
            signal: ctx.signal,
          });
          const tags = await registryTags(dst, 'mirror/sync');
          if (tags.length !== expected)
            throw new Error(`${tool} ${subject} left ${tags.length} tags, expected ${expected}`);
          ctx.records.push({ case: 'sync', subject, tool, round, ...sample });
          ctx.log(
            `[${round}/${ctx.opts.rounds}] ${subject} ${tool}: ${(sample.wallMs / 1000).toFixed(2)} s, peak RSS ${(sample.maxRssKiB / 1024).toFixed(0)} MiB`,
          );
        }
      } finally {
        await dst.stop();
      }
    }
  }
}
