/**
 * V8's code cache for berth's own bundle. Node 20 has no module compile cache (Node 22 has),
 * so every run parsed and compiled ~4 MB of JavaScript, 60–90 ms before berth's first line
 * ran (measured by bench/). boot.ts compiles the bundle with the bytecode an earlier run left
 * here.
 *
 * V8 checks a cache only against its own version, its flags and the source's *length*, and
 * release builds keep no checksum of the bytecode, which it then runs. So the file name
 * carries a hash of the program (scripts/build.mjs), each file carries a CRC of its bytes,
 * and a cache is read only from a directory and file that are the user's own and writable by
 * nobody else. Nothing here may fail a command: a cache that cannot be read or written is
 * skipped, and a damaged one is replaced.
 */
import type { Stats } from 'node:fs';

// Built-ins are looked up, not imported: this runs before every command, and an ESM import
// of a built-in builds a module facade for it (bench/: ~1.5 ms for the loader's eight).
const {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} = process.getBuiltinModule('node:fs');
const { isAbsolute, join } = process.getBuiltinModule('node:path');
const { crc32 } = process.getBuiltinModule('node:zlib');

/** Where one build's cache for one kind of run lives. */
export interface CodeCacheLocation {
  dir: string;
  file: string;
  /** File-name prefix shared by every cache of this build. */
  prefix: string;
}

export interface CodeCacheLocationOptions {
  env: NodeJS.ProcessEnv;
  homeDir: string | undefined;
  /** Identifies the program and the Node that runs it (version, program hash, Node, arch). */
  key: string;
  /** The kind of run (a command name, or `tui`): each compiles different functions. */
  mode: string;
}

/** Caches of other builds are removed once they have not been written for this long. */
export const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;
const MAGIC = Buffer.from('berthcc1');
const HEADER = MAGIC.length + 4;

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
 * The kind of run for `args`: the first argument naming a command; `version` for `--version`
 * or `-v` alone (answered before the program's modules load, see src/cli/main.ts: its cache
 * would leave out everything `--help` needs); `tui` when there are only TUI arguments (an
 * image name, `--read-only`, `--no-color`); else `other` (`--help`, usage errors). Separate
 * caches keep the TUI or `inspect` from running with only the functions that a first
 * `--version` compiled.
 */
export function codeCacheMode(args: readonly string[], commands: readonly string[]): string {
  const command = args.find((a) => commands.includes(a));
  if (command) return command;
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) return 'version';
  const tuiOnly = args.every((a) => a === '--read-only' || a === '--no-color' || !a.startsWith('-'));
  return tuiOnly ? 'tui' : 'other';
}

/** Whether `st` is this user's and nobody else may write it. */
function ownPrivate(st: Stats): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

function ownDirectory(dir: string): boolean {
  const st = lstatSync(dir);
  return st.isDirectory() && ownPrivate(st);
}

/** The cached bytes, or undefined when there are none, they are damaged, or not safely ours. */
export function readCodeCache(loc: CodeCacheLocation): Buffer | undefined {
  try {
    if (!ownDirectory(loc.dir)) return undefined;
    const st = lstatSync(loc.file);
    if (!st.isFile() || !ownPrivate(st)) return undefined;
    const bytes = readFileSync(loc.file);
    if (bytes.length <= HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const data = bytes.subarray(HEADER);
    return bytes.readUInt32BE(MAGIC.length) === crc32(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores the cache `produce` makes, atomically (a private temp file renamed into place, so
 * concurrent runs never read half a file) in a 0700 directory of the user's own. `produce`
 * runs only once the temp file is open: serialising costs a few milliseconds, wasted where the
 * directory is not writable. Removes other builds' caches that have gone stale. Returns
 * whether it was stored.
 */
export function writeCodeCache(loc: CodeCacheLocation, produce: () => Uint8Array): boolean {
  const tmp = `${loc.file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(loc.dir, { recursive: true, mode: 0o700 });
    if (!ownDirectory(loc.dir)) return false;
    fd = openSync(tmp, 'wx', 0o600);
    const data = produce();
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header);
    header.writeUInt32BE(crc32(data), MAGIC.length);
    writeSync(fd, header);
    writeSync(fd, data);
    if (!ownPrivate(fstatSync(fd))) throw new Error('not private');
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, loc.file);
  } catch {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(tmp);
    return false;
  }
  removeStale(loc);
  return true;
}

/** Other builds' caches not written for STALE_AFTER_MS: two installs used in turn keep theirs. */
function removeStale(loc: CodeCacheLocation): void {
  try {
    const now = Date.now();
    for (const name of readdirSync(loc.dir)) {
      if (!/^code-.*\.bin$/.test(name) || name.startsWith(loc.prefix)) continue;
      const path = join(loc.dir, name);
      if (now - statSync(path).mtimeMs > STALE_AFTER_MS) removeQuietly(path);
    }
  } catch {
    // An unreadable directory, or another run cleaning up: leftovers go next time.
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Another run may be cleaning up at the same time.
  }
}
