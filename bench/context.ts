import type { RegistryInstance } from '../test/harness/index.js';
import type { FixtureImage } from './fixtures/image.js';
import type { BenchOptions } from './options.js';
import type { Tools } from './tools.js';

/** Who a timed run is. `floor` is curl; `berth-j1` is `berth sync -j 1`. */
export type Tool = 'berth' | 'berth-j1' | 'skopeo' | 'floor';

/** One timed run, as recorded in results.json. */
export interface RunRecord {
  case: string;
  /** Fixture image (A or B) or a sub-case name (`sync`, `re-sync`). */
  subject: string;
  tool: Tool;
  round: number;
  wallMs: number;
  maxRssKiB: number;
  /** User + system CPU time of the process and its children. */
  cpuMs: number;
}

/** Whole-process time of one command in the startup case. */
export interface StartupResult {
  name: string;
  argv: string[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Mean user + system CPU time (hyperfine only). */
  cpuMs?: number;
  runs: number;
}

/** Start → first frame of one screen on a pty (issue 5), every timed run in round order. */
export interface TuiStartupResult {
  name: string;
  argv: string[];
  /** Spawn → the output first shows the screen (its title). */
  frameMs: number[];
  /** Spawn → the output shows the screen's list (the title's count); the floor: same as frame. */
  listedMs: number[];
  /** The main thread's time on a CPU up to the first frame (/proc/PID/schedstat). */
  cpuMs: number[];
  /** The main thread's time waiting for a CPU up to the first frame: the machine's other load. */
  waitMs: number[];
}

/** One keystroke of a typed filter on the big Tags screen, over every timed round. */
export interface TuiKeystroke {
  /** The key as written (`\x7f` is Backspace). */
  key: string;
  /** The filter after it. */
  filter: string;
  /** Tags matching that filter, as the frame shows them. */
  matches: number;
  /** Key written to the pty → the output shows the new filter and count, per round. */
  ms: number[];
}

/** What the tui case measured (issue 5). */
export interface TuiResult {
  columns: number;
  rows: number;
  startup: TuiStartupResult[];
  /** Tags in the big repository. */
  tags: number;
  /** Spawn → every tag listed (the title shows the full count), on the big repository. */
  loadMs: number;
  keystrokes: TuiKeystroke[];
  /** VmRSS (KiB) when every tag is listed, after the last filter round, and VmHWM at the end. */
  memory: { listedKiB: number; filteredKiB: number; peakKiB: number };
}

/** Everything the cases share during one bench run. */
export interface BenchContext {
  opts: BenchOptions;
  tools: Tools;
  /** The repository root. */
  root: string;
  /** Temp dir on tmpfs (like the registries' storage) for layouts the cases write. */
  tmp: string;
  /** Per-run logs of every tool invocation. */
  logDir: string;
  floorScript: string;
  /** `node [nodeFlags] dist/berth.mjs`. */
  berth(nodeFlags?: string[]): string[];
  /** berth subcommands `berth --help` lists; a case without its command skips berth. */
  berthCommands: Set<string>;
  /** Environment for berth and skopeo: a sandbox HOME so no user credentials or config apply. */
  env: NodeJS.ProcessEnv;
  /** The source registry holding the fixtures. */
  src: RegistryInstance;
  images: Record<string, FixtureImage>;
  /** OCI layouts of the copy fixtures, for `oci:` → registry. */
  ociSources: Record<string, string>;
  syncImages: FixtureImage[];
  records: RunRecord[];
  startup: StartupResult[];
  /** How the startup case measured: `hyperfine …` or the bench's own loop. */
  startupMethod?: string;
  tui?: TuiResult;
  /** Free-form notes the report prints under a case (checks, skipped tools). */
  notes: Record<string, string[]>;
  log(line: string): void;
  signal: AbortSignal;
}

/** Adds a note under `caseName` in the report. */
export function note(ctx: BenchContext, caseName: string, text: string): void {
  const list = ctx.notes[caseName] ?? [];
  list.push(text);
  ctx.notes[caseName] = list;
}
