import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, readlink, rename, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { quoteInput } from '../digest/quote.js';
import { AuthFileError, readText } from './auth-files.js';
import { DOCKER_HUB, DOCKER_HUB_LEGACY_KEY, normalizeAuthKey, normalizeRegistryHost } from './auth-keys.js';
import { withFileLock } from './file-lock.js';

/**
 * Writing credentials to an auth file (`login`, `logout`) without ever losing one:
 * - the new content goes to a temp file in the same directory, is fsynced and renamed over
 *   the old one, so a reader sees the old file or the new one, never a truncated one
 *   (docker/cli#1359);
 * - writers take a lock file, so concurrent logins all land (containers/image#1365);
 * - a file that does not parse is never rewritten (that would drop what it held); the
 *   error names it;
 * - unknown top-level keys (`credsStore`, `proxies`, `HttpHeaders`, …) and other entries are
 *   kept as they were;
 * - a symlinked auth file stays a symlink: its target is updated, and a relative link is
 *   resolved against the link's directory (docker/cli#2627, #5281);
 * - the file gets mode 0600 on every write, whatever it had (containers/image does the same;
 *   Docker preserves the mode). The owner is whoever writes, so `sudo berth login` on a
 *   user's file leaves it owned by root (docker/cli#2228); berth does not chown.
 */

/** What `login` stores: a user and password, or an identity token. */
export type StoredCredential =
  | { username: string; password: string }
  | { identityToken: string; username?: string };

/** Options for {@link setCredential}. */
export interface SetCredentialOptions {
  file: string;
  /** `host[:port]` or `host[:port]/namespace…`, as typed after `login`. */
  registryKey: string;
  credential: StoredCredential;
  /** Write Docker's key for Hub (`https://index.docker.io/v1/`) instead of `docker.io`. */
  compat?: boolean;
  signal?: AbortSignal;
}

/** Options for {@link removeCredential}. */
export interface RemoveCredentialOptions {
  file: string;
  registryKey: string;
  signal?: AbortSignal;
}

// Host (name, IPv4 or bracketed IPv6) with an optional port, then optional path segments.
const KEY =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/;

/** Throws unless `key` is `host[:port][/path…]` with no scheme, user info, tag or digest. */
export function validateRegistryKey(key: string): void {
  if (!KEY.test(key)) {
    throw new Error(
      `invalid registry key ${quoteInput(key)}: expected host[:port][/namespace…] without a scheme, tag or digest`,
    );
  }
}

/** Stores a credential under `registryKey`, replacing any entry with exactly that key. */
export async function setCredential(opts: SetCredentialOptions): Promise<void> {
  validateRegistryKey(opts.registryKey);
  const c = opts.credential;
  const entry: Record<string, string> = {};
  if ('identityToken' in c) {
    if (!c.identityToken) throw new Error('storing credentials: the identity token is empty');
    if (c.username) entry.auth = Buffer.from(`${c.username}:`).toString('base64');
    entry.identitytoken = c.identityToken;
  } else {
    if (!c.username || c.username.includes(':'))
      throw new Error('storing credentials: the user name must be non-empty and contain no ":"');
    entry.auth = Buffer.from(`${c.username}:${c.password}`).toString('base64');
  }
  const isHub = !opts.registryKey.includes('/') && normalizeRegistryHost(opts.registryKey) === DOCKER_HUB;
  const key = opts.compat && isHub ? DOCKER_HUB_LEGACY_KEY : opts.registryKey;
  await modifyAuthFile(opts.file, opts.signal, (auths) => {
    auths[key] = entry;
    return true;
  });
}

/**
 * Removes the credential stored for `registryKey`: the entry with exactly that key and any
 * other spelling of it (`https://index.docker.io/v1/` for `docker.io`, a different host case).
 * Entries for other keys, including more or less specific ones, stay. Returns whether
 * anything was removed; when nothing was, the file is not rewritten.
 */
export async function removeCredential(opts: RemoveCredentialOptions): Promise<boolean> {
  validateRegistryKey(opts.registryKey);
  const want = normalizeAuthKey(opts.registryKey);
  return modifyAuthFile(opts.file, opts.signal, (auths) => {
    let removed = false;
    for (const k of Object.keys(auths)) {
      if (k === opts.registryKey || normalizeAuthKey(k) === want) {
        delete auths[k];
        removed = true;
      }
    }
    return removed;
  });
}

/**
 * Removes every `auths` entry. `credHelpers` and `credsStore` are configuration, not
 * credentials, and stay; secrets held by helpers are erased by the caller through them.
 */
export async function removeAll(opts: { file: string; signal?: AbortSignal }): Promise<boolean> {
  return modifyAuthFile(opts.file, opts.signal, (auths) => {
    const keys = Object.keys(auths);
    for (const k of keys) delete auths[k];
    return keys.length > 0;
  });
}

type AuthsEditor = (auths: Record<string, unknown>) => boolean;

async function modifyAuthFile(
  file: string,
  signal: AbortSignal | undefined,
  edit: AuthsEditor,
): Promise<boolean> {
  const target = await resolveSymlinks(resolve(file));
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  return withFileLock({ path: `${target}.lock`, signal }, async () => {
    const text = await readText(target, signal);
    const doc = parseForEdit(target, text);
    if (doc.auths === undefined || doc.auths === null) doc.auths = {};
    const changed = edit(doc.auths as Record<string, unknown>);
    if (changed) await writeAtomic(target, `${JSON.stringify(doc, null, '\t')}\n`, signal);
    return changed;
  });
}

function parseForEdit(path: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new AuthFileError(path, `is not valid JSON, refusing to rewrite it (${(err as Error).message})`, {
      cause: err,
    });
  }
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(doc)) throw new AuthFileError(path, 'is not a JSON object, refusing to rewrite it');
  if (doc.auths !== undefined && doc.auths !== null && !isObj(doc.auths)) {
    throw new AuthFileError(path, '"auths" is not an object, refusing to rewrite it');
  }
  return doc;
}

const MAX_LINKS = 32;

/** Follows symlinks at `path` (not in its directories) to the file they end at, which may not exist yet. */
async function resolveSymlinks(path: string): Promise<string> {
  let current = path;
  for (let i = 0; i < MAX_LINKS; i++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw err;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw new AuthFileError(path, `has more than ${MAX_LINKS} levels of symbolic links`);
}

async function writeAtomic(target: string, content: string, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const dir = dirname(target);
  const tmp = resolve(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    try {
      await fh.writeFile(content, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, 0o600);
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  // Persist the rename itself; not every platform or file system can fsync a directory.
  try {
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // best effort
  }
}
