/**
 * Recently used registries and local OCI layouts, kept between runs in a small JSON file under
 * the XDG state directory (`$XDG_STATE_HOME/berth/recent.json`, else
 * `~/.local/state/berth/recent.json`). The file is a convenience: a missing, unreadable or
 * malformed file counts as empty, a malformed entry is dropped, and a write that fails is
 * reported without failing what the user did. Writes replace the file atomically so a crash
 * never leaves half a file behind, and one file's writes run one after another so two uses
 * recorded at once both land.
 *
 * The format is `{ version: 1, registries: [...], layouts: [...] }`. `layouts` came later:
 * a file without it still reads, and a berth that predates it reads the registries and
 * ignores the rest.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type ImageName, parseImageName } from '../registry/ref/index.js';
import { writeFileAtomic } from '../registry/transports/local/write-file-atomic.js';

/** One recently used registry. */
export interface RecentRegistry {
  /** `host[:port]`. */
  registry: string;
  /** When it was last opened, in ms since the epoch. */
  usedAt: number;
  /** The user turned TLS verification off for it (the login or add form). */
  tlsVerify?: false;
}

/**
 * A local layout as the recents file names it. Only `oci:` layouts are kept: they are the
 * one local kind whose images the Tags screen lists (its `index.json`); `oci-archive:`,
 * `dir:` and `docker-archive:` names are opened as single images, with no list to come back to.
 */
export interface RecentLayoutName {
  transport: 'oci';
  /** Absolute and normalized (see {@link isRecentLayoutPath}). */
  path: string;
}

/** One recently opened local layout. */
export interface RecentLayout extends RecentLayoutName {
  /** When it was last opened, in ms since the epoch. */
  usedAt: number;
  /** Set by `load` when the layout's `index.json` is not there (moved, deleted, unmounted); never written. */
  missing?: true;
}

/** What the file holds, each list most recent first. */
export interface RecentUse {
  registries: RecentRegistry[];
  layouts: RecentLayout[];
}

/** How {@link RecentRegistries.record} treats the registry's recorded TLS choice. */
export interface RecordOptions {
  signal?: AbortSignal;
  /**
   * The use says nothing about TLS (`:`, the command line, opening it from the list): an
   * earlier `tlsVerify: false` for the registry stays. Without it, `entry` is the choice.
   */
  keepTlsChoice?: boolean;
}

/** Reads and records recent registries and layouts. */
export interface RecentRegistries {
  /** Both lists, most recent first; layouts no longer there are marked `missing`. */
  load(opts?: { signal?: AbortSignal }): Promise<RecentUse>;
  /** Moves `entry` to the front (replacing an older entry for the same registry). */
  record(entry: RecentRegistry, opts?: RecordOptions): Promise<void>;
  /**
   * Moves `entry` to the front of the layouts (replacing an older entry for the same path).
   * A path with no `index.json` is not recorded, so a mistyped `:` does not become a recent;
   * resolves to whether it was recorded.
   *
   * @throws when `entry.path` is not one {@link isRecentLayoutPath} accepts.
   */
  recordLayout(
    entry: RecentLayoutName & { usedAt: number },
    opts?: { signal?: AbortSignal },
  ): Promise<boolean>;
}

/** Entries kept of each kind (registries, layouts); older ones fall off. */
export const RECENT_LIMIT = 30;
/**
 * Longest layout path kept, in UTF-8 bytes. With it, a full file (registries and layouts at
 * {@link RECENT_LIMIT}, every character escaped) stays under {@link FILE_LIMIT}.
 */
const PATH_LIMIT = 1024;
/** Largest file read; a bigger one is not berth's and is ignored. */
const FILE_LIMIT = 128 * 1024;
/** C0 and C1 control characters: a path with one would draw as something else in the list. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Where the recent-registries file lives for `env` and `homeDir`. */
export function recentRegistriesPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const state = env.XDG_STATE_HOME || join(homeDir, '.local', 'state');
  return join(state, 'berth', 'recent.json');
}

/**
 * Whether `path` may be kept as a recent layout: absolute and already normalized (no `.`,
 * `..`, doubled or trailing separators, so one layout has one entry), at most
 * {@link PATH_LIMIT} bytes, no control characters, and `oci:PATH` parses back to exactly
 * this layout (on POSIX a colon would start an image name: `oci:/a:b` is image `b` in `/a`).
 */
export function isRecentLayoutPath(path: unknown): path is string {
  if (typeof path !== 'string' || Buffer.byteLength(path, 'utf8') > PATH_LIMIT) return false;
  if (CONTROL.test(path) || !isAbsolute(path) || resolve(path) !== path) return false;
  try {
    const name = parseImageName(`oci:${path}`);
    return (
      name.transport === 'oci' && name.path === path && name.image === undefined && name.index === undefined
    );
  } catch {
    return false;
  }
}

/**
 * The layout to remember for `image`, or undefined when it is not one berth can list again
 * (not `oci:`, or a path {@link isRecentLayoutPath} refuses). The image inside it (`:tag`,
 * `:@N`) is dropped: the layout is what comes back. A relative path is taken from `opts.cwd`,
 * by default the working directory, which is where the transports read it from.
 */
export function recentLayoutOf(image: ImageName, opts: { cwd?: string } = {}): RecentLayoutName | undefined {
  if (image.transport !== 'oci') return undefined;
  const path = resolve(opts.cwd ?? process.cwd(), image.path);
  return isRecentLayoutPath(path) ? { transport: 'oci', path } : undefined;
}

/** Parses the file's text; anything unexpected is dropped rather than trusted. */
export function parseRecentRegistries(text: string): RecentUse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { registries: [], layouts: [] };
  }
  const d = doc as { registries?: unknown; layouts?: unknown } | null;
  return { registries: parseRegistries(d?.registries), layouts: parseLayouts(d?.layouts) };
}

function parseRegistries(list: unknown): RecentRegistry[] {
  if (!Array.isArray(list)) return [];
  const out: RecentRegistry[] = [];
  for (const e of list) {
    const registry = (e as { registry?: unknown })?.registry;
    const usedAt = (e as { usedAt?: unknown })?.usedAt;
    if (typeof registry !== 'string' || !/^[A-Za-z0-9.-]+(:[0-9]+)?$/.test(registry)) continue;
    if (typeof usedAt !== 'number' || !Number.isFinite(usedAt)) continue;
    const tls = (e as { tlsVerify?: unknown }).tlsVerify === false ? { tlsVerify: false as const } : {};
    out.push({ registry, usedAt, ...tls });
  }
  return out.sort((a, b) => b.usedAt - a.usedAt).slice(0, RECENT_LIMIT);
}

function parseLayouts(list: unknown): RecentLayout[] {
  if (!Array.isArray(list)) return [];
  const valid: RecentLayout[] = [];
  for (const e of list) {
    const { transport, path, usedAt } = (e ?? {}) as {
      transport?: unknown;
      path?: unknown;
      usedAt?: unknown;
    };
    if (transport !== 'oci' || !isRecentLayoutPath(path)) continue;
    if (typeof usedAt !== 'number' || !Number.isFinite(usedAt)) continue;
    // Only these fields are copied: `missing` in the file, or anything else, is not believed.
    valid.push({ transport, path, usedAt });
  }
  valid.sort((a, b) => b.usedAt - a.usedAt);
  // A path listed twice (a hand-edited file) keeps its most recent use.
  const out = valid.filter((l, i) => valid.findIndex((o) => o.path === l.path) === i);
  return out.slice(0, RECENT_LIMIT);
}

/** Whether `dir` holds an `index.json` file, as an OCI layout does. */
async function hasIndex(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'index.json'))).isFile();
  } catch {
    return false;
  }
}

/** Recent registries and layouts kept in the file at `path`. */
export function createRecentRegistriesFile(path: string): RecentRegistries {
  const read = async (opts: { signal?: AbortSignal } = {}): Promise<RecentUse> => {
    let text: string;
    try {
      const buf = await readFile(path, opts.signal ? { signal: opts.signal } : {});
      if (buf.length > FILE_LIMIT) return { registries: [], layouts: [] };
      text = buf.toString('utf8');
    } catch {
      opts.signal?.throwIfAborted();
      return { registries: [], layouts: [] };
    }
    return parseRecentRegistries(text);
  };

  // The tail of the writes in flight: each read-modify-write starts once the one before ends.
  let writing: Promise<unknown> = Promise.resolve();
  const update = (change: (use: RecentUse) => RecentUse, signal?: AbortSignal): Promise<void> => {
    const run = writing.then(async () => {
      const next = change(await read(signal ? { signal } : {}));
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomic({
        path,
        data: `${JSON.stringify({ version: 1, ...next }, null, 2)}\n`,
        mode: 0o600,
        ...(signal ? { signal } : {}),
      });
    });
    writing = run.catch(() => {});
    return run;
  };

  return {
    async load(opts = {}) {
      // After the writes already asked for: a list loaded right after a login shows it.
      await writing;
      const use = await read(opts);
      const layouts = await Promise.all(
        use.layouts.map(async (l) => ((await hasIndex(l.path)) ? l : { ...l, missing: true as const })),
      );
      return { registries: use.registries, layouts };
    },
    record(entry, opts = {}) {
      return update((use) => {
        const old = use.registries.find((e) => e.registry === entry.registry);
        const kept = opts.keepTlsChoice && old?.tlsVerify === false ? { tlsVerify: false as const } : {};
        const rest = use.registries.filter((e) => e.registry !== entry.registry);
        return { ...use, registries: [{ ...entry, ...kept }, ...rest].slice(0, RECENT_LIMIT) };
      }, opts.signal);
    },
    async recordLayout(entry, opts = {}) {
      if (!isRecentLayoutPath(entry.path))
        throw new Error(`not a layout path berth remembers: ${JSON.stringify(entry.path)}`);
      if (!(await hasIndex(entry.path))) return false;
      const layout: RecentLayout = { transport: 'oci', path: entry.path, usedAt: entry.usedAt };
      await update(
        (use) => ({
          ...use,
          layouts: [layout, ...use.layouts.filter((l) => l.path !== entry.path)].slice(0, RECENT_LIMIT),
        }),
        opts.signal,
      );
      return true;
    },
  };
}
