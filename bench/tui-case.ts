/**
 * The TUI on a real pseudo-terminal (issue 5), with the built berth: start → first frame of the
 * Registries screen and of a small repository's Tags screen (against a bare node on the same
 * pty, the floor), each filter keystroke → its frame on a repository of 100 000 tags, and the
 * memory berth holds on that screen (VmRSS and VmHWM from /proc).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinaries } from '../test/harness/index.js';
import { pushManyTags, versionTags } from '../test/tui/tag-list-kit.js';
import type { BenchContext, TuiKeystroke, TuiResult, TuiStartupResult } from './context.js';
import { readProcMemory, readSchedTimes, type SchedTimes } from './proc-status.js';
import { startPty } from './pty-session.js';
import { rotate } from './stats.js';

/** The small repository whose Tags screen start-up opens. */
export const TUI_SMALL_REPOSITORY = 'bench/tui-small';
/** The repository of `--tui-tags` tags (100 000 by default) the filter is typed on. */
export const TUI_BIG_REPOSITORY = 'bench/tui-tags';
const SMALL_TAGS = 12;
/** Issue 5 states the keystroke target at 80 × 24; start-up uses the same size. */
const COLUMNS = 80;
const ROWS = 24;
/**
 * Output silence before the next key: longer than Ink's render throttle (berth draws at most
 * 15 frames a second, one per 67 ms), so a key's frame is never held back by the frame before
 * it, and the enrichment of the rows a filter shows has settled. A person typing a filter is
 * slower than this, so it measures what they see.
 */
const SETTLE_MS = 250;
/** The filter typed one key at a time, then erased one Backspace at a time. */
const TYPED = '1.2-sl';
const BACKSPACE = '\x7f';
/** Listing 100 000 tags page by page on a busy machine. */
const LOAD_TIMEOUT_MS = 600_000;

/** A start-up subject: what it runs, the pattern of its first frame and of its listed rows. */
interface Screen {
  name: string;
  argv: string[];
  frame: RegExp;
  listed: RegExp;
  /** Keys that quit it; `''` when it exits by itself. */
  quit: string;
}

/** Runs the case into `ctx.tui`. */
export async function runTuiCase(ctx: BenchContext): Promise<void> {
  requireBinaries(['script']);
  const env = tuiEnv(ctx);
  await pushManyTags(ctx.src, { repository: TUI_SMALL_REPOSITORY, tags: versionTags(SMALL_TAGS) });
  const started = Date.now();
  await pushManyTags(ctx.src, { repository: TUI_BIG_REPOSITORY, tags: versionTags(ctx.opts.tuiTags) });
  ctx.log(`pushed ${TUI_BIG_REPOSITORY}: ${ctx.opts.tuiTags} tags in ${Date.now() - started} ms`);

  const startup = await timeStartup(ctx, env);
  for (const r of startup)
    ctx.log(`tui ${r.name}: first frame in ${r.frameMs.map((ms) => ms.toFixed(0)).join(' ')} ms`);
  const typed = await typeFilters(ctx, env);
  ctx.tui = { columns: COLUMNS, rows: ROWS, startup, tags: ctx.opts.tuiTags, ...typed };
}

/**
 * The bench's sandbox environment on a terminal: the source registry marked insecure in a
 * registries.conf of its own (it is plain HTTP; the TUI has no --tls-verify flag), no CI
 * variables (Ink draws nothing interactive when it believes it runs in CI).
 */
function tuiEnv(ctx: BenchContext): NodeJS.ProcessEnv {
  const conf = join(ctx.tmp, 'tui-registries.conf');
  writeFileSync(conf, `[[registry]]\nlocation = "${ctx.src.host}"\ninsecure = true\n`);
  const env: NodeJS.ProcessEnv = { ...ctx.env, TERM: 'xterm-256color', CONTAINERS_REGISTRIES_CONF: conf };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  return env;
}

/** Interleaved rounds of every screen, the order rotating; the first round is a discarded warm-up. */
async function timeStartup(ctx: BenchContext, env: NodeJS.ProcessEnv): Promise<TuiStartupResult[]> {
  const screens: Screen[] = [
    {
      name: 'pty floor: node writes one character',
      argv: [process.execPath, '-e', "process.stdout.write('x')"],
      frame: /x/,
      listed: /x/,
      quit: '',
    },
    {
      name: '`berth` (Registries)',
      argv: ctx.berth(),
      frame: /Registries \d/,
      listed: /Registries [1-9]/,
      quit: 'q',
    },
    {
      name: `\`berth docker://…/${TUI_SMALL_REPOSITORY}\` (Tags, ${SMALL_TAGS} tags)`,
      argv: [...ctx.berth(), `docker://${ctx.src.host}/${TUI_SMALL_REPOSITORY}`],
      frame: /Tags \d/,
      listed: new RegExp(`Tags ${SMALL_TAGS} by`),
      quit: 'q',
    },
  ];
  const results = new Map<string, TuiStartupResult>(
    screens.map((s) => [
      s.name,
      { name: s.name, argv: s.argv, frameMs: [], listedMs: [], cpuMs: [], waitMs: [] },
    ]),
  );
  for (let round = -1; round < ctx.opts.tuiRuns; round++) {
    for (const screen of rotate(screens, round)) {
      const t = await timeStart(env, screen);
      const r = results.get(screen.name);
      if (round < 0 || !r) continue;
      r.frameMs.push(t.frameMs);
      r.listedMs.push(t.listedMs);
      r.cpuMs.push(t.cpuMs);
      r.waitMs.push(t.waitMs);
    }
  }
  return [...results.values()];
}

/** One run: spawn → first frame → listed, then quit it and wait for the exit. */
async function timeStart(
  env: NodeJS.ProcessEnv,
  s: Screen,
): Promise<{ frameMs: number; listedMs: number } & SchedTimes> {
  const pty = startPty({ argv: s.argv, env, columns: COLUMNS, rows: ROWS });
  try {
    const frame = await pty.waitFor(s.frame);
    // Read as the frame arrives (the shell exec'd the program: one pid, one main thread).
    const pid = pty.programPid();
    const sched = pid === undefined ? { cpuMs: Number.NaN, waitMs: Number.NaN } : readSchedTimes(pid);
    const listed = await pty.waitFor(s.listed);
    const code = await pty.stop({ keys: s.quit });
    if (code !== 0) throw new Error(`${s.name} exited with ${code} after ${s.quit || 'its output'}`);
    return { frameMs: frame.at - pty.startedAt, listedMs: listed.at - pty.startedAt, ...sched };
  } finally {
    await pty.stop({ timeoutMs: 2_000 });
  }
}

/** The filter line when `filter` is typed in: `/1.2▮      8100/100000`; group 1 is the count. */
export function filterLine(filter: string, total: number): RegExp {
  const text = filter === '' ? ' type to filter' : filter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`/${text}\\s+(\\d+)/${total}`);
}

/** Each key of `typed`, then Backspace back to nothing, with the filter after each. */
export function keySteps(typed: string): Array<{ key: string; filter: string }> {
  const chars = [...typed];
  const typing = chars.map((key, i) => ({ key, filter: chars.slice(0, i + 1).join('') }));
  const erasing = chars.map((_, i) => ({
    key: BACKSPACE,
    filter: chars.slice(0, chars.length - i - 1).join(''),
  }));
  return [...typing, ...erasing];
}

/**
 * One berth on the big repository's Tags screen: wait until every tag is listed, open the filter,
 * then in rounds (the first a warm-up) type {@link TYPED} and erase it, timing each key from its
 * write to the frame showing the new filter and count.
 */
async function typeFilters(
  ctx: BenchContext,
  env: NodeJS.ProcessEnv,
): Promise<Pick<TuiResult, 'loadMs' | 'keystrokes' | 'memory'>> {
  const total = ctx.opts.tuiTags;
  const pty = startPty({
    argv: [...ctx.berth(), `docker://${ctx.src.host}/${TUI_BIG_REPOSITORY}`],
    env,
    columns: COLUMNS,
    rows: ROWS,
  });
  try {
    const listed = await pty.waitFor(new RegExp(`Tags ${total} by`), { timeoutMs: LOAD_TIMEOUT_MS });
    const loadMs = listed.at - pty.startedAt;
    ctx.log(`tui: ${total} tags listed ${(loadMs / 1000).toFixed(1)} s after the start`);
    await pty.quiet(SETTLE_MS);
    const pid = pty.programPid();
    if (pid === undefined) throw new Error('berth is not running under script');
    const listedKiB = readProcMemory(pid).rssKiB;

    const keystrokes: TuiKeystroke[] = keySteps(TYPED).map((s) => ({ ...s, matches: Number.NaN, ms: [] }));
    let since = pty.mark();
    pty.write('/');
    await pty.waitFor(filterLine('', total), { since });
    await pty.quiet(SETTLE_MS);
    for (let round = -1; round < ctx.opts.tuiRuns; round++) {
      for (const k of keystrokes) {
        since = pty.mark();
        const at = pty.write(k.key);
        const shown = await pty.waitFor(filterLine(k.filter, total), { since });
        if (round >= 0) k.ms.push(shown.at - at);
        k.matches = Number(shown.match[1]);
        await pty.quiet(SETTLE_MS);
      }
    }
    const { rssKiB, hwmKiB } = readProcMemory(pid);
    return { loadMs, keystrokes, memory: { listedKiB, filteredKiB: rssKiB, peakKiB: hwmKiB } };
  } finally {
    await pty.stop();
  }
}
