/**
 * Which registries the credential files know, for a list of "where you can log in or are
 * logged in" (the TUI's registries screen). Every `auths` and `credHelpers` key of every file
 * in the lookup chain is reported with the file it came from; a user name is decoded from an
 * `auths` entry when it holds one (the password is dropped on the spot). Nothing here talks to
 * a credential helper: listing must stay instant and must not pop up a keyring prompt.
 */
import {
  type AuthFileKind,
  type AuthFilePath,
  decodeAuthEntry,
  normalizeAuthKey,
  readAuthFile,
} from '../auth/index.js';

/** One key of one credential file. */
export interface StoredLogin {
  /** The key, normalised: `host[:port]` or `host[:port]/namespace`. */
  key: string;
  /** The key's `host[:port]` (`docker.io` for every spelling of Docker Hub). */
  registry: string;
  kind: AuthFileKind;
  /** The file that holds the key. */
  path: string;
  /** The user of an `auths` entry with `user:password`. */
  username?: string;
  /** The credential helper a `credHelpers` key names. */
  helper?: string;
}

/** Options for {@link listStoredLogins}. */
export interface ListStoredLoginsOptions {
  /** The files to read, in lookup order (`authFilePaths(...).chain`, or one named file). */
  files: readonly AuthFilePath[];
  /** Receives one line per file that cannot be read; listing goes on with the others. */
  onWarning?: (msg: string) => void;
  signal?: AbortSignal;
}

/** Lists the keys of every readable file, in file order; a missing file lists nothing. */
export async function listStoredLogins(opts: ListStoredLoginsOptions): Promise<StoredLogin[]> {
  const out: StoredLogin[] = [];
  for (const f of opts.files) {
    let file: Awaited<ReturnType<typeof readAuthFile>>;
    try {
      file = await readAuthFile({
        path: f.path,
        legacy: f.legacy,
        ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      opts.signal?.throwIfAborted();
      opts.onWarning?.(err instanceof Error ? err.message : String(err));
      continue;
    }
    if (!file) continue;
    for (const [raw, entry] of file.auths) {
      const key = normalizeAuthKey(raw, { legacy: f.legacy });
      if (!key) continue;
      const username = decodeAuthEntry(entry, { key: raw, path: f.path })?.username;
      out.push({ key, registry: hostOf(key), kind: f.kind, path: f.path, ...(username ? { username } : {}) });
    }
    for (const [raw, helper] of file.credHelpers) {
      const key = normalizeAuthKey(raw);
      if (!key) continue;
      out.push({ key, registry: hostOf(key), kind: f.kind, path: f.path, helper });
    }
  }
  return out;
}

function hostOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}
