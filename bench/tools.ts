import { execFileSync, spawnSync } from 'node:child_process';
import { findBinary, requireBinaries } from '../test/harness/index.js';

/** Bench-only tools and the Debian package that provides each. */
const PACKAGES: Record<string, string> = {
  time: 'time',
  curl: 'curl',
  hyperfine: 'hyperfine',
};

/** What the bench found on this machine. */
export interface Tools {
  /** GNU time, for peak RSS (`-f %M`). */
  time: string;
  curl: string;
  /** Only looked for with `--hyperfine`; absent, the startup case uses its own loop. */
  hyperfine?: string;
}

/**
 * Checks the tools the benchmarks need. skopeo and docker-registry are the project's test
 * dependencies and must already be there. GNU time, curl and hyperfine are bench-only: when one is
 * missing and `install` is allowed (and we are root with apt-get), it is installed with
 * `apt-get install -y`, and the bench says so on stderr. CI never runs benchmarks.
 */
export function checkTools(opts: {
  install: boolean;
  hyperfine: boolean;
  log: (line: string) => void;
}): Tools {
  requireBinaries(['skopeo', 'docker-registry', 'bash', 'xargs']);
  const timePath = () => (findBinary('time') && isGnuTime('/usr/bin/time') ? '/usr/bin/time' : undefined);
  const missing = [
    ...(timePath() ? [] : ['time']),
    ...(findBinary('curl') ? [] : ['curl']),
    ...(!opts.hyperfine || findBinary('hyperfine') ? [] : ['hyperfine']),
  ];
  if (missing.length > 0) {
    const packages = missing.map((name) => PACKAGES[name]!);
    const canInstall = opts.install && process.getuid?.() === 0 && findBinary('apt-get') !== undefined;
    if (canInstall) {
      opts.log(`installing benchmark-only tools with apt-get: ${packages.join(' ')}`);
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } else {
      opts.log(
        `missing benchmark-only tools: ${packages.join(' ')} (install with apt-get install ${packages.join(' ')})`,
      );
    }
  }
  const time = timePath();
  const curl = findBinary('curl');
  if (!time || !curl) throw new Error('the benchmarks need GNU time (/usr/bin/time) and curl');
  const hyperfine = findBinary('hyperfine');
  if (opts.hyperfine && !hyperfine)
    opts.log('hyperfine not found: the startup case uses its own interleaved loop');
  return { time, curl, ...(hyperfine ? { hyperfine } : {}) };
}

function isGnuTime(path: string): boolean {
  // BusyBox and BSD `time` take no `-f %M`; only GNU time says "GNU" in its version text.
  const run = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.includes('GNU');
}

/** First line of `cmd --version`, for the results header. */
export function versionOf(cmd: string, args: string[] = ['--version']): string {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().split('\n')[0] ?? '';
  } catch {
    return 'unknown';
  }
}
