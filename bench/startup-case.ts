import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, StartupResult } from './context.js';
import { note } from './context.js';
import { fixtureRepository } from './copy-cases.js';
import { measure, type Sample } from './measure.js';
import { floorCommands } from './startup-floors.js';
import { median, rotate } from './stats.js';
import { SYNC_REPOSITORY, syncTag } from './sync-case.js';

interface StartupCommand {
  name: string;
  argv: string[];
}

const WARMUP = 3;

/**
 * Whole-process time of `inspect` and `list-tags` (issue 4) against skopeo and a bare `node -e 0`:
 * what a script calling berth in a loop pays per call. An interleaved loop of our own by default,
 * hyperfine (no shell, warm-up runs) with `--hyperfine`; both report medians.
 */
export async function runStartupCase(ctx: BenchContext): Promise<void> {
  const image = `docker://${ctx.src.host}/${SYNC_REPOSITORY}:${syncTag(0)}`;
  const repo = `docker://${ctx.src.host}/${SYNC_REPOSITORY}`;
  const big = ctx.images.A ? `docker://${ctx.src.host}/${fixtureRepository('A')}:latest` : undefined;
  const berth = ctx.berth();
  const commands: StartupCommand[] = [{ name: 'node -e 0', argv: [process.execPath, '-e', '0'] }];
  commands.push({ name: 'berth --version', argv: [...berth, '--version'] });
  const has = (cmd: string) => ctx.berthCommands.has(cmd);
  if (has('inspect'))
    commands.push({ name: 'berth inspect', argv: [...berth, 'inspect', '--tls-verify=false', image] });
  commands.push({ name: 'skopeo inspect', argv: ['skopeo', 'inspect', '--tls-verify=false', image] });
  commands.push(
    ...(await floorCommands(ctx, { host: ctx.src.host, repo: SYNC_REPOSITORY, tag: syncTag(0) })),
  );
  if (has('inspect') && big)
    commands.push({
      name: `berth inspect (image A, ${ctx.images.A?.layers.length} layers)`,
      argv: [...berth, 'inspect', '--tls-verify=false', big],
    });
  if (big)
    commands.push({
      name: `skopeo inspect (image A, ${ctx.images.A?.layers.length} layers)`,
      argv: ['skopeo', 'inspect', '--tls-verify=false', big],
    });
  if (has('list-tags'))
    commands.push({ name: 'berth list-tags', argv: [...berth, 'list-tags', '--tls-verify=false', repo] });
  commands.push({ name: 'skopeo list-tags', argv: ['skopeo', 'list-tags', '--tls-verify=false', repo] });
  for (const cmd of ['inspect', 'list-tags']) {
    if (!has(cmd))
      note(ctx, 'startup', `\`berth ${cmd}\` is not registered in this build: berth was not timed.`);
  }
  ctx.startup =
    ctx.opts.hyperfine && ctx.tools.hyperfine
      ? await withHyperfine(ctx, ctx.tools.hyperfine, commands)
      : await withLoop(ctx, commands);
  for (const r of ctx.startup) ctx.log(`startup ${r.name}: median ${r.medianMs.toFixed(1)} ms`);
}

async function withHyperfine(
  ctx: BenchContext,
  hyperfine: string,
  commands: StartupCommand[],
): Promise<StartupResult[]> {
  const out = join(ctx.tmp, 'startup-hyperfine.json');
  const args = [
    '-N',
    '--style',
    'basic',
    '--warmup',
    String(WARMUP),
    '--runs',
    String(ctx.opts.startupRuns),
    '--export-json',
    out,
  ];
  for (const c of commands) args.push('-n', c.name, c.argv.join(' '));
  ctx.startupMethod = `hyperfine -N --warmup ${WARMUP} --runs ${ctx.opts.startupRuns}`;
  await run(hyperfine, args, ctx);
  const json = JSON.parse(await readFile(out, 'utf8')) as {
    results: Array<{
      median: number;
      min: number;
      max: number;
      user: number;
      system: number;
      times: number[];
    }>;
  };
  return commands.map((c, i) => {
    const r = json.results[i]!;
    return {
      name: c.name,
      argv: c.argv,
      medianMs: r.median * 1000,
      minMs: r.min * 1000,
      maxMs: r.max * 1000,
      cpuMs: (r.user + r.system) * 1000,
      runs: r.times.length,
    };
  });
}

/**
 * The default: rounds in which every command runs once, in an order that rotates, each under
 * GNU time. On a shared machine a burst of other work then hits all commands alike instead of
 * one command's whole batch, as it can with hyperfine's one-command-at-a-time runs.
 */
async function withLoop(ctx: BenchContext, commands: StartupCommand[]): Promise<StartupResult[]> {
  ctx.startupMethod = `interleaved rounds under GNU time, ${WARMUP} warm-up + ${ctx.opts.startupRuns} timed runs per command`;
  const samples = new Map<string, Sample[]>(commands.map((c) => [c.name, []]));
  for (let i = -WARMUP; i < ctx.opts.startupRuns; i++) {
    for (const c of rotate(commands, i)) {
      const sample = await measure({
        time: ctx.tools.time,
        argv: c.argv,
        logFile: join(ctx.logDir, 'startup.log'),
        env: ctx.env,
        signal: ctx.signal,
      });
      if (i >= 0) samples.get(c.name)!.push(sample);
    }
  }
  return commands.map((c) => {
    const runs = samples.get(c.name)!;
    const wall = runs.map((r) => r.wallMs);
    return {
      name: c.name,
      argv: c.argv,
      medianMs: median(wall),
      minMs: Math.min(...wall),
      maxMs: Math.max(...wall),
      cpuMs: median(runs.map((r) => r.cpuMs)),
      runs: runs.length,
    };
  });
}

function run(cmd: string, args: string[], ctx: BenchContext, quiet = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: quiet ? 'ignore' : ['ignore', 2, 2],
      env: ctx.env,
      signal: ctx.signal,
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
  });
}
