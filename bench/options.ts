import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Every case the bench knows, in the order a full run takes them. */
export const CASES = [
  'reg-reg',
  'reg-oci',
  'oci-reg',
  'mount',
  'mount-check',
  'sync',
  'startup',
  'tui',
] as const;
export type CaseName = (typeof CASES)[number];

/** What one `bench/run.mjs` invocation does. */
export interface BenchOptions {
  quick: boolean;
  cases: CaseName[];
  /** Fixture images to copy: `A` (many layers) and/or `B` (one big layer). */
  images: string[];
  rounds: number;
  /** `berth sync -j N`. */
  syncJobs: number;
  /** Tags in the sync fixture repository. */
  syncTags: number;
  /**
   * The sync case's remote-registry variant: every request to either registry delayed by this many
   * ms through a fault proxy. 0 leaves the variant out.
   */
  syncLatencyMs: number;
  /** Runs per command in the startup case. */
  startupRuns: number;
  /** Timed runs per screen of the tui case's first frame, and its rounds of typed filters. */
  tuiRuns: number;
  /** Tags in the tui case's big repository (issue 5 asks for 100 000). */
  tuiTags: number;
  /** Run `npm run build` first so `dist/berth.mjs` is current. */
  build: boolean;
  /** The berth entry point to time; default `dist/berth.mjs`. */
  berthPath?: string;
  /** May run `apt-get install` for missing bench-only tools. */
  install: boolean;
  /** Time the startup case with hyperfine instead of the interleaved loop. */
  hyperfine: boolean;
  /** After timing, one extra berth run per copy case under `node --cpu-prof`. */
  profile: boolean;
  outDir: string;
  help: boolean;
}

export const USAGE = `Usage: node bench/run.mjs [options]

Times berth against skopeo (and a curl floor) on two local docker-registry processes.

  --quick             small fixtures, 2 rounds, 10 sync tags, 10 startup runs, 5 tui runs on
                      20 000 tags (development)
  --cases LIST        comma-separated subset of: ${CASES.join(', ')} (default: all)
  --images LIST       A (20 layers x 25 MiB) and/or B (1 layer x 512 MiB); default A,B
  --rounds N          timed rounds per case (default 5; --quick 2)
  --sync-jobs N       berth sync -j N (default 4)
  --sync-tags N       tags in the sync repository (default 50; --quick 10)
  --sync-latency MS   also sync with every request to both registries delayed by MS ms through a
                      proxy, as to a remote registry (default 20; 0: loopback only)
  --startup-runs N    runs per command for inspect/list-tags startup (default 30; --quick 10)
  --tui-runs N        tui case: first-frame runs per screen and rounds of typed filters
                      (default 20; --quick 5)
  --tui-tags N        tags in the tui case's big repository (default 100000; --quick 20000)
  --no-build          use dist/berth.mjs as it is instead of running npm run build
  --berth FILE        time this berth entry point instead of dist/berth.mjs (implies --no-build)
  --no-install        never apt-get install missing tools (time, curl, hyperfine); fail instead
  --hyperfine         time the startup case with hyperfine (installed if missing) instead of the
                      interleaved loop, which copes better with a busy machine
  --profile           one extra berth run per copy case with node --cpu-prof, summarised
  --out DIR           where results go (default .tmp/bench, ignored by git and biome)
  -h, --help          this text
`;

/** Parses the command line; throws a usage message on anything unknown. */
export function parseOptions(argv: string[], defaultOutDir: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      cases: { type: 'string' },
      images: { type: 'string' },
      rounds: { type: 'string' },
      'sync-jobs': { type: 'string' },
      'sync-tags': { type: 'string' },
      'sync-latency': { type: 'string' },
      'startup-runs': { type: 'string' },
      'tui-runs': { type: 'string' },
      'tui-tags': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      berth: { type: 'string' },
      'no-install': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      hyperfine: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick === true;
  const cases = list(values.cases, [...CASES]).map((name) => {
    if (!(CASES as readonly string[]).includes(name)) throw new Error(`unknown case ${name}\n\n${USAGE}`);
    return name as CaseName;
  });
  const images = list(values.images, ['A', 'B']).map((name) => {
    const upper = name.toUpperCase();
    if (upper !== 'A' && upper !== 'B') throw new Error(`unknown image ${name} (A or B)`);
    return upper;
  });
  return {
    quick,
    cases,
    images,
    rounds: count(values.rounds, quick ? 2 : 5, '--rounds'),
    syncJobs: count(values['sync-jobs'], 4, '--sync-jobs'),
    syncTags: count(values['sync-tags'], quick ? 10 : 50, '--sync-tags'),
    syncLatencyMs: count(values['sync-latency'], 20, '--sync-latency', 0),
    startupRuns: count(values['startup-runs'], quick ? 10 : 30, '--startup-runs'),
    tuiRuns: count(values['tui-runs'], quick ? 5 : 20, '--tui-runs'),
    tuiTags: count(values['tui-tags'], quick ? 20_000 : 100_000, '--tui-tags'),
    build: values['no-build'] !== true && values.berth === undefined,
    ...(values.berth !== undefined ? { berthPath: resolve(values.berth) } : {}),
    install: values['no-install'] !== true,
    profile: values.profile === true,
    hyperfine: values.hyperfine === true,
    outDir: values.out ?? defaultOutDir,
    help: values.help === true,
  };
}

function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function count(value: string | undefined, fallback: number, flag: string, least = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < least) {
    const what = least === 0 ? 'a whole number ≥ 0' : 'a positive integer';
    throw new Error(`${flag} needs ${what}, got ${value}`);
  }
  return n;
}
