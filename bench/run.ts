/**
 * berth against skopeo, side by side (issues 3 and 4): copy cases with a curl floor, a mount
 * check, sync of a tagged repository, whole-process time of inspect and list-tags, and the TUI on a
 * pseudo-terminal (first frame, filter keystrokes on 100 000 tags, memory). Run it with
 * `node bench/run.mjs` (see bench/README.md); results go to .tmp/bench/results.{md,json}.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { makeTempDir, removeTempDir } from '../test/harness/cleanup.js';
import { type RegistryInstance, startRegistry } from '../test/harness/index.js';
import type { BenchContext } from './context.js';
import { fixtureRepository } from './copy-cases.js';
import { runCopyCases } from './copy-runner.js';
import { pushFixture, writeOciLayout } from './fixtures/image.js';
import { copyFixture, copySpecs, syncFixtures } from './fixtures/specs.js';
import { runMountCheck } from './mount-check.js';
import { type BenchOptions, parseOptions, USAGE } from './options.js';
import { renderReport } from './report.js';
import { runStartupCase } from './startup-case.js';
import { runSyncCase, SYNC_REPOSITORY, syncTag } from './sync-case.js';
import { checkTools, versionOf } from './tools.js';
import { runTuiCase } from './tui-case.js';

const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Runs the benchmarks; resolves with the process exit code. */
export async function main(argv: string[], root: string): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseOptions(argv, join(root, '.tmp', 'bench'));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const tools = checkTools({ install: opts.install, hyperfine: opts.hyperfine, log });
  if (opts.build) {
    log('building dist/berth.mjs (npm run build)');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 2, 2] });
  }
  // Time a snapshot of the bundle (and any chunks beside it): dist/ may be rebuilt mid-run.
  const tmp = makeTempDir('bench');
  const built = opts.berthPath ?? join(root, 'dist', 'berth.mjs');
  mkdirSync(join(tmp, 'berth'));
  for (const file of readdirSync(dirname(built)).filter((f) => /\.(mjs|cjs|js)$/.test(f))) {
    copyFileSync(join(dirname(built), file), join(tmp, 'berth', file));
  }
  const berthPath = join(tmp, 'berth', basename(built));
  const help = execFileSync(process.execPath, [berthPath, '--help'], { encoding: 'utf8' });
  const berthCommands = new Set([...help.matchAll(/^\s+berth ([a-z][a-z-]*)/gm)].map((m) => m[1]!));
  log(`berth commands: ${[...berthCommands].join(' ')}`);

  const logDir = join(opts.outDir, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  if (opts.profile) rmSync(join(opts.outDir, 'profiles'), { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const home = join(tmp, 'home');
  for (const dir of ['home', 'run', 'config', 'data']) mkdirSync(join(tmp, dir), { mode: 0o700 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_RUNTIME_DIR: join(tmp, 'run'),
    XDG_CONFIG_HOME: join(tmp, 'config'),
    XDG_DATA_HOME: join(tmp, 'data'),
  };
  for (const key of ['REGISTRY_AUTH_FILE', 'DOCKER_CONFIG', 'CONTAINERS_REGISTRIES_CONF']) delete env[key];

  let src: RegistryInstance | undefined;
  try {
    src = await startRegistry({ mode: 'plain', signal: controller.signal });
    const ctx: BenchContext = {
      opts,
      tools,
      root,
      tmp,
      logDir,
      floorScript: join(root, 'bench', 'floor.sh'),
      berth: (nodeFlags = []) => [process.execPath, ...nodeFlags, berthPath],
      berthCommands,
      env,
      src,
      images: {},
      ociSources: {},
      syncImages: [],
      records: [],
      startup: [],
      notes: {},
      log,
      signal: controller.signal,
    };
    await setUpFixtures(ctx);
    const started = Date.now();
    await runCopyCases(ctx);
    if (opts.cases.includes('mount-check')) await runMountCheck(ctx);
    if (opts.cases.includes('sync')) await runSyncCase(ctx);
    if (opts.cases.includes('startup')) await runStartupCase(ctx);
    if (opts.cases.includes('tui')) await runTuiCase(ctx);
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    const report = renderReport(ctx, header(ctx, berthPath, built, minutes));
    mkdirSync(opts.outDir, { recursive: true });
    writeFileSync(join(opts.outDir, 'results.md'), report);
    writeFileSync(
      join(opts.outDir, 'results.json'),
      `${JSON.stringify({ options: opts, records: ctx.records, startup: ctx.startup, tui: ctx.tui, notes: ctx.notes }, null, 2)}\n`,
    );
    process.stdout.write(report);
    log(`results in ${join(opts.outDir, 'results.md')} and results.json; per-run logs in ${logDir}`);
    return 0;
  } catch (err) {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  } finally {
    await src?.stop();
    removeTempDir(tmp);
  }
}

async function setUpFixtures(ctx: BenchContext): Promise<void> {
  const { opts, src } = ctx;
  const cacheDir = join(ctx.root, 'bench', '.cache');
  const copyCases = ['reg-reg', 'reg-oci', 'oci-reg', 'mount', 'mount-check'];
  const needCopy = opts.cases.some((c) => copyCases.includes(c)) || opts.cases.includes('startup');
  if (needCopy) {
    for (const image of opts.images) {
      const fixture = await copyFixture(image, opts.quick, cacheDir, ctx.log);
      ctx.images[image] = fixture;
      const started = Date.now();
      await pushFixture(src, fixture, {
        repository: fixtureRepository(image),
        tag: 'latest',
        signal: ctx.signal,
      });
      ctx.log(
        `pushed ${image}: ${fixture.layers.length} layers, ${(fixture.totalBytes / 2 ** 20).toFixed(1)} MiB in ${Date.now() - started} ms`,
      );
      if (opts.cases.includes('oci-reg')) {
        const dir = join(ctx.tmp, `oci-src-${image}`);
        await writeOciLayout(dir, fixture, 'latest');
        ctx.ociSources[image] = dir;
      }
    }
  }
  if (opts.cases.includes('sync') || opts.cases.includes('startup')) {
    ctx.syncImages = await syncFixtures(opts.syncTags, cacheDir);
    for (const [i, image] of ctx.syncImages.entries()) {
      await pushFixture(src, image, { repository: SYNC_REPOSITORY, tag: syncTag(i), signal: ctx.signal });
    }
    ctx.log(`pushed ${SYNC_REPOSITORY}: ${ctx.syncImages.length} tags`);
  }
}

function header(ctx: BenchContext, berthPath: string, built: string, minutes: string): string[] {
  const { opts } = ctx;
  const specs = copySpecs(opts.quick);
  const fixtures = opts.images.map((name) => {
    const f = ctx.images[name];
    const spec = specs[name]!;
    const actual = f ? `, ${(f.totalBytes / 2 ** 20).toFixed(1)} MiB of gzip blobs in total` : '';
    return `${name} = ${spec.layers} × ${spec.layerBytes / 2 ** 20} MiB layers${actual}`;
  });
  // Only the copy, sync and startup cases use these fixtures and rounds (`--cases tui` does not).
  const copyOrSync = ctx.records.length > 0;
  const fixturesUsed = copyOrSync || ctx.startup.length > 0;
  return [
    `## Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${opts.quick ? ' (--quick)' : ''}`,
    '',
    `- Code: ${gitState(ctx.root)}`,
    `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; registries and layouts on tmpfs (\`/dev/shm\`)`,
    `- ${versionOf(process.execPath, [berthPath, '--version'])}${opts.berthPath ? ` (\`${built}\`)` : ''} on Node ${process.version}; ${versionOf('skopeo')}; docker-registry ${versionOf('docker-registry', ['--version']).replace(/^docker-registry\s*/, '')}; ${versionOf(ctx.tools.curl).split(' ').slice(0, 2).join(' ')}`,
    ...(fixturesUsed
      ? [
          `- Fixtures: ${fixtures.join('; ')}; sync repository of ${ctx.syncImages.length} tags (4 MiB shared layer + 256 KiB own layer each)`,
        ]
      : []),
    `- Load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min); other work on the machine shows up as noise`,
    copyOrSync
      ? `- ${opts.rounds} timed rounds, medians; berth, skopeo and the floor interleaved with the order rotating each round; peak RSS is the maximum over rounds (GNU time %M). Cases took ${minutes} min.`
      : `- Cases took ${minutes} min.`,
  ];
}

/** `abc1234` or `abc1234 + uncommitted changes`: what dist/berth.mjs was built from. */
function gitState(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? `commit ${head}` : `commit ${head} with uncommitted changes under src/`;
  } catch {
    return 'not a git checkout';
  }
}
