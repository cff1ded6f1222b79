/**
 * Storing and erasing a login where the credential file says it belongs. When the file names a
 * credential helper for the registry (`credHelpers`, or Docker's `credsStore` for every
 * registry), the secret goes to that helper and not into the file, as containers/image and
 * Docker do; the keychain asks the same helper first, so a secret written to the file instead
 * would never be read. A helper that fails fails the command: there is no fallback to
 * plaintext (CVE-2021-41092).
 */
import {
  DOCKER_HUB,
  DOCKER_HUB_LEGACY_KEY,
  helperErase,
  helperStore,
  matchHelperKey,
  normalizeRegistryHost,
  type RunHelper,
  readAuthFile,
  removeAll,
  removeCredential,
  setCredential,
} from '../auth/index.js';
import type { CredentialsKey } from './credentials-key.js';
import type { AuthTarget } from './login-target.js';

/** What the store functions share. */
export interface CredentialStoreOptions {
  target: AuthTarget;
  env: NodeJS.ProcessEnv;
  /** Test seam for credential helpers. */
  runHelper?: RunHelper;
  signal?: AbortSignal;
}

type Helper = { name: string; kind: 'cred-helper' | 'creds-store' };

/** The helper the target file assigns to the key's registry, if any. */
async function helperFor(opts: CredentialStoreOptions, key: CredentialsKey): Promise<Helper | undefined> {
  const file = await readAuthFile({ path: opts.target.file, signal: opts.signal });
  if (!file) return undefined;
  const helperKey = matchHelperKey([...file.credHelpers.keys()], key.registry);
  if (helperKey !== undefined) {
    const name = file.credHelpers.get(helperKey) as string;
    // Helpers are per registry: a namespaced login cannot be kept apart from the host's.
    if (key.namespace)
      throw new Error(
        `namespaced key ${JSON.stringify(key.key)} is not supported for credential helper ${name}`,
      );
    return { name, kind: 'cred-helper' };
  }
  if (file.credsStore && !key.namespace) return { name: file.credsStore, kind: 'creds-store' };
  return undefined;
}

/** The server URLs a helper may know the registry by; Docker's own key for Hub first. */
function helperUrls(key: CredentialsKey, compat: boolean): string[] {
  if (normalizeRegistryHost(key.registry) !== DOCKER_HUB) return [key.key];
  return compat ? [DOCKER_HUB_LEGACY_KEY, DOCKER_HUB] : [key.key, DOCKER_HUB_LEGACY_KEY];
}

/**
 * Stores a user name and password for `key`. Returns where it went, as skopeo's `-v` prints it:
 * the file's path, or `credential helper: NAME`.
 */
export async function storeCredential(
  opts: CredentialStoreOptions & { key: CredentialsKey; username: string; password: string },
): Promise<string> {
  const { target, key } = opts;
  if (target.compat && key.namespace) {
    throw new Error(
      `Credentials cannot be recorded in Docker-compatible format with namespaced key ${JSON.stringify(key.key)}`,
    );
  }
  const helper = await helperFor(opts, key);
  if (helper) {
    await helperStore({
      name: helper.name,
      serverUrl: helperUrls(key, target.compat)[0] as string,
      credential: { username: opts.username, password: opts.password },
      env: opts.env,
      ...(opts.runHelper ? { run: opts.runHelper } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return `credential helper: ${helper.name}`;
  }
  await setCredential({
    file: target.file,
    registryKey: key.key,
    credential: { username: opts.username, password: opts.password },
    compat: target.compat,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return target.file;
}

/**
 * Erases the login stored for `key`: from the helper the file assigns to the registry, and the
 * entry in the file under any spelling of the key. Returns whether anything was there.
 */
export async function eraseCredential(
  opts: CredentialStoreOptions & { key: CredentialsKey },
): Promise<boolean> {
  const { target, key } = opts;
  let erased = false;
  const helper = await helperFor(opts, key);
  if (helper) {
    for (const serverUrl of helperUrls(key, target.compat)) {
      const had = await helperErase({
        name: helper.name,
        serverUrl,
        env: opts.env,
        ...(opts.runHelper ? { run: opts.runHelper } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      erased ||= had;
    }
  }
  const removed = await removeCredential({
    file: target.file,
    registryKey: key.key,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return erased || removed;
}

/**
 * Erases every login of the file: each registry's secret held by a `credHelpers` helper, then
 * all `auths` entries. Docker's `credsStore` is left alone: it holds Docker's logins for every
 * registry, not only those this file knows. Helper failures are reported after the file is
 * cleaned, so one broken helper does not keep the other logins.
 */
export async function eraseAllCredentials(opts: CredentialStoreOptions): Promise<void> {
  const file = await readAuthFile({ path: opts.target.file, signal: opts.signal });
  const failures: unknown[] = [];
  for (const [registry, name] of file?.credHelpers ?? []) {
    try {
      await helperErase({
        name,
        serverUrl: registry,
        env: opts.env,
        ...(opts.runHelper ? { run: opts.runHelper } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      failures.push(err);
    }
  }
  await removeAll({ file: opts.target.file, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1)
    throw new Error(failures.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
}
