/**
 * V8's code cache for berth's own bundle. Node 20 has no module compile cache (Node 22 has),
 * so every run parsed and compiled ~4 MB of JavaScript, 60–90 ms before berth's first line
 * ran (measured by bench/). boot.ts compiles the bundle with the bytecode an earlier run left
 * here; V8 checks the cache against its version, its flags and the source, and ignores it
 * when it does not fit, so a stale or damaged file costs one ordinary compile and is replaced.
 * Nothing here may fail a command: a cache that cannot be read or written is simply skipped.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Where one build's cache for one kind of run lives. */
export interface CodeCacheLocation {
  dir: string;
  file: string;
  /** File-name prefix shared by every cache of this build: older builds' files are removed. */
  prefix: string;
}

export interface CodeCacheLocationOptions {
  env: NodeJS.ProcessEnv;
  homeDir: string | undefined;
  /** Identifies the bundle and the Node that runs it (version, size, mtime). */
  key: string;
  /** The kind of run (a command name, or `tui`): each compiles different functions. */
  mode: string;
}

/** Where the cache goes (XDG cache dir), or undefined when caching is off or there is no home. */
export function codeCacheLocation(opts: CodeCacheLocationOptions): CodeCacheLocation | undefined {
  if (opts.env.BERTH_CODE_CACHE === '0') return undefined;
  const xdg = opts.env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : opts.homeDir ? join(opts.homeDir, '.cache') : undefined;
  if (!base) return undefined;
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const dir = join(base, 'berth');
  const prefix = `code-${safe(opts.key)}-`;
  return { dir, prefix, file: join(dir, `${prefix}${safe(opts.mode)}.bin`) };
}

/**
 * The kind of run for `args`: the first argument naming a command; `tui` when there are only
 * TUI arguments (an image name, `--read-only`, `--no-color`); else `other` (`--version`,
 * `--help`, usage errors). Separate caches keep the TUI or `inspect` from running with only
 * the functions that a first `--version` compiled.
 */
export function codeCacheMode(args: readonly string[], commands: readonly string[]): string {
  const command = args.find((a) => commands.includes(a));
  if (command) return command;
  const tuiOnly = args.every((a) => a === '--read-only' || a === '--no-color' || !a.startsWith('-'));
  return tuiOnly ? 'tui' : 'other';
}

/** The cached bytes, or undefined when there are none (or they cannot be read). */
export function readCodeCache(loc: CodeCacheLocation): Buffer | undefined {
  try {
    return readFileSync(loc.file);
  } catch {
    return undefined;
  }
}

/**
 * Stores `data` atomically (a private temp file renamed into place, so concurrent runs never
 * read half a file) in a 0700 directory, and removes caches of other builds. Returns whether
 * it was stored.
 */
export function writeCodeCache(loc: CodeCacheLocation, data: Uint8Array): boolean {
  const tmp = `${loc.file}.${process.pid}.tmp`;
  try {
    mkdirSync(loc.dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, loc.file);
  } catch {
    removeQuietly(tmp);
    return false;
  }
  try {
    for (const name of readdirSync(loc.dir)) {
      if (/^code-.*\.bin$/.test(name) && !name.startsWith(loc.prefix)) removeQuietly(join(loc.dir, name));
    }
  } catch {
    // An unreadable directory: leftovers go next time.
  }
  return true;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Another run may be cleaning up at the same time.
  }
}
