/**
 * Bookmarked and recently opened repositories, per registry, kept between runs next to the
 * recent-registries file (`$XDG_STATE_HOME/berth/repositories.json`, else
 * `~/.local/state/berth/repositories.json`). Where a registry has no catalog (Docker Hub
 * without a search term, ghcr, a catalog refused with 401/403/404), these are what the
 * Repositories screen offers besides typing a name.
 *
 * Like the recent-registries file it is a convenience: a missing, unreadable or malformed
 * file counts as empty, and writes replace the file atomically.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isValidRepositoryPath } from '../registry/ref/index.js';
import { writeFileAtomic } from '../registry/transports/local/write-file-atomic.js';

/** A recently opened repository. */
export interface RecentRepository {
  repository: string;
  /** ms since the epoch. */
  usedAt: number;
}

/** What is saved for one registry. */
export interface SavedForRegistry {
  /** In the order they were added. */
  bookmarks: string[];
  /** Most recent first. */
  recent: RecentRepository[];
}

/** Reads and records bookmarks and recent repositories. */
export interface SavedRepositories {
  load(registry: string, opts?: { signal?: AbortSignal }): Promise<SavedForRegistry>;
  /** Adds or removes a bookmark; resolves to what is saved afterwards. */
  toggleBookmark(registry: string, repository: string): Promise<SavedForRegistry>;
  /** Moves `repository` to the front of the registry's recents. */
  recordRecent(registry: string, entry: RecentRepository): Promise<SavedForRegistry>;
}

/** Recent repositories kept per registry. */
export const RECENT_REPOSITORY_LIMIT = 30;
/** Bookmarks kept per registry. */
const BOOKMARK_LIMIT = 500;
/** Registries kept (the least recently used are dropped). */
const REGISTRY_LIMIT = 100;
/** Largest file read; a bigger one is not berth's and is ignored. */
const FILE_LIMIT = 1024 * 1024;

/** Where the file lives for `env` and `homeDir`. */
export function savedRepositoriesPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const state = env.XDG_STATE_HOME || join(homeDir, '.local', 'state');
  return join(state, 'berth', 'repositories.json');
}

type SavedFile = Map<string, SavedForRegistry>;

const emptySaved = (): SavedForRegistry => ({ bookmarks: [], recent: [] });
const isRegistry = (s: unknown): s is string =>
  typeof s === 'string' && /^[A-Za-z0-9.-]+(:[0-9]+)?$/.test(s) && s.length <= 255;
const isRepository = (s: unknown): s is string =>
  typeof s === 'string' && s.length <= 255 && isValidRepositoryPath(s);

/** Parses the file's text; anything unexpected is dropped rather than trusted. */
export function parseSavedRepositories(text: string): SavedFile {
  const out: SavedFile = new Map();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return out;
  }
  const registries = (doc as { registries?: unknown } | null)?.registries;
  if (typeof registries !== 'object' || registries === null || Array.isArray(registries)) return out;
  for (const [registry, value] of Object.entries(registries)) {
    if (!isRegistry(registry) || out.size >= REGISTRY_LIMIT) continue;
    const v = value as { bookmarks?: unknown; recent?: unknown } | null;
    const bookmarks = Array.isArray(v?.bookmarks) ? [...new Set(v.bookmarks.filter(isRepository))] : [];
    const recent: RecentRepository[] = [];
    for (const r of Array.isArray(v?.recent) ? v.recent : []) {
      const { repository, usedAt } = (r ?? {}) as { repository?: unknown; usedAt?: unknown };
      if (!isRepository(repository) || typeof usedAt !== 'number' || !Number.isFinite(usedAt)) continue;
      if (!recent.some((e) => e.repository === repository)) recent.push({ repository, usedAt });
    }
    recent.sort((a, b) => b.usedAt - a.usedAt);
    out.set(registry, {
      bookmarks: bookmarks.slice(0, BOOKMARK_LIMIT),
      recent: recent.slice(0, RECENT_REPOSITORY_LIMIT),
    });
  }
  return out;
}

/** Saved repositories kept in the file at `path`. */
export function createSavedRepositoriesFile(path: string): SavedRepositories {
  const read = async (signal?: AbortSignal): Promise<SavedFile> => {
    try {
      const buf = await readFile(path, signal ? { signal } : {});
      return buf.length > FILE_LIMIT ? new Map() : parseSavedRepositories(buf.toString('utf8'));
    } catch {
      signal?.throwIfAborted();
      return new Map();
    }
  };
  // Read-modify-write steps run one after another, so two quick toggles never lose one.
  let queue: Promise<unknown> = Promise.resolve();
  const update = (registry: string, change: (s: SavedForRegistry) => SavedForRegistry) => {
    const run = queue.then(async () => {
      const file = await read();
      const next = change(file.get(registry) ?? emptySaved());
      file.delete(registry);
      // The registry just touched goes first, so the oldest fall off the end.
      const ordered = new Map([[registry, next], ...file]);
      const registries = Object.fromEntries([...ordered].slice(0, REGISTRY_LIMIT));
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomic({
        path,
        data: `${JSON.stringify({ version: 1, registries }, null, 2)}\n`,
        mode: 0o600,
      });
      return next;
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    async load(registry, opts = {}) {
      return (await read(opts.signal)).get(registry) ?? emptySaved();
    },
    toggleBookmark(registry, repository) {
      return update(registry, (s) => ({
        ...s,
        bookmarks: s.bookmarks.includes(repository)
          ? s.bookmarks.filter((b) => b !== repository)
          : [...s.bookmarks, repository].slice(-BOOKMARK_LIMIT),
      }));
    },
    recordRecent(registry, entry) {
      return update(registry, (s) => ({
        ...s,
        recent: [entry, ...s.recent.filter((r) => r.repository !== entry.repository)].slice(
          0,
          RECENT_REPOSITORY_LIMIT,
        ),
      }));
    },
  };
}
