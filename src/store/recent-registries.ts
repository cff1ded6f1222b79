/**
 * Recently used registries, kept between runs in a small JSON file under the XDG state
 * directory (`$XDG_STATE_HOME/berth/recent.json`, else `~/.local/state/berth/recent.json`).
 * The file is a convenience: a missing, unreadable or malformed file counts as empty, and a
 * write that fails is reported without failing what the user did. Writes replace the file
 * atomically so a crash never leaves half a file behind.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

/** Reads and records recent registries. */
export interface RecentRegistries {
  /** Most recent first. */
  load(opts?: { signal?: AbortSignal }): Promise<RecentRegistry[]>;
  /** Moves `entry` to the front (replacing an older entry for the same registry). */
  record(entry: RecentRegistry, opts?: { signal?: AbortSignal }): Promise<void>;
}

/** Entries kept; older ones fall off. */
export const RECENT_LIMIT = 30;
/** Largest file read; a bigger one is not berth's and is ignored. */
const FILE_LIMIT = 64 * 1024;

/** Where the recent-registries file lives for `env` and `homeDir`. */
export function recentRegistriesPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const state = env.XDG_STATE_HOME || join(homeDir, '.local', 'state');
  return join(state, 'berth', 'recent.json');
}

/** Parses the file's text; anything unexpected is dropped rather than trusted. */
export function parseRecentRegistries(text: string): RecentRegistry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const list = (doc as { registries?: unknown } | null)?.registries;
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

/** Recent registries kept in the file at `path`. */
export function createRecentRegistriesFile(path: string): RecentRegistries {
  const load = async (opts: { signal?: AbortSignal } = {}): Promise<RecentRegistry[]> => {
    let text: string;
    try {
      const buf = await readFile(path, opts.signal ? { signal: opts.signal } : {});
      if (buf.length > FILE_LIMIT) return [];
      text = buf.toString('utf8');
    } catch {
      opts.signal?.throwIfAborted();
      return [];
    }
    return parseRecentRegistries(text);
  };
  return {
    load,
    async record(entry, opts = {}) {
      const rest = (await load(opts)).filter((e) => e.registry !== entry.registry);
      const registries = [entry, ...rest].slice(0, RECENT_LIMIT);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomic({
        path,
        data: `${JSON.stringify({ version: 1, registries }, null, 2)}\n`,
        mode: 0o600,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    },
  };
}
