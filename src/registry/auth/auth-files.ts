import { open } from 'node:fs/promises';
import { quoteInput } from '../digest/quote.js';
import type { Credential } from './credentials.js';

/**
 * Reading credential files: containers `auth.json`, Docker `config.json` and the legacy
 * `~/.dockercfg`. Only the keys berth uses are interpreted (`auths` with `auth` and
 * `identitytoken`, `credHelpers`, `credsStore`); everything else is tolerated and left alone.
 */

/** An `auths` entry as stored. */
export interface RawAuthEntry {
  auth?: string;
  identitytoken?: string;
}

/** A parsed credential file. Maps keep the file's key order. */
export interface AuthFile {
  path: string;
  legacy: boolean;
  auths: Map<string, RawAuthEntry>;
  credHelpers: Map<string, string>;
  credsStore?: string;
}

/** Largest credential file read; real ones are a few KiB. */
export const AUTH_FILE_LIMIT = 4 * 1024 * 1024;

/** A credential file exists but cannot be used. The message names the file. */
export class AuthFileError extends Error {
  override readonly name = 'AuthFileError';
  readonly path: string;
  constructor(path: string, problem: string, opts?: { cause?: unknown }) {
    super(`credentials file ${path}: ${problem}`, opts);
    this.path = path;
  }
}

/** Options for {@link readAuthFile}. */
export interface ReadAuthFileOptions {
  path: string;
  /** The `.dockercfg` format: a top-level map of host keys. */
  legacy?: boolean;
  onWarning?: (msg: string) => void;
  signal?: AbortSignal;
}

/**
 * Reads and parses a credential file; undefined when it does not exist.
 * @throws {AuthFileError} when it exists but is unreadable, too large or not valid.
 */
export async function readAuthFile(opts: ReadAuthFileOptions): Promise<AuthFile | undefined> {
  const text = await readText(opts.path, opts.signal);
  if (text === undefined) return undefined;
  return parseAuthFile(text, opts);
}

/** Reads a file as UTF-8, bounded; undefined when it (or its directory) does not exist. */
export async function readText(path: string, signal?: AbortSignal): Promise<string | undefined> {
  signal?.throwIfAborted();
  let fh: import('node:fs/promises').FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new AuthFileError(path, `cannot be opened (${code ?? 'error'})`, { cause: err });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new AuthFileError(path, 'is not a regular file');
    if (st.size > AUTH_FILE_LIMIT) throw new AuthFileError(path, `is larger than ${AUTH_FILE_LIMIT} bytes`);
    const text = await fh.readFile({ encoding: 'utf8', signal });
    if (text.length > AUTH_FILE_LIMIT)
      throw new AuthFileError(path, `is larger than ${AUTH_FILE_LIMIT} bytes`);
    return text;
  } catch (err) {
    if (err instanceof AuthFileError || signal?.aborted) throw err;
    throw new AuthFileError(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: err,
    });
  } finally {
    await fh.close();
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses credential file text. An empty (or all-whitespace) file counts as an empty config:
 * a crashed writer of another tool may leave one, and it holds nothing to lose.
 * @throws {AuthFileError} when the text is not JSON or has the wrong shape.
 */
export function parseAuthFile(
  text: string,
  opts: { path: string; legacy?: boolean; onWarning?: (msg: string) => void },
): AuthFile {
  const { path } = opts;
  const legacy = opts.legacy ?? false;
  const file: AuthFile = { path, legacy, auths: new Map(), credHelpers: new Map() };
  if (text.trim() === '') return file;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new AuthFileError(path, `is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (!isObject(doc)) throw new AuthFileError(path, 'is not a JSON object');
  const auths = legacy ? doc : doc.auths;
  if (auths !== undefined && auths !== null) {
    if (!isObject(auths)) throw new AuthFileError(path, '"auths" is not an object');
    for (const [key, value] of Object.entries(auths)) {
      if (!isObject(value)) {
        opts.onWarning?.(`${path}: ignoring the entry for ${quoteInput(key)}: not an object`);
        continue;
      }
      const entry: RawAuthEntry = {};
      if (typeof value.auth === 'string') entry.auth = value.auth;
      if (typeof value.identitytoken === 'string') entry.identitytoken = value.identitytoken;
      file.auths.set(key, entry);
    }
  }
  if (legacy) return file;
  if (doc.credHelpers !== undefined && doc.credHelpers !== null) {
    if (!isObject(doc.credHelpers)) throw new AuthFileError(path, '"credHelpers" is not an object');
    for (const [key, value] of Object.entries(doc.credHelpers)) {
      if (typeof value === 'string' && value !== '') file.credHelpers.set(key, value);
    }
  }
  if (doc.credsStore !== undefined && doc.credsStore !== null && doc.credsStore !== '') {
    if (typeof doc.credsStore !== 'string') throw new AuthFileError(path, '"credsStore" is not a string');
    file.credsStore = doc.credsStore;
  }
  return file;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/** Options for {@link decodeAuthEntry}; `key` and `path` only name the entry in warnings. */
export interface DecodeEntryOptions {
  key: string;
  path: string;
  onWarning?: (msg: string) => void;
}

/**
 * Decodes an `auths` entry: `auth` is base64 of `user:password`, split at the first colon,
 * with NUL characters trimmed from both ends of the password (Docker once padded with them).
 * An empty entry (`{}`, written when a helper holds the secret) yields undefined quietly;
 * an `auth` that is not base64 or has no colon yields undefined with a warning that names
 * the key but never the decoded text, which may be the secret.
 */
export function decodeAuthEntry(entry: RawAuthEntry, opts: DecodeEntryOptions): Credential | undefined {
  const cred: Credential = {};
  if (entry.auth !== undefined && entry.auth !== '') {
    const problem = decodeBasic(entry.auth, cred);
    if (problem) {
      opts.onWarning?.(`${opts.path}: ignoring the credentials for ${quoteInput(opts.key)}: ${problem}`);
      return undefined;
    }
  }
  if (entry.identitytoken) cred.identityToken = entry.identitytoken;
  if ((cred.username && cred.password) || cred.identityToken) return cred;
  return undefined;
}

function decodeBasic(auth: string, into: Credential): string | undefined {
  const compact = auth.trim();
  if (!BASE64.test(compact)) return '"auth" is not valid base64';
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return '"auth" does not hold "user:password"';
  into.username = decoded.slice(0, colon);
  into.password = decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '');
  return undefined;
}
