import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, Tool } from './context.js';
import { note } from './context.js';
import { COPY_CASES, type CopyCase } from './copy-cases.js';
import { measure } from './measure.js';
import { summariseProfile } from './profile-summary.js';
import { rotate } from './stats.js';

const MiB = 1024;

/**
 * Runs the selected copy cases: every round takes each case and image in turn and runs berth,
 * skopeo and the curl floor back to back, in an order that rotates every round so no tool always
 * goes first (or always follows the same neighbour).
 */
export async function runCopyCases(ctx: BenchContext): Promise<void> {
  const cases = COPY_CASES.filter((c) => (ctx.opts.cases as string[]).includes(c.name));
  if (cases.length === 0) return;
  const tools: Tool[] = ctx.berthCommands.has('copy') ? ['berth', 'skopeo', 'floor'] : ['skopeo', 'floor'];
  if (!tools.includes('berth')) {
    for (const c of cases)
      note(ctx, c.name, '`berth copy` is not registered in this build: berth was not timed.');
  }
  for (const c of cases.filter((c) => c.warmup)) {
    for (const image of ctx.opts.images) {
      for (const tool of tools) await runOnce(ctx, c, image, tool, 0);
    }
  }
  for (let round = 1; round <= ctx.opts.rounds; round++) {
    for (const c of cases) {
      for (const image of ctx.opts.images) {
        for (const tool of rotate(tools, round)) {
          const sample = await runOnce(ctx, c, image, tool, round);
          ctx.records.push({ case: c.name, subject: image, tool, round, ...sample });
          const rss = tool === 'floor' ? '' : `, peak RSS ${(sample.maxRssKiB / MiB).toFixed(0)} MiB`;
          ctx.log(
            `[${round}/${ctx.opts.rounds}] ${c.name} ${image} ${tool}: ${(sample.wallMs / 1000).toFixed(2)} s${rss}`,
          );
        }
      }
    }
  }
  if (ctx.opts.profile && tools.includes('berth')) await profileCases(ctx, cases);
}

async function runOnce(
  ctx: BenchContext,
  c: CopyCase,
  image: string,
  tool: Tool,
  round: number,
  nodeFlags?: string[],
) {
  const prepared = await c.prepare(ctx, image, tool, round, nodeFlags);
  try {
    return await measure({
      time: ctx.tools.time,
      argv: prepared.argv,
      logFile: join(ctx.logDir, `${c.name}-${image}-${tool}.log`),
      env: { ...ctx.env, FLOOR_JOBS: '6' },
      cwd: ctx.root,
      signal: ctx.signal,
    });
  } finally {
    await prepared.done();
  }
}

/** One extra berth run per case and image under `node --cpu-prof`, summarised into the notes. */
async function profileCases(ctx: BenchContext, cases: CopyCase[]): Promise<void> {
  for (const c of cases) {
    for (const image of ctx.opts.images) {
      const dir = join(ctx.opts.outDir, 'profiles', `${c.name}-${image}`);
      await mkdir(dir, { recursive: true });
      const before = new Set(await readdir(dir));
      await runOnce(ctx, c, image, 'berth', 0, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
      if (!file) continue;
      const summary = await summariseProfile(join(dir, file));
      ctx.log(`profile ${c.name} ${image}: ${join(dir, file)}`);
      note(ctx, `profile:${c.name}`, `${image} (\`${join(dir, file)}\`):\n\n${summary}`);
    }
  }
}
