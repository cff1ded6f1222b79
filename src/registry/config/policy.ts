/**
 * policy.json, the trust policy that decides which images may be copied
 * (containers-policy.json(5)): where it is, and reading it strictly.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidManifestError, parseJsonDocument } from '../manifest/index.js';
import {
  asObject,
  checkKeys,
  InvalidPolicyError,
  type PolicyRequirement,
  readRequirements,
} from './policy-requirements.js';

export const SYSTEM_POLICY = '/etc/containers/policy.json';
const USER_POLICY = '.config/containers/policy.json';
// policy.json is hand-written; anything this large is not one.
const MAX_POLICY_BYTES = 4 * 1024 * 1024;

/** A parsed policy: requirements per transport and scope, and a default. */
export interface Policy {
  readonly default: readonly PolicyRequirement[];
  /** transport name (`docker`, `dir`, …) → scope (`docker.io/library`, `''`, …) → requirements. */
  readonly transports: ReadonlyMap<string, ReadonlyMap<string, readonly PolicyRequirement[]>>;
}

/** The policy that `--insecure-policy` stands for. */
export const ACCEPT_ANYTHING: Policy = {
  default: [{ type: 'insecureAcceptAnything' }],
  transports: new Map(),
};

/**
 * Parses policy.json bytes.
 * @throws {InvalidPolicyError} naming the problem (unknown or duplicate key, unknown requirement type, …).
 */
export function parsePolicy(bytes: Uint8Array): Policy {
  let doc: unknown;
  try {
    doc = parseJsonDocument(bytes, 'policy');
  } catch (err) {
    if (err instanceof InvalidManifestError) {
      throw new InvalidPolicyError(
        err.reason === 'duplicate key'
          ? `Duplicate key at ${err.path}`
          : `${err.path ? `${err.path}: ` : ''}${err.reason}`,
      );
    }
    throw err;
  }
  const top = asObject(doc, 'policy');
  checkKeys(top, ['default', 'transports']);
  if (top.default === undefined || top.default === null)
    throw new InvalidPolicyError('Default policy is missing');
  const transports = new Map<string, Map<string, readonly PolicyRequirement[]>>();
  if (top.transports !== undefined && top.transports !== null) {
    for (const [transport, scopesValue] of Object.entries(asObject(top.transports, 'transports'))) {
      const scopes = new Map<string, readonly PolicyRequirement[]>();
      for (const [scope, reqs] of Object.entries(asObject(scopesValue, `transports.${transport}`))) {
        scopes.set(scope, readRequirements(reqs));
      }
      transports.set(transport, scopes);
    }
  }
  return { default: readRequirements(top.default), transports };
}

export interface LoadPolicyOptions {
  /** `--policy FILE`: must exist. */
  path?: string;
  /** Read for `HOME`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Default `/etc/containers/policy.json`; tests point it elsewhere. */
  systemPath?: string;
  signal?: AbortSignal;
}

/** A policy and the file it came from. */
export interface LoadedPolicy {
  readonly policy: Policy;
  readonly path: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads policy.json: `path` if given, else `~/.config/containers/policy.json` if it exists,
 * else `/etc/containers/policy.json`. Resolves `undefined` when no file exists and none was
 * named — skopeo fails there; berth accepts, and the caller says so under `--debug`.
 *
 * @throws {InvalidPolicyError} as `invalid policy in "<file>": …` for a malformed file.
 */
export async function loadPolicy(opts: LoadPolicyOptions = {}): Promise<LoadedPolicy | undefined> {
  const env = opts.env ?? process.env;
  let path = opts.path;
  if (!path) {
    const user = join(opts.homeDir ?? env.HOME ?? homedir(), USER_POLICY);
    path = (await exists(user)) ? user : (opts.systemPath ?? SYSTEM_POLICY);
    if (!(await exists(path))) return undefined;
  }
  const bytes = await readFile(path, opts.signal ? { signal: opts.signal } : {});
  if (bytes.length > MAX_POLICY_BYTES) {
    throw new InvalidPolicyError(
      `invalid policy in "${path}": ${bytes.length} bytes, more than ${MAX_POLICY_BYTES}`,
    );
  }
  try {
    return { policy: parsePolicy(bytes), path };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InvalidPolicyError(`invalid policy in "${path}": ${why}`, { cause: err });
  }
}
